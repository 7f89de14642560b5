"""Hostile and broken files: each is refused with a Swedish reason and the store is untouched.

Every import runs in a subprocess under a time and memory ceiling, so a bomb that got past
the guard would fail the test rather than hang or swamp the machine: `samverkan import` runs
under a wrapper that reports the peak memory (RSS) of the command and of the child process
that reads the file, and each file states the ceiling it must stay under. A file that made
the reader abort (exit 134) fails here as a wrong exit code, never by killing the tests.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from samverkan import store
from samverkan.models import Activity, Assessment
from tests.conftest import store_snapshot
from tests.hostile_files import ACCEPTED, HOSTILE

CEILING_SECONDS = 60
CEILING_BYTES = 1 << 30
# The sandbox's memory limit in these tests: a file stopped by it stays under the ceiling.
SANDBOX_ENV = {"SAMVERKAN_IMPORT_MEMORY_MB": str(CEILING_BYTES >> 20)}
# The ceilings each file must stay under (seconds, bytes of peak RSS), where not the default.
CEILINGS: dict[str, tuple[int, int]] = {}

# Words the refusal must contain (case-insensitive), so it says *why*.
REASONS = {
    "inte-xlsx-med-ratt-namn": "filen är en pdf",
    "png-med-xlsx-namn": "inte en excel",
    "text-utan-tabell": "inte en excel",
    "gammal-xls": "spara som",
    "tom-fil": "tom",
    "avklippt-zip": "skadad",
    "zip-utan-arbetsbok": "ingen excel",
    "tom-arbetsbok": "ingen aktivitetstabell",
    "bara-rubriker": "inga aktiviteter",
    "orelaterad-tabell": "ingen aktivitetstabell",
    "zip-bomb": "zip-bomb",
    "entitetsbomb": "doctype",
    "entitetsbomb-i-kommentar": "doctype",
    "personnummer-i-cell": "personnummer",
    "personnummer-som-tal": "personnummer",
    "samordningsnummer-i-cell": "samordningsnummer",
    "personnummer-i-kommentar": "kommentar",
    "losenordsskyddad-eller-xls": "lösenord",
    "extern-entitet": "doctype",
    "dubbla-id": "finns på två rader",
    "samordningsnummer-i-kommentar": "samordningsnummer",
    "personnummer-pa-dolt-blad": "personnummer",
    "personnummer-i-csv": "personnummer",
    "personnummer-i-ods-kommentar": "kommentar",
    "for-stor-fil": "större än gränsen",
    "cell-langst-ut": "utspridda",
    "cell-vid-cv200000": "utspridda",
    "cell-utan-adress-langst-ner": "utspridda",
    "cell-med-adressen-sist": "utspridda",
    "langt-ut-pa-dolt-blad": "utspridda",
    "doctype-efter-lang-kommentar": "doctype",
    "doctype-over-blockgrans": "doctype",
    "doctype-i-utf16-del": "doctype",
    "doctype-i-del-utan-xml-namn": "doctype",
    "delade-strangar-bakom-fyllnad": "zip-bomb",
    "strangforstarkning": "mer minne än gränsen",
    "ods-upprepade-rader": "utspridda",
    "ods-cell-langst-ut": "utspridda",
    "ods-strangforstarkning": "mer minne än gränsen",
    "csv-med-miljoner-celler": "celler, fler än gränsen",
    "word-dokument-inbaddat-i-arbetsbok": "inbäddat objekt",
    "ole-objekt-inbaddat-i-word": "inbäddat objekt",
    "textobjekt-inbaddat-i-ods": "inbäddat objekt",
}
# The cell a refusal must name, where the problem sits in one cell.
CELLS = {
    "personnummer-i-cell": 'blad "Aktivitetsplan 2024", rad 2, kolumn C',
    "personnummer-som-tal": "rad 2, kolumn A",
    "samordningsnummer-i-cell": "rad 2, kolumn H",
    "personnummer-i-kommentar": "rad 2, kolumn C",
    "samordningsnummer-i-kommentar": "rad 2, kolumn C",
    "personnummer-pa-dolt-blad": 'blad "Anteckningar", rad 3, kolumn B',
    "personnummer-i-csv": "rad 2, kolumn C",
    "personnummer-i-ods-kommentar": "rad 5, kolumn A",
    "dubbla-id": "rad 3",
    "cell-langst-ut": 'Bladet "Aktivitetsplan 2024" har värden utspridda från A1 till XFD1048576',
    "cell-vid-cv200000": "från A1 till CV200000",
    "cell-utan-adress-langst-ner": "från A1 till G1048576",
    "cell-med-adressen-sist": "från A1 till XFD1048576",
    "langt-ut-pa-dolt-blad": 'Bladet "Gömt"',
    "doctype-i-del-utan-xml-namn": "xl/worksheets/blad1.dat",
    "delade-strangar-bakom-fyllnad": "xl/sharedStrings.xml",
    "ods-upprepade-rader": 'Bladet "Handlingsplan 2024"',
    "ods-cell-langst-ut": "till XFD",
    "word-dokument-inbaddat-i-arbetsbok": "'xl/embeddings/Microsoft_Word_Document.docx'",
    "ole-objekt-inbaddat-i-word": "'word/embeddings/oleObject1.bin'",
    "textobjekt-inbaddat-i-ods": "'Object 1'",
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CEILING_BYTES * 2, CEILING_BYTES * 2))


# Runs `samverkan ARGS…` and then prints the peak RSS (kB) of it and its children.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run([sys.executable, '-m', 'samverkan', *sys.argv[1:]]).returncode\n"
    "print(f'PEAK_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_import(
    *args: str, ceiling: tuple[int, int] = (CEILING_SECONDS, CEILING_BYTES)
) -> subprocess.CompletedProcess[str]:
    """`samverkan import ARGS…` in a subprocess, held to a time and peak-memory ceiling."""
    seconds, most = ceiling
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "import", *args],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=_limits,
        env={**os.environ, **SANDBOX_ENV},
        check=False,
    )
    errors, _, peak = result.stderr.rpartition("PEAK_KB=")
    assert peak, result.stderr
    assert int(peak) * 1024 <= most, f"peak memory {int(peak) // 1024} MB over the ceiling"
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, errors)


@pytest.fixture
def populated_store(tmp_path: Path) -> Path:
    from tests.conftest import SAMPLES

    db = tmp_path / "t.duckdb"
    sample = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkan",
            "import",
            str(sample),
            "--db",
            str(db),
            "--kommun",
            "Eslöv",
        ],
        check=True,
        capture_output=True,
    )
    return db


@pytest.mark.parametrize(("name", "build"), sorted(HOSTILE.items()), ids=sorted(HOSTILE))
def test_hostile_file_is_refused_and_nothing_changes(
    name: str, build: Callable[[], bytes], populated_store: Path, tmp_path: Path
) -> None:
    # Not named for the file: the reason must be in the refusal, not in the path it names.
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build())
    before = store_snapshot(populated_store)
    result = run_import(
        str(path),
        "--db",
        str(populated_store),
        "--kommun",
        "Lund",
        ceiling=CEILINGS.get(name, (CEILING_SECONDS, CEILING_BYTES)),
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Inget har ändrats" in result.stderr
    assert REASONS[name] in result.stderr.casefold()
    if name in CELLS:
        assert CELLS[name] in result.stderr
    assert store_snapshot(populated_store) == before


def test_no_kommun_anywhere_is_refused(tmp_path: Path) -> None:
    from tests.hostile_files import missing_kommun

    path = tmp_path / "plan.xlsx"
    path.write_bytes(missing_kommun())
    db = tmp_path / "t.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=CEILING_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert "--kommun" in result.stderr
    assert not db.exists()


def _stored(db: Path) -> list[Activity]:
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        return store.fetch_current_activities(con, agreement.id)


def _check_formulas(activities: list[Activity]) -> None:
    # A formula without a cached value and an error value read as empty, never as a formula.
    assert [a.owner for a in activities] == [None, None]
    assert [a.title for a in activities] == ["Trygghetsvandring i centrum", "Trygghetsmöte"]


def _check_invisible(activities: list[Activity]) -> None:
    assert activities[0].title == "Trygghetsvandring"
    assert activities[0].comment == "rad två"


def _check_long(activities: list[Activity]) -> None:
    # Excel's own limit per cell is 32,767 characters; the rest never reaches a reader.
    assert len(activities[0].comment or "") == 32_767


def _check_missing_ids(activities: list[Activity]) -> None:
    assert activities[0].activity_key.startswith("K-")
    assert activities[1].activity_key == "A2"


def _check_1904(activities: list[Activity]) -> None:
    assert activities[0].due == dt.date(2024, 5, 31)


def _check_traversal(activities: list[Activity]) -> None:
    assert not Path("/tmp/samverkan-pwned.txt").exists()
    assert len(activities) == 1


def _check_one(activities: list[Activity]) -> None:
    assert [a.title for a in activities] == ["Trygghetsvandring i centrum"]


def _check_ods_colours(activities: list[Activity]) -> None:
    # The plan's own colours are read as before; the 20 million coloured cells cost nothing.
    assert len(activities) == 5
    assert {a.assessment for a in activities} >= {Assessment.GREEN, Assessment.RED}


CHECKS: dict[str, Callable[[list[Activity]], None]] = {
    "formler-och-felvarden": _check_formulas,
    "styr-och-osynliga-tecken": _check_invisible,
    "mycket-langa-celler": _check_long,
    "saknade-id": _check_missing_ids,
    "datum-i-1904-lage": _check_1904,
    "zip-med-sokvag-utanfor": _check_traversal,
    "djupt-nastlad-xml": _check_one,
    "miljon-formaterade-rader": _check_one,
    "ods-fargbomb": _check_ods_colours,
}


@pytest.mark.parametrize(("name", "build"), sorted(ACCEPTED.items()), ids=sorted(ACCEPTED))
def test_odd_but_honest_file_is_imported_correctly(
    name: str, build: Callable[[], bytes], tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(build())
    db = tmp_path / "t.duckdb"
    result = run_import(str(path), "--db", str(db), "--kommun", "Lund")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    CHECKS[name](_stored(db))


def test_the_corpus_has_at_least_45_files() -> None:
    assert len(HOSTILE) + len(ACCEPTED) >= 45


@pytest.mark.parametrize(
    ("cell", "budget", "refused"),
    [
        ('<c r="XFD1048576" s="1"/>', None, False),  # formatted, empty: calamine skips it
        ('<c r="CV200000" t="inlineStr"><is><t>x</t></is></c>', None, True),
        ('<c r="G285714" t="inlineStr"><is><t>x</t></is></c>', None, False),  # 1,999,998 cells
        ('<c r="G285715" t="inlineStr"><is><t>x</t></is></c>', None, True),  # 2,000,005 cells
        ('<c r="G285715" t="inlineStr"><is><t>x</t></is></c>', "3000000", False),
        ('<x:c r="CV200000" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>', None, True),
        ('<c t="inlineStr"><is><t>x</t></is></c>', None, True),  # no r: column A of its row
        ('<c t="n"><v>1</v></c><c s="1" r="CV200000"><v>2</v></c>', None, True),
    ],
    ids=[
        "empty-styled", "value", "just-under", "just-over", "budget-set",
        "prefixed", "no-reference", "reference-last",
    ],
)  # fmt: skip
def test_the_guard_measures_the_cells_a_reader_allocates(
    cell: str, budget: str | None, refused: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan.excel.guard import RefusedFile, guard_spreadsheet
    from tests.hostile_files import _with_far_row

    if budget:
        monkeypatch.setenv("SAMVERKAN_IMPORT_MAX_CELLS", budget)
    reference = cell.rsplit('r="', maxsplit=1)[-1].split('"', maxsplit=1)[0]
    data = _with_far_row(int("".join(c for c in reference if c.isdigit()) or 1_048_576), cell)
    if refused:
        with pytest.raises(RefusedFile, match="utspridda"):
            guard_spreadsheet(data)
    else:
        guard_spreadsheet(data)


@pytest.mark.parametrize(
    "declaration",
    [
        b"<!DOCTYPE w>",
        b"<!doctype w>",
        b'<!ENTITY a "b">',
        "<!DOCTYPE w>".encode("utf-16-le"),
        "<!DOCTYPE w>".encode("utf-16-be"),
    ],
    ids=["doctype", "lower-case", "entity", "utf-16-le", "utf-16-be"],
)
def test_a_declaration_is_found_wherever_two_chunks_split_it(declaration: bytes) -> None:
    from samverkan.excel.guard import RefusedFile, _DeclarationScan

    def scan_split_at(cut: int) -> None:
        scan = _DeclarationScan("xl/worksheets/sheet1.xml")
        scan.feed(b"<!-- " + b"x" * 5_000 + b" -->" + declaration[:cut])
        scan.feed(declaration[cut:] + b"<worksheet/>")

    for cut in range(len(declaration) + 1):
        with pytest.raises(RefusedFile, match="DOCTYPE"):
            scan_split_at(cut)
