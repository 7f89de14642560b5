"""A table where the main column is wide, cards where it is narrow (a phone, a laptop's sidebar).

Streamlit cannot tell the screen's width, so both are drawn and CSS shows the one that fits: a
keyed container gets the class st-key-…, the outer one is made a CSS container, and a
container query on its width hides the other. The query measures the main column, not the
screen, so the cards also come on a 1024-pixel laptop with the sidebar open.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

NARROW_WIDTH = 720  # CSS pixels of the main column


def render_wide_or_narrow(
    key: str,
    wide: Callable[[], object],
    narrow: Callable[[], object],
    *,
    narrow_width: int = NARROW_WIDTH,
) -> None:
    """`wide()` (a table) in a main column over `narrow_width` pixels, else `narrow()` (cards)."""
    st.html(
        "<style>"
        f".st-key-{key}{{container-type:inline-size}}"
        f"@container (max-width:{narrow_width}px){{.st-key-{key}_tabell{{display:none}}}}"
        f"@container (min-width:{narrow_width + 1}px){{.st-key-{key}_kort{{display:none}}}}"
        "</style>"
    )
    with st.container(key=key):
        with st.container(key=f"{key}_tabell"):
            wide()
        with st.container(key=f"{key}_kort"):
            narrow()
