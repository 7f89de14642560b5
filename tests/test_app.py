"""The pages run as scripts (AppTest) against a demo store and an empty one."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.demo import FOCUS_AREAS

ROOT = Path(__file__).resolve().parent.parent


def run_app(monkeypatch: pytest.MonkeyPatch, db: Path, *, demo: bool) -> AppTest:
    monkeypatch.setenv("SAMVERKAN_DB", str(db))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1" if demo else "0")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return app.run()


def all_text(app: AppTest) -> str:
    parts = (
        [e.value for e in app.markdown]
        + [e.value for e in app.title]
        + [e.value for e in app.subheader]
    )
    parts += [e.value for e in app.info] + [e.value for e in app.caption]
    return "\n".join(str(p) for p in parts)


def headline(app: AppTest) -> dict[str, str]:
    """The headline metrics at the top of Översikt (cards repeat some labels further down)."""
    return {m.label: m.value for m in list(app.metric)[:5]}


def test_overview_on_the_demo_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = run_app(monkeypatch, tmp_path / "demo.duckdb", demo=True)
    assert not app.exception
    assert app.title[0].value == "Översikt – Burlöv"
    assert [s.value for s in app.subheader] == list(FOCUS_AREAS)
    labels = headline(app)
    assert int(labels["Aktiviteter"]) >= 20
    assert int(labels["Försenade"]) >= 1
    assert "Senast uppdaterad" in all_text(app)
    assert app.selectbox[0].label == "Överenskommelse"


def test_overview_on_an_empty_store_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = run_app(monkeypatch, tmp_path / "empty.duckdb", demo=False)
    assert not app.exception
    assert app.title[0].value == "Välkommen till Samverkan"
    assert "samverkan import" in all_text(app)


def test_judging_day_from_the_address_changes_the_count_of_late(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = run_app(monkeypatch, tmp_path / "demo.duckdb", demo=True)
    late_today = int(headline(app)["Försenade"])
    first_day = app.date_input[0].min
    earlier = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    earlier.query_params["dag"] = first_day.isoformat()
    earlier.run()
    assert not earlier.exception
    assert earlier.date_input[0].value == first_day
    assert int(headline(earlier)["Försenade"]) < late_today
