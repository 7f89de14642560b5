"""The first look at uploaded bytes: refuse what we do not read before any parser sees it.

The kind of file is told by its bytes, never its name. An xlsx is a zip: its members'
declared sizes are checked (total, ratio, count) before anything is unpacked, so a zip
bomb is refused in milliseconds. Macros are never run: we only ever read cell values.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_MAX_UPLOAD_MB = 20
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 5_000

_ZIP_MAGIC = b"PK\x03\x04"
_PASSWORD_MESSAGE = (
    "Arbetsboken är lösenordsskyddad (krypterad). Ta bort lösenordet i Excel "
    "(Arkiv → Info → Skydda arbetsbok → Kryptera med lösenord, töm fältet) och ladda upp igen."
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileKind(StrEnum):
    """The spreadsheet formats the import reads."""

    XLSX = "xlsx"
    XLSM = "xlsm"
    ODS = "ods"
    CSV = "csv"


_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class RefusedFile(ValueError):
    """Raised by the guard with a Swedish sentence saying why the file is refused."""


@dataclass(frozen=True)
class GuardedFile:
    """Bytes that passed the guard, with the kind they turned out to be."""

    data: bytes
    kind: FileKind


def max_upload_bytes() -> int:
    """The size limit for one file, from SAMVERKAN_MAX_UPLOAD_MB (default 20 MB)."""
    try:
        mb = float(os.environ.get("SAMVERKAN_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int(mb * 1024 * 1024)


def guard_spreadsheet(data: bytes, *, max_bytes: int | None = None) -> GuardedFile:
    """Return the bytes with their kind, or raise RefusedFile saying why they are refused."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if not data:
        raise RefusedFile("Filen är tom (0 byte). Välj aktivitetsplanen igen och ladda upp den.")
    if len(data) > limit:
        raise RefusedFile(
            f"Filen är {len(data) / 1024 / 1024:.1f} MB, större än gränsen "
            f"{limit / 1024 / 1024:.0f} MB. Ta bort bilder och tomma blad och försök igen."
        )
    if data.startswith(_OLE_MAGIC):
        # An old .xls, or an encrypted (password) xlsx, which Office wraps the same way.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data:
            raise RefusedFile(_PASSWORD_MESSAGE)
        # Refused rather than read: its comments could hide a personnummer we cannot screen,
        # and its colours (bedömning) are not read. Saving as .xlsx keeps everything.
        raise RefusedFile(
            "Filen är en äldre Excel-fil (.xls). Öppna den i Excel och välj Arkiv → Spara som "
            '→ "Excel-arbetsbok (.xlsx)" (i LibreOffice: Spara som → Excel 2007-365), och ladda '
            "upp den nya filen."
        )
    if not data.startswith(_ZIP_MAGIC):
        if is_csv_text(data):
            return GuardedFile(data=data, kind=FileKind.CSV)
        raise RefusedFile(
            "Filen är inte en Excel-arbetsbok (.xlsx), ett OpenDocument-kalkylblad (.ods) eller "
            "en CSV-fil, oavsett vad den heter. Spara den i Excel som "
            '"Excel-arbetsbok (.xlsx)" och ladda upp den igen.'
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RefusedFile(
            "Filen är skadad eller ofullständig (zip-arkivet går inte att läsa). "
            "Spara den på nytt i Excel och ladda upp den igen."
        ) from exc
    _check_zip_members(members, len(data))
    _check_zip_contents(archive, members)
    names = {m.filename for m in members}
    if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
        if "content.xml" not in names:
            raise RefusedFile("Kalkylbladet (.ods) saknar innehåll och kan inte läsas.")
        return GuardedFile(data=data, kind=FileKind.ODS)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise RefusedFile(
            "Filen är ett zip-arkiv men ingen Excel-arbetsbok (arbetsbladen saknas). "
            'Spara den i Excel som "Excel-arbetsbok (.xlsx)".'
        )
    if not any(n.startswith("xl/worksheets/") for n in names):
        raise RefusedFile("Arbetsboken innehåller inga arbetsblad.")
    # A workbook with macros is read for its values only; the macros are never run.
    kind = FileKind.XLSM if "xl/vbaProject.bin" in names else FileKind.XLSX
    return GuardedFile(data=data, kind=kind)


def _check_zip_members(members: list[zipfile.ZipInfo], packed_size: int) -> None:
    """Refuse a zip whose declared contents would unpack past our limits."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise RefusedFile(
            f"Filen innehåller {len(members)} delar, fler än en arbetsbok rimligen har. "
            "Den läses inte."
        )
    unpacked = sum(m.file_size for m in members)
    ratio_limit = max(packed_size, 1) * MAX_COMPRESSION_RATIO
    if unpacked > MAX_UNPACKED_BYTES or unpacked > max(ratio_limit, 50 * 1024 * 1024):
        raise RefusedFile(
            f"Filen skulle packas upp till {unpacked / 1024 / 1024:.0f} MB, långt mer än en "
            "aktivitetsplan behöver (en så kallad zip-bomb). Den läses inte."
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise RefusedFile(_PASSWORD_MESSAGE)


def _check_zip_contents(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Unpack every member once, in chunks, so a lying size header or bad CRC is refused here.

    Python's zipfile stops at the declared size and checks the CRC, and the declared sizes
    were checked above, so this is bounded; the readers after us need not be trusted to be.
    """
    for member in members:
        if member.flag_bits & 0x1:
            continue
        try:
            with archive.open(member) as stream:
                head = stream.read(1 << 16)
                if member.filename.endswith((".xml", ".rels", ".vml")) and _declares_entities(head):
                    raise RefusedFile(
                        f"Filen innehåller otillåten XML (en DOCTYPE- eller ENTITY-deklaration i "
                        f"{member.filename!r}), som Excel aldrig skriver. Den läses inte."
                    )
                while stream.read(1 << 20):
                    pass
        except RefusedFile:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise RefusedFile(
                f"Filen är skadad (delen {member.filename!r} går inte att packa upp). "
                "Spara den på nytt i Excel och ladda upp den igen."
            ) from exc


def _declares_entities(head: bytes) -> bool:
    """True when an XML part's prolog declares a DOCTYPE or entities (in UTF-8 or UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    upper = head[:4096].upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper


def decode_csv(data: bytes) -> str | None:
    """CSV text as Excel exports it: UTF-8 (with or without BOM) or Windows-1252."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def is_csv_text(data: bytes) -> bool:
    """True for text with a separator on its first line (; , or tab) and no binary bytes."""
    text = decode_csv(data[:65536])
    if text is None:
        return False
    first = text.lstrip().split("\n", 1)[0]
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t")
    return control == 0 and any(sep in first for sep in (";", ",", "\t"))
