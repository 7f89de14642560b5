"""Mötesläge as a script (AppTest): screens chosen by the address, Nästa and Föregående."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.demo import FOCUS_AREAS

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ["Läget i stort", *FOCUS_AREAS, "Försenade åtaganden", "Sedan förra mötet",
           "Trygghet och mål"]  # fmt: skip


def open_meeting(screen: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if screen is not None:
        app.query_params["skarm"] = screen
    app.run()
    app.switch_page("pages/moteslage.py").run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(
    ("asked", "shown"),
    [(None, 1), ("1", 1), ("3", 3), ("7", 7), ("99", 7), ("noll", 1)],
)
def test_the_address_chooses_the_screen(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, asked: str | None, shown: int
) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(demo_file))
    app = open_meeting(asked)
    assert app.title[0].value == SCREENS[shown - 1]
    assert f"**{shown} / {len(SCREENS)}**" in [m.value for m in app.markdown]


def test_next_and_previous_walk_the_meeting(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(demo_file))
    app = open_meeting()
    assert app.button(key="foregaende_uppe").disabled
    for expected in SCREENS[1:]:
        app.button(key="nasta_uppe").click().run()
        assert app.title[0].value == expected
    assert app.button(key="nasta_nere").disabled
    assert app.query_params["skarm"] == str(len(SCREENS))
    app.button(key="foregaende_nere").click().run()
    assert app.title[0].value == SCREENS[-2]


def test_an_empty_store_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(tmp_path / "tom.duckdb"))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    app = open_meeting()
    assert "Ladda upp" in "\n".join(str(i.value) for i in app.info) + "\n".join(
        str(m.value) for m in app.markdown
    )
