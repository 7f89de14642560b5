"""The upload page states the limit a person meets: the smaller of the browser's and the import's.

Streamlit's server.maxUploadSize (.streamlit/config.toml: 20) stops a file in the browser; the
guard's SAMVERKAN_MAX_UPLOAD_MB stops it on the server. Lowering one must change what the
page says, or a 15 MB file would be promised and then refused.
"""

from __future__ import annotations

import pytest

from samverkan.web.upload import upload_limit_mb


@pytest.mark.parametrize(
    ("setting", "shown"),
    [(None, 20.0), ("5", 5.0), ("0.5", 0.5), ("50", 20.0), ("inte ett tal", 20.0)],
    ids=["default", "import-lower", "half-a-megabyte", "browser-lower", "unreadable"],
)
def test_the_page_states_the_lower_limit(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, shown: float
) -> None:
    if setting is None:
        monkeypatch.delenv("SAMVERKAN_MAX_UPLOAD_MB", raising=False)
    else:
        monkeypatch.setenv("SAMVERKAN_MAX_UPLOAD_MB", setting)
    assert upload_limit_mb() == shown


def test_the_import_says_the_same_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Half a megabyte is said as 0,5 MB by the import too, not rounded to 0 or 1."""
    from samverkan.excel.guard import RefusedFile, guard_spreadsheet

    monkeypatch.setenv("SAMVERKAN_MAX_UPLOAD_MB", "0.5")
    with pytest.raises(RefusedFile, match="större än gränsen 0,5 MB"):
        guard_spreadsheet(b"PK" + bytes(600 * 1024))
