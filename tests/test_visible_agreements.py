"""Which agreements a user may see (access.visible_agreements) and which one an id names
(agreement.choose_agreement): pure rules, failing closed."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.access import LOCAL_ADMIN, role_description, visible_agreements
from samverkan.accounts import check_new_user
from samverkan.agreement import AgreementChoiceError, choose_agreement
from samverkan.models import AgreementKind, Party, Role, StoredAgreement, UserAccount


def agreement(
    id_: int, kommun: str, start: int, end: int, kind: str = "strategisk"
) -> StoredAgreement:
    return StoredAgreement(
        id=id_,
        kommun=kommun,
        lpo="Kävlinge",
        period_start=dt.date(start, 1, 1),
        period_end=dt.date(end, 12, 31),
        kind=AgreementKind(kind),
    )


AGREEMENTS = [
    agreement(1, "Burlöv", 2025, 2027),
    agreement(2, "Burlöv", 2026, 2026, "operativ"),
    agreement(3, "Lomma", 2026, 2026),
    agreement(4, "Kävlinge", 2021, 2024),
]


def user(role: Role, *kommuner: str) -> UserAccount:
    return UserAccount(email="x@y.se", name="X", role=role, kommuner=kommuner)


@pytest.mark.parametrize(
    ("who", "ids"),
    [
        (LOCAL_ADMIN, [1, 2, 3, 4]),
        (user(Role.ADMIN), [1, 2, 3, 4]),
        (user(Role.READER, "Burlöv"), [1, 2]),
        (user(Role.READER, "burlövs kommun"), [1, 2]),  # named as people write it
        (user(Role.COORDINATOR, "Lomma", "Kävlinge"), [3, 4]),
        (user(Role.READER), []),  # given no kommun: none
        (None, []),  # nobody logged in: none
    ],
)
def test_a_user_sees_only_the_agreements_of_their_kommuner(
    who: UserAccount | None, ids: list[int]
) -> None:
    assert [a.id for a in visible_agreements(who, AGREEMENTS)] == ids


@pytest.mark.parametrize(
    ("party", "lpo", "kommuner", "ids"),
    [
        (Party.POLIS, "Kävlinge", (), [1, 2, 3, 4]),  # a kommunpolis: the LPO's agreements
        (Party.POLIS, "LPO Kävlinge", (), [1, 2, 3, 4]),
        (Party.POLIS, "Lund", (), []),  # another LPO: none of these
        (Party.KOMMUN, None, ("Lomma",), [3]),
        (None, None, (), []),
    ],
)
def test_a_user_given_a_party_in_an_lpo_sees_that_lpos_agreements(
    party: Party | None, lpo: str | None, kommuner: tuple[str, ...], ids: list[int]
) -> None:
    """Whom they check in for, they see: a kommunpolis of LPO Kävlinge reads its kommuner."""
    reader = UserAccount(
        email="kim@polisen.se",
        name="Kim",
        role=Role.READER,
        kommuner=kommuner,
        party=party,
        lpo=lpo,
    )
    assert [a.id for a in visible_agreements(reader, AGREEMENTS)] == ids


def test_an_id_names_its_agreement_even_beside_the_kommuns_running_one() -> None:
    day = dt.date(2026, 6, 1)
    assert choose_agreement(AGREEMENTS, "Burlöv", day).id == 1  # the one that ends last
    assert choose_agreement(AGREEMENTS, None, agreement_id=2).id == 2


def test_an_id_of_an_agreement_not_visible_gets_the_answer_an_unknown_one_gets() -> None:
    reader = user(Role.READER, "Lomma")
    mine = visible_agreements(reader, AGREEMENTS)
    with pytest.raises(AgreementChoiceError) as hidden:
        choose_agreement(mine, None, agreement_id=1)
    with pytest.raises(AgreementChoiceError) as unknown:
        choose_agreement(mine, None, agreement_id=99)
    assert str(hidden.value).replace("1", "N") == str(unknown.value).replace("99", "N")
    with pytest.raises(AgreementChoiceError) as by_kommun:
        choose_agreement(mine, "Burlöv")
    assert "Burlöv" in str(by_kommun.value)  # the name asked for, echoed
    assert str(by_kommun.value).endswith("Det finns: Lomma.")  # and only hers listed


def test_a_lasare_may_be_given_kommuner_an_admin_may_not() -> None:
    assert check_new_user("a@b.se", Role.READER, ["burlöv"]) == (["Burlöv"], [])
    _, refused = check_new_user("a@b.se", Role.ADMIN, ["Lomma"])
    assert refused == ["En admin ser och ändrar alla kommuner; ange ingen --kommun."]


@pytest.mark.parametrize(
    ("who", "said"),
    [
        (user(Role.READER, "Burlöv"), "läsare för Burlöv"),
        (user(Role.READER), "läsare"),
        (user(Role.COORDINATOR, "Burlöv", "Lomma"), "samordnare för Burlöv, Lomma"),
        (user(Role.ADMIN), "admin"),
    ],
)
def test_the_role_says_the_kommuner(who: UserAccount, said: str) -> None:
    assert role_description(who) == said
