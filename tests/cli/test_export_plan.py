"""`samverkan export-plan`: the current plan as the template, refused in Swedish where it must be.

Attack tests: with --as a user, another kommun's agreement is as unknown as one that does not
exist, and a reader never gets the file (it keeps the ej offentlig rows).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from samverkan import store
from samverkan.changes_since import changes_line
from samverkan.cli import main
from samverkan.excel.plan import ImportOptions
from samverkan.history import build_upload_history
from samverkan.importing.pipeline import import_workbook
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import save_user
from tests.conftest import SAMPLES, store_held_by_other_process, store_snapshot

ESLOV = SAMPLES / "eslov_aktivitetsplan_2022.xlsx"
KAVLINGE = SAMPLES / "kavlinge_handlingsplan_2024.xlsx"
USERS = (
    UserAccount(email="las@eslov.se", name="Lo Läsare", role=Role.READER, kommuner=["Eslöv"]),
    UserAccount(
        email="sam@eslov.se", name="Sam Ordnare", role=Role.COORDINATOR, kommuner=["Eslöv"]
    ),
    UserAccount(
        email="kim@kavlinge.se", name="Kim Ordnare", role=Role.COORDINATOR, kommuner=["Kävlinge"]
    ),
    UserAccount(email="ada@lansstyrelsen.se", name="Ada Admin", role=Role.ADMIN),
    UserAccount(email="ny@eslov.se", name="Ny Läsare", role=Role.READER),
)


@pytest.fixture
def two_kommuner_store(empty_store: Path) -> Path:
    """Eslöv's 2022 plan and Kävlinge's 2024 plan, and a user of each kind."""
    for path, kommun in ((ESLOV, "Eslöv"), (KAVLINGE, None)):
        outcome = import_workbook(
            path.read_bytes(), path.name, db_path=empty_store, options=ImportOptions(kommun=kommun)
        )
        assert outcome.summary is not None
    with store.open_store(empty_store) as con:
        for user in USERS:
            save_user(con, user)
    return empty_store


def export(db: Path, *args: str) -> int:
    return main(["export-plan", "--db", str(db), *args])


def test_the_operator_writes_the_plan_and_it_imports_back(
    two_kommuner_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.xlsx"
    assert export(two_kommuner_store, "--kommun", "eslöv", "-o", str(path)) == 0
    assert capsys.readouterr().out.strip() == (
        f"Den aktuella planen för Eslöv är skriven till {path}."
    )
    assert main(["import", str(path), "--db", str(two_kommuner_store)]) == 0
    assert "8 aktiviteter i 3 fokusområden importerade för Eslöv 2022" in capsys.readouterr().out
    with store.open_store(two_kommuner_store) as con:
        eslov = next(a for a in store.fetch_agreements(con) if a.kommun == "Eslöv")
        history = build_upload_history(con, eslov.id)
    assert len(history) == 2
    assert history[-1].changes is not None
    assert changes_line(history[-1].changes) == "inga ändringar"


def test_without_o_the_file_gets_the_pages_name(
    two_kommuner_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert export(two_kommuner_store, "--kommun", "Kävlinge", "--as", "kim@kavlinge.se") == 0
    expected = f"Samverkan-Kavlinge-aktuell-plan-{dt.date.today().isoformat()}.xlsx"
    assert expected in os.listdir(tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # several kommuner and none chosen: the ones there are, named
        ([], "ange en med --kommun: Eslöv, Kävlinge"),
        (["--kommun", "Lomma"], 'Ingen överenskommelse för "Lomma"'),
        (["--kommun", "Eslöv", "--as", "vem@nagon.se"], "ingen användare vem@nagon.se"),
        (["--kommun", "Eslöv", "-o", "/finns/inte/plan.xlsx"], "går inte att skriva"),
        (["--okand"], "okända argument"),
    ],
)
def test_a_wrong_choice_exits_2_in_swedish(
    args: list[str], message: str, two_kommuner_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(two_kommuner_store, *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_store_that_does_not_exist_is_not_made(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(db_path) == 2
    assert "finns inte" in capsys.readouterr().err
    assert not db_path.exists()


def test_a_busy_store_exits_3(two_kommuner_store: Path, tmp_path: Path) -> None:
    with store_held_by_other_process(two_kommuner_store):
        code = export(two_kommuner_store, "--kommun", "Eslöv", "-o", str(tmp_path / "p.xlsx"))
    assert code == 3


def test_a_kommun_without_a_plan_says_so(
    empty_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.open_store(empty_store) as con:
        from samverkan.models import Agreement, AgreementDefinition
        from samverkan.store.agreements import save_agreement_definition

        agreement = Agreement(
            kommun="Lomma",
            lpo="Kävlinge",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
        save_agreement_definition(con, AgreementDefinition(agreement=agreement))
    assert export(empty_store) == 2
    assert "Lomma har ingen plan ännu" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("email", "kommun", "code", "message"),
    [
        ("sam@eslov.se", "Eslöv", 0, "skriven till"),
        ("ada@lansstyrelsen.se", "Kävlinge", 0, "skriven till"),
        # a reader of the kommun: it may read the plan in the app, never take the file
        ("las@eslov.se", "Eslöv", 2, "får inte ta ut Eslövs aktuella plan"),
        # another kommun: as unknown as one that does not exist, and the list names only hers
        ("las@eslov.se", "Kävlinge", 2, 'Ingen överenskommelse för "Kävlinge". Det finns: Eslöv.'),
        ("kim@kavlinge.se", "Eslöv", 2, 'Ingen överenskommelse för "Eslöv". Det finns: Kävlinge.'),
        ("ny@eslov.se", "Eslöv", 2, "får inte se någon överenskommelse"),
    ],
)
def test_as_a_user_only_their_rights_count(
    email: str,
    kommun: str,
    code: int,
    message: str,
    two_kommuner_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.xlsx"
    assert export(two_kommuner_store, "--kommun", kommun, "--as", email, "-o", str(path)) == code
    output = capsys.readouterr()
    assert message in (output.out if code == 0 else output.err)
    assert path.exists() == (code == 0)


def test_unknown_and_hidden_kommuner_get_the_same_answer(
    two_kommuner_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing tells a reader of Eslöv that Kävlinge is in the store."""
    export(two_kommuner_store, "--kommun", "Kävlinge", "--as", "las@eslov.se")
    hidden = capsys.readouterr().err.replace("Kävlinge", "X")
    export(two_kommuner_store, "--kommun", "Lomma", "--as", "las@eslov.se")
    unknown = capsys.readouterr().err.replace("Lomma", "X")
    assert hidden == unknown
    assert "Kävlinge" not in hidden


def test_a_refusal_changes_nothing(two_kommuner_store: Path) -> None:
    before = store_snapshot(two_kommuner_store)
    assert export(two_kommuner_store, "--kommun", "Eslöv", "--as", "las@eslov.se") == 2
    assert store_snapshot(two_kommuner_store) == before
    with store.open_store(two_kommuner_store) as con:
        assert not [e for e in fetch_audit_log(con) if e.action is AuditAction.REFUSED]
