"""Which agreement the address and the sidebar may choose (AppTest).

`?avtal=ID` names one agreement, so a kommun's second agreement (Jämförelse links to each of
its rows) opens itself, not the kommun's running one. And only the agreements of the kommuner
the user may see are offered or chosen: a läsare of Lomma asking for Burlöv's by its id, by
?kommun=, by ?lpo= or through the sidebar's state gets what an unknown one gets, and no page
shows Burlöv.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.models import Role, UserAccount
from samverkan.store.users import save_user
from tests.comparison_stores import (
    SECOND_PLAN_TITLE,
    add_second_burlov_agreement,
    add_several_kommuner,
)
from tests.web.test_app import all_text, assert_no_error, open_page
from tests.web.test_app_access import PASSWORD, logged_in

LOMMA_READER = UserAccount(
    email="las@lomma.se", name="Lisa Läsare", role=Role.READER, kommuner=("Lomma",)
)
BURLOV_READER = UserAccount(
    email="las@burlov.se", name="Bo Läsare", role=Role.READER, kommuner=("Burlöv",)
)
UNKNOWN_NOTICE = "Adressen frågar efter en överenskommelse som inte finns här"


@pytest.fixture(scope="module")
def two_agreements_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo (Burlöv's strategic agreement), Burlöv's operative one of this year, and the
    other kommuner of tests/comparison_stores.py (Lomma in the same LPO)."""
    path = tmp_path_factory.mktemp("two") / "two.duckdb"
    shutil.copy(demo_file, path)
    add_several_kommuner(path)
    add_second_burlov_agreement(path)
    return path


def ids_of(path: Path) -> dict[str, list[int]]:
    with store.open_store(path) as con:
        found: dict[str, list[int]] = {}
        for a in store.fetch_agreements(con):
            found.setdefault(a.kommun, []).append(a.id)
    return found


@pytest.fixture
def local_store(two_agreements_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAMVERKAN_DB", str(two_agreements_file))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return two_agreements_file


@pytest.fixture
def served_store(
    two_agreements_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    path = tmp_path / "served.duckdb"
    shutil.copy(two_agreements_file, path)
    with store.open_store(path) as con:
        for user in (LOMMA_READER, BURLOV_READER):
            save_user(con, user, hash_password(PASSWORD))
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    monkeypatch.delenv("SAMVERKAN_LOCAL", raising=False)
    return path


def chosen(app: AppTest) -> int:
    return int(app.sidebar.selectbox(key="vald_overenskommelse").value)


def test_the_id_in_the_address_chooses_the_kommuns_second_agreement(local_store: Path) -> None:
    strategic, operative = sorted(ids_of(local_store)["Burlöv"])
    by_kommun = open_page("pages/oversikt.py", kommun="Burlöv")
    assert chosen(by_kommun) == strategic  # the running one that ends last
    app = open_page("pages/fokusomrade.py", avtal=str(operative))
    assert_no_error(app)
    assert chosen(app) == operative
    assert SECOND_PLAN_TITLE in app.dataframe[0].value.to_string() if app.dataframe else True
    assert not [w for w in app.warning if UNKNOWN_NOTICE in w.value]


@pytest.mark.parametrize("wanted", ["99999", "tre", "-1"])
def test_an_unknown_id_is_said_and_the_sidebar_keeps_its_choice(
    local_store: Path, wanted: str
) -> None:
    app = open_page("pages/oversikt.py", avtal=wanted)
    assert_no_error(app)
    assert any(UNKNOWN_NOTICE in w.value for w in app.warning)


def test_changing_the_sidebar_keeps_the_address_naming_what_is_chosen(local_store: Path) -> None:
    strategic, operative = sorted(ids_of(local_store)["Burlöv"])
    app = open_page("pages/oversikt.py", avtal=str(operative))
    app.sidebar.selectbox(key="vald_overenskommelse").set_value(strategic).run()
    assert_no_error(app)
    # the strategic one is what ?kommun= chooses: the address says the kommun
    assert app.query_params.get("kommun") == "Burlöv"
    assert "avtal" not in app.query_params
    app.sidebar.selectbox(key="vald_overenskommelse").set_value(operative).run()
    assert app.query_params.get("avtal") == str(operative)
    assert "kommun" not in app.query_params


# ---------------------------------------------------------------- a läsare of Lomma


def test_the_sidebar_offers_only_the_readers_kommuner(served_store: Path) -> None:
    """The sidebar's choice is one of its options (Streamlit takes no other value from a
    browser), and the options are the reader's kommuners' agreements only."""
    app = logged_in(LOMMA_READER.email)
    assert_no_error(app)
    lomma = ids_of(served_store)["Lomma"]
    options = app.sidebar.selectbox(key="vald_overenskommelse").options
    assert len(options) == len(lomma)
    assert all(o.startswith("Lomma") for o in options)
    assert chosen(app) in lomma
    assert not [s for s in app.sidebar.selectbox if s.label == "Kommun"]  # only one kommun


# (reader, their kommun, the other kommun, words only the other kommun's plan has)
READERS = {
    "lomma": (LOMMA_READER, "Lomma", "Burlöv", SECOND_PLAN_TITLE),
    "burlov": (BURLOV_READER, "Burlöv", "Lomma", "Bjärred"),
}


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/oversikt.py", "avtal"),
        ("pages/oversikt.py", "kommun"),
        ("pages/historik.py", "avtal"),
        ("pages/rapporter.py", "avtal"),
        ("pages/forsenade.py", "kommun"),
        ("pages/forandringar.py", "avtal"),
        ("pages/medborgarloften.py", "kommun"),
        ("pages/snabbkoll.py", "lpo"),
        ("pages/jamforelse.py", "lpo"),
    ],
)
def test_a_reader_asking_for_another_kommun_by_the_address_sees_none_of_it(
    served_store: Path, who: str, page: str, query: str
) -> None:
    reader, own, other, words = READERS[who]
    ids = ids_of(served_store)
    value = {"avtal": str(ids[other][0]), "kommun": other, "lpo": "Kävlinge"}[query]
    app = logged_in(reader.email, page, **{query: value})
    assert_no_error(app)
    assert chosen(app) in ids[own]
    # ?kommun= is echoed in the notice, in the words an unknown kommun gets (tested below)
    notices = [w.value for w in app.warning]
    text = all_text(app) + " ".join(c.value for c in app.caption)
    for notice in notices:
        text = text.replace(notice, "")
    text += " ".join(str(o) for s in app.sidebar.selectbox for o in s.options)
    assert other not in text
    assert words not in text
    if app.dataframe:
        assert other not in " ".join(d.value.to_string() for d in app.dataframe)


def test_an_id_the_reader_may_not_see_gets_the_page_an_unknown_one_gets(
    served_store: Path,
) -> None:
    burlov = ids_of(served_store)["Burlöv"][0]
    hidden = logged_in(LOMMA_READER.email, "pages/oversikt.py", avtal=str(burlov))
    unknown = logged_in(LOMMA_READER.email, "pages/oversikt.py", avtal="99999")
    assert [w.value for w in hidden.warning] == [w.value for w in unknown.warning]
    assert any(UNKNOWN_NOTICE in w.value for w in hidden.warning)
    assert all_text(hidden) == all_text(unknown)
    assert chosen(hidden) == chosen(unknown)


def test_a_kommun_the_reader_may_not_see_gets_the_words_an_unknown_one_gets(
    served_store: Path,
) -> None:
    hidden = logged_in(LOMMA_READER.email, "pages/oversikt.py", kommun="Burlöv")
    unknown = logged_in(LOMMA_READER.email, "pages/oversikt.py", kommun="Staffanstorp")
    said = [w.value.replace("Burlöv", "X") for w in hidden.warning]
    assert said == [w.value.replace("Staffanstorp", "X") for w in unknown.warning]
    assert said
    assert "ingen överenskommelse här" in said[0]


def test_a_reader_of_burlov_sees_both_of_its_agreements_and_no_other(served_store: Path) -> None:
    app = logged_in(BURLOV_READER.email)
    options = app.sidebar.selectbox(key="vald_overenskommelse").options
    assert len(options) == 2
    assert all("Lomma" not in str(o) for o in options)
