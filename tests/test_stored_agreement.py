"""A stored agreement always has its id: the type says so, and nothing stands in a 0 for it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pydantic
import pytest

from samverkan import store
from samverkan.agreement import copy_to_new_period
from samverkan.models import Agreement, AgreementDefinition, StoredAgreement

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("samverkan/**/*.py")]
)


def test_the_store_returns_agreements_with_their_id(eslov_2022_store: Path) -> None:
    with store.open_store(eslov_2022_store) as con:
        [agreement] = store.fetch_agreements(con)
        assert isinstance(agreement, StoredAgreement)
        assert isinstance(agreement.id, int)
        assert store.fetch_agreement(con, agreement.id) == agreement


def test_a_stored_agreement_cannot_lack_its_id() -> None:
    with pytest.raises(pydantic.ValidationError):
        StoredAgreement(
            kommun="Eslöv", period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31)
        )


def test_the_next_period_is_a_new_agreement_without_an_id() -> None:
    stored = StoredAgreement(
        id=7,
        kommun="Eslöv",
        title="Samverkan 2022",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
    )
    copied = copy_to_new_period(
        AgreementDefinition(agreement=stored), dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    )
    assert type(copied.agreement) is Agreement
    assert copied.agreement.id is None
    assert copied.agreement.title == "Samverkan 2023"
    assert copied.agreement.kommun == "Eslöv"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_zero_stands_in_for_an_id(path: Path) -> None:
    assert not re.search(r"\.id or 0\b", path.read_text("utf-8"))


def test_a_stored_agreement_equals_the_same_agreement() -> None:
    fields = {
        "kommun": "Eslöv",
        "period_start": dt.date(2022, 1, 1),
        "period_end": dt.date(2022, 12, 31),
    }
    stored = StoredAgreement(id=3, **fields)
    assert stored == Agreement(id=3, **fields)
    assert Agreement(id=3, **fields) == stored
    assert hash(stored) == hash(Agreement(id=3, **fields))
    assert stored != Agreement(id=4, **fields)
    assert AgreementDefinition(agreement=stored) == AgreementDefinition(
        agreement=Agreement(id=3, **fields)
    )
