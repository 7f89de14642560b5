"""An agreement's uploads over time: each version, its progress, and what it changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samverkan import store
from samverkan.demo import UPLOAD_OFFSETS, ensure_demo
from samverkan.history import build_upload_history, changes_of_upload, latest_changes

TODAY = dt.date(2024, 6, 1)


def test_demo_history_has_every_upload_oldest_first_with_its_changes(db_path: Path) -> None:
    assert ensure_demo(db_path, TODAY)
    with store.open_store(db_path) as con:
        [agreement] = [a for a in store.fetch_agreements(con) if a.kommun == "Burlöv"]
        history = build_upload_history(con, agreement.id or 0)
        batches = store.fetch_agreement_batches(con, agreement.id or 0)
    assert len(history) == len(UPLOAD_OFFSETS) == len(batches)
    days = [e.upload.uploaded_at for e in history]
    assert days == sorted(days)
    assert history[0].changes is None
    assert all(e.changes is not None for e in history[1:])
    # The demo cancels the camera application at the third upload and adds an activity.
    third = history[2].changes
    assert third is not None
    assert any(c.activity_key == "M8" for c in third.status_changed)
    assert [a.activity_key for a in third.added] == ["M9"]
    # The pilot project ends after the second upload.
    assert [a.activity_key for a in third.removed] == ["B9"]
    assert latest_changes(history) is history[-1]
    assert changes_of_upload(history, history[1].upload.id) == history[1].changes
    assert history[-1].progress is not None
    assert history[0].progress is not None
    assert history[-1].progress > history[0].progress


def test_an_agreement_with_one_upload_has_nothing_to_compare(eslov_2022_store: Path) -> None:
    with store.open_store(eslov_2022_store) as con:
        [agreement] = store.fetch_agreements(con)
        history = build_upload_history(con, agreement.id or 0)
    assert len(history) == 1
    assert history[0].batch.rows == 8
    assert latest_changes(history) is None
