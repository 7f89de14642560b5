"""`samverkan checkin`: the same rules as the app, exit 0/2/3, Swedish sentences, no traceback;
and `import` keeping a later check-in over an older file (or not, with --file-wins)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import KOMMUN, LPO
from samverkan.models import ReportFormat, ReportKind
from samverkan.reports import build_report
from samverkan.reports.period import report_period
from tests.conftest import store_held_by_other_process, store_snapshot


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def demo(writable_demo_store: Path) -> Path:
    """The demo with a kommunpolis of its LPO, one of another LPO and a reader."""
    db = str(writable_demo_store)
    for email, name, extra in (
        ("kim@polisen.se", "Kim Polis", ["--party", "polis", "--lpo", LPO]),
        ("mo@polisen.se", "Mo Polis", ["--party", "polis", "--lpo", "Malmö Norr"]),
        ("las@burlov.se", "Läsare", []),
    ):
        assert (
            main(["user", "add", email, "--name", name, "--role", "läsare", *extra, "--db", db])
            == 0
        )
    return writable_demo_store


def test_a_kommunpolis_marks_a_police_commitment_done(demo: Path) -> None:
    result = run("checkin", "B4", "--status", "Klar", "--comment", "Klart i tisdags",
                 "--as", "kim@polisen.se", "--db", str(demo))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Sparat: Riktade narkotikakontroller vid Arlövs station markerad som genomförd"
    )
    assert "samverkan withdraw" in result.stdout
    status = json.loads(run("status", "--json", "--db", str(demo)).stdout)
    b4 = next(a for a in status["activities"] if a["id"] == "B4")
    assert (b4["status"], b4["done_on"]) == ("Genomförd", dt.date.today().isoformat())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["B9x", "--status", "Pågår"], "Det finns ingen aktivitet B9x i planen för Burlöv"),
        # Given no kommun, or another LPO: Burlöv is as unknown to them as no agreement at all,
        # and so is whether its plan has an activity B9x.
        (["B4", "--status", "Genomförd", "--as", "las@burlov.se"], "får inte se någon"),
        (["B4", "--status", "Genomförd", "--as", "mo@polisen.se"], "får inte se någon"),
        (["B9x", "--status", "Pågår", "--as", "mo@polisen.se"], "får inte se någon"),
        (
            ["B4", "--kommun", "Burlöv", "--done-on", "2026-12-01", "--as", "mo@polisen.se"],
            "får inte se någon",
        ),
        (["B3", "--status", "Genomförd", "--as", "kim@polisen.se"], "Du får inte checka in"),
        (["B4", "--status", "Genomförd", "--as", "vem@x.se"], "Det finns ingen användare vem@x.se"),
        (["B4", "--due", "2027-06-30"], "Ett nytt slutdatum behöver ett skäl"),
        (["B4", "--done-on", "2999-01-01"], "har inte kommit än"),
        (["B4", "--done-on", "igår"], "skriv ÅÅÅÅ-MM-DD"),
        (["B4", "--status", "Grön"], "är en bedömning"),
        (["B4", "--assessment", "Blå"], "skriv något av: Grön, Gul, Röd"),
        (["B4", "--comment", "Ring 19121212-1212"], "personnummer"),
        (["B4"], "Inget att spara"),
        (["B4", "--status", "Pågår", "--kommun", "Lomma"], 'Ingen överenskommelse för "Lomma"'),
    ],
)
def test_refusals_exit_2_in_swedish_and_change_nothing(
    demo: Path, args: list[str], says: str
) -> None:
    before = {t: v for t, v in store_snapshot(demo).items() if t != "audit_log"}
    result = run("checkin", *args, "--db", str(demo))
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert {t: v for t, v in store_snapshot(demo).items() if t != "audit_log"} == before


def test_a_busy_store_exits_3(demo: Path) -> None:
    with store_held_by_other_process(demo):
        started = time.monotonic()
        result = run("checkin", "B4", "--status", "Genomförd", "--db", str(demo))
        waited = time.monotonic() - started
    assert result.returncode == 3
    assert "Databasen används – försök igen" in result.stderr
    assert waited >= 9


def test_users_carry_a_party_and_an_lpo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["user", "list", "--json", "--db", str(demo)]) == 0
    kim = next(u for u in json.loads(capsys.readouterr().out) if u["email"] == "kim@polisen.se")
    assert (kim["party"], kim["lpo"]) == ("Polis", LPO)
    assert main(["user", "list", "--db", str(demo)]) == 0
    assert "läsare, part Polis i LPO Kävlinge" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--party", "polis"], "ange --kommun eller --lpo"),
        (["--lpo", "Kävlinge"], "ange --party också"),
        (["--party", "gemensam", "--lpo", "Kävlinge"], "ogiltigt val"),
        (["--role", "admin", "--kommun", "Burlöv"], "En admin ser och ändrar alla kommuner"),
    ],
)
def test_a_party_needs_a_place(demo: Path, extra: list[str], says: str) -> None:
    role = [] if "--role" in extra else ["--role", "läsare"]
    result = run("user", "add", "ny@x.se", "--name", "Ny", *role, *extra,
                 "--db", str(demo))  # fmt: skip
    assert result.returncode == 2
    assert says in result.stderr


def _older_copy(db: Path, tmp_path: Path) -> Path:
    """The plan as the coordinator's working copy holds it before the check-in."""
    path = tmp_path / "plan.xlsx"
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        today = min(agreement.period_end, dt.date.today())
        period = report_period(ReportKind.YEAR, today)
        path.write_bytes(build_report(con, agreement, period, ReportFormat.XLSX, today))
    return path


def test_import_keeps_the_check_in_and_says_so(demo: Path, tmp_path: Path) -> None:
    plan = _older_copy(demo, tmp_path)
    assert run("checkin", "B4", "--status", "Genomförd", "--db", str(demo)).returncode == 0
    result = run("import", str(plan), "--db", str(demo), "--kommun", KOMMUN, "--lpo", LPO)
    assert result.returncode == 0, result.stderr
    assert (
        "Incheckningen behållen – B4 Riktade narkotikakontroller vid Arlövs station (status): "
        "filen säger Pågår; kommandoraden satte Genomförd i appen"
    ) in result.stdout
    assert "--file-wins" in result.stdout
    status = json.loads(run("status", "--json", "--db", str(demo)).stdout)
    assert next(a for a in status["activities"] if a["id"] == "B4")["status"] == "Genomförd"


def test_import_with_file_wins_lets_the_file_count(demo: Path, tmp_path: Path) -> None:
    plan = _older_copy(demo, tmp_path)
    assert run("checkin", "B4", "--status", "Genomförd", "--db", str(demo)).returncode == 0
    result = run("import", str(plan), "--db", str(demo), "--kommun", KOMMUN, "--lpo", LPO,
                 "--file-wins")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Filen vald – B4" in result.stdout
    status = json.loads(run("status", "--json", "--db", str(demo)).stdout)
    assert next(a for a in status["activities"] if a["id"] == "B4")["status"] == "Pågår"


def test_status_lists_the_ids_checkin_takes(demo: Path) -> None:
    result = run("status", "--activities", "--db", str(demo))
    assert result.returncode == 0
    assert (
        "    B4\tPågår, försenad\tRiktade narkotikakontroller vid Arlövs station" in result.stdout
    )


def _comment(db: Path, key: str) -> str | None:
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        activities = store.fetch_current_activities(con, agreement.id)
    return next(a.comment for a in activities if a.activity_key == key)


def _uploads(db: Path) -> tuple[int, int, int]:
    """The current file's upload, then two check-ins on it (B4's comment, B5's bedömning)."""
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        current = store.fetch_current_upload(con, agreement.id)
    assert current is not None
    first = run("checkin", "B4", "--comment", "Fel kontaktperson", "--db", str(db))
    second = run("checkin", "B5", "--assessment", "Röd", "--db", str(db))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    numbers = [int(r.stdout.split("(Incheckning ")[1].split(";")[0]) for r in (first, second)]
    return current.id, numbers[0], numbers[1]


@pytest.mark.parametrize("which", [0, 1], ids=["the-file-under-them", "an-earlier-check-in"])
def test_an_upload_under_later_check_ins_is_not_withdrawn_to_no_effect(
    demo: Path, which: int
) -> None:
    # Each check-in copies the plan it was made on: withdrawing what lies under one would
    # leave its plan (here B4's comment) current everywhere while saying the one before is.
    uploads = _uploads(demo)
    before = {t: v for t, v in store_snapshot(demo).items() if t != "audit_log"}
    result = run("withdraw", str(uploads[which]), "--db", str(demo))
    assert result.returncode == 2
    assert f"Uppladdning {uploads[which]} drogs inte tillbaka" in result.stderr
    assert str(uploads[2]) in result.stderr
    assert "Traceback" not in result.stderr
    assert {t: v for t, v in store_snapshot(demo).items() if t != "audit_log"} == before


def test_check_ins_withdrawn_newest_first_take_their_changes_with_them(demo: Path) -> None:
    _, first, second = _uploads(demo)
    assert _comment(demo, "B4") == "Fel kontaktperson"
    for upload in (second, first):
        result = run("withdraw", str(upload), "--db", str(demo))
        assert result.returncode == 0, result.stderr
    assert _comment(demo, "B4") != "Fel kontaktperson"
