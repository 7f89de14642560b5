"""Surveys stored and asked for: save_survey, fetch_survey_values, `samverkan survey`, refusals."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import KOMMUN, SURVEY_AREAS, SURVEY_SERIES, SURVEY_YEARS, ensure_demo
from samverkan.excel.plan import ImportOptions
from samverkan.excel.survey import read_survey
from samverkan.importing.pipeline import import_workbook
from samverkan.indicators import assess_goals
from samverkan.models import GoalStatus, PlanKind, SurveyReport
from tests.conftest import SAMPLES, store_snapshot
from tests.hostile_files import _replace_member
from tests.survey_files import (
    KOLADA_CSV,
    SAMPLE_SURVEY,
    make_long_row,
    make_long_survey,
    make_wide_survey,
)


def import_survey(
    db: str, data: bytes, name: str = "t.xlsx", when: dt.datetime | None = None
) -> SurveyReport:
    outcome = import_workbook(data, name, db_path=db, uploaded_at=when)
    assert outcome.survey is not None
    assert outcome.summary is not None, [str(i) for i in outcome.report.errors]
    return outcome.survey


@pytest.fixture
def eslov_survey_store(eslov_2022_store: str) -> str:
    """The Eslöv plan and the Eslöv survey sample, imported in that order."""
    import_survey(eslov_2022_store, SAMPLE_SURVEY.read_bytes(), SAMPLE_SURVEY.name)
    return eslov_2022_store


# -- saving -----------------------------------------------------------------------------------


def test_a_survey_is_saved_in_one_batch_of_the_kommuns_agreement(eslov_2022_store: str) -> None:
    data = SAMPLE_SURVEY.read_bytes()
    outcome = import_workbook(data, SAMPLE_SURVEY.name, db_path=eslov_2022_store)
    assert outcome.summary is not None
    [batch] = outcome.summary.batches
    with store.open_store(eslov_2022_store) as con:
        [agreement] = store.fetch_agreements(con)
        values = store.fetch_survey_values(con, "Eslöv")
        original = store.fetch_upload_original(con, outcome.summary.upload_id)
        # The plan's current batch is still the plan: a survey is no new plan.
        current = store.fetch_current_batch_id(con, agreement.id or 0)
    assert (batch.kind, batch.agreement_id, batch.rows) == (PlanKind.SURVEY, agreement.id, 20)
    assert current != batch.id
    assert original == data
    assert len(values) == 20
    assert values == sorted(values, key=lambda v: (v.indicator, v.area, v.year))


def test_the_same_file_twice_is_stored_once(eslov_survey_store: str) -> None:
    before = store_snapshot(eslov_survey_store)
    outcome = import_workbook(SAMPLE_SURVEY.read_bytes(), "kopia.xlsx", db_path=eslov_survey_store)
    assert outcome.summary is not None
    assert outcome.summary.already_imported
    assert store_snapshot(eslov_survey_store) == before


def test_a_kommun_without_agreement_gets_a_batch_without_one(empty_store: str) -> None:
    # A store made before surveys kept agreement_id NOT NULL; opening it lifts that once.
    with store.open_store(empty_store) as con:
        con.execute("ALTER TABLE import_batch ALTER COLUMN agreement_id SET NOT NULL")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    report = import_survey(empty_store, KOLADA_CSV.encode(), "kolada.csv")
    assert report.kommuner == ["Eslöv", "Burlöv"]
    with store.open_store(empty_store) as con:
        batches = store.fetch_batches(con, 1)
        assert store.fetch_survey_kommuner(con) == ["Burlöv", "Eslöv"]
        burlov = store.fetch_survey_values(con, "Burlöv")
    assert [(b.agreement_id, b.rows) for b in batches] == [(None, 2), (None, 1)]
    assert [(v.year, v.value) for v in burlov] == [(2022, None)]


def test_the_newest_upload_wins(empty_store: str) -> None:
    import_survey(empty_store, SAMPLE_SURVEY.read_bytes(), "2024.xlsx", dt.datetime(2024, 1, 9))
    corrected = make_long_survey(make_long_row(År=2023, Värde=1.77))
    import_survey(empty_store, corrected, "rättad.xlsx", dt.datetime(2024, 3, 1))
    older = make_long_survey(make_long_row(År=2023, Värde=1.99))
    import_survey(empty_store, older, "gammal.xlsx", dt.datetime(2023, 12, 1))
    with store.open_store(empty_store) as con:
        values = store.fetch_survey_values(con, "Eslöv")
    latest = {(v.indicator, v.area, v.year): v.value for v in values}
    assert latest[("Totalindex", "Hela kommunen", 2023)] == 1.77
    assert latest[("Totalindex", "Hela kommunen", 2022)] == 1.9
    assert len(values) == 20


def test_only_an_accepted_survey_can_be_saved(empty_store: str) -> None:
    refused = read_survey(b"", "tom.xlsx")
    with store.open_store(empty_store) as con, pytest.raises(ValueError, match="accepted"):
        store.save_survey(con, refused, b"", "test")


# -- the command line -------------------------------------------------------------------------


def test_import_prints_a_survey_summary(
    store_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SAMPLE_SURVEY), "--db", store_location]) == 0
    assert capsys.readouterr().out == (
        f"{SAMPLE_SURVEY.name}: 20 mätvärden för 4 indikatorer i 2 områden (2020–2023) "
        "importerade för Eslöv, 0 varningar.\n"
    )


def test_survey_json_contract(store_location: str, tmp_path: Path) -> None:
    wide = tmp_path / "bred.xlsx"
    wide.write_bytes(make_wide_survey())
    assert main(["import", str(wide), "--db", store_location]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "survey", "--db", store_location, "--json"],
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode("utf-8")
    assert "Öppen narkotikahandel" in text  # UTF-8 as is, no \u escapes
    document = json.loads(text)
    assert list(document) == ["values"]
    rows = document["values"]
    assert all(list(r) == ["indicator", "area", "year", "unit", "value"] for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["indicator"], r["area"], r["year"]))
    assert {r["unit"] for r in rows} == {"index_0_6", "procent"}
    by_key = {(r["indicator"], r["year"]): r["value"] for r in rows}
    assert by_key[("Totalindex", 2021)] is None  # "–" is null, never 0
    assert by_key[("Totalindex", 2022)] == 1.9
    assert len(rows) == 15


def test_survey_asks_for_a_kommun_when_there_are_several(
    store_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "k.csv").write_text(KOLADA_CSV, encoding="utf-8")
    assert main(["import", str(tmp_path / "k.csv"), "--db", store_location]) == 0
    capsys.readouterr()
    assert main(["survey", "--db", store_location, "--json"]) == 2
    assert "Burlöv, Eslöv" in capsys.readouterr().err
    assert main(["survey", "--db", store_location, "--json", "--kommun", "eslöv"]) == 0
    assert [r["value"] for r in json.loads(capsys.readouterr().out)["values"]] == [1012.5, 1098.7]
    assert main(["survey", "--db", store_location, "--kommun", "Atlantis"]) == 2
    assert "ingen svensk kommun" in capsys.readouterr().err
    assert main(["survey", "--db", store_location, "--json", "--kommun", "Lund"]) == 2
    assert capsys.readouterr().err == (
        "Fel: Inga mätvärden för Lund. Databasen har mätvärden för: Burlöv, Eslöv.\n"
    )


def test_survey_of_a_kommun_with_a_plan_but_no_values_yet_is_empty(
    store_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kävlinge has an agreement and no survey yet: an empty answer, not an error."""
    plan = SAMPLES / "kavlinge_handlingsplan_2024.xlsx"
    assert main(["import", str(SAMPLE_SURVEY), str(plan), "--db", store_location]) == 0
    capsys.readouterr()
    assert main(["survey", "--db", store_location, "--kommun", "Kävlinge", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"values": []}
    assert main(["survey", "--db", store_location, "--kommun", "Kävlinge"]) == 0
    assert capsys.readouterr().out == "Databasen innehåller inga mätvärden för Kävlinge.\n"


def test_survey_on_an_empty_store_is_an_empty_list(
    empty_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey", "--db", str(empty_store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"values": []}


# -- refused survey files -----------------------------------------------------------------------


def _with_doctype(data: bytes) -> bytes:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData/></worksheet>"
    )
    return _replace_member(data, "xl/worksheets/sheet1.xml", bomb)


# name: (the file's bytes, words the refusal must hold, the cell it must name or None)
REFUSED: dict[str, tuple[Callable[[], bytes], str, str | None]] = {
    "personnummer-i-områdescell": (
        lambda: make_long_survey(make_long_row(Område="Gata 19121212-1212")),
        "personnummer",
        'blad "Trygghetsmätning", rad 2, kolumn C',
    ),
    "personnummer-i-kolada-csv": (
        f'{KOLADA_CSV}"N07403";"1285";"2023";"19121212-1212"\n'.encode,
        "personnummer",
        "rad 6, kolumn D",
    ),
    "oläsligt-värde": (
        lambda: make_long_survey(make_long_row(Värde="ungefär 2")),
        "förstod inte värdet",
        'blad "Trygghetsmätning", rad 2, kolumn F',
    ),
    "okänd-kommun": (
        lambda: make_long_survey(make_long_row(Kommun="Atlantis")),
        "ingen svensk kommun",
        "rad 2, kolumn B",
    ),
    "år-som-text": (
        lambda: make_long_survey(make_long_row(År="i fjol")),
        "året",
        "rad 2, kolumn A",
    ),
    "samma-värde-två-gånger": (
        lambda: make_long_survey(make_long_row(), make_long_row(Värde=2.5)),
        "två gånger",
        "rad 3, kolumn F",
    ),
    "entitetsbomb": (lambda: _with_doctype(make_long_survey()), "doctype", None),
}


@pytest.mark.parametrize(("build", "reason", "cell"), REFUSED.values(), ids=REFUSED)
def test_a_refused_survey_changes_nothing(
    build: Callable[[], bytes],
    reason: str,
    cell: str | None,
    eslov_survey_store: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "trygghet.csv"
    path.write_bytes(build())
    before = store_snapshot(eslov_survey_store)
    assert main(["import", str(path), "--db", str(eslov_survey_store), "--kommun", "Lund"]) == 2
    err = capsys.readouterr().err
    assert "Inget har ändrats" in err
    assert reason in err.casefold()
    assert "Traceback" not in err
    if cell:
        assert cell in err
    assert store_snapshot(eslov_survey_store) == before


def test_a_survey_without_kommun_asks_for_one(
    store_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "utan-kommun.xlsx"
    path.write_bytes(make_long_survey(make_long_row(Kommun=None)))
    assert main(["import", str(path), "--db", store_location]) == 2
    assert "--kommun" in capsys.readouterr().err
    assert main(["import", str(path), "--db", store_location, "--kommun", "Höör"]) == 0
    with store.open_store(store_location) as con:
        assert store.fetch_survey_kommuner(con) == ["Höör"]


# -- the demo ----------------------------------------------------------------------------------


def test_the_demo_holds_the_survey_and_goals_linked_to_it(store_location: str) -> None:
    today = dt.date(2024, 10, 15)
    assert ensure_demo(store_location, today)
    with store.open_store(store_location) as con:
        [agreement] = store.fetch_agreements(con)
        goals = store.fetch_goals(con, agreement.id or 0)
        values = store.fetch_survey_values(con, KOMMUN)
        batches = [b for u in store.fetch_uploads(con) for b in store.fetch_batches(con, u.id)]
    assert len(values) == len(SURVEY_SERIES) * len(SURVEY_AREAS) * len(SURVEY_YEARS)
    assert {v.area for v in values} == {"Hela kommunen", "Arlöv"}
    assert {v.year for v in values} == set(range(2019, 2024))
    assert sum(v.value is None for v in values) == 1  # a question not asked in Arlöv 2019
    survey_batches = [b for b in batches if b.kind is PlanKind.SURVEY]
    assert [b.agreement_id for b in survey_batches] == [agreement.id]
    statuses = [a.status for a in assess_goals(goals, values, deadline_year=2025)]
    assert statuses == [
        GoalStatus.ON_TRACK,
        GoalStatus.UNKNOWN,
        GoalStatus.OFF_TRACK,
        GoalStatus.MET,
        GoalStatus.OFF_TRACK,
    ]
    assert {g.indicator for g in goals if g.indicator} <= {v.indicator for v in values}


def test_options_kommun_is_only_a_fallback_for_surveys(empty_store: str) -> None:
    outcome = import_workbook(
        SAMPLE_SURVEY.read_bytes(),
        SAMPLE_SURVEY.name,
        db_path=empty_store,
        options=ImportOptions(kommun="Lund"),
    )
    assert outcome.survey is not None
    assert outcome.survey.kommuner == ["Eslöv"]
