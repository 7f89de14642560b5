"""Finding the table in a sheet: the header row, and which column holds which field.

Headers are matched through a table of Swedish synonyms, without regard to case, accents or
punctuation. A header we do not know is kept (its values go to `extra`), never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# What a coordinator may map a header to besides a field: keep it as written, or leave it out.
from samverkan.excel.parse import cell_text
from samverkan.models import EXTRA_COLUMN as EXTRA
from samverkan.models import IGNORED_COLUMN as IGNORE

HEADER_SEARCH_ROWS = 30

# field → the headers coordinators write for it (normalised by normalize_header).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "activity_key": (
        "id",
        "nr",
        "nummer",
        "lopnummer",
        "lopnr",
        "ref",
        "referens",
        "aktivitets id",
        "aktivitet id",
    ),
    "focus_area": (
        "fokusomrade",
        "fokusomraden",
        "prioriterat omrade",
        "prioriterade omraden",
        "problemomrade",
        "insatsomrade",
        "omrade",
        "tema",
        "malomrade",
    ),
    "title": (
        "aktivitet",
        "aktiviteter",
        "atgard",
        "atgarder",
        "insats",
        "insatser",
        "aktivitet atgard",
        "atgard aktivitet",
        "beskrivning",
        "vad",
        "uppdrag",
        "aktivitetsbeskrivning",
    ),
    "party": (
        "ansvarig part",
        "part",
        "aktor",
        "huvudman",
        "ansvarig aktor",
        "organisation",
        "ansvarig organisation",
    ),
    "owner": (
        "ansvarig",
        "ansvar",
        "vem",
        "ansvarig person",
        "ansvarig funktion",
        "ansvarig forvaltning",
        "ansvarig enhet",
        "kontaktperson",
        "utforare",
        "agare",
        "owner",
    ),
    "working_group": (
        "arbetsgrupp",
        "samverkanspartner",
        "deltagare",
        "medverkande",
        "samverkan med",
        "samverkanspart",
        "samverkansparter",
        "involverade",
    ),
    "start": (
        "start",
        "startdatum",
        "paborjas",
        "fran",
        "start datum",
        "startar",
        "fr o m",
        "fran och med",
    ),
    "due": (
        "slutdatum",
        "klart",
        "klart senast",
        "klar senast",
        "deadline",
        "tidplan",
        "tidsplan",
        "nar",
        "slut",
        "tidpunkt",
        "genomfors",
        "fardigt",
        "senast",
        "klart nar",
        "t o m",
        "till och med",
    ),
    "done_on": ("genomford datum", "genomfort datum", "klar datum", "datum genomford", "avslutad"),
    "followup_due": (
        "uppfoljning senast",
        "uppfoljningsdatum",
        "uppfoljning datum",
        "folj upp",
        "foljs upp",
        "nasta uppfoljning",
    ),
    "followed_up_on": ("uppfoljd datum", "uppfoljd", "uppfoljt", "foljdes upp", "uppfoljt datum"),
    "status": ("status", "statuslage", "genomforande"),
    "assessment": (
        "bedomning",
        "lage",
        "trafikljus",
        "signal",
        "farg",
        "prognos",
        "lagesbedomning",
    ),
    "comment": (
        "kommentar",
        "kommentarer",
        "notering",
        "noteringar",
        "anteckning",
        "anteckningar",
        "ovrigt",
        "kommentar uppfoljning",
        "lagesbeskrivning",
        "lagesrapport",
    ),
    "citizen_promise": ("medborgarlofte", "medborgarloften", "lofte", "loften"),
    "confidential": ("ej offentlig", "sekretess", "intern", "konfidentiell", "ej publik"),
    "kommun": ("kommun",),
    "lpo": ("lokalpolisomrade", "lpo", "polisomrade"),
}

# "Uppföljning" alone means a follow-up date in some plans and a traffic light in BRÅ's model
# (and "Avstämning" the same): the column's values decide (excel.contents).
AMBIGUOUS_HEADERS: dict[str, tuple[str, ...]] = {
    "uppfoljning": ("followup_due", "status", "comment", "assessment"),
    "avstamning": ("followup_due", "status", "comment", "assessment"),
}

_BY_HEADER = {syn: name for name, syns in FIELD_SYNONYMS.items() for syn in syns}
_HEADERS = {*_BY_HEADER, *AMBIGUOUS_HEADERS}
_LONGEST_FIRST = sorted(_HEADERS, key=lambda h: (-len(h), h))
_KNOWN_WORDS = {word for header in _HEADERS for word in header.split()}


def needs_choice(header: str, name: str, chosen: dict[str, str]) -> bool:
    """True when the coordinator should say what a column is: unknown, ambiguous, read as
    something else than its header says (its contents decided), or chosen.

    `name` is what the column became; a column the coordinator chose keeps its dropdown, so
    the choice can be changed again.
    """
    known = field_for_header(header)
    if name in (EXTRA, IGNORE) or known is None or known.startswith("?") or known != name:
        return True
    return normalize_header(header) in {normalize_header(h) for h in chosen}


def normalize_header(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces: 'Klart senast:' → 'klart senast'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def field_for_header(text: str) -> str | None:
    """The field a header names, an ambiguous marker ('?uppfoljning'), or None when unknown.

    Tried in order, the first that names a field wins: the header as written; what its
    parentheses say ("Vem (part)" is the party), then the header without them ("Ansvarig
    (förvaltning)" is the owner); each of these with its abbreviations written out ("Ansv.")
    and its words in their base form ("Aktiviteterna", "Statusen"); then the longest known
    start ("Aktivitet – vad ska göras").
    """
    keys = header_keys(text)
    for key in keys:
        if key in _BY_HEADER:
            return _BY_HEADER[key]
        if key in AMBIGUOUS_HEADERS:
            return "?" + key
    for key in keys:
        # The longest known header the key starts or ends with: "Aktivitet – vad ska göras",
        # "Övriga deltagare", "Senast uppföljd" (uppföljd, not senast).
        # A compound ends in a known word too ("Huvudansvarig", "Projektansvarig"), when that
        # word is long enough not to end other words by chance.
        found = [
            known
            for known in _LONGEST_FIRST
            if len(known) >= 4
            and (
                key.startswith(known + " ")
                or key.endswith(" " + known)
                or (len(known) >= 7 and len(key) - len(known) >= 3 and key.endswith(known))
            )
        ]
        if found:
            known = found[0]
            return "?" + known if known in AMBIGUOUS_HEADERS else _BY_HEADER[known]
    return None


# Abbreviations coordinators write with a full stop, normalised: "Ansv." → ansvarig.
ABBREVIATIONS: dict[str, str] = {
    "akt": "aktivitet",
    "ansv": "ansvarig",
    "bed": "bedomning",
    "beskr": "beskrivning",
    "genomf": "genomford",
    "komm": "kommentar",
    "kom": "kommentar",
    "org": "organisation",
    "uppf": "uppfoljning",
    "anm": "kommentar",
    "ovr": "ovrigt",
}
# Endings of Swedish plural and definite forms, the longest first: Aktiviteterna → aktiviteter
# (a known word) and Aktiviteten → aktivitet.
_ENDINGS = ("erna", "arna", "orna", "ena", "na", "en", "et", "er", "ar", "or", "a", "n", "t")


def header_keys(text: str) -> list[str]:
    """The normalised forms of a header to look up, most specific first, each once."""
    inside = " ".join(re.findall(r"\(([^)]*)\)", text))
    outside = re.sub(r"\([^)]*\)", " ", text)
    keys: list[str] = []
    for variant in (text, inside, outside):
        expanded = _expand_abbreviations(variant)
        for key in (normalize_header(variant), normalize_header(expanded)):
            for candidate in (key, _base_forms(key)):
                if candidate and candidate not in keys:
                    keys.append(candidate)
    return keys


def _expand_abbreviations(text: str) -> str:
    """'Ansv. förv.' → 'ansvarig förv.': a known abbreviation is one that ends in a full stop."""

    def expand(match: re.Match[str]) -> str:
        word = normalize_header(match.group(1))
        return ABBREVIATIONS.get(word, match.group(0))

    return re.sub(r"(\w+)\.", expand, text)


def _base_forms(key: str) -> str:
    """Each word in the form the synonyms use: a plural or definite ending taken off when what
    is left is a word of some synonym ('aktiviteterna' → 'aktiviteter', 'statusen' → 'status')."""
    if " " not in key:  # one word: its base form must itself be a header ('omraden' → 'omrade')
        return _stem(key, _HEADERS)
    words = [word if word in _KNOWN_WORDS else _stem(word, _KNOWN_WORDS) for word in key.split()]
    return " ".join(words)


def _stem(word: str, known: set[str]) -> str:
    """The word without the first ending that leaves a known word, else the word."""
    for ending in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem in known:
            return stem
    return word


@dataclass
class TableLayout:
    """Where a sheet's table is: its header row (1-based) and the field of each column."""

    header_row: int
    columns: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    unknown: dict[int, str] = field(default_factory=dict)
    ignored: dict[int, str] = field(default_factory=dict)
    # column → the field its header names, duplicates and ambiguous ('?uppfoljning') too
    proposed: dict[int, str] = field(default_factory=dict)
    # column → what the coordinator chose for it (a mapping given to the import)
    chosen: dict[int, str] = field(default_factory=dict)
    # column → why its contents decided what it is (excel.contents), in Swedish
    reasons: dict[int, str] = field(default_factory=dict)
    # status columns that say only yes or no: "Klar?" with Ja/Nej (Ja is Genomförd)
    done_flags: set[int] = field(default_factory=set)
    # columns with (almost) no text in the table's first rows (excel.contents): only these
    # may turn out to be a bedömning told by cell colour alone
    sparse: set[int] = field(default_factory=set)

    def mapping(self) -> dict[str, str]:
        """Every header, in the sheet's order, with what it became: a field, EXTRA or IGNORE."""
        found: dict[str, str] = {}
        for column in sorted(self.headers):
            name = self.columns.get(column, IGNORE if column in self.ignored else EXTRA)
            found.setdefault(self.headers[column], name)
        return found

    def reasons_by_header(self) -> dict[str, str]:
        """Header → why the contents decided the column, for the columns they decided."""
        return {self.headers[c]: why for c, why in sorted(self.reasons.items())}

    def column_of(self, name: str) -> int | None:
        """The 0-based column holding a field, or None."""
        return next((c for c, f in self.columns.items() if f == name), None)

    def has(self, name: str) -> bool:
        """True when the table has a column for the field."""
        return self.column_of(name) is not None


def locate_table(
    rows: list[list[Any]], overrides: dict[str, str] | None = None
) -> TableLayout | None:
    """Find the header row among the first rows and map its columns; None when there is no table.

    `overrides` maps a header as written to a field, EXTRA or IGNORE; it wins over the synonym
    table, so a coordinator's confirmed mapping is used as given.
    """
    overrides = {normalize_header(k): v for k, v in (overrides or {}).items()}
    best: TableLayout | None = None
    best_score = 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        layout = _layout_of_row(index + 1, row, overrides)
        fields = set(layout.columns.values())
        score = len(fields)
        if "title" in fields and score >= 2 and score > best_score:
            best, best_score = layout, score
    return best


def _layout_of_row(number: int, row: list[Any], overrides: dict[str, str]) -> TableLayout:
    layout = TableLayout(header_row=number)
    taken: set[str] = set()
    for column, value in enumerate(row):
        if not isinstance(value, str) or not value.strip():
            continue
        # As every cell is read: no control or invisible characters. A header is shown on the
        # upload page and printed by `samverkan import` (an ESC there drove the terminal), and
        # a zero-width space or a bidi override would make it look like one field and map as
        # another (or as none).
        text = cell_text(value)
        if text is None:
            continue
        key = normalize_header(text)
        name = overrides[key] if key in overrides else field_for_header(text)
        layout.headers[column] = text
        if key in overrides:
            layout.chosen[column] = overrides[key]
        elif name and _is_field(name):
            layout.proposed[column] = name
        if name == IGNORE:
            layout.ignored[column] = text
        elif name and name != EXTRA and name not in taken and _is_field(name):
            layout.columns[column] = name
            if not name.startswith("?"):
                taken.add(name)
        else:
            layout.unknown[column] = text
    return layout


def _is_field(name: str) -> bool:
    return name in FIELD_SYNONYMS or name.startswith("?")
