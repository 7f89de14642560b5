"""Ladda upp before and at Spara: the kommun as a step, the day the plan held, and the preview.

The page as a script (AppTest) for what it says and stores; the pure pieces (the preview's
table, the due dates outside the period, the day's checks) on their own. What a person sees
in a browser (Spara in reach, the expanders) is in tests/browser/test_desk.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.importing.pipeline import read_upload
from samverkan.models import FIELD_LABELS, Activity
from samverkan.web.tables import activity_preview_table, column_mapping_table
from samverkan.web.upload import upload_day_problem, uploaded_at_for
from samverkan.web.upload_preview import due_dates_outside_period, is_worth_opening
from tests.upload_plans import OUTSIDE, plan_without_kommun, yearly_plan
from tests.web.test_upload_page import open_upload_page, page_store, save, upload

__all__ = ["page_store"]  # the fixture, used by name below

TODAY = dt.date.today()


def text_of(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [a.value for kind in (app.info, app.warning, app.error, app.success) for a in kind]
    return "\n".join(str(p) for p in parts)


def as_of_field(app: AppTest) -> object:
    return next(d for d in app.date_input if d.label == "Planen gällde per")


# -- the kommun is a step, not an error -----------------------------------------------------


def test_a_plan_without_its_kommun_asks_for_it_as_a_step(page_store: Path) -> None:
    app = open_upload_page()
    upload(app, "plan.xlsx", plan_without_kommun())
    assert not app.error, "no red box: the file is fine, the kommun is the next step"
    assert [i.value for i in app.info if "Välj kommun" in i.value] == [
        "Filen säger inte vilken kommun den gäller. Välj kommun ovan för att fortsätta."
    ]
    assert "kommandoraden" not in text_of(app)
    assert "--kommun" not in text_of(app)
    assert not [b for b in app.button if b.label == "Spara"]
    next(s for s in app.selectbox if s.label.startswith("Vilken kommun")).set_value("Lomma").run()
    assert not app.error
    assert not [i for i in app.info if "Välj kommun" in i.value]
    assert "Filen går att läsa in: 3 aktiviteter" in app.success[0].value
    save(app)
    with store.open_store(page_store) as con:
        assert [a.kommun for a in store.fetch_agreements(con)] == ["Lomma"]


# -- the day the plan held ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (TODAY, None),
        (TODAY - dt.timedelta(days=400), None),
        (TODAY + dt.timedelta(days=1), "den dagen har inte kommit än"),
        (None, "Ange dagen"),
    ],
)
def test_a_day_in_the_future_is_refused_in_swedish(
    day: dt.date | None, problem: str | None
) -> None:
    said = upload_day_problem(day, TODAY)
    assert (said is None) if problem is None else (said is not None and problem in said)


@pytest.mark.parametrize(
    ("day", "recorded"),
    [
        (TODAY, None),  # now, as an upload without the field
        (dt.date(2025, 12, 31), dt.datetime(2025, 12, 31, 0, 0)),  # as --uploaded-at records it
    ],
)
def test_the_day_is_recorded_as_the_command_line_records_it(
    day: dt.date, recorded: dt.datetime | None
) -> None:
    assert uploaded_at_for(day, TODAY) == recorded


def test_last_years_plan_is_saved_as_history_on_its_day(page_store: Path) -> None:
    app = open_upload_page()
    upload(app, "lomma-2025.xlsx", yearly_plan("Lomma", 2025))
    field = as_of_field(app)
    assert field.value == TODAY  # type: ignore[attr-defined]
    field.set_value(dt.date(2025, 12, 31)).run()  # type: ignore[attr-defined]
    save(app)
    assert any("som planen per 31 december 2025" in s.value for s in app.success)
    with store.open_store(page_store) as con:
        [upload_row] = store.fetch_uploads(con)
    assert upload_row.uploaded_at == dt.datetime(2025, 12, 31, 0, 0)


def test_a_future_day_keeps_spara_off_and_says_why(page_store: Path) -> None:
    app = open_upload_page()
    upload(app, "lomma-2025.xlsx", yearly_plan("Lomma", 2025))
    as_of_field(app).set_value(TODAY + dt.timedelta(days=3)).run()  # type: ignore[attr-defined]
    assert any("den dagen har inte kommit än" in e.value for e in app.error)
    assert next(b for b in app.button if b.label == "Spara").disabled
    with store.open_store(page_store) as con:
        assert not store.fetch_uploads(con)


# -- what the preview shows -----------------------------------------------------------------


def test_the_preview_lists_every_sheet_read_and_the_rows_outside_the_period(
    page_store: Path,
) -> None:
    app = open_upload_page()
    upload(app, "lomma-2025.xlsx", yearly_plan("Lomma", 2025))
    text = text_of(app)
    for line in (
        "- ”Överenskommelse”: överenskommelsen",
        "- ”Fokusområden”: fokusområden (2)",
        "- ”Mål”: mål (1)",
        "- ”Aktivitetsplan”: 12 aktiviteter",
    ):
        assert line in text
    assert "Blad som inte lästes" in text
    assert "”Instruktioner”" in text
    [warning] = [w.value for w in app.warning if "utanför planens period" in w.value]
    assert warning.startswith("2 slutdatum ligger utanför planens period 2025")
    assert "rad 4 (Aktivitet 3 i Lommas plan: 28 februari 2026)" in warning
    assert "rad 8 (Aktivitet 7 i Lommas plan: 30 november 2024)" in warning
    first, every = [d.value for d in app.dataframe][:2]
    assert len(first) == 5
    assert len(every) == 12
    assert list(first.columns[:5]) == ["Blad", "Rad", "ID", "Fokusområde", "Aktivitet"]
    assert first.iloc[0]["Slutdatum"] == "15 februari 2025"
    assert any(e.label == "Visa alla 12 aktiviteter" for e in app.expander)


def test_the_column_table_is_closed_when_every_heading_names_its_field(page_store: Path) -> None:
    app = open_upload_page()
    upload(app, "lomma-2025.xlsx", yearly_plan("Lomma", 2025))
    columns = next(e for e in app.expander if e.label.startswith("Kolumnerna på bladet"))
    assert columns.proto.expanded is False


def test_the_column_table_opens_where_a_column_needs_a_choice(page_store: Path) -> None:
    from tests.web.test_upload_page import contact_plan

    app = open_upload_page()
    upload(app, "plan.xlsx", contact_plan("Trygghetsvandring"))
    columns = next(e for e in app.expander if e.label.startswith("Kolumnerna på bladet"))
    assert columns.proto.expanded is True


def test_every_sheet_is_named_with_what_it_was_read_for() -> None:
    outcome = read_upload(yearly_plan(), "plan.xlsx")
    assert outcome.sheets == {
        "Instruktioner": "",
        "Överenskommelse": "agreement",
        "Fokusområden": "focus_areas",
        "Mål": "goals",
        "Aktivitetsplan": "activities",
        "Listor": "",
    }


def test_due_dates_outside_the_period_name_their_rows() -> None:
    report = read_upload(yearly_plan(year=2025), "plan.xlsx").report
    [(parsed, outside)] = due_dates_outside_period(report)
    assert parsed.agreement.kommun == "Lomma"
    assert [a.row for a in outside] == sorted(OUTSIDE)
    assert not due_dates_outside_period(read_upload(yearly_plan(rows=2), "p.xlsx").report)


def test_the_preview_table_labels_fields_in_swedish_and_leaves_out_empty_ones() -> None:
    activity = Activity(
        activity_key="A1",
        title="Trygghetsvandring",
        due=dt.date(2025, 11, 20),
        due_text="v. 47 2025",
        sheet="Plan",
        row=2,
        extra={"Budget": "10 000 kr"},
        confidential=True,
    )
    frame, empty = activity_preview_table([activity])
    assert list(frame.columns) == [
        "Blad", "Rad", "ID", "Aktivitet", "Slutdatum", "Ej offentlig", "Budget (extra)",
    ]  # fmt: skip
    row = frame.iloc[0]
    assert row["Slutdatum"] == "20 november 2025 (v. 47 2025)"
    assert "Status" in empty, "no row has a status: said under the table, not a blank column"
    assert row["Ej offentlig"] == "Ja"
    assert FIELD_LABELS["working_group"] in empty
    assert "Aktivitet" not in empty
    assert set(frame.columns) - {"Blad", "Rad", "Budget (extra)"} <= set(FIELD_LABELS.values())


@pytest.mark.parametrize(
    ("reasons", "columns"),
    [
        ({}, ["Rubrik i filen", "Läses som"]),
        ({"Klart": "18 av 20 värden är datum"}, ["Rubrik i filen", "Läses som", "Varför"]),
    ],
)
def test_the_column_table_says_why_when_the_contents_decided(
    reasons: dict[str, str], columns: list[str]
) -> None:
    frame = column_mapping_table({"Aktivitet": "title", "Klart": "due"}, reasons)
    assert list(frame.columns) == columns
    if reasons:
        assert list(frame["Varför"]) == ["–", "18 av 20 värden är datum"]


@pytest.mark.parametrize(
    ("mapping", "reasons", "choices", "opens"),
    [
        ({"Aktivitet": "title", "Status": "status"}, {}, {}, False),  # every heading its field
        ({"Aktivitet": "title", "Kontakt": "extra"}, {}, {}, True),  # unknown: a choice
        ({"Aktivitet": "title", "Budget": ""}, {}, {}, True),  # left out: a choice
        ({"Aktivitet": "title", "Klart": "due"}, {"Klart": "18 av 20 värden är datum"}, {}, True),
        # chosen by the coordinator: the dropdown stays, so the table opens with it
        ({"Aktivitet": "title", "Kontakt": "owner"}, {}, {"Kontakt": "owner"}, True),
    ],
)
def test_the_column_table_opens_where_there_is_something_to_decide_or_check(
    mapping: dict[str, str], reasons: dict[str, str], choices: dict[str, str], opens: bool
) -> None:
    assert is_worth_opening(mapping, reasons, choices) is opens


def test_the_why_column_shows_a_header_as_written_not_as_markdown() -> None:
    header = "**Klar** [länk](http://example.com) <b>x</b>"
    frame = column_mapping_table({header: "done_on"}, {header: f"kolumnen ”{header}” passar"})
    assert "\\*\\*Klar\\*\\*" in frame["Rubrik i filen"][0]
    assert "\\*\\*Klar\\*\\*" in frame["Varför"][0]
    assert "[länk](" not in frame["Varför"][0]
