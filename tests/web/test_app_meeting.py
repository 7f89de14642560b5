"""Mötesläge as a script (AppTest): screens chosen by the address, Nästa and Föregående."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.demo import FOCUS_AREAS

ROOT = Path(__file__).resolve().parents[2]
# The demo's steps, in meeting order: the overview, each focus area's figures (then its goals
# and its activities a page at a time), late, what changed, the goals.
FIRST_OF_EACH = ["Läget i stort", *FOCUS_AREAS, "Försenade åtaganden", "Sedan förra mötet",
                 "Trygghet och mål"]  # fmt: skip


def open_meeting(screen: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if screen is not None:
        app.query_params["skarm"] = screen
    app.run()
    app.switch_page("pages/moteslage.py").run()
    assert not app.exception, app.exception
    return app


def position(app: AppTest) -> tuple[int, int]:
    """The position the page shows ('**3 / 24**')."""
    shown = [m.value for m in app.markdown if re.fullmatch(r"\*\*\d+ / \d+\*\*", m.value)]
    assert len(shown) == 1, shown  # once: no second set of controls under the step
    number, count = shown[0].strip("*").split(" / ")
    return int(number), int(count)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [(None, 1), ("1", 1), ("3", 3), ("99", None), ("noll", 1)],
)
def test_the_address_chooses_the_screen(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, asked: str | None, shown: int | None
) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(demo_file))
    app = open_meeting(asked)
    number, count = position(app)
    assert number == (shown or count)  # past the end: the last step
    if number == 1:
        assert app.title[0].value == "Läget i stort"


def test_next_and_previous_walk_the_meeting_in_agenda_order(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(demo_file))
    app = open_meeting()
    assert app.button(key="foregaende").disabled
    titles = [app.title[0].value]
    number, count = position(app)
    assert count > 7  # the seven screens of old, split so that each fits the screen
    while number < count:
        app.button(key="nasta").click().run()
        assert not app.exception, app.exception
        assert position(app) == (number + 1, count)
        number += 1
        titles.append(app.title[0].value)
        assert not app.main.caption, [c.value for c in app.main.caption]  # the position only
    assert app.button(key="nasta").disabled
    assert app.query_params["skarm"] == str(count)
    # Each part of the agenda once, in the agenda's order, its steps together.
    assert list(dict.fromkeys(titles)) == FIRST_OF_EACH
    app.button(key="foregaende").click().run()
    assert position(app) == (count - 1, count)


def test_an_empty_store_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(tmp_path / "tom.duckdb"))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    app = open_meeting()
    assert "Ladda upp" in "\n".join(str(i.value) for i in app.info) + "\n".join(
        str(m.value) for m in app.markdown
    )
