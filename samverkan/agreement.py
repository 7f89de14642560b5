"""The agreement itself, as the Överenskommelse page creates and edits it: pure rules, no store.

Parts:
- validate_agreement: the period, the LPO and the overlap rule against the other agreements
- focus_areas_from_rows, goals_from_rows: the page's table rows into models, with messages
- validate_definition: the agreement with its focus areas and goals, every rule at once
- default_period, next_period: the period a new agreement or a new period starts with
- copy_to_new_period: a new period from the previous one (focus areas and goals carried over)
- lpo_suggestions: the lokalpolisområden the store already knows
- which agreement is meant: running_agreement (the one running on a day, else the newest; one
  rule for the command line's --kommun and the sidebar), choose_agreement (one by its id, a
  kommun's, or AgreementChoiceError saying which exist), choose_lpo_agreements (every
  kommun's of an LPO)

The overlap rule: a kommun may not have two agreements of the same kind (strategisk or
operativ) whose periods overlap, since an upload for that time could belong to either. A
strategic agreement may hold a one-year operative plan inside its period; an upload for
that year attaches to the operative one (its period is the exact match).

Every message is a Swedish sentence; an empty list means the input may be saved.

Why one module: these are the rules of one concept, read together when an agreement is
made, edited or chosen; none of them touches the store.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from samverkan.kommuner import KOMMUNER, canonical_kommun
from samverkan.models import (
    Agreement,
    AgreementDefinition,
    AgreementKind,
    Direction,
    FocusArea,
    Goal,
    GoalKind,
    StoredAgreement,
)
from samverkan.privacy import typed_personal_number
from samverkan.swedish import format_years

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
KIND_WORDS = {AgreementKind.STRATEGIC: "strategisk", AgreementKind.OPERATIVE: "operativ"}

FOCUS_AREA_FIELDS = ("number", "name", "valid_from", "valid_to")
GOAL_FIELDS = (
    "kind",
    "text",
    "focus_area",
    "indicator",
    "baseline_year",
    "baseline_value",
    "target_value",
    "target_year",
    "direction",
)


def validate_agreement(agreement: Agreement, others: Sequence[Agreement]) -> list[str]:
    """What is wrong with the agreement's own fields, and any overlap with the kommun's others."""
    messages: list[str] = []
    if agreement.kommun not in KOMMUNER:
        messages.append(f"{agreement.kommun} är ingen svensk kommun. Välj kommunen i listan.")
    if not (agreement.lpo or "").strip():
        messages.append("Skriv vilket lokalpolisområde överenskommelsen är med.")
    if agreement.period_end <= agreement.period_start:
        messages.append(
            f"Perioden måste sluta efter att den börjar (från {agreement.period_start.isoformat()}"
            f" till {agreement.period_end.isoformat()})."
        )
    elif not (
        agreement.period_start.year >= EARLIEST_YEAR and agreement.period_end.year <= LATEST_YEAR
    ):
        messages.append(f"Perioden måste ligga mellan åren {EARLIEST_YEAR} och {LATEST_YEAR}.")
    else:
        messages += _overlaps(agreement, others)
    return messages


def _overlaps(agreement: Agreement, others: Sequence[Agreement]) -> list[str]:
    messages = []
    for other in others:
        if other.id is not None and other.id == agreement.id:
            continue
        if other.kommun != agreement.kommun or other.kind is not agreement.kind:
            continue
        if (
            other.period_start <= agreement.period_end
            and agreement.period_start <= other.period_end
        ):
            messages.append(
                f"{agreement.kommun} har redan en {KIND_WORDS[other.kind]} överenskommelse "
                f"{other.period_label} ({other.period_start.isoformat()} – "
                f"{other.period_end.isoformat()}) som överlappar perioden. Ändra perioden, "
                "eller välj den befintliga överenskommelsen i sidofältet och ändra den."
            )
    return messages


def focus_areas_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[list[FocusArea], list[str]]:
    """The focus-area table's rows as models; empty rows are skipped, others must be whole."""
    areas: list[FocusArea] = []
    messages: list[str] = []
    for number, row in enumerate(rows, start=1):
        values = {f: _value(row.get(f)) for f in FOCUS_AREA_FIELDS}
        if all(v is None for v in values.values()):
            continue
        where = f"Fokusområden, rad {number}"
        if values["name"] is None:
            messages.append(f"{where}: fokusområdet behöver ett namn.")
            continue
        try:
            area = FocusArea(
                number=_whole_number(values["number"]),
                name=str(values["name"]),
                valid_from=_day(values["valid_from"]),
                valid_to=_day(values["valid_to"]),
            )
        except (ValueError, ValidationError):
            messages.append(f"{where}: numret måste vara ett heltal och datumen riktiga datum.")
            continue
        areas.append(area)
    return areas, messages


def goals_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[list[Goal], list[str]]:
    """The goal table's rows as models; empty rows are skipped, others need a kind and a text."""
    goals: list[Goal] = []
    messages: list[str] = []
    for number, row in enumerate(rows, start=1):
        values = {f: _value(row.get(f)) for f in GOAL_FIELDS}
        if all(v is None for v in values.values()):
            continue
        where = f"Mål, rad {number}"
        if values["text"] is None:
            messages.append(f"{where}: skriv målet.")
            continue
        if values["kind"] not in {k.value for k in GoalKind}:
            messages.append(f"{where}: välj måltyp ({', '.join(k.value for k in GoalKind)}).")
            continue
        try:
            goal = Goal(
                kind=GoalKind(values["kind"]),
                text=str(values["text"]),
                focus_area=_text(values["focus_area"]),
                indicator=_text(values["indicator"]),
                baseline_year=_whole_number(values["baseline_year"]),
                baseline_value=_number(values["baseline_value"]),
                target_value=_number(values["target_value"]),
                target_year=_whole_number(values["target_year"]),
                direction=_text(values["direction"]),
            )
        except (ValueError, ValidationError):
            messages.append(f"{where}: år ska vara heltal och värden tal (t.ex. 1,8).")
            continue
        goals.append(goal)
    return goals, messages


def validate_definition(definition: AgreementDefinition, others: Sequence[Agreement]) -> list[str]:
    """Every rule for an agreement with its focus areas and goals."""
    agreement = definition.agreement
    messages = validate_agreement(agreement, others) + _personal_number_messages(definition)
    seen: set[str] = set()
    for row, area in enumerate(definition.focus_areas, start=1):
        where = f"Fokusområden, rad {row} ({area.name})"
        key = area.name.strip().casefold()
        if key in seen:
            messages.append(
                f"{where}: namnet finns redan; varje fokusområde behöver ett eget namn."
            )
        seen.add(key)
        if area.number is not None and area.number < 1:
            messages.append(f"{where}: numret måste vara 1 eller större.")
        if area.valid_from and area.valid_to and area.valid_to < area.valid_from:
            messages.append(
                f"{where}: ”Gäller till” måste vara samma dag som eller efter ”Gäller från”."
            )
        for day in (area.valid_from, area.valid_to):
            if day and not agreement.period_start <= day <= agreement.period_end:
                messages.append(
                    f"{where}: {day.isoformat()} ligger utanför överenskommelsens period "
                    f"({agreement.period_start.isoformat()} – {agreement.period_end.isoformat()})."
                )
                break
    names = {a.name.strip().casefold() for a in definition.focus_areas}
    for row, goal in enumerate(definition.goals, start=1):
        messages += _goal_messages(f"Mål, rad {row}", goal, names)
    return messages


def _personal_number_messages(definition: AgreementDefinition) -> list[str]:
    """A personnummer typed into any text of the agreement: it is refused, as in a file."""
    agreement = definition.agreement
    texts = [("Titeln", agreement.title), ("Lokalpolisområdet", agreement.lpo)]
    for row, area in enumerate(definition.focus_areas, start=1):
        texts.append((f"Fokusområden, rad {row}: namnet", area.name))
    for row, goal in enumerate(definition.goals, start=1):
        texts += [
            (f"Mål, rad {row}: målet", goal.text),
            (f"Mål, rad {row}: indikatorn", goal.indicator),
        ]
    found = (typed_personal_number(text, where) for where, text in texts)
    return [message for message in found if message]


def _goal_messages(where: str, goal: Goal, focus_areas: set[str]) -> list[str]:
    messages = []
    if goal.focus_area and goal.focus_area.strip().casefold() not in focus_areas:
        messages.append(
            f"{where}: fokusområdet ”{goal.focus_area}” finns inte i tabellen Fokusområden."
        )
    for label, year in (("Basår", goal.baseline_year), ("Målår", goal.target_year)):
        if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
            messages.append(
                f"{where}: {label} måste vara ett år mellan {EARLIEST_YEAR} och {LATEST_YEAR}."
            )
    if goal.baseline_year and goal.target_year and goal.target_year <= goal.baseline_year:
        messages.append(f"{where}: målåret måste komma efter basåret.")
    if goal.baseline_value is not None and goal.baseline_year is None:
        messages.append(f"{where}: ett basvärde behöver ett basår.")
    if goal.direction and goal.direction not in {d.value for d in Direction}:
        messages.append(f"{where}: riktningen är ”{Direction.LOWER}” eller ”{Direction.HIGHER}”.")
    return messages


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Four calendar years from next January (from this January before October)."""
    start_year = today.year + 1 if today.month >= 10 else today.year
    return dt.date(start_year, 1, 1), dt.date(start_year + 3, 12, 31)


def next_period(agreement: Agreement) -> tuple[dt.date, dt.date]:
    """The period after the agreement's: as many whole years, or as many days, right after it."""
    start = agreement.period_end + dt.timedelta(days=1)
    old_start, old_end = agreement.period_start, agreement.period_end
    if (old_start.month, old_start.day, old_end.month, old_end.day) == (1, 1, 12, 31):
        years = old_end.year - old_start.year + 1
        return start, dt.date(start.year + years - 1, 12, 31)
    return start, start + (old_end - old_start)


def copy_to_new_period(
    previous: AgreementDefinition, period_start: dt.date, period_end: dt.date
) -> AgreementDefinition:
    """A new agreement for the period, with the previous one's focus areas and goals.

    The focus areas in force on the previous period's last day carry over (those the yearly
    lägesbild had already replaced do not; with none in force, all do), and their dates move
    to the new period: one that had dates is valid for the whole new period until the next
    lägesbild changes it. Goals keep their baseline (year and value) and target value; a
    target year moves to the new period's last year. Goals of focus areas left behind go too.
    """
    old = previous.agreement
    in_force = [a for a in previous.focus_areas if _in_force(a, old.period_end)]
    chosen = in_force or list(previous.focus_areas)
    areas = [
        area.model_copy(
            update={
                "valid_from": period_start if area.valid_from else None,
                "valid_to": period_end if area.valid_to else None,
            }
        )
        for area in chosen
    ]
    kept = {a.name for a in areas}
    goals = [
        goal.model_copy(
            update={"target_year": period_end.year if goal.target_year is not None else None}
        )
        for goal in previous.goals
        if goal.focus_area is None or goal.focus_area in kept
    ]
    # A new Agreement, not a copy: the previous one is a StoredAgreement, and this one has no id.
    agreement = Agreement.model_validate(
        old.model_dump(exclude={"id"})
        | {
            "period_start": period_start,
            "period_end": period_end,
            "title": _retitled(old, period_start, period_end),
        }
    )
    return AgreementDefinition(agreement=agreement, focus_areas=areas, goals=goals)


def _in_force(area: FocusArea, day: dt.date) -> bool:
    return (area.valid_from is None or area.valid_from <= day) and (
        area.valid_to is None or day <= area.valid_to
    )


def _retitled(agreement: Agreement, start: dt.date, end: dt.date) -> str | None:
    """The title with the old period's years written as the new ones ('2024–2027' → '2028–2031')."""
    if not agreement.title:
        return agreement.title
    new_label = format_years(start.year, end.year)
    old = agreement.period_label
    pattern = re.escape(old).replace("–", "[–-]")
    return re.sub(rf"(?<!\d){pattern}(?!\d)", new_label, agreement.title)


def lpo_suggestions(agreements: Sequence[Agreement]) -> list[str]:
    """Every lokalpolisområde the store's agreements name, once each, in Swedish order."""
    names = {a.lpo.strip() for a in agreements if a.lpo and a.lpo.strip()}
    return sorted(names, key=lambda n: n.casefold().translate(_SWEDISH_ORDER))


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def _value(value: Any) -> Any:
    """None for what an empty table cell holds (None, NaN, NaT, blank text)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    # pandas' markers for a missing value, without importing pandas into the domain
    if type(value).__name__ in {"NaTType", "NAType"}:
        return None
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _whole_number(value: Any) -> int | None:
    if value is None:
        return None
    number = _number(value)
    if number is None or not float(number).is_integer():
        raise ValueError(value)
    return int(number)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace("\u2212", "-").replace(",", ".").replace(" ", ""))


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class AgreementChoiceError(ValueError):
    """No agreement, or several, match what was asked; the message says which exist."""


def choose_agreement(
    agreements: list[StoredAgreement],
    kommun: str | None,
    on: dt.date | None = None,
    *,
    agreement_id: int | None = None,
) -> StoredAgreement:
    """The agreement asked for: the one with `agreement_id` (an address's ?avtal=), else the
    kommun's (the one running on `on`, else its newest).

    Only `agreements` are looked in: a caller that passes the ones a user may see gets the
    same answer for another kommun's agreement as for one that does not exist.
    """
    if agreement_id is not None:
        chosen = next((a for a in agreements if a.id == agreement_id), None)
        if chosen is None:
            raise AgreementChoiceError(f"Ingen överenskommelse med nummer {agreement_id}.")
        return chosen
    if not agreements:
        raise AgreementChoiceError(
            "Databasen innehåller ingen överenskommelse ännu. Importera en aktivitetsplan först."
        )
    if kommun is None:
        if len({a.kommun for a in agreements}) > 1:
            raise AgreementChoiceError(
                "Databasen innehåller flera kommuner; ange en med --kommun: "
                + ", ".join(sorted({a.kommun for a in agreements}))
                + "."
            )
        candidates = agreements
    else:
        name = canonical_kommun(kommun) or kommun
        candidates = [a for a in agreements if a.kommun.casefold() == name.casefold()]
        if not candidates:
            raise AgreementChoiceError(
                f'Ingen överenskommelse för "{kommun}". Det finns: '
                + ", ".join(sorted({a.kommun for a in agreements}))
                + "."
            )
    return running_agreement(candidates, on)


def running_agreement(
    agreements: Sequence[StoredAgreement], on: dt.date | None = None
) -> StoredAgreement:
    """The agreement running on `on` (today), else the newest: the latest end, then the latest
    stored. The command line's --kommun and the sidebar's first choice both follow it."""
    day = on or dt.date.today()
    running = [a for a in agreements if is_in_force(a, day)]
    return max(running or agreements, key=lambda a: (a.period_end, a.id))


def is_in_force(agreement: StoredAgreement, day: dt.date) -> bool:
    """True when the day lies in the agreement's period."""
    return agreement.period_start <= day <= agreement.period_end


def lpo_key(lpo: str | None) -> str:
    """'LPO Kävlinge', 'kävlinge ' → 'kävlinge': how an LPO is matched, asked for or stored."""
    return (lpo or "").casefold().strip().removeprefix("lpo").strip()


def choose_lpo_agreements(
    agreements: list[StoredAgreement], lpo: str, on: dt.date | None = None
) -> list[StoredAgreement]:
    """Every kommun's agreement with the lokalpolisområde (each the one running on `on`)."""
    wanted = lpo_key(lpo)
    matching = [a for a in agreements if lpo_key(a.lpo) == wanted]
    kommuner = sorted({a.kommun for a in matching})
    return [choose_agreement(matching, kommun, on) for kommun in kommuner]
