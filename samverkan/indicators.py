"""Indicators and goals, pure: units, the better direction, and whether a goal is on track.

Parts:
- units: parse_unit ("Index 0–6", "Andel %", "per 100 000 inv", "antal"), split_unit (a unit
  written into an indicator's name: "Trygg ute sent en kväll (%)")
- direction: better_direction (from the unit and the indicator's words), parse_direction
  (a goal's Riktning as written), goal_direction (which of them applies)
- series: series_for_goal (the goal's indicator in the kommun-wide area), least_squares_slope
- the rule: assess_goal → uppnått / på väg / inte på väg / kan inte bedömas (README, "Är det
  på väg?"), assess_goals for every goal of an agreement, trend_word for the goal table
- the `samverkan survey --json` document: survey_values_json
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from samverkan.excel.locate import normalize_header
from samverkan.kommuner import canonical_kommun
from samverkan.models import Direction, Goal, GoalAssessment, GoalStatus, SurveyValue, Unit
from samverkan.swedish import format_number as _number

# The area a kommun-wide value is filed under; other names for it are read as this one.
WHOLE_KOMMUN = "Hela kommunen"
_WHOLE_KOMMUN_WORDS = frozenset({"hela kommunen", "kommunen", "kommun", "totalt", "total", "hela"})

# How many calendar years back the trend looks, counting the latest measured year.
TREND_YEARS = 4

UNIT_LABELS = {
    Unit.INDEX_0_6: "Index 0–6",
    Unit.PROCENT: "Andel (%)",
    Unit.PER_100000_INV: "Per 100 000 invånare",
    Unit.ANTAL: "Antal",
}

# ---------------------------------------------------------------- units

_UNIT_CODES = {normalize_header(u.value): u for u in Unit}
_UNIT_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s*(?:\((?P<paren>[^()]+)\)|(?:,|;|:|\s[–-])\s*(?P<tail>[^,;:()]+))\s*$"
)


def parse_unit(text: str | None) -> Unit | None:
    """The unit a Mått cell or a name's unit part names, or None when it names none."""
    if not text:
        return None
    key = normalize_header(text)
    if key in _UNIT_CODES:
        return _UNIT_CODES[key]
    words = key.split()
    compact = key.replace(" ", "")
    if "100000" in compact or "100tusen" in compact:
        return Unit.PER_100000_INV
    if "index" in key or key in ("0 6", "skala 0 6"):
        return Unit.INDEX_0_6
    if "%" in text or "andel" in words or "procent" in key:
        return Unit.PROCENT
    if "antal" in words or words in (["st"], ["stycken"]):
        return Unit.ANTAL
    return None


def split_unit(name: str) -> tuple[str, Unit | None]:
    """An indicator's name without a unit written after it, and the unit the name tells.

    "Trygg ute sent en kväll (%)" → ("Trygg ute sent en kväll", procent); "Totalindex" keeps
    its name (the unit is the name itself) → ("Totalindex", index_0_6).
    """
    clean = " ".join(name.split())
    match = _UNIT_SUFFIX.match(clean)
    if match:
        unit = parse_unit(match.group("paren") or match.group("tail"))
        if unit is not None:
            return match.group("name").strip(), unit
    return clean, parse_unit(clean)


# ---------------------------------------------------------------- direction

# Read in this order: a negation or a word that holds a better-word ("otrygg" holds "trygg")
# must be seen before the better-word itself.
_NEGATED_BAD = re.compile(r"\b(?:ej|inte|icke|aldrig)\s+(?:\w+\s+)?(?:utsatt|orolig|otrygg)")
_BAD_HOLDING_GOOD = re.compile(r"otrygg|orolig|\boro\b|missnöjd")
_HIGHER_WORDS = re.compile(r"trygg|nöjd|förtroende|bryr sig")
_LOWER_WORDS = re.compile(r"utsatt|anmäld|brott|index")
# A goal's Riktning, compared without accents: "lägre", "minska", "sänkas" / "högre", "öka".
_WRITTEN_LOWER = re.compile(r"^(?:lagre|lag\b|minsk|sank|ned\b|ner\b|farre|mindre|lower)")
_WRITTEN_HIGHER = re.compile(
    r"^(?:hogre|hog\b|oka\b|okar|okat|okning|hoj|upp\b|uppat|fler|mer\b|storre|higher)"
)


def indicator_key(name: str) -> str:
    """The name as compared: case, accents and punctuation left out."""
    return normalize_header(name)


def better_direction(
    indicator: str,
    unit: Unit | None = None,
    known: Mapping[str, Direction] | None = None,
) -> Direction | None:
    """Which way the indicator is better; None when neither its unit nor its words tell.

    `known` maps indicator names to a direction someone set by hand; it wins over the rest.
    """
    if known:
        by_key = {indicator_key(name): d for name, d in known.items()}
        if indicator_key(indicator) in by_key:
            return by_key[indicator_key(indicator)]
    if unit is Unit.INDEX_0_6:
        return Direction.LOWER
    text = " ".join(indicator.casefold().split())
    if _NEGATED_BAD.search(text):
        return Direction.HIGHER
    if _BAD_HOLDING_GOOD.search(text):
        return Direction.LOWER
    if _HIGHER_WORDS.search(text):
        return Direction.HIGHER
    if _LOWER_WORDS.search(text):
        return Direction.LOWER
    return None


def parse_direction(text: str | None) -> Direction | None:
    """A goal's Riktning as written: "lägre", "minska", "↓" … or "högre", "öka", "↑" …."""
    if not text:
        return None
    if text.strip() in ("↓", "-", "–"):
        return Direction.LOWER
    if text.strip() in ("↑", "+"):
        return Direction.HIGHER
    key = normalize_header(text)
    if _WRITTEN_LOWER.match(key):
        return Direction.LOWER
    if _WRITTEN_HIGHER.match(key):
        return Direction.HIGHER
    return None


def goal_direction(
    goal: Goal, unit: Unit | None = None, known: Mapping[str, Direction] | None = None
) -> Direction | None:
    """The goal's written Riktning, else its indicator's direction, else baseline → target."""
    written = parse_direction(goal.direction)
    if written is not None:
        return written
    if goal.indicator:
        found = better_direction(goal.indicator, unit, known)
        if found is not None:
            return found
    if goal.baseline_value is not None and goal.target_value is not None:
        if goal.target_value < goal.baseline_value:
            return Direction.LOWER
        if goal.target_value > goal.baseline_value:
            return Direction.HIGHER
    return None


# ---------------------------------------------------------------- series


def is_whole_kommun(area: str, kommun: str | None = None) -> bool:
    """True for the kommun-wide area, however it is written ("Totalt", "Eslövs kommun")."""
    key = normalize_header(area)
    if key in _WHOLE_KOMMUN_WORDS:
        return True
    return kommun is not None and canonical_kommun(area) == kommun


def series_for_goal(
    values: Sequence[SurveyValue], goal: Goal, area: str | None = None
) -> list[SurveyValue]:
    """The goal's indicator in one area (the given, else kommun-wide, else the most measured)."""
    if not goal.indicator:
        return []
    key = indicator_key(goal.indicator)
    matching = [v for v in values if indicator_key(v.indicator) == key]
    if not matching:
        return []
    areas = list(dict.fromkeys(v.area for v in matching))
    if area is None:
        whole = [a for a in areas if is_whole_kommun(a, matching[0].kommun)]
        counts = {a: sum(1 for v in matching if v.area == a) for a in areas}
        area = whole[0] if whole else max(sorted(areas), key=lambda a: counts[a])
    return sorted((v for v in matching if v.area == area), key=lambda v: v.year)


def least_squares_slope(points: Sequence[tuple[int, float]]) -> float | None:
    """The slope per year of the least-squares line through (year, value); None under 2 years."""
    if len({year for year, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx


# ---------------------------------------------------------------- the rule


def _meets(value: float, target: float, direction: Direction) -> bool:
    # A small tolerance, so 1.6000000000000014 from a projection meets a target of 1.6.
    slack = 1e-9 * max(1.0, abs(target))
    if direction is Direction.LOWER:
        return value <= target + slack
    return value >= target - slack


def assess_goal(
    goal: Goal,
    series: Iterable[tuple[int, float | None]] | Iterable[SurveyValue],
    *,
    unit: Unit | None = None,
    direction: Direction | None = None,
    deadline_year: int | None = None,
    known: Mapping[str, Direction] | None = None,
) -> GoalAssessment:
    """The goal's assessment from its indicator's values (the rule is in the README).

    `deadline_year` stands in for a goal without a target year (the agreement's last year).
    """
    points: dict[int, float] = {}
    for item in series:
        year, value = (item.year, item.value) if isinstance(item, SurveyValue) else item
        if value is not None and math.isfinite(value):
            points[year] = value
    better = direction or goal_direction(goal, unit, known)

    def result(status: GoalStatus, reason: str, **found: Any) -> GoalAssessment:
        return GoalAssessment(goal=goal, status=status, reason=reason, direction=better, **found)

    target = goal.target_value
    if target is None:
        return result(GoalStatus.UNKNOWN, "Målet saknar målvärde.")
    if better is None:
        return result(
            GoalStatus.UNKNOWN,
            "Det framgår inte om ett lägre eller högre värde är bättre; ange målets riktning.",
        )
    # The goal's own baseline is a measurement too, where the series lacks its year.
    if goal.baseline_year is not None and goal.baseline_value is not None:
        points.setdefault(goal.baseline_year, goal.baseline_value)
    if not points:
        return result(GoalStatus.UNKNOWN, "Det finns inga mätvärden för indikatorn.")
    latest_year = max(points)
    latest = points[latest_year]
    window = [(y, v) for y, v in points.items() if y > latest_year - TREND_YEARS]
    slope = least_squares_slope(window)
    found: dict[str, Any] = {"latest_year": latest_year, "latest_value": latest, "slope": slope}
    if _meets(latest, target, better):
        return result(
            GoalStatus.MET,
            f"{latest_year}: {_number(latest)}, målet {_number(target)} är nått.",
            **found,
        )
    target_year = goal.target_year or deadline_year
    if target_year is None:
        return result(
            GoalStatus.UNKNOWN, "Målet saknar målår, så takten kan inte bedömas.", **found
        )
    if latest_year >= target_year:
        return result(
            GoalStatus.OFF_TRACK,
            f"Målåret {target_year} är mätt ({_number(latest)}) utan att målet "
            f"{_number(target)} nåddes.",
            **found,
        )
    if slope is None:
        return result(
            GoalStatus.UNKNOWN,
            f"Bara en mätning ({latest_year}) de senaste {TREND_YEARS} åren; "
            "det räcker inte för en trend.",
            **found,
        )
    improving = slope < 0 if better is Direction.LOWER else slope > 0
    if not improving:
        return result(
            GoalStatus.OFF_TRACK,
            "Utvecklingen står still." if slope == 0 else "Utvecklingen går åt fel håll.",
            **found,
        )
    projected = latest + slope * (target_year - latest_year)
    found["projected_value"] = projected
    pace = f"Med nuvarande takt ({_number(slope)} per år) blir värdet {_number(projected)} år "
    pace += f"{target_year}; målet är {_number(target)}."
    if _meets(projected, target, better):
        return result(GoalStatus.ON_TRACK, pace, **found)
    return result(GoalStatus.OFF_TRACK, "För långsamt. " + pace, **found)


def assess_goals(
    goals: Sequence[Goal],
    values: Sequence[SurveyValue],
    *,
    deadline_year: int | None = None,
    known: Mapping[str, Direction] | None = None,
) -> list[GoalAssessment]:
    """Every goal assessed against its indicator's kommun-wide series, in the goals' order."""
    assessments = []
    for goal in goals:
        series = series_for_goal(values, goal)
        if not goal.indicator:
            assessments.append(
                GoalAssessment(
                    goal=goal,
                    status=GoalStatus.UNKNOWN,
                    reason="Målet har ingen indikator att mäta det med.",
                    direction=goal_direction(goal, known=known),
                )
            )
            continue
        unit = series[0].unit if series else None
        assessments.append(
            assess_goal(goal, series, unit=unit, deadline_year=deadline_year, known=known)
        )
    return assessments


def trend_word(assessment: GoalAssessment) -> str:
    """The trend in a yearly report's words, with an arrow: positiv, negativ, ingen, saknas."""
    if assessment.slope is None or assessment.direction is None:
        return "saknas"
    if abs(assessment.slope) < 1e-9:
        return "→ ingen förändring"
    return "↗ positiv" if assessment.is_improving else "↘ negativ"


# ---------------------------------------------------------------- the command line's document


def survey_values_json(values: Sequence[SurveyValue]) -> dict[str, Any]:
    """The `samverkan survey --json` document (DESIGN.md's contract), by indicator, area, year."""
    ordered = sorted(values, key=lambda v: (v.indicator, v.area, v.year))
    return {
        "values": [
            {
                "indicator": v.indicator,
                "area": v.area,
                "year": v.year,
                "unit": v.unit.value,
                "value": v.value,
            }
            for v in ordered
        ]
    }
