"""The upload page's column choices: a dropdown for each column the import did not know.

A choice changes the mapping the file is read with (header → field, EXTRA or IGNORE), so the
preview below shows the file read again. Only choices the coordinator made are kept here;
the remembered ones come from the import itself (importing.import_workbook).

Parts:
- chosen_columns: the choices made for a file so far
- columns_to_choose: the headers that get a dropdown, each with what it is read as now
- render_column_choices: the note about remembered choices, and the dropdowns
"""

from __future__ import annotations

import hashlib

import streamlit as st

from samverkan.excel.contents import column_notes
from samverkan.excel.locate import needs_choice
from samverkan.importing.pipeline import ImportOutcome
from samverkan.models import COLUMN_CHOICE_LABELS, EXTRA_COLUMN
from samverkan.web.format import escape_markdown

_CHOICES_KEY = "kolumnval"
_PER_ROW = 3


def chosen_columns(sha256: str) -> dict[str, str]:
    """The choices the coordinator made for this file: header → field, EXTRA or IGNORE."""
    kept = st.session_state.get(f"{_CHOICES_KEY}_{sha256[:16]}")
    return dict(kept) if isinstance(kept, dict) else {}


def columns_to_choose(outcome: ImportOutcome) -> dict[str, str]:
    """Every header that gets a dropdown (once, whatever sheets have it), with its field now."""
    headers: dict[str, str] = {}
    for mapping in outcome.report.column_mapping.values():
        for header, name in mapping.items():
            if needs_choice(header, name, outcome.column_mapping):
                headers.setdefault(header, name if name in COLUMN_CHOICE_LABELS else EXTRA_COLUMN)
    return headers


def widget_key(sha256: str, header: str) -> str:
    """The dropdown's key: by the header's text, so it stays when columns change order."""
    digest = hashlib.sha256(header.encode("utf-8")).hexdigest()[:12]
    return f"{_CHOICES_KEY}_{sha256[:16]}_{digest}"


def render_column_choices(sha256: str, outcome: ImportOutcome) -> None:
    """Say when last upload's choices are used, then one dropdown per unknown column."""
    if outcome.remembered_mapping:
        used = ", ".join(
            f"”{escape_markdown(header)}” som {COLUMN_CHOICE_LABELS.get(name, name).casefold()}"
            for header, name in outcome.remembered_mapping.items()
        )
        st.info(
            f"Kolumnvalen från förra uppladdningen används: {used}. Ändra nedan om filen "
            "ser annorlunda ut den här gången.",
            icon=":material/history:",
        )
    headers = columns_to_choose(outcome)
    if not headers:
        return
    notes = column_notes(outcome.report)
    st.subheader("Kolumner att välja", anchor=False)
    st.markdown(
        "De här kolumnerna kände Samverkan inte igen, kan betyda flera saker, eller lästes "
        "efter vad de innehåller snarare än vad rubriken säger. Välj vad varje kolumn "
        "innehåller, så läses filen om med ditt val. När du trycker **Spara** kommer valen "
        "ihåg till kommunens nästa uppladdning."
    )
    options = list(COLUMN_CHOICE_LABELS)
    items = list(headers.items())
    for start in range(0, len(items), _PER_ROW):
        cells = st.columns(_PER_ROW)
        for cell, (header, name) in zip(cells, items[start : start + _PER_ROW], strict=False):
            key = widget_key(sha256, header)
            with cell:
                st.selectbox(
                    f"Kolumnen ”{escape_markdown(header)}”",
                    options,
                    index=options.index(name),
                    format_func=COLUMN_CHOICE_LABELS.__getitem__,
                    key=key,
                    on_change=_choose,
                    args=(sha256, header, key),
                )
                if header in notes:
                    st.caption(escape_markdown(notes[header]))


def _choose(sha256: str, header: str, key: str) -> None:
    """Keep the coordinator's choice for the file; the rerun reads the file with it."""
    choices = chosen_columns(sha256)
    choices[header] = str(st.session_state[key])
    st.session_state[f"{_CHOICES_KEY}_{sha256[:16]}"] = choices
