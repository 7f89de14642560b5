"""The Historik page's withdraw flow as a script (AppTest): ask, confirm, mark, restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.demo import demo_workbooks, ensure_demo
from samverkan.store.rollback import fetch_withdrawals
from tests.web.test_app import all_text, assert_no_error, open_page


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo.duckdb"
    assert ensure_demo(path)
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return path


def buttons(app: AppTest, label: str) -> list[object]:
    return [b for b in app.button if b.label == label]


def click(app: AppTest, label: str, index: int = 0) -> None:
    found = buttons(app, label)
    assert len(found) > index, f"no button {label!r}"
    found[index].click().run()  # type: ignore[attr-defined]
    assert_no_error(app)


def withdrawn_uploads(db: Path) -> set[int]:
    with store.open_store(db) as con:
        return set(fetch_withdrawals(con))


def test_withdraw_asks_first_then_marks_the_upload_and_restore_undoes_it(
    demo_store: Path,
) -> None:
    names = [name for name, *_ in demo_workbooks(dt.date.today())]
    app = open_page("pages/historik.py")
    assert_no_error(app)
    assert len(buttons(app, "Dra tillbaka")) == 5  # four plans, then the survey
    assert not buttons(app, "Återställ")

    # The first click only asks; "Avbryt" leaves everything as it was.
    click(app, "Dra tillbaka")
    assert "Dra tillbaka uppladdningen från" in all_text(app)
    assert names[3] in all_text(app).replace("\\", "")
    click(app, "Avbryt")
    assert "Dra tillbaka uppladdningen från" not in all_text(app)
    assert withdrawn_uploads(demo_store) == set()

    # Confirmed: the newest upload is withdrawn, stays listed and is marked.
    click(app, "Dra tillbaka")
    click(app, "Ja, dra tillbaka")
    text = all_text(app)
    assert "Uppladdningen är tillbakadragen" in text
    assert "Tillbakadragen" in text
    assert "av lokal användare" in text
    assert withdrawn_uploads(demo_store) == {4}
    assert len(buttons(app, "Dra tillbaka")) == 4
    assert len(buttons(app, "Återställ")) == 1
    assert len(app.get("download_button")) == 5

    # Översikt now shows the plan of the upload before.
    app.switch_page("pages/oversikt.py").run()
    assert_no_error(app)
    assert names[2] in all_text(app).replace("\\", "")

    app.switch_page("pages/historik.py").run()
    click(app, "Återställ")
    assert "återställd" in all_text(app)
    assert withdrawn_uploads(demo_store) == set()
    assert len(buttons(app, "Dra tillbaka")) == 5
    app.switch_page("pages/oversikt.py").run()
    assert names[3] in all_text(app).replace("\\", "")
