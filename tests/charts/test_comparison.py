"""Jämförelse's small multiples as data: a panel per agreement, its days, the table's order."""

from __future__ import annotations

import datetime as dt

from samverkan.charts.comparison import (
    MAX_PANELS,
    build_comparison_chart,
    comparison_label,
    comparison_progress_frame,
)
from samverkan.models import ComparisonRow, ProgressPoint
from tests.test_comparison import make_agreement


def point(day: int, hour: int, done: int, countable: int = 4) -> ProgressPoint:
    return ProgressPoint(
        uploaded_at=dt.datetime(2026, 2, day, hour), file_name=f"{day}-{hour}.xlsx",
        done=done, countable=countable,
    )  # fmt: skip


def row(id: int, kommun: str, *history: ProgressPoint, **overrides: object) -> ComparisonRow:
    return ComparisonRow(
        agreement=make_agreement(id, kommun, **overrides),
        as_of=dt.date(2026, 6, 1),
        history=list(history),
    )


def test_a_panel_per_agreement_one_point_per_day_in_table_order() -> None:
    rows = [
        row(1, "Lomma", point(1, 9, 1), point(1, 15, 2), point(9, 9, 3)),
        row(2, "Burlöv", point(2, 9, 0, countable=0), point(3, 9, 1)),
    ]
    frame = comparison_progress_frame(rows)
    lomma = frame[frame["överenskommelse"] == "Lomma 2026"]
    assert list(lomma["andel"]) == [0.5, 0.75]  # the day's last upload; one point a day
    burlov = frame[frame["överenskommelse"] == "Burlöv 2026"]
    assert list(burlov["andel"]) == [0.25]  # nothing planned: no share, no point
    spec = build_comparison_chart(rows).to_dict()
    assert spec["mark"]["type"] == "line"
    facet = spec["encoding"]["facet"]
    assert facet["field"] == "överenskommelse"
    assert facet["sort"] == ["Lomma 2026", "Burlöv 2026"]
    assert facet["columns"] == 4
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert spec["title"] == {"text": "Genomfört av planerat", "subtitle": "vid varje uppladdning"}
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert build_comparison_chart(rows, columns=1).to_dict()["encoding"]["facet"]["columns"] == 1


def test_twins_get_their_lpo_and_panels_stop_at_the_maximum() -> None:
    rows = [row(1, "Malmö", lpo="Malmö Norr"), row(2, "Malmö", lpo="Malmö Söder")]
    assert [comparison_label(r, rows) for r in rows] == [
        "Malmö 2026 (LPO Malmö Norr)",
        "Malmö 2026 (LPO Malmö Söder)",
    ]
    many = [row(i, f"K{i}", point(1, 9, 1)) for i in range(MAX_PANELS + 5)]
    assert comparison_progress_frame(many)["överenskommelse"].nunique() == MAX_PANELS
