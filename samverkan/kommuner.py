"""Sweden's 290 kommuner, and finding the kommun and lokalpolisområde a text names.

Parts:
- KOMMUNER: the official short names ("Burlöv", not "Burlövs kommun"), sorted
- canonical_kommun: a name as a person writes it ("eslov", "Malmö stad") → the short name
- find_kommun_in_text: the kommun in a title, only where it is called a kommun or stad
- find_lpo_in_text: the lokalpolisområde in a title ("LPO Eslöv", "lokalpolisområde Malmö Norr")
"""

from __future__ import annotations

import re

_BY_LAN: dict[str, tuple[str, ...]] = {
    "Stockholm": (
        "Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö",
        "Nacka", "Norrtälje", "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna",
        "Solna", "Stockholm", "Sundbyberg", "Södertälje", "Tyresö", "Täby",
        "Upplands Väsby", "Upplands-Bro", "Vallentuna", "Vaxholm", "Värmdö", "Österåker",
    ),
    "Uppsala": (
        "Enköping", "Heby", "Håbo", "Knivsta", "Tierp", "Uppsala", "Älvkarleby", "Östhammar",
    ),
    "Södermanland": (
        "Eskilstuna", "Flen", "Gnesta", "Katrineholm", "Nyköping", "Oxelösund", "Strängnäs",
        "Trosa", "Vingåker",
    ),
    "Östergötland": (
        "Boxholm", "Finspång", "Kinda", "Linköping", "Mjölby", "Motala", "Norrköping",
        "Söderköping", "Vadstena", "Valdemarsvik", "Ydre", "Åtvidaberg", "Ödeshög",
    ),
    "Jönköping": (
        "Aneby", "Eksjö", "Gislaved", "Gnosjö", "Habo", "Jönköping", "Mullsjö", "Nässjö",
        "Sävsjö", "Tranås", "Vaggeryd", "Vetlanda", "Värnamo",
    ),
    "Kronoberg": (
        "Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö",
        "Älmhult",
    ),
    "Kalmar": (
        "Borgholm", "Emmaboda", "Hultsfred", "Högsby", "Kalmar", "Mönsterås", "Mörbylånga",
        "Nybro", "Oskarshamn", "Torsås", "Vimmerby", "Västervik",
    ),
    "Gotland": ("Gotland",),
    "Blekinge": ("Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg"),
    "Skåne": (
        "Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm",
        "Höganäs", "Hörby", "Höör", "Klippan", "Kristianstad", "Kävlinge", "Landskrona",
        "Lomma", "Lund", "Malmö", "Osby", "Perstorp", "Simrishamn", "Sjöbo", "Skurup",
        "Staffanstorp", "Svalöv", "Svedala", "Tomelilla", "Trelleborg", "Vellinge", "Ystad",
        "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge",
    ),
    "Halland": ("Falkenberg", "Halmstad", "Hylte", "Kungsbacka", "Laholm", "Varberg"),
    "Västra Götaland": (
        "Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga",
        "Falköping", "Färgelanda", "Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga",
        "Hjo", "Härryda", "Karlsborg", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Lysekil",
        "Mariestad", "Mark", "Mellerud", "Munkedal", "Mölndal", "Orust", "Partille", "Skara",
        "Skövde", "Sotenäs", "Stenungsund", "Strömstad", "Svenljunga", "Tanum", "Tibro",
        "Tidaholm", "Tjörn", "Tranemo", "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn",
        "Vara", "Vårgårda", "Vänersborg", "Åmål", "Öckerö",
    ),
    "Värmland": (
        "Arvika", "Eda", "Filipstad", "Forshaga", "Grums", "Hagfors", "Hammarö", "Karlstad",
        "Kil", "Kristinehamn", "Munkfors", "Storfors", "Sunne", "Säffle", "Torsby", "Årjäng",
    ),
    "Örebro": (
        "Askersund", "Degerfors", "Hallsberg", "Hällefors", "Karlskoga", "Kumla", "Laxå",
        "Lekeberg", "Lindesberg", "Ljusnarsberg", "Nora", "Örebro",
    ),
    "Västmanland": (
        "Arboga", "Fagersta", "Hallstahammar", "Kungsör", "Köping", "Norberg", "Sala",
        "Skinnskatteberg", "Surahammar", "Västerås",
    ),
    "Dalarna": (
        "Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika",
        "Malung-Sälen", "Mora", "Orsa", "Rättvik", "Smedjebacken", "Säter", "Vansbro",
        "Älvdalen",
    ),
    "Gävleborg": (
        "Bollnäs", "Gävle", "Hofors", "Hudiksvall", "Ljusdal", "Nordanstig", "Ockelbo",
        "Ovanåker", "Sandviken", "Söderhamn",
    ),
    "Västernorrland": (
        "Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Ånge", "Örnsköldsvik",
    ),
    "Jämtland": (
        "Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund",
    ),
    "Västerbotten": (
        "Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors",
        "Skellefteå", "Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele",
    ),
    "Norrbotten": (
        "Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix",
        "Kiruna", "Luleå", "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå",
    ),
}  # fmt: skip

KOMMUNER: tuple[str, ...] = tuple(sorted(name for names in _BY_LAN.values() for name in names))

# Words that follow a kommun's name in its official or everyday name.
_SUFFIXES = ("kommun", "kommuns", "stad", "stads")

# One word: letters, with hyphens inside ("Dals-Ed", "Malung-Sälen"), no digits.
_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"

# Up to two words before "kommun"/"stad": the longest kommun name is two words.
_KOMMUN_PHRASE = re.compile(
    rf"\b(?:(?P<first>{_WORD})\s+)?(?P<last>{_WORD})\s+(?:{'|'.join(_SUFFIXES)})\b",
    re.IGNORECASE,
)
# Gotland is the one kommun that is also a region, and calls itself so.
_REGION_GOTLAND = re.compile(r"\bregion\s+gotland\b", re.IGNORECASE)

_LPO_WORD = re.compile(r"\b(?:lokalpolisområdet|lokalpolisområde|lpo)\b\s*:?\s*", re.IGNORECASE)
# A name ends at a line break as at a comma: the next line is another text.
_LPO_NAME_WORD = re.compile(rf"(?P<word>{_WORD})(?P<space>[ \t\u00a0]*)")
_LPO_STOP_WORDS = frozenset({"och", "samt"})

_FOLDED_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _key(name: str) -> str:
    """Letters only, case-folded: 'Upplands-Väsby' and 'upplands väsby' have one key."""
    return "".join(char for char in name.casefold() if char.isalpha())


def _folded(key: str) -> str:
    return key.translate(_FOLDED_LETTERS)


def _by_folded_key() -> dict[str, str]:
    """Folded keys to names, leaving out keys two kommuner share (Håbo and Habo: 'habo')."""
    names: dict[str, list[str]] = {}
    for name in KOMMUNER:
        names.setdefault(_folded(_key(name)), []).append(name)
    return {key: found[0] for key, found in names.items() if len(found) == 1}


_BY_KEY = {_key(name): name for name in KOMMUNER}
_BY_FOLDED_KEY = _by_folded_key()


def _lookup(words: str) -> str | None:
    """The kommun these words name, genitive s allowed; exact letters first, then å/ä/ö folded."""
    key = _key(words)
    for table, candidate in (
        (_BY_KEY, key),
        (_BY_KEY, key.removesuffix("s")),
        (_BY_FOLDED_KEY, _folded(key)),
        (_BY_FOLDED_KEY, _folded(key).removesuffix("s")),
    ):
        if candidate and candidate in table:
            return table[candidate]
    return None


def canonical_kommun(name: str) -> str | None:
    """The official short name of the kommun a written name means, or None if it names none."""
    words = name.split()
    if len(words) == 2 and words[0].casefold() == "region" and _lookup(words[1]) == "Gotland":
        return "Gotland"
    if len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        words = words[:-1]
    return _lookup(" ".join(words)) if words else None


def find_kommun_in_text(text: str) -> str | None:
    """The first kommun the text calls a kommun or stad ("Burlövs kommun"), or Region Gotland."""
    found: list[tuple[int, str]] = []
    gotland = _REGION_GOTLAND.search(text)
    if gotland:
        found.append((gotland.start(), "Gotland"))
    for match in _KOMMUN_PHRASE.finditer(text):
        kommun = _kommun_before_suffix(match.group("first"), match.group("last"))
        if kommun is not None:
            found.append((match.start(), kommun))
            break
    return min(found)[1] if found else None


def _kommun_before_suffix(first: str | None, last: str) -> str | None:
    """The kommun named by the words before 'kommun'/'stad', the two-word reading first."""
    # A name starts with a capital letter; "ska vara kommun" is not about Vara.
    candidates = [f"{first} {last}", last] if first else [last]
    for words in candidates:
        if words[0].isupper():
            kommun = _lookup(words)
            if kommun is not None:
                return kommun
    return None


def find_lpo_in_text(text: str) -> str | None:
    """The lokalpolisområde's name after 'lokalpolisområde' or 'LPO', as written, or None."""
    for keyword in _LPO_WORD.finditer(text):
        words: list[str] = []
        position = keyword.end()
        while match := _LPO_NAME_WORD.match(text, position):
            word = match.group("word")
            # Names are capitalised: "LPO ska ..." and "LPO Eslöv kommer ..." stop at the verb.
            if word.casefold() in _LPO_STOP_WORDS or not word[0].isupper():
                break
            words.append(word)
            if not match.group("space"):
                break
            position = match.end()
        if words:
            return " ".join(words)
    return None
