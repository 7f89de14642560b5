"""Jämförelse as a script (AppTest): the rows, the scope from the address, the Excel file, and a
reader who sees only their own kommuner, whatever the address asks for.

The store is the demo (Burlöv, LPO Kävlinge) plus Lomma and Kävlinge in the same LPO, Uppsala in
another län and Bjuv's ended 2024 plan (tests/comparison_stores.py), imported as files are.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.models import Role, UserAccount
from samverkan.store.users import save_user
from tests.comparison_stores import add_several_kommuner
from tests.web.test_app import all_text, assert_no_error, open_page
from tests.web.test_app_access import PASSWORD, logged_in

PAGE = "pages/jamforelse.py"
LOMMA_READER = UserAccount(
    email="lpo@lomma.se", name="Lisa Läsare", role=Role.READER, kommuner=("Lomma",)
)
NOBODYS_READER = UserAccount(email="ny@polisen.se", name="Nils Ny", role=Role.READER)
ADMIN = UserAccount(email="admin@polisen.se", name="Ada Admin", role=Role.ADMIN)


@pytest.fixture(scope="module")
def several_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("several") / "several.duckdb"
    shutil.copy(demo_file, path)
    return add_several_kommuner(path)


@pytest.fixture
def several_store(several_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAMVERKAN_DB", str(several_file))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return several_file


@pytest.fixture
def served_several_store(
    several_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    path = tmp_path / "served.duckdb"
    shutil.copy(several_file, path)
    with store.open_store(path) as con:
        for user in (LOMMA_READER, NOBODYS_READER, ADMIN):
            save_user(con, user, hash_password(PASSWORD))
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    monkeypatch.delenv("SAMVERKAN_LOCAL", raising=False)
    return path


def table(app: AppTest) -> Any:
    return app.dataframe[0].value


def chart_panels(app: AppTest) -> set[str]:
    """The names of the small multiples' panels, in every chart the page drew."""
    panels: set[str] = set()
    for element in app.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        inline: dict[str, list[dict[str, Any]]] = spec.get("datasets", {})
        for rows in [*inline.values(), *_datasets(element).values()]:
            panels |= {r["överenskommelse"] for r in rows}
        assert "facet" in spec["encoding"]
    return panels


def _datasets(element: Any) -> dict[str, list[dict[str, Any]]]:
    import pyarrow as pa

    found = {}
    for dataset in element.proto.datasets:
        reader = pa.ipc.open_stream(dataset.data.data)
        found[dataset.name] = reader.read_all().to_pylist()
    return found


def agreement_ids(path: Path) -> dict[str, int]:
    with store.open_store(path) as con:
        return {a.kommun: a.id for a in store.fetch_agreements(con)}


def test_the_whole_store_today(several_store: Path) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Jämförelse – alla kommuner"
    rows = table(app)
    assert list(rows["Kommun"]) == ["Burlöv", "Kävlinge", "Lomma", "Uppsala"]  # Bjuv ended
    lomma = rows[rows["Kommun"] == "Lomma"].iloc[0]
    assert lomma["Flagga"].startswith("⚠")
    assert lomma["Dagar sedan uppladdning"] == 121
    kavlinge = rows[rows["Kommun"] == "Kävlinge"].iloc[0]
    assert kavlinge["Flagga"] == ""
    assert kavlinge["Dagar sedan uppladdning"] == 120
    # each row links to its own agreement, not to its kommun (shell.AGREEMENT_PARAM)
    assert lomma["Översikt"] == f"./?avtal={agreement_ids(several_store)['Lomma']}"
    assert chart_panels(app) >= {"Burlöv 2025–2027", f"Lomma {dt.date.today().year}"}
    text = all_text(app)
    assert "4 överenskommelser som gäller den dagen" in text.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("query", "title", "kommuner"),
    [
        ({"lpo": "Kävlinge"}, "Jämförelse – LPO Kävlinge", ["Burlöv", "Kävlinge", "Lomma"]),
        ({"lan": "Skåne"}, "Jämförelse – Skåne län", ["Burlöv", "Kävlinge", "Lomma"]),
        ({"lan": "Uppsala län"}, "Jämförelse – Uppsala län", ["Uppsala"]),
        ({"lpo": "Kävlinge", "dag": "2024-04-01"}, "Jämförelse – LPO Kävlinge", ["Bjuv"]),
    ],
)
def test_the_address_chooses_the_scope(
    several_store: Path, query: dict[str, str], title: str, kommuner: list[str]
) -> None:
    app = open_page(PAGE, **query)
    assert_no_error(app)
    assert app.title[0].value == title
    assert list(table(app)["Kommun"]) == kommuner
    if "dag" in query:
        bjuv = agreement_ids(several_store)["Bjuv"]
        assert table(app)["Översikt"].iloc[0] == f"./?avtal={bjuv}&dag=2024-04-01"


def test_an_unknown_lan_shows_nothing_not_everything(several_store: Path) -> None:
    app = open_page(PAGE, lan="Atlantis")
    assert_no_error(app)
    assert not app.dataframe
    assert "Ingen överenskommelse som du får se" in all_text(app)


def test_the_excel_file_is_offered(several_store: Path) -> None:
    app = open_page(PAGE, lpo="Kävlinge")
    assert_no_error(app)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Ladda ned som Excel" in labels


# -- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [{}, {"lpo": "Kävlinge"}, {"lan": "Skåne"}, {"kommun": "Burlöv"}, {"lan": "Uppsala"}],
)
def test_a_reader_of_lomma_never_sees_another_kommun(
    served_several_store: Path, query: dict[str, str]
) -> None:
    app = logged_in(LOMMA_READER.email, PAGE, **query)
    assert_no_error(app)
    main_text = all_text(app)
    for other in ("Burlöv", "Kävlinge", "Uppsala", "Bjuv"):
        # The LPO is called Kävlinge too: no row, count or panel of the kommun may be shown.
        assert f"**{other}**" not in main_text
    if app.dataframe:
        assert list(table(app)["Kommun"]) == ["Lomma"]
        assert {p.split()[0] for p in chart_panels(app)} <= {"Lomma"}
        assert app.metric[0].value == "1"
    else:
        assert "Ingen överenskommelse som du får se" in main_text


def test_a_reader_given_no_kommun_sees_no_row(served_several_store: Path) -> None:
    app = logged_in(NOBODYS_READER.email, PAGE)
    assert_no_error(app)
    assert not app.dataframe
    assert not app.get("vega_lite_chart")
    assert "Ingen överenskommelse som du får se" in all_text(app)


def test_an_admin_sees_every_kommun(served_several_store: Path) -> None:
    app = logged_in(ADMIN.email, PAGE)
    assert_no_error(app)
    assert list(table(app)["Kommun"]) == ["Burlöv", "Kävlinge", "Lomma", "Uppsala"]
