"""`samverkan changes` and `samverkan meeting`: two uploads a quarter apart, dated on import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samverkan.cli import main
from samverkan.excel.rows import derived_key
from tests.conftest import make_activity_row, make_plan_workbook, store_held_by_other_process

AREA = "Trygghet i centrum"


def rows_in_march() -> list[dict[str, Any]]:
    return [
        make_activity_row(ID="A1", Aktivitet="Trygghetsvandring i centrum", Slutdatum="2024-05-31"),
        make_activity_row(ID="A2", Aktivitet="Belysning i parken", Slutdatum="2024-04-30"),
        make_activity_row(
            ID="A3", Aktivitet="Cykelmärkning", Slutdatum="2024-05-15", Status="Ej påbörjad"
        ),
        make_activity_row(ID="A4", Aktivitet="Kameraansökan", Slutdatum="2024-10-31"),
    ]


def rows_in_june() -> list[dict[str, Any]]:
    """A1 done, A2 moved, A3 untouched (and now late), A4 gone, A5 new."""
    return [
        make_activity_row(
            ID="A1", Aktivitet="Trygghetsvandring i centrum", Slutdatum="2024-05-31", Status="Klar"
        ),
        make_activity_row(ID="A2", Aktivitet="Belysningen i parken", Slutdatum="2024-09-30"),
        make_activity_row(
            ID="A3", Aktivitet="Cykelmärkning", Slutdatum="2024-05-15", Status="Ej påbörjad"
        ),
        make_activity_row(ID="A5", Aktivitet="Grannsamverkan", Slutdatum="2024-12-31"),
    ]


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "ID"} for row in rows]


def import_dated(db: Path, tmp: Path, rows: list[dict[str, Any]], day: str, **kw: str) -> None:
    path = tmp / f"plan-{day}-{kw.get('kommun', 'Eslöv')}.xlsx"
    path.write_bytes(make_plan_workbook(rows))
    kommun = kw.get("kommun", "Eslöv")
    args = ["import", str(path), "--db", str(db), "--kommun", kommun, "--uploaded-at", day]
    assert main(args) == 0


def changes(db: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["changes", "--db", str(db), *extra, "--json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def item(key: str, title: str) -> dict[str, str]:
    return {"id": key, "title": title, "focus_area": AREA}


@pytest.mark.parametrize("with_ids", [True, False], ids=["with IDs", "without IDs"])
def test_two_uploads_a_quarter_apart(
    with_ids: bool, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    march, june = rows_in_march(), rows_in_june()
    if not with_ids:
        march, june = without_ids(march), without_ids(june)
    import_dated(db_path, tmp_path, march, "2024-03-01")
    import_dated(db_path, tmp_path, june, "2024-06-01")

    def key(given: str, title: str) -> str:
        return given if with_ids else derived_key(AREA, title)

    document = changes(db_path, "--since", "2024-03-01", "--until", "2024-06-01", capsys=capsys)
    assert document == {
        "since": "2024-03-01",
        "until": "2024-06-01",
        "added": [item(key("A5", "Grannsamverkan"), "Grannsamverkan")],
        "removed": [item(key("A4", "Kameraansökan"), "Kameraansökan")],
        "completed": [
            item(key("A1", "Trygghetsvandring i centrum"), "Trygghetsvandring i centrum")
        ],
        "newly_overdue": [item(key("A3", "Cykelmärkning"), "Cykelmärkning")],
        "due_moved": [
            {
                # matched across the slight edit of its title when the plan has no IDs
                "id": key("A2", "Belysningen i parken"),
                "title": "Belysningen i parken",
                "from": "2024-04-30",
                "to": "2024-09-30",
            }
        ],
        "status_changed": [
            {
                "id": key("A1", "Trygghetsvandring i centrum"),
                "title": "Trygghetsvandring i centrum",
                "from": "Pågår",
                "to": "Genomförd",
            }
        ],
        "confidential": {"included": False, "activities": 0},
    }


@pytest.mark.parametrize(
    ("since", "until", "added"),
    [
        ("2024-01-01", "2024-06-01", ["A1", "A2", "A3", "A5"]),  # before any upload: all new
        ("2024-03-01", "2024-05-31", []),  # the June plan was not there yet
        ("2024-06-01", "2024-06-30", []),  # nothing uploaded since June
        ("2024-03-31", "2024-06-30", ["A5"]),
    ],
)
def test_the_state_at_a_date_is_the_newest_upload_on_or_before_it(
    since: str,
    until: str,
    added: list[str],
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    import_dated(db_path, tmp_path, rows_in_june(), "2024-06-01")
    document = changes(db_path, "--since", since, "--until", until, capsys=capsys)
    assert [a["id"] for a in document["added"]] == added


def test_without_until_it_is_today(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    import_dated(db_path, tmp_path, rows_in_june(), "2024-06-01")
    document = changes(db_path, "--since", "2024-03-01", capsys=capsys)
    assert [a["id"] for a in document["added"]] == ["A5"]
    assert document["until"] > "2024-06-01"


def test_several_kommuner_need_kommun(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    import_dated(db_path, tmp_path, rows_in_june(), "2024-06-01", kommun="Lomma")
    capsys.readouterr()
    assert main(["changes", "--db", str(db_path), "--since", "2024-01-01", "--json"]) == 2
    err = capsys.readouterr().err
    assert "--kommun" in err
    assert "Eslöv, Lomma" in err
    document = changes(db_path, "--kommun", "Lomma", "--since", "2024-01-01", capsys=capsys)
    assert [a["id"] for a in document["added"]] == ["A1", "A2", "A3", "A5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["changes", "--db", "DB", "--json"], "--since"),
        (["changes", "--db", "DB", "--since", "förra mötet"], "ÅÅÅÅ-MM-DD"),
        (["changes", "--db", "DB", "--since", "2024-03-01", "--until", "31/5"], "ÅÅÅÅ-MM-DD"),
        (["changes", "--db", "DB", "--since", "2024-06-01", "--until", "2024-03-01"], "efter"),
        (["changes", "--db", "DB", "--since", "2024-03-01", "--kommun", "Atlantis"], "Atlantis"),
        (["meeting", "add", "--db", "DB", "--body", "kafferep"], "inget mötesorgan"),
        (["meeting", "add", "--db", "DB", "--date", "igår"], "ÅÅÅÅ-MM-DD"),
        (["meeting", "flytta", "--db", "DB"], "ogiltigt val"),
    ],
)
def test_wrong_input_exits_2_in_swedish(
    args: list[str],
    message: str,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    capsys.readouterr()
    assert main([str(db_path) if a == "DB" else a for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_an_empty_store_says_to_import_first(
    empty_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["changes", "--db", str(empty_store), "--since", "2024-03-01"]) == 2
    assert "ingen överenskommelse" in capsys.readouterr().err


def test_meetings_are_added_and_listed(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    db = str(db_path)
    assert main(["meeting", "add", "--db", db, "--date", "2024-04-10", "--body", "KSAU"]) == 0
    assert main(["meeting", "add", "--db", db, "--date", "2024-05-20", "--note", "Beslut"]) == 0
    assert "är registrerat för Eslöv" in capsys.readouterr().out
    assert main(["meeting", "list", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "kommun": "Eslöv",
        "meetings": [
            {"date": "2024-05-20", "body": "styrgrupp", "note": "Beslut"},
            {"date": "2024-04-10", "body": "KSAU", "note": None},
        ],
    }


def test_a_busy_store_exits_3(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    capsys.readouterr()
    with store_held_by_other_process(db_path):
        assert main(["changes", "--db", str(db_path), "--since", "2024-03-01"]) == 3
    assert "Databasen används – försök igen" in capsys.readouterr().err
