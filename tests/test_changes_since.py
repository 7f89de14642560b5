"""What changed since a day: matching across uploads, each kind of change, the plan on a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.changes_since import (
    CHANGE_KINDS,
    build_changes_since,
    changes_line,
    compare_since,
    count_changes,
    count_due_moves,
    group_by_focus_area,
    has_own_id,
    last_meeting,
    match_activities,
)
from samverkan.excel.plan import ImportOptions
from samverkan.excel.rows import derived_key
from samverkan.history import build_upload_history
from samverkan.importing.pipeline import import_workbook
from samverkan.models import Activity, Assessment, Meeting, MeetingBody, Status
from samverkan.store.meetings import (
    delete_meeting,
    fetch_last_meeting,
    fetch_meetings,
    save_meeting,
)
from tests.conftest import make_activity_row, make_plan_workbook

AREA = "Trygghet i centrum"
SINCE, UNTIL = dt.date(2024, 3, 1), dt.date(2024, 6, 1)


def make_activity(title: str, key: str | None = None, **overrides: Any) -> Activity:
    """An activity; without `key` it has no ID of its own (the key from focus area and title)."""
    area = overrides.pop("focus_area", AREA)
    values: dict[str, Any] = {
        "activity_key": key or derived_key(area, title),
        "focus_area": area,
        "title": title,
        "status": Status.IN_PROGRESS,
        "due": dt.date(2024, 12, 31),
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


# -- matching across uploads ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "pairs", "removed", "added"),
    [
        pytest.param(
            [("Trygghetsvandring", "A1")], [("Helt ny rubrik", "A1")], 1, 0, 0, id="same ID"
        ),
        pytest.param(
            [("Trygghetsvandring i centrum", None)],
            [("Trygghetsvandring i centrum", None)],
            1, 0, 0, id="no ID, same title",
        ),
        pytest.param(
            [("Trygghetsvandring i centrum", None)],
            [("Trygghetsvandringar i centrum", None)],
            1, 0, 0, id="no ID, title edited slightly",
        ),
        pytest.param(
            [("Trygghetsvandring  I Centrum", None)],
            [("trygghetsvandring i centrum.", None)],
            1, 0, 0, id="no ID, case, spaces and a full stop",
        ),
        pytest.param(
            [("Trygghetsvandring i centrum", None)],
            [("Belysningsinventering vid stationen", None)],
            0, 1, 1, id="no ID, title changed a lot",
        ),
        pytest.param(
            [("Nattvandring med föreningar", None)],
            [("Föräldravandring", None)],
            0, 1, 1, id="no ID, a new wording",
        ),
        pytest.param(
            [("Trygghetsvandring i centrum", "A1")],
            [("Trygghetsvandringar i centrum", "A2")],
            0, 1, 1, id="two own IDs are never paired by title",
        ),
        pytest.param(
            [("Trygghetsvandring i centrum", "A1")],
            [("Trygghetsvandring i centrum", None)],
            1, 0, 0, id="the plan dropped its ID column",
        ),
        pytest.param([], [("Ny aktivitet", None)], 0, 0, 1, id="empty before"),
        pytest.param([("Gammal aktivitet", None)], [], 0, 1, 0, id="empty after"),
    ],
)  # fmt: skip
def test_matching_across_uploads(
    before: list[tuple[str, str | None]],
    after: list[tuple[str, str | None]],
    pairs: int,
    removed: int,
    added: int,
) -> None:
    matching = match_activities(
        [make_activity(t, k) for t, k in before], [make_activity(t, k) for t, k in after]
    )
    assert (len(matching.pairs), len(matching.removed), len(matching.added)) == (
        pairs,
        removed,
        added,
    )


def test_a_slight_edit_in_another_focus_area_is_another_activity() -> None:
    matching = match_activities(
        [make_activity("Trygghetsvandring i centrum")],
        [make_activity("Trygghetsvandringar i centrum", focus_area="Våld i nära relationer")],
    )
    assert (len(matching.pairs), len(matching.removed), len(matching.added)) == (0, 1, 1)


def test_the_most_alike_title_wins() -> None:
    before = [
        make_activity("Trygghetsvandring i Arlöv"),
        make_activity("Trygghetsvandring i Åkarp"),
    ]
    after = [make_activity("Trygghetsvandringar i Åkarp")]
    [(earlier, later)] = match_activities(before, after).pairs
    assert earlier.title == "Trygghetsvandring i Åkarp"
    assert later.title == "Trygghetsvandringar i Åkarp"


def test_an_id_of_its_own_is_told_from_the_derived_key() -> None:
    assert has_own_id(make_activity("Trygghetsvandring", "A1"))
    assert not has_own_id(make_activity("Trygghetsvandring"))


# -- each kind of change ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "kinds"),
    [
        pytest.param({}, {}, set(), id="nothing changed"),
        pytest.param({}, {"row": 9, "sheet": "Blad2"}, set(), id="moved in the file"),
        pytest.param(
            {}, {"status": Status.DONE}, {"completed", "status_changed"}, id="completed"
        ),
        pytest.param(
            {"status": Status.DONE}, {"status": Status.DONE}, set(), id="done before too"
        ),
        pytest.param({"status": None}, {}, {"status_changed"}, id="status given"),
        pytest.param(
            {}, {"status": Status.CANCELLED}, {"status_changed"}, id="cancelled"
        ),
        pytest.param(
            {}, {"due": dt.date(2025, 3, 31)}, {"due_moved"}, id="due date moved"
        ),
        pytest.param(
            {"due": None}, {"due": dt.date(2025, 3, 31)}, {"due_moved"}, id="due date set"
        ),
        pytest.param(
            {"due": dt.date(2024, 4, 30)}, {"due": dt.date(2024, 4, 30)},
            {"newly_overdue"}, id="late since",
        ),
        pytest.param(
            {"due": dt.date(2024, 1, 31)}, {"due": dt.date(2024, 1, 31)},
            set(), id="late already",
        ),
        pytest.param(
            {"due": dt.date(2024, 1, 31), "status": Status.DONE},
            {"due": dt.date(2024, 1, 31), "status": Status.IN_PROGRESS},
            {"newly_overdue", "status_changed"}, id="reopened after its due date",
        ),
        pytest.param(
            {"due": dt.date(2024, 4, 30)}, {"due": dt.date(2024, 4, 30), "status": Status.DONE},
            {"completed", "status_changed"}, id="done in time",
        ),
        pytest.param(
            {"assessment": Assessment.GREEN}, {"assessment": Assessment.RED},
            {"assessment_changed"}, id="bedömning",
        ),
        pytest.param({}, {"comment": "Bokat till maj"}, {"comment_changed"}, id="new comment"),
        pytest.param(
            {"comment": "Bokat till maj"}, {"comment": "Bokat till juni"},
            {"comment_changed"}, id="changed comment",
        ),
        pytest.param(
            {"comment": "Bokat  till maj"}, {"comment": "Bokat till maj "},
            set(), id="comment respaced",
        ),
        pytest.param({"comment": "Bokat till maj"}, {}, set(), id="comment taken away"),
    ],
)  # fmt: skip
def test_each_kind_of_change(
    before: dict[str, Any], after: dict[str, Any], kinds: set[str]
) -> None:
    changes = compare_since(
        [make_activity("Trygghetsvandring", "A1", **before)],
        [make_activity("Trygghetsvandring", "A1", **after)],
        SINCE,
        UNTIL,
    )
    assert {name for name, count in count_changes(changes).items() if count} == kinds
    assert changes.is_empty == (not kinds)


@pytest.mark.parametrize(
    ("due", "kinds"),
    [
        (dt.date(2024, 12, 31), {"added"}),
        (dt.date(2024, 4, 30), {"added", "newly_overdue"}),
    ],
)
def test_an_added_activity_already_late_is_newly_late(due: dt.date, kinds: set[str]) -> None:
    changes = compare_since([], [make_activity("Ny", "A9", due=due)], SINCE, UNTIL)
    assert {name for name, count in count_changes(changes).items() if count} == kinds


def test_a_renamed_activity_without_id_keeps_its_changes() -> None:
    changes = compare_since(
        [make_activity("Trygghetsvandring i centrum")],
        [make_activity("Trygghetsvandringar i centrum", status=Status.DONE)],
        SINCE,
        UNTIL,
    )
    assert [c.after.title for c in changes.completed] == ["Trygghetsvandringar i centrum"]
    assert [c.before.title for c in changes.renamed] == ["Trygghetsvandring i centrum"]
    assert not changes.added
    assert not changes.removed


@pytest.mark.parametrize(
    ("dues", "moves"),
    [
        ([dt.date(2024, 5, 31)], 0),
        ([dt.date(2024, 5, 31), dt.date(2024, 5, 31)], 0),
        ([dt.date(2024, 5, 31), dt.date(2024, 8, 31), dt.date(2024, 8, 31)], 1),
        ([dt.date(2024, 5, 31), dt.date(2024, 8, 31), dt.date(2024, 10, 31)], 2),
        ([dt.date(2024, 5, 31), None, dt.date(2024, 5, 31)], 2),
    ],
)
def test_due_moves_are_counted_across_every_upload(dues: list[dt.date | None], moves: int) -> None:
    plans = [[make_activity("Trygghetsvandring", "A1", due=d)] for d in dues]
    assert count_due_moves(plans) == {"A1": moves}


def test_due_moves_follow_a_slightly_renamed_activity() -> None:
    plans = [
        [make_activity("Trygghetsvandring i centrum", due=dt.date(2024, 5, 31))],
        [make_activity("Trygghetsvandringar i centrum", due=dt.date(2024, 8, 31))],
        [make_activity("Trygghetsvandringar i centrum", due=dt.date(2024, 9, 30))],
    ]
    assert list(count_due_moves(plans).values()) == [2]
    changes = compare_since(plans[1], plans[2], SINCE, UNTIL, count_due_moves(plans))
    assert [c.due_moves for c in changes.due_moved] == [2]


def test_changes_per_focus_area_in_the_agreements_order() -> None:
    before = [
        make_activity("Kvar", "A1"),
        make_activity("Borttagen", "V1", focus_area="Våld i nära relationer"),
    ]
    after = [
        make_activity("Kvar", "A1", status=Status.DONE),
        make_activity("Ny", "M1", focus_area=None),
    ]
    groups = group_by_focus_area(
        compare_since(before, after, SINCE, UNTIL), ["Våld i nära relationer", AREA]
    )
    assert [(area, count_changes(part)) for area, part in groups] == [
        ("Våld i nära relationer", {**_none(), "removed": 1}),
        (AREA, {**_none(), "completed": 1, "status_changed": 1}),
        ("Utan fokusområde", {**_none(), "added": 1}),
    ]


def _none() -> dict[str, int]:
    return dict.fromkeys(count_changes(compare_since([], [], SINCE, UNTIL)), 0)


# -- the plan on a day, from the store --------------------------------------------------------


def import_plan(db: Path, rows: list[dict[str, Any]], day: dt.date, kommun: str = "Eslöv") -> None:
    outcome = import_workbook(
        make_plan_workbook(rows),
        f"plan-{day}.xlsx",
        db_path=db,
        options=ImportOptions(kommun=kommun),
        uploaded_at=dt.datetime.combine(day, dt.time(10)),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]


@pytest.fixture
def two_uploads_store(empty_store: Path) -> Path:
    """Eslöv's plan uploaded on 1 March 2024, and again on 1 June with A1 done and A3 new."""
    import_plan(
        empty_store,
        [make_activity_row(ID="A1"), make_activity_row(ID="A2", Aktivitet="Belysning")],
        dt.date(2024, 3, 1),
    )
    import_plan(
        empty_store,
        [
            make_activity_row(ID="A1", Status="Klar"),
            make_activity_row(ID="A2", Aktivitet="Belysning"),
            make_activity_row(ID="A3", Aktivitet="Cykelmärkning"),
        ],
        dt.date(2024, 6, 1),
    )
    return empty_store


@pytest.mark.parametrize(
    ("since", "until", "added", "completed"),
    [
        pytest.param(dt.date(2024, 2, 1), dt.date(2024, 7, 1), 3, 0, id="before any upload"),
        pytest.param(dt.date(2024, 3, 1), dt.date(2024, 7, 1), 1, 1, id="on the upload day"),
        pytest.param(dt.date(2024, 5, 31), dt.date(2024, 6, 1), 1, 1, id="until the upload day"),
        pytest.param(dt.date(2024, 3, 1), dt.date(2024, 5, 31), 0, 0, id="until before it"),
        pytest.param(dt.date(2024, 6, 1), dt.date(2024, 7, 1), 0, 0, id="since the last one"),
    ],
)
def test_the_plan_on_a_day_is_the_newest_uploaded_on_or_before_it(
    two_uploads_store: Path, since: dt.date, until: dt.date, added: int, completed: int
) -> None:
    with store.open_store(two_uploads_store) as con:
        [agreement] = store.fetch_agreements(con)
        changes = build_changes_since(con, agreement, since, until)
    assert (len(changes.added), len(changes.completed)) == (added, completed)
    assert (changes.since, changes.until) == (since, until)


def test_an_upload_can_be_chosen_as_the_start(two_uploads_store: Path) -> None:
    with store.open_store(two_uploads_store) as con:
        [agreement] = store.fetch_agreements(con)
        [newest, oldest] = store.fetch_uploads(con, agreement.id)
        changes = build_changes_since(
            con, agreement, dt.date(2024, 6, 1), dt.date(2024, 7, 1), since_upload_id=oldest.id
        )
    assert changes.before_upload == oldest
    assert changes.after_upload == newest
    assert [a.activity_key for a in changes.added] == ["A3"]


def test_an_upload_s_changes_are_what_changes_since_the_upload_before_it_says(
    two_uploads_store: Path,
) -> None:
    """Historik and Ladda upp (compare_uploads) count what Förändringar counts from the earlier
    upload to the later one's day, due moves and uploads included."""
    with store.open_store(two_uploads_store) as con:
        [agreement] = store.fetch_agreements(con)
        [newest, oldest] = store.fetch_uploads(con, agreement.id)
        history = build_upload_history(con, agreement.id)
        since_upload = build_changes_since(
            con,
            agreement,
            oldest.uploaded_at.date(),
            newest.uploaded_at.date(),
            since_upload_id=oldest.id,
        )
    assert [e.changes for e in history] == [None, since_upload]
    assert changes_line(since_upload) == "nya 1, genomförda 1, nyss försenade 2, ny status 1"


@pytest.mark.parametrize(
    ("after", "line"),
    [
        pytest.param({}, "inga ändringar", id="nothing"),
        pytest.param({"status": Status.NOT_STARTED}, "ny status 1", id="status"),
        pytest.param({"status": Status.DONE}, "genomförda 1, ny status 1", id="done"),
        pytest.param(
            {"assessment": Assessment.RED, "comment": "Försenad leverans"},
            "ny bedömning 1, nya kommentarer 1",
            id="assessment and comment",
        ),
        pytest.param({"due": dt.date(2025, 3, 1)}, "nytt slutdatum 1", id="due"),
        pytest.param({"title": "Trygghetsvandringar"}, "ny rubrik 1", id="renamed"),
    ],
)
def test_changes_line_names_each_kind_as_the_counts_on_top(
    after: dict[str, Any], line: str
) -> None:
    before = make_activity("Trygghetsvandring")
    changes = compare_since([before], [before.model_copy(update=after)], SINCE, UNTIL)
    assert changes_line(changes) == line
    shown = {label.lower(): count_changes(changes)[name] for name, label, _ in CHANGE_KINDS}
    assert ", ".join(f"{label} {n}" for label, n in shown.items() if n) in (line, "")


# -- the meeting register ---------------------------------------------------------------------


def test_meetings_are_saved_listed_latest_first_and_removed(eslov_2022_store: Path) -> None:
    with store.open_store(eslov_2022_store) as con:
        [agreement] = store.fetch_agreements(con)
        assert agreement.id is not None
        first = save_meeting(con, agreement.id, dt.date(2022, 9, 15), MeetingBody.STEERING_GROUP)
        second = save_meeting(
            con, agreement.id, dt.date(2022, 11, 20), MeetingBody.LOCAL_BRA, "  Beslut: mer ljus "
        )
        assert fetch_meetings(con, agreement.id) == [second, first]
        assert second.note == "Beslut: mer ljus"
        assert fetch_last_meeting(con, agreement.id, dt.date(2022, 10, 1)) == first
        assert delete_meeting(con, first.id or 0)
        assert not delete_meeting(con, first.id or 0)
        assert fetch_meetings(con, agreement.id) == [second]


@pytest.mark.parametrize(
    ("on", "expected"),
    [(dt.date(2024, 1, 1), None), (dt.date(2024, 3, 1), 1), (dt.date(2024, 9, 1), 2)],
)
def test_the_last_meeting_is_the_latest_held_on_or_before_the_day(
    on: dt.date, expected: int | None
) -> None:
    meetings = [
        Meeting(id=2, agreement_id=1, held_on=dt.date(2024, 6, 1), body=MeetingBody.KSAU),
        Meeting(id=1, agreement_id=1, held_on=dt.date(2024, 3, 1), body=MeetingBody.OTHER),
    ]
    found = last_meeting(meetings, on)
    assert (found.id if found else None) == expected
