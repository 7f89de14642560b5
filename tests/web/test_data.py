"""The cached reads of samverkan/web/data.py answer as the uncached rules they stand for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samverkan.agreement import AgreementChoiceError, choose_agreement
from samverkan.web.data import load_agreements, load_kommun_agreement


@pytest.mark.parametrize(
    ("kommun", "on"),
    [
        ("Burlöv", None),
        ("burlöv", None),
        ("BURLÖV", dt.date(2020, 1, 1)),
        ("Burlöv", dt.date(2100, 1, 1)),
        ("Lund", None),  # a kommun the store has no agreement for
        ("Ingenstans", None),
    ],
)
def test_the_address_kommun_is_chosen_as_choose_agreement_chooses(
    demo_store: Path, kommun: str, on: dt.date | None
) -> None:
    try:
        expected = choose_agreement(load_agreements(), kommun, on)
    except AgreementChoiceError:
        expected = None
    assert load_kommun_agreement(kommun, on) == expected
    assert load_kommun_agreement(kommun, on) == expected  # and again, from the cache
