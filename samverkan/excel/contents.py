"""What a column holds: its cells profiled, and the header's guess checked against them.

Coordinators write their own headers, and a header often says one thing over a column that
holds another ("Lägesbeskrivning" over Pågår/Klar, "Klar" over dates). The header proposes a
field (excel.locate); the cells decide when they clearly say otherwise.

- profile_column: of a column's filled cells, how many are dates or date notations, status
  words, bedömning words, yes/no marks, party words and people's names; and how many rows
  it leaves empty
- decide_by_contents: each column's field from its header and its profile together; two
  columns for one field, the better fit wins; the reason, in Swedish, for every column the
  contents decided
- colour_candidates, decide_by_colour: a column with (almost) no text whose cells are
  coloured green, yellow or red is the bedömning
- read_as_because, column_notes: what a column was read as and why, as the upload page and
  the command line say it

A column is clearly of a kind when at least CLEAR_SHARE of its filled cells, and at least
MIN_CELLS of them, are. Only the first SAMPLE_ROWS rows are profiled: a plan's first rows say
what its columns hold, and deciding must not cost what parsing the whole table does.

Why one module: the profile's kinds and the rules that weigh them are one judgement; split,
a change to what counts as a party word would be made in one file and its effect in another.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from samverkan.excel.locate import FIELD_SYNONYMS, TableLayout
from samverkan.excel.parse import (
    NO_WORDS,
    YES_WORDS,
    cell_text,
    parse_assessment_text,
    parse_due,
    parse_fill_colour,
    parse_party,
    parse_status,
)
from samverkan.excel.rows import DATE_FIELDS
from samverkan.models import FIELD_LABELS, ImportReport, Party, Status
from samverkan.swedish import format_count

SAMPLE_ROWS = 200
CLEAR_SHARE = 0.6
MIN_CELLS = 2
# A notation without a year ("v. 20", "HT") is still a date notation when profiling.
_ANY_YEAR = 2000

# The fields the contents may take a column from or give it to. The title, the ID, the focus
# area, kommun and LPO are what the header says: their cells are free text or names that
# would fit anything.
_DECIDABLE = frozenset(
    {
        "owner",
        "working_group",
        "party",
        "start",
        "due",
        "done_on",
        "followup_due",
        "followed_up_on",
        "status",
        "assessment",
        "comment",
        "kommun",
        "lpo",
    }
)
_FIELDS = frozenset(FIELD_SYNONYMS)
_DATE_FIELDS = frozenset({*DATE_FIELDS, "due"})
# What a yes/no column says in its cells.
_YES_NO = YES_WORDS | NO_WORDS
# The party named by a word alone: these are categories, not units with people in them.
_PARTY_WORDS = frozenset({"kommun", "kommunen", "polis", "polisen", "gemensam", "gemensamt"})
_PARTY_WORDS |= frozenset({"gemensamma", "båda", "bägge", "båda parter", "lpo", "extern"})
_PARTY_WORDS |= frozenset({"k", "p", "k/p", "p/k", "k+p", "p+k", "kommun/polis", "polis/kommun"})
_PARTY_WORDS |= frozenset({"kommun och polis", "polis och kommun", "kommun + polis"})
# A person: two capitalised words, or one and an initial ("Anna Berg", "Omar S.").
_PERSON = re.compile(r"\b[A-ZÅÄÖÉ][a-zåäöéü]+ (?:[A-ZÅÄÖÉ][a-zåäöéü]+|[A-ZÅÄÖ]\b)")
# A role a person holds, written alone ("Trygghetssamordnare", "Kommunpolis", "Rektor").
_ROLES: tuple[str, ...] = ("samordnare", "chef", "polis", "sekreterare", "kurator", "rektor")
_ROLES += ("handläggare", "strateg", "assistent", "pedagog", "ordförande", "direktör", "ledare")
_ROLES += ("fältare",)
# Several units in one cell: the people taking part, not the one who carries it.
_LIST = re.compile(r",|\+| och | & |/")


@dataclass(frozen=True)
class ColumnProfile:
    """What a column's cells are; each filled cell is counted once, as the first kind it is."""

    rows: int = 0
    filled: int = 0
    dates: int = 0
    statuses: int = 0
    assessments: int = 0
    yes_no: int = 0
    parties: int = 0
    party_words: int = 0
    names: int = 0
    lists: int = 0

    @property
    def texts(self) -> int:
        """Filled cells that are none of the kinds: free text."""
        kinds = self.dates + self.statuses + self.assessments + self.yes_no
        return self.filled - kinds - self.parties - self.names - self.lists

    @property
    def is_mostly_empty(self) -> bool:
        """True when at most one row in five has something in this column."""
        return self.filled * 5 <= self.rows

    def is_clearly(self, count: int) -> bool:
        """True when `count` of the filled cells is enough to say what the column is."""
        return count >= MIN_CELLS and count >= CLEAR_SHARE * self.filled


_cached = functools.lru_cache(maxsize=4096, typed=True)


@_cached
def _kind_of(value: Any) -> str:
    """The first kind a filled cell is: yes_no, date, status, assessment, party_word, name
    (a person or a role), list (several units), party (one unit of a party) or text."""
    if isinstance(value, bool):
        return "yes_no"
    text = cell_text(value)
    if text is None:
        return "empty"
    key = text.casefold().strip(" .!?")
    if key in _YES_NO:
        return "yes_no"
    due = parse_due(value, _ANY_YEAR)
    if due.due is not None or due.is_standing:
        return "date"
    if parse_status(value).status is not None:
        return "status"
    if parse_assessment_text(value) is not None:
        return "assessment"
    if key in _PARTY_WORDS:
        return "party_word"
    if _PERSON.search(text) or (" " not in key and key.endswith(_ROLES)):
        return "name"
    parts = _LIST.split(text)
    if len(parts) > 1 and all(len(part.split()) <= 3 for part in parts):
        return "list"  # a sentence with a comma is free text, not a list of units
    party = parse_party(value).party
    if party is not None and party is not Party.EXTERNAL:
        return "party"
    return "text"


def profile_column(values: Iterable[Any]) -> ColumnProfile:
    """Count what a column's cells are (each value as a cell of one table row)."""
    counts = dict.fromkeys(
        ("rows", "empty", "date", "status", "assessment", "yes_no", "party", "party_word"), 0
    )
    counts |= {"name": 0, "list": 0, "text": 0}
    for value in values:
        counts["rows"] += 1
        counts[_kind_of(value)] += 1
    return ColumnProfile(
        rows=counts["rows"],
        filled=counts["rows"] - counts["empty"],
        dates=counts["date"],
        statuses=counts["status"],
        assessments=counts["assessment"],
        yes_no=counts["yes_no"],
        parties=counts["party"] + counts["party_word"],
        party_words=counts["party_word"],
        names=counts["name"],
        lists=counts["list"],
    )


def table_rows(rows: list[list[Any]], header_row: int) -> list[int]:
    """The first rows below the header (0-based) that are rows of the table: two cells or more."""
    found = []
    for index in range(header_row, len(rows)):
        if sum(1 for v in rows[index] if cell_text(v) is not None) >= 2:
            found.append(index)
            if len(found) == SAMPLE_ROWS:
                break
    return found


def fit(name: str, profile: ColumnProfile) -> float:
    """How well a column's cells fit a field: the share of its filled cells that do."""
    if not profile.filled:
        return 0.0
    count = {
        "status": profile.statuses,
        "assessment": profile.assessments,
        "party": profile.parties,
        "owner": profile.names + profile.parties,
        "working_group": profile.lists + profile.parties,
    }.get(name)
    if count is None:
        count = profile.dates if name in _DATE_FIELDS else profile.texts
    return count / profile.filled


@dataclass(frozen=True)
class _Claim:
    """A field the cells give a column, with the count that says so and what it counts."""

    name: str
    count: int
    what: str
    done_flag: bool = False
    # A weak claim only fills a field no header names: free text or a person's name fits
    # a comment or an owner, but is no evidence against the column whose header says so.
    weak: bool = False


def _is_done_word(header: str) -> bool:
    """'Klar', 'Utförd (datum)', 'Genomförd?' : a header whose first word says it is done."""
    words = re.sub(r"\([^)]*\)", " ", header).split()
    return bool(words) and parse_status(words[0]).status is Status.DONE


def _claim(header: str, proposed: str | None, profile: ColumnProfile) -> _Claim | None:
    """What the cells say the column is when they clearly disagree with its header, or None."""
    if profile.filled < MIN_CELLS:
        return None
    if profile.is_clearly(profile.assessments) and proposed != "assessment":
        return _Claim("assessment", profile.assessments, "Grön, Gul eller Röd")
    if profile.is_clearly(profile.statuses) and proposed != "status":
        return _Claim("status", profile.statuses, "en status (t.ex. Pågår eller Klar)")
    done_word = _is_done_word(header) and proposed in (None, "status", "done_on", "due")
    if done_word and profile.is_clearly(profile.yes_no):
        return _Claim("status", profile.yes_no, "ja eller nej", done_flag=True)
    if done_word and profile.is_clearly(profile.dates) and proposed in (None, "status"):
        return _Claim("done_on", profile.dates, "datum")
    if proposed is None and profile.is_clearly(profile.dates):
        return _Claim("due", profile.dates, "datum", weak=True)
    if proposed in (None, "comment", "owner", "kommun", "lpo") and profile.is_clearly(
        profile.party_words
    ):
        return _Claim("party", profile.party_words, "en part (t.ex. Kommun, Polis eller Gemensam)")
    one_unit = bool(profile.parties) and not profile.names and profile.lists * 5 <= profile.filled
    if proposed is None and one_unit and profile.is_clearly(profile.parties):
        return _Claim("party", profile.parties, "en part eller en förvaltning")
    if proposed is None and profile.is_clearly(profile.names):
        return _Claim("owner", profile.names, "en person eller en funktion", weak=True)
    several = profile.lists * 2 >= profile.filled  # most cells name more than one unit
    if proposed is None and several and profile.is_clearly(profile.lists + profile.parties):
        units = profile.lists + profile.parties
        return _Claim("working_group", units, "verksamheter som deltar", weak=True)
    return None


def _ambiguous(profile: ColumnProfile) -> _Claim:
    """'Uppföljning', 'Avstämning': dates make it the follow-up date, status words the status,
    free text a comment, else (Grön/Gul/Röd, or colours only) the bedömning."""
    if profile.filled and profile.dates * 2 >= profile.filled:
        return _Claim("followup_due", profile.dates, "datum")
    if profile.is_clearly(profile.statuses):
        return _Claim("status", profile.statuses, "en status (t.ex. Pågår eller Klar)")
    if profile.is_clearly(profile.texts):
        return _Claim("comment", profile.texts, "fri text", weak=True)
    return _Claim("assessment", profile.assessments, "Grön, Gul eller Röd")


def _because(claim: _Claim, profile: ColumnProfile) -> str:
    """'18 av 20 värden är datum'."""
    return f"{claim.count} av {format_count(profile.filled, 'värde', 'värden')} är {claim.what}"


def decide_by_contents(layout: TableLayout, rows: list[list[Any]]) -> None:
    """Give each column the field its header and its cells say together (in place).

    The columns the coordinator chose a field for (`layout.chosen`) stay as chosen. A column
    the cells move, or that loses its field to a column that fits it better, gets its reason
    in `layout.reasons`; one that fits nothing known is kept as an extra column.
    """
    fixed = layout.chosen
    profiles = profiles_of(layout, rows)
    layout.sparse = {column for column, profile in profiles.items() if profile.is_mostly_empty}
    candidates: dict[str, list[tuple[int, bool]]] = {}  # field → (column, by its cells)
    proposals: dict[int, str | None] = {}
    weak: set[int] = set()
    for column, header in layout.headers.items():
        proposed = layout.proposed.get(column)
        if column in fixed or column in layout.ignored:
            continue
        if proposed is not None and proposed not in _DECIDABLE and not proposed.startswith("?"):
            candidates.setdefault(proposed, []).append((column, False))
            continue
        profile = profiles[column]
        claim: _Claim | None
        if proposed is not None and proposed.startswith("?"):
            claim = _ambiguous(profile)
            proposed = None
        else:
            claim = _claim(header, proposed, profile)
        proposals[column] = proposed
        if claim is None:
            if proposed is not None:
                candidates.setdefault(proposed, []).append((column, False))
            continue
        layout.reasons[column] = _because(claim, profile)
        if claim.done_flag:
            layout.done_flags.add(column)
        if claim.weak:
            weak.add(column)
        candidates.setdefault(claim.name, []).append((column, True))
    for name, found in candidates.items():
        if any(not by_cells for _, by_cells in found):  # a header names it: weak claims yield
            for column in [c for c, _ in found if c in weak]:
                del layout.reasons[column]
            candidates[name] = [(c, by_cells) for c, by_cells in found if c not in weak]
    columns: dict[int, str] = {}
    for column, name in sorted(fixed.items()):
        if name in _FIELDS and name not in columns.values():
            columns[column] = name
    taken = set(columns.values())
    losers: list[tuple[int, str, int]] = []  # (column, field lost, winner)
    for name, found in candidates.items():
        if name in taken:
            losers.extend((column, name, -1) for column, _ in found)
            continue
        best = max(found, key=lambda c: (fit(name, profiles[c[0]]), not c[1], -c[0]))
        columns[best[0]] = name
        taken.add(name)
        losers.extend((column, name, best[0]) for column, _ in found if column != best[0])
    for column, name, winner in losers:
        fallback = proposals.get(column)
        if column in layout.reasons and fallback and fallback != name and fallback not in taken:
            columns[column] = fallback  # the cells' field went elsewhere: the header's stands
            taken.add(fallback)
            del layout.reasons[column]
            layout.done_flags.discard(column)
            continue
        layout.done_flags.discard(column)
        if winner >= 0:
            layout.reasons[column] = _lost_to(
                name, layout.headers[winner], profiles, column, winner
            )
    layout.columns = dict(sorted(columns.items()))
    layout.unknown = {
        column: header
        for column, header in layout.headers.items()
        if column not in layout.columns and column not in layout.ignored
    }


def _lost_to(
    name: str, winner: str, profiles: dict[int, ColumnProfile], column: int, best: int
) -> str:
    """'kolumnen ”Status” passar bättre som Status (18 av 20 värden mot 3 av 20 värden)'."""
    label = FIELD_LABELS.get(name, name)
    theirs, ours = profiles[best], profiles[column]
    return (
        f"kolumnen ”{winner}” passar bättre som {label} "
        f"({_share(name, theirs)} mot {_share(name, ours)})"
    )


def _share(name: str, profile: ColumnProfile) -> str:
    fitting = round(fit(name, profile) * profile.filled)
    return f"{fitting} av {format_count(profile.filled, 'värde', 'värden')}"


def colour_candidates(layout: TableLayout) -> set[int]:
    """The columns that may be a bedömning told by colour alone: (almost) no text in them (as
    decide_by_contents profiled them), and no column holds the bedömning yet."""
    if layout.has("assessment"):
        return set()
    return {
        column
        for column in layout.sparse
        if column not in layout.ignored
        and column not in layout.chosen
        and layout.columns.get(column) in (None, "comment")
    }


def decide_by_colour(
    layout: TableLayout, row_numbers: list[int], fills: dict[tuple[int, int], str]
) -> None:
    """The candidate column whose rows are most often green, yellow or red becomes the
    bedömning, when most rows are (in place). `row_numbers` are the table's rows, 1-based."""
    best: tuple[int, int] | None = None
    for column in sorted({c for _, c in fills}):
        if column not in layout.headers or layout.columns.get(column) in ("status", "assessment"):
            continue
        coloured = sum(1 for row in row_numbers if parse_fill_colour(fills.get((row, column))))
        clear = coloured >= MIN_CELLS and coloured >= CLEAR_SHARE * len(row_numbers)
        if clear and (best is None or coloured > best[1]):
            best = (column, coloured)
    if best is None:
        return
    column, coloured = best
    layout.columns[column] = "assessment"
    layout.unknown.pop(column, None)
    rows = format_count(len(row_numbers), "rad", "rader")
    layout.reasons[column] = f"{coloured} av {rows} är färgade grön, gul eller röd"


def profiles_of(layout: TableLayout, rows: list[list[Any]]) -> dict[int, ColumnProfile]:
    """Each column's profile over the table's first rows."""
    indexes = table_rows(rows, layout.header_row)
    return {
        column: profile_column(rows[i][column] if column < len(rows[i]) else None for i in indexes)
        for column in layout.headers
    }


def read_as_because(name: str, reason: str) -> str:
    """'Tolkad som Genomförd datum: 18 av 20 värden är datum.'"""
    if name in FIELD_LABELS:
        return f"Tolkad som {FIELD_LABELS[name]}: {reason}."
    return f"Behålls som extra kolumn: {reason}."


def column_notes(report: ImportReport) -> dict[str, str]:
    """Header → what it was read as and why, for every column its contents decided."""
    notes: dict[str, str] = {}
    for sheet, reasons in report.column_reasons.items():
        mapping = report.column_mapping.get(sheet, {})
        for header, reason in reasons.items():
            notes.setdefault(header, read_as_because(mapping.get(header, ""), reason))
    return notes
