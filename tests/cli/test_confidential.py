"""`samverkan status` and `samverkan changes` leave ej offentlig activities out (issue 14).

What a command prints leaves the app (a script, a file, a mail), so an activity marked ej
offentlig, by the file's column or by a coordinator in the app, is left out unless
`--include-confidential` is given; the output says how many either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.store.confidential import save_confidential_marks
from tests.cli.test_changes import import_dated, rows_in_june, rows_in_march

HIDDEN = {"Belysningen i parken", "Cykelmärkning", "Grannsamverkan"}


@pytest.fixture
def marked_store(db_path: Path, tmp_path: Path) -> Path:
    """Two plans a quarter apart: A3 ej offentlig in both files, A5 in June's, A2 in the app."""
    march, june = rows_in_march(), rows_in_june()
    for row in (*march, *june):
        if row["ID"] in ("A3", "A5"):
            row["Ej offentlig"] = "Ja"
    import_dated(db_path, tmp_path, march, "2024-03-01")
    import_dated(db_path, tmp_path, june, "2024-06-01")
    with store.open_store(db_path) as con:
        (agreement,) = store.fetch_agreements(con)
        save_confidential_marks(con, agreement.id or 0, {"A2": True}, "Anna")
    return db_path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main([*args, "--db", str(db)]) == 0
    return capsys.readouterr().out


CHANGES = ("changes", "--since", "2024-03-01", "--until", "2024-06-01")
STATUS = ("status", "--as-of", "2024-06-01")


def titles(document: dict[str, Any]) -> set[str]:
    found = {a["title"] for a in document.get("activities", [])}
    for name in ("added", "removed", "completed", "newly_overdue", "due_moved", "status_changed"):
        found |= {i["title"] for i in document.get(name, [])}
    return found


@pytest.mark.parametrize("command", [CHANGES, STATUS], ids=["changes", "status"])
def test_the_json_leaves_them_out_and_says_how_many(
    marked_store: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    document = json.loads(run(marked_store, capsys, *command, "--json"))
    assert not titles(document) & HIDDEN  # the reproduction: all three were there, unmarked
    assert "Trygghetsvandring i centrum" in titles(document)
    assert document["confidential"] == {"included": False, "activities": 3}
    assert not any("confidential" in a for a in document.get("activities", []))


@pytest.mark.parametrize("command", [CHANGES, STATUS], ids=["changes", "status"])
def test_include_confidential_puts_them_back_each_marked(
    marked_store: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    document = json.loads(run(marked_store, capsys, *command, "--json", "--include-confidential"))
    assert titles(document) >= HIDDEN
    assert document["confidential"] == {"included": True, "activities": 3}
    items = [
        i
        for name in ("activities", "added", "completed", "newly_overdue", "due_moved")
        for i in document.get(name, [])
    ]
    assert items
    assert {i["title"]: i["confidential"] for i in items} == {
        t: t in HIDDEN for t in {i["title"] for i in items}
    }


def test_the_status_counts_leave_them_out_too(
    marked_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (area,) = json.loads(run(marked_store, capsys, *STATUS, "--json"))["focus_areas"]
    assert area["activities"] == 1
    (area,) = json.loads(run(marked_store, capsys, *STATUS, "--json", "--include-confidential"))[
        "focus_areas"
    ]
    assert area["activities"] == 4


@pytest.mark.parametrize(
    ("command", "flag", "line"),
    [
        (CHANGES, (), "3 ej offentliga aktiviteter är inte med "
         "(--include-confidential tar med dem)."),
        (STATUS, (), "3 ej offentliga aktiviteter är inte med "
         "(--include-confidential tar med dem)."),
        (CHANGES, ("--include-confidential",), "3 ej offentliga aktiviteter är med "
         "(--include-confidential): sprid inte utskriften vidare."),
        (STATUS, ("--include-confidential",), "3 ej offentliga aktiviteter är med "
         "(--include-confidential): sprid inte utskriften vidare."),
    ],
)  # fmt: skip
def test_the_text_says_so_on_its_last_line(
    marked_store: Path,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    flag: tuple[str, ...],
    line: str,
) -> None:
    out = run(marked_store, capsys, *command, *flag)
    assert out.splitlines()[-1] == line
    shown = [t for t in HIDDEN if t in out]
    if flag:
        assert command == STATUS or "Grannsamverkan (ej offentlig)" in out
    else:
        assert shown == []


def test_a_plan_with_nothing_ej_offentlig_says_nothing_about_it(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_dated(db_path, tmp_path, rows_in_march(), "2024-03-01")
    assert "ej offentlig" not in run(db_path, capsys, *STATUS)
    document = json.loads(run(db_path, capsys, *STATUS, "--json"))
    assert document["confidential"] == {"included": False, "activities": 0}
