"""Tests for samverkan.kommuner: the 290 kommuner, and naming them in written text."""

from __future__ import annotations

import pytest

from samverkan import kommuner
from samverkan.kommuner import (
    KOMMUN_CODES,
    KOMMUNER,
    LAN,
    LAN_CODES,
    canonical_kommun,
    canonical_lan,
    find_kommun_in_text,
    find_lpo_in_text,
    kommuner_in_lan,
    lan_of,
)


def test_there_are_290_kommuner_sorted_without_duplicates() -> None:
    assert len(KOMMUNER) == 290
    assert len(set(KOMMUNER)) == 290
    assert list(KOMMUNER) == sorted(KOMMUNER)


@pytest.mark.parametrize(
    ("lan", "count"),
    [
        ("Stockholm", 26),
        ("Uppsala", 8),
        ("Södermanland", 9),
        ("Östergötland", 13),
        ("Jönköping", 13),
        ("Kronoberg", 8),
        ("Kalmar", 12),
        ("Gotland", 1),
        ("Blekinge", 5),
        ("Skåne", 33),
        ("Halland", 6),
        ("Västra Götaland", 49),
        ("Värmland", 16),
        ("Örebro", 12),
        ("Västmanland", 10),
        ("Dalarna", 15),
        ("Gävleborg", 10),
        ("Västernorrland", 7),
        ("Jämtland", 8),
        ("Västerbotten", 15),
        ("Norrbotten", 14),
    ],
)
def test_each_lan_has_its_number_of_kommuner(lan: str, count: int) -> None:
    assert len(kommuner._BY_LAN[lan]) == count


def test_the_list_holds_names_with_spaces_hyphens_and_swedish_letters() -> None:
    names: tuple[str, ...] = (
        "Upplands Väsby",
        "Upplands-Bro",
        "Lilla Edet",
        "Dals-Ed",
        "Östra Göinge",
    )
    names += ("Malung-Sälen", "Övertorneå", "Håbo", "Habo", "Åre", "Öckerö", "Mönsterås")
    for name in names:
        assert name in KOMMUNER


def test_every_kommun_is_its_own_canonical_name_in_every_usual_form() -> None:
    for name in KOMMUNER:
        assert canonical_kommun(name) == name
        assert canonical_kommun(f"  {name.upper()} ") == name
        assert canonical_kommun(f"{name} kommun") == name
        assert canonical_kommun(f"{name}s kommun") == name
        assert canonical_kommun(f"{name} stad") == name


def test_no_two_kommuner_share_a_key_except_habo_and_habo_without_accents() -> None:
    folded = [kommuner._folded(kommuner._key(name)) for name in KOMMUNER]
    assert sorted(key for key in set(folded) if folded.count(key) > 1) == ["habo"]
    # A genitive s never turns one kommun into another.
    keys = {kommuner._key(name) for name in KOMMUNER}
    assert not {key + "s" for key in keys} & keys


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Eslöv", "Eslöv"),
        ("eslov", "Eslöv"),
        ("ESLÖV", "Eslöv"),
        ("Eslövs kommun", "Eslöv"),
        ("Eslöv kommun", "Eslöv"),
        ("Eslövs", "Eslöv"),
        ("Malmö stad", "Malmö"),
        ("malmo", "Malmö"),
        ("Göteborgs Stad", "Göteborg"),
        ("Goteborg", "Göteborg"),
        ("Stockholms stad", "Stockholm"),
        ("Region Gotland", "Gotland"),
        ("Gotlands kommun", "Gotland"),
        ("Borås", "Borås"),
        ("Borås Stad", "Borås"),
        ("Boras", "Borås"),
        ("Vännäs kommun", "Vännäs"),
        ("Vannas", "Vännäs"),
        ("Bjurholms kommun", "Bjurholm"),
        ("Håbo", "Håbo"),
        ("Habo", "Habo"),
        ("HÅBO KOMMUN", "Håbo"),
        ("Öckerö", "Öckerö"),
        ("Ockero", "Öckerö"),
        ("Are", "Åre"),
        ("Upplands Väsby", "Upplands Väsby"),
        ("Upplands-Väsby", "Upplands Väsby"),
        ("upplands vasby kommun", "Upplands Väsby"),
        ("Upplands Bro", "Upplands-Bro"),
        ("Lilla Edets kommun", "Lilla Edet"),
        ("Dals Ed", "Dals-Ed"),
        ("Dals-Eds kommun", "Dals-Ed"),
        ("Malung Sälen", "Malung-Sälen"),
        ("Östra Göinge kommun", "Östra Göinge"),
        ("Overtornea", "Övertorneå"),
        ("Monsteras", "Mönsterås"),
        ("Kävlinge", "Kävlinge"),
        ("Kavlinge kommun", "Kävlinge"),
    ],
)
def test_canonical_kommun(written: str, expected: str) -> None:
    assert canonical_kommun(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "",
        "   ",
        "kommun",
        "Stad",
        "Skåne",
        "Region Skåne",
        "Region Stockholm",
        "Väsby",
        "Göinge",
        "Malmö Norr",
        "Eslöv Burlöv",
        "Stockholms län",
        "Hab",
    ],
)
def test_canonical_kommun_of_what_is_no_kommun(written: str) -> None:
    assert canonical_kommun(written) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Samverkansöverenskommelse mellan Burlövs kommun och lokalpolisområde Kävlinge",
            "Burlöv",
        ),
        ("Kävlinge kommun och lokalpolisområde Kävlinge", "Kävlinge"),
        ("Eslövs kommun", "Eslöv"),
        ("Malmö stad", "Malmö"),
        ("Borås Stad", "Borås"),
        ("Borås kommun", "Borås"),
        ("Vännäs kommun", "Vännäs"),
        ("Bjurholms kommun", "Bjurholm"),
        ("Göteborgs Stads handlingsplan 2024", "Göteborg"),
        ("Medborgarlöften i Stockholms stads stadsdelar", "Stockholm"),
        ("Region Gotland och lokalpolisområde Gotland", "Gotland"),
        ("Upplands Väsby kommun", "Upplands Väsby"),
        ("Aktivitetsplan för Lilla Edets kommun 2023", "Lilla Edet"),
        ("Dals-Eds kommun", "Dals-Ed"),
        ("Övertorneå kommun", "Övertorneå"),
        ("Östra Göinge kommun – handlingsplan", "Östra Göinge"),
        ("Trygga Kävlinge kommun", "Kävlinge"),
        ("ESLÖVS KOMMUN", "Eslöv"),
        ("Handlingsplan, Eslovs kommun", "Eslöv"),
        ("Samverkan: Håbo kommun och LPO Sigtuna", "Håbo"),
        ("Ett tryggare Malmö\nMalmö stad 2024–2026", "Malmö"),
        ("Lokalpolisområde Lund och Lunds kommun", "Lund"),
        ("En trygg stad – Helsingborgs stad", "Helsingborg"),
    ],
)
def test_find_kommun_in_text(text: str, expected: str) -> None:
    assert find_kommun_in_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Handlingsplan 2024 – Trygga Kävlinge",
        "lokalpolisområde Kävlinge",
        "LPO Eslöv",
        "Eslöv",
        "Kommunens handlingsplan",
        "Aktiviteter för en trygg stad",
        "Ansvarig ska vara kommun eller polis",
        "Kommuner i Skåne",
        "Kävlinge kommunpolis",
        "Region Skåne",
        "",
    ],
)
def test_find_kommun_in_text_does_not_guess_from_a_bare_name(text: str) -> None:
    assert find_kommun_in_text(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lokalpolisområde Kävlinge", "Kävlinge"),
        ("LPO Eslöv", "Eslöv"),
        ("lokalpolisområdet Malmö Norr", "Malmö Norr"),
        ("Lokalpolisområde Malmö Norr, Malmö stad", "Malmö Norr"),
        ("Burlövs kommun och lokalpolisområde Kävlinge och Burlöv", "Kävlinge"),
        ("LPO Eslöv – handlingsplan", "Eslöv"),
        ("LPO Eslöv - handlingsplan", "Eslöv"),
        ("LPO Eslöv 2024", "Eslöv"),
        ("Lokalpolisområde: Malung-Sälen", "Malung-Sälen"),
        ("LOKALPOLISOMRÅDE KÄVLINGE OCH BURLÖVS KOMMUN", "KÄVLINGE"),
        ("LPO Sydöstra Skåne\nHandlingsplan", "Sydöstra Skåne"),
        ("LPO Eslöv kommer att genomföra", "Eslöv"),
        ("Kommunen och LPO ska ses. LPO Höör", "Höör"),
    ],
)
def test_find_lpo_in_text(text: str, expected: str) -> None:
    assert find_lpo_in_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Eslövs kommun",
        "Kommunpolisen i Eslöv",
        "LPO-chefen deltar",
        "LPO 2024",
        "lokalpolisområdet ansvarar",
        "",
    ],
)
def test_find_lpo_in_text_without_an_lpo(text: str) -> None:
    assert find_lpo_in_text(text) is None


# -- the 21 län (Jämförelse's ?lan=) ---------------------------------------------------------


def test_every_kommun_lies_in_exactly_one_of_the_21_lan() -> None:
    assert len(LAN) == 21
    found = [kommun for lan in LAN for kommun in kommuner_in_lan(lan)]
    assert sorted(found) == sorted(KOMMUNER)
    assert len(found) == len(set(found)) == 290


def test_each_kommuns_code_starts_with_its_lans_code() -> None:
    """Two published lists agree: the län list here and SCB's kommunkoder."""
    for code, kommun in KOMMUN_CODES.items():
        lan = lan_of(kommun)
        assert lan is not None, kommun
        assert code[:2] == LAN_CODES[lan], (kommun, code, lan)


@pytest.mark.parametrize(
    ("written", "lan"),
    [
        ("Skåne", "Skåne"),
        ("Skåne län", "Skåne"),
        ("skane", "Skåne"),
        ("Region Skåne", "Skåne"),
        ("Västra Götalands län", "Västra Götaland"),
        ("Stockholms län", "Stockholm"),
        ("Dalarnas län", "Dalarna"),
        ("Kalmar län", "Kalmar"),
        ("Örebro län", "Örebro"),
        ("orebro", "Örebro"),
        ("Gotlands län", "Gotland"),
        ("  Norrbotten  ", "Norrbotten"),
        ("Lappland", None),
        ("", None),
        ("län", None),
    ],
)
def test_canonical_lan(written: str, lan: str | None) -> None:
    assert canonical_lan(written) == lan


@pytest.mark.parametrize(
    ("kommun", "lan"),
    [("Burlöv", "Skåne"), ("Malmö stad", "Skåne"), ("Gotland", "Gotland"), ("Håbo", "Uppsala"),
     ("Habo", "Jönköping"), ("Kiruna", "Norrbotten"), ("Atlantis", None)],
)  # fmt: skip
def test_lan_of(kommun: str, lan: str | None) -> None:
    assert lan_of(kommun) == lan


def test_kommuner_in_lpo_kavlinge_lie_in_skane() -> None:
    assert {"Burlöv", "Kävlinge", "Lomma"} <= set(kommuner_in_lan("Skåne län"))
    assert kommuner_in_lan("Lappland") == ()
