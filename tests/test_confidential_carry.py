"""An ej offentlig choice survives a title edited between uploads (issue 14).

A plan without an ID column keys its activities by focus area and title. The coordinator
switches one on in the app; the next file spells the title slightly differently. The choice
follows the activity as the changes pair them (changes_since.match_activities), inside the
upload's transaction; where the pairing is uncertain the new activity is kept ej offentlig
and the upload's summary says so (the CLI's here, the page's in test_app_confidential_carry).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from samverkan import store
from samverkan.changes_since import match_activities
from samverkan.citizen_promises import build_citizen_promises, build_promises_html
from samverkan.cli import main
from samverkan.excel.rows import derived_key
from samverkan.exports.calendar import build_calendar
from samverkan.metrics import build_quick_check
from samverkan.models import Activity, Agreement, ReportFormat, ReportKind
from samverkan.reports import build_report, report_period
from samverkan.reports.content import build_plan_report
from samverkan.status import build_plan_status
from samverkan.store.confidential import save_confidential_marks
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app_access import buttons, logged_in, served_store  # noqa: F401

YEAR = dt.date.today().year
SECRET = "Riktade narkotikakontroller vid Arlövs station"
PROMISE = "Vi gör det tryggare kring stationen"
OTHER = "Trygghetsvandring i centrum"


def plan_row(title: str, **overrides: object) -> dict[str, object]:
    """A row without an ID (the file has no ID column), due this year, with a promise."""
    row = make_activity_row(
        Aktivitet=title,
        Slutdatum=dt.date(YEAR, 12, 31),
        Status="Pågår",
        Medborgarlöfte=PROMISE,
        **overrides,
    )
    del row["ID"]
    return row


def write_plan(path: Path, *titles: str) -> Path:
    path.write_bytes(
        make_plan_workbook(
            [plan_row(t) for t in titles], title_rows=[[f"Aktivitetsplan {YEAR} för Lomma kommun"]]
        )
    )
    return path


def import_plan(db: Path, path: Path, capsys: pytest.CaptureFixture[str], day: int) -> str:
    capsys.readouterr()
    when = dt.date(YEAR, 1, day).isoformat()
    assert main(["import", str(path), "--db", str(db), "--uploaded-at", when]) == 0
    return capsys.readouterr().out


def switch_on(db: Path, title: str) -> Agreement:
    """The coordinator's switch in the app, for the activity with this title."""
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        (activity,) = [
            a for a in store.fetch_current_activities(con, agreement.id or 0) if a.title == title
        ]
        assert not activity.confidential
        save_confidential_marks(con, agreement.id or 0, {activity.activity_key: True}, "Anna")
    return agreement


def public_everywhere(db: Path, agreement: Agreement) -> str:
    """Every text that leaves the app: promises, their HTML, the .ics and both reports."""
    as_of = dt.date(YEAR, 6, 1)
    with store.open_store(db) as con:
        status = build_plan_status(con, agreement, as_of)
        period = report_period(ReportKind.YEAR, as_of)
        report = build_plan_report(con, agreement, period, as_of)
        workbook = build_report(con, agreement, period, ReportFormat.XLSX, today=as_of)
    promises = build_citizen_promises(status.activities, YEAR)
    html = build_promises_html(promises, agreement, YEAR, as_of)
    ics = build_calendar(build_quick_check([status]).shown, name="test").decode()
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        cells = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    titles = [a.title for p in promises for a in p.activities]
    titles += [v.activity.title for v in report.status.activities]
    return "\n".join([*titles, html, ics, cells])


def current(db: Path, agreement: Agreement) -> dict[str, bool]:
    with store.open_store(db) as con:
        return {
            a.title: a.confidential for a in store.fetch_current_activities(con, agreement.id or 0)
        }


@pytest.mark.parametrize(
    ("edited", "said"),
    [
        # The reproduction: a slightly different spelling in the next file.
        (
            "Riktade narkotikakontroller kring Arlövs station",
            "”Riktade narkotikakontroller kring Arlövs station” är fortfarande ej offentlig "
            f"(hette ”{SECRET}” i förra planen).",
        ),
        # Reworded more: perhaps the same activity, so kept ej offentlig until checked.
        (
            "Narkotikakontroller vid stationen i Arlöv",
            "”Narkotikakontroller vid stationen i Arlöv” hålls ej offentlig eftersom den liknar "
            f"”{SECRET}”, som var ej offentlig i förra planen. Kontrollera under "
            "Överenskommelse → Ej offentliga aktiviteter",
        ),
    ],
)
def test_a_changed_title_stays_ej_offentlig_everywhere(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edited: str,
    said: str,
) -> None:
    import_plan(db_path, write_plan(tmp_path / "v1.xlsx", SECRET, OTHER), capsys, 10)
    agreement = switch_on(db_path, SECRET)
    assert SECRET not in public_everywhere(db_path, agreement)

    out = import_plan(db_path, write_plan(tmp_path / "v2.xlsx", edited, OTHER), capsys, 20)

    assert current(db_path, agreement) == {edited: True, OTHER: False}
    leaving = public_everywhere(db_path, agreement)
    assert edited not in leaving
    assert "narkotika" not in leaving.casefold()
    assert OTHER in leaving  # the public activity is still there: the check is not vacuous
    assert f"  Ej offentlig – Lomma: {said}" in out


def test_a_new_wording_is_not_guessed_but_the_coordinator_is_told(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(db_path, write_plan(tmp_path / "v1.xlsx", SECRET, OTHER), capsys, 10)
    agreement = switch_on(db_path, SECRET)
    out = import_plan(
        db_path, write_plan(tmp_path / "v2.xlsx", "Föräldravandring", OTHER), capsys, 20
    )
    assert current(db_path, agreement) == {"Föräldravandring": False, OTHER: False}
    assert (
        f"  Ej offentlig – Lomma: ”{SECRET}” var ej offentlig men finns inte i den nya planen. "
        "Har den fått ett nytt namn, slå på Ej offentlig för den igen under Överenskommelse → "
        "Ej offentliga aktiviteter." in out
    )


def test_an_unchanged_plan_says_nothing_and_an_earlier_public_choice_is_not_carried(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(db_path, write_plan(tmp_path / "v1.xlsx", SECRET, OTHER), capsys, 10)
    agreement = switch_on(db_path, SECRET)
    with store.open_store(db_path) as con:
        key = derived_key("Trygghet i centrum", OTHER)
        save_confidential_marks(con, agreement.id or 0, {key: False}, "Anna")
    out = import_plan(db_path, write_plan(tmp_path / "v2.xlsx", SECRET, OTHER), capsys, 20)
    assert "Ej offentlig" not in out
    out = import_plan(
        db_path, write_plan(tmp_path / "v3.xlsx", SECRET, "Trygghetsvandringar i centrum"),
        capsys, 25,
    )  # fmt: skip
    assert "Ej offentlig" not in out
    assert current(db_path, agreement) == {SECRET: True, "Trygghetsvandringar i centrum": False}


def activity(title: str, area: str = "Trygghet i centrum", key: str | None = None) -> Activity:
    return Activity(
        activity_key=key or derived_key(area, title), focus_area=area, title=title, sheet="s",
        row=1,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "pairs", "uncertain"),
    [
        # A small edit pairs; nothing is uncertain.
        ([activity(SECRET)], [activity(SECRET + "en")], 1, []),
        # Reworded: no pair for the changes, but perhaps the same activity.
        (
            [activity(SECRET)],
            [activity("Narkotikakontroller vid stationen i Arlöv")],
            0,
            [(SECRET, "Narkotikakontroller vid stationen i Arlöv")],
        ),
        # A new wording is neither.
        ([activity(SECRET)], [activity("Föräldravandring")], 0, []),
        # The same title under a renamed focus area: the key changed with the area.
        (
            [activity(SECRET)],
            [activity(SECRET, area="Trygghet kring stationen")],
            0,
            [(SECRET, SECRET)],
        ),
        # Two alike: the closer one pairs, the other is left uncertain.
        (
            [activity(SECRET)],
            [activity(SECRET + "en"), activity(SECRET + " 2")],
            1,
            [(SECRET, SECRET + " 2")],
        ),
        # Two activities with their own different IDs are never the same one.
        (
            [activity(SECRET, key="A1")],
            [activity("Narkotikakontroller vid stationen i Arlöv", key="A2")],
            0,
            [],
        ),
    ],
)
def test_the_matching_says_where_it_is_uncertain(
    before: list[Activity],
    after: list[Activity],
    pairs: int,
    uncertain: list[tuple[str, str]],
) -> None:
    matching = match_activities(before, after)
    assert len(matching.pairs) == pairs
    assert [(b.title, a.title) for b, a in matching.uncertain] == uncertain


def test_the_messages_leave_a_made_up_key_out_and_show_a_real_one() -> None:
    from samverkan.confidentiality import carry_messages
    from samverkan.models import CarriedConfidential, CarryKind

    made_up = derived_key("x", "y")
    (message,) = carry_messages(
        [
            CarriedConfidential(
                kind=CarryKind.CARRIED, kommun="Lomma", earlier_key=made_up, earlier_title="Förr",
                activity_key="B4", title="Nu",
            )
        ]
    )  # fmt: skip
    assert message == (
        CarryKind.CARRIED,
        "Lomma: ”Nu” (B4) är fortfarande ej offentlig (hette ”Förr” i förra planen).",
    )


def test_the_upload_page_says_so_after_spara(
    served_store: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Lomma coordinator saves the reworded plan on Ladda upp and is told to check it."""
    import_plan(served_store, write_plan(tmp_path / "v1.xlsx", SECRET, OTHER), capsys, 10)
    with store.open_store(served_store) as con:
        (lomma,) = [a for a in store.fetch_agreements(con) if a.kommun == "Lomma"]
        (secret,) = [
            a for a in store.fetch_current_activities(con, lomma.id or 0) if a.title == SECRET
        ]
        save_confidential_marks(con, lomma.id or 0, {secret.activity_key: True}, "Anna")
    edited = "Narkotikakontroller vid stationen i Arlöv"
    app = logged_in("sam@lomma.se", "pages/ladda_upp.py")
    data = write_plan(tmp_path / "v2.xlsx", edited, OTHER).read_bytes()
    app.get("file_uploader")[0].upload("v2.xlsx", data).run()  # type: ignore[attr-defined]
    buttons(app, "Spara")[0].click().run()  # type: ignore[attr-defined]
    assert not app.exception
    assert any("Sparat: 2 aktiviteter" in s.value for s in app.success)
    (warning,) = [w.value for w in app.warning]
    assert warning.startswith("**Kontrollera ej offentliga aktiviteter**")
    assert "Narkotikakontroller vid stationen i Arlöv” hålls ej offentlig" in warning
    assert current(served_store, lomma) == {edited: True, OTHER: False}
