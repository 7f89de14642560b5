"""Sweden's 290 kommuner, and finding the kommun and lokalpolisområde a text names.

Parts:
- KOMMUNER: the official short names ("Burlöv", not "Burlövs kommun"), sorted
- canonical_kommun: a name as a person writes it ("eslov", "Malmö stad") → the short name
- find_kommun_in_text: the kommun in a title, only where it is called a kommun or stad
- find_lpo_in_text: the lokalpolisområde in a title ("LPO Eslöv", "lokalpolisområde Malmö Norr")
- LAN, lan_of, canonical_lan, kommuner_in_lan: the 21 län and their kommuner (Jämförelse's
  `?lan=Skåne`); each kommun's kommunkod starts with its län's code (tests/test_kommuner.py)
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
# The 21 län in SCB's order (their codes: the first two digits of their kommuners' codes).
LAN: tuple[str, ...] = tuple(_BY_LAN)
LAN_CODES: dict[str, str] = dict(
    zip(
        LAN,
        ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18",
         "19", "20", "21", "22", "23", "24", "25"),
        strict=True,
    )
)  # fmt: skip
_LAN_OF = {kommun: lan for lan, names in _BY_LAN.items() for kommun in names}

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
# No län's own name ends in s ("Västra Götaland"): a trailing s is the genitive of "… län".
_LAN_KEYS_WITH_S: frozenset[str] = frozenset(
    _folded(_key(lan)) for lan in LAN if _key(lan).endswith("s")
)
_BY_LAN_KEY = {_folded(_key(lan)): lan for lan in LAN}
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


def lan_of(kommun: str) -> str | None:
    """The län a kommun lies in ("Burlöv" → "Skåne"), or None for a name that is no kommun."""
    name = canonical_kommun(kommun)
    return _LAN_OF[name] if name else None


def _lan_key(name: str) -> str:
    """'Skåne län', 'Västra Götalands län', 'Region Skåne', 'skane' → one folded key."""
    words = name.split()
    if words and words[0].casefold() == "region":
        words = words[1:]
    if words and words[-1].casefold() in ("län", "lan"):
        words = words[:-1]
    key = _folded(_key(" ".join(words)))
    return key.removesuffix("s") if key not in _LAN_KEYS_WITH_S else key


def canonical_lan(name: str) -> str | None:
    """The län a written name means ("Skåne län", "stockholms lan"), or None."""
    return _BY_LAN_KEY.get(_lan_key(name)) if name.strip() else None


def kommuner_in_lan(name: str) -> tuple[str, ...]:
    """The kommuner of the län a name means, in the list's order; empty for no län."""
    lan = canonical_lan(name)
    return _BY_LAN[lan] if lan else ()


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


# SCB's kommunkoder, which Kolada uses as municipality ids ("1285" is Eslöv). Checked against
# KOMMUNER (the same 290 names), each code's län prefix, and a second published list.
_CODES_TEXT = """
0114 Upplands Väsby, 0115 Vallentuna, 0117 Österåker, 0120 Värmdö, 0123 Järfälla, 0125 Ekerö,
0126 Huddinge, 0127 Botkyrka, 0128 Salem, 0136 Haninge, 0138 Tyresö, 0139 Upplands-Bro,
0140 Nykvarn, 0160 Täby, 0162 Danderyd, 0163 Sollentuna, 0180 Stockholm, 0181 Södertälje,
0182 Nacka, 0183 Sundbyberg, 0184 Solna, 0186 Lidingö, 0187 Vaxholm, 0188 Norrtälje,
0191 Sigtuna, 0192 Nynäshamn,
0305 Håbo, 0319 Älvkarleby, 0330 Knivsta, 0331 Heby, 0360 Tierp, 0380 Uppsala, 0381 Enköping,
0382 Östhammar,
0428 Vingåker, 0461 Gnesta, 0480 Nyköping, 0481 Oxelösund, 0482 Flen, 0483 Katrineholm,
0484 Eskilstuna, 0486 Strängnäs, 0488 Trosa,
0509 Ödeshög, 0512 Ydre, 0513 Kinda, 0560 Boxholm, 0561 Åtvidaberg, 0562 Finspång,
0563 Valdemarsvik, 0580 Linköping, 0581 Norrköping, 0582 Söderköping, 0583 Motala,
0584 Vadstena, 0586 Mjölby,
0604 Aneby, 0617 Gnosjö, 0642 Mullsjö, 0643 Habo, 0662 Gislaved, 0665 Vaggeryd, 0680 Jönköping,
0682 Nässjö, 0683 Värnamo, 0684 Sävsjö, 0685 Vetlanda, 0686 Eksjö, 0687 Tranås,
0760 Uppvidinge, 0761 Lessebo, 0763 Tingsryd, 0764 Alvesta, 0765 Älmhult, 0767 Markaryd,
0780 Växjö, 0781 Ljungby,
0821 Högsby, 0834 Torsås, 0840 Mörbylånga, 0860 Hultsfred, 0861 Mönsterås, 0862 Emmaboda,
0880 Kalmar, 0881 Nybro, 0882 Oskarshamn, 0883 Västervik, 0884 Vimmerby, 0885 Borgholm,
0980 Gotland,
1060 Olofström, 1080 Karlskrona, 1081 Ronneby, 1082 Karlshamn, 1083 Sölvesborg,
1214 Svalöv, 1230 Staffanstorp, 1231 Burlöv, 1233 Vellinge, 1256 Östra Göinge, 1257 Örkelljunga,
1260 Bjuv, 1261 Kävlinge, 1262 Lomma, 1263 Svedala, 1264 Skurup, 1265 Sjöbo, 1266 Hörby,
1267 Höör, 1270 Tomelilla, 1272 Bromölla, 1273 Osby, 1275 Perstorp, 1276 Klippan, 1277 Åstorp,
1278 Båstad, 1280 Malmö, 1281 Lund, 1282 Landskrona, 1283 Helsingborg, 1284 Höganäs, 1285 Eslöv,
1286 Ystad, 1287 Trelleborg, 1290 Kristianstad, 1291 Simrishamn, 1292 Ängelholm,
1293 Hässleholm,
1315 Hylte, 1380 Halmstad, 1381 Laholm, 1382 Falkenberg, 1383 Varberg, 1384 Kungsbacka,
1401 Härryda, 1402 Partille, 1407 Öckerö, 1415 Stenungsund, 1419 Tjörn, 1421 Orust,
1427 Sotenäs, 1430 Munkedal, 1435 Tanum, 1438 Dals-Ed, 1439 Färgelanda, 1440 Ale, 1441 Lerum,
1442 Vårgårda, 1443 Bollebygd, 1444 Grästorp, 1445 Essunga, 1446 Karlsborg, 1447 Gullspång,
1452 Tranemo, 1460 Bengtsfors, 1461 Mellerud, 1462 Lilla Edet, 1463 Mark, 1465 Svenljunga,
1466 Herrljunga, 1470 Vara, 1471 Götene, 1472 Tibro, 1473 Töreboda, 1480 Göteborg, 1481 Mölndal,
1482 Kungälv, 1484 Lysekil, 1485 Uddevalla, 1486 Strömstad, 1487 Vänersborg, 1488 Trollhättan,
1489 Alingsås, 1490 Borås, 1491 Ulricehamn, 1492 Åmål, 1493 Mariestad, 1494 Lidköping,
1495 Skara, 1496 Skövde, 1497 Hjo, 1498 Tidaholm, 1499 Falköping,
1715 Kil, 1730 Eda, 1737 Torsby, 1760 Storfors, 1761 Hammarö, 1762 Munkfors, 1763 Forshaga,
1764 Grums, 1765 Årjäng, 1766 Sunne, 1780 Karlstad, 1781 Kristinehamn, 1782 Filipstad,
1783 Hagfors, 1784 Arvika, 1785 Säffle,
1814 Lekeberg, 1860 Laxå, 1861 Hallsberg, 1862 Degerfors, 1863 Hällefors, 1864 Ljusnarsberg,
1880 Örebro, 1881 Kumla, 1882 Askersund, 1883 Karlskoga, 1884 Nora, 1885 Lindesberg,
1904 Skinnskatteberg, 1907 Surahammar, 1960 Kungsör, 1961 Hallstahammar, 1962 Norberg,
1980 Västerås, 1981 Sala, 1982 Fagersta, 1983 Köping, 1984 Arboga,
2021 Vansbro, 2023 Malung-Sälen, 2026 Gagnef, 2029 Leksand, 2031 Rättvik, 2034 Orsa,
2039 Älvdalen, 2061 Smedjebacken, 2062 Mora, 2080 Falun, 2081 Borlänge, 2082 Säter,
2083 Hedemora, 2084 Avesta, 2085 Ludvika,
2101 Ockelbo, 2104 Hofors, 2121 Ovanåker, 2132 Nordanstig, 2161 Ljusdal, 2180 Gävle,
2181 Sandviken, 2182 Söderhamn, 2183 Bollnäs, 2184 Hudiksvall,
2260 Ånge, 2262 Timrå, 2280 Härnösand, 2281 Sundsvall, 2282 Kramfors, 2283 Sollefteå,
2284 Örnsköldsvik,
2303 Ragunda, 2305 Bräcke, 2309 Krokom, 2313 Strömsund, 2321 Åre, 2326 Berg, 2361 Härjedalen,
2380 Östersund,
2401 Nordmaling, 2403 Bjurholm, 2404 Vindeln, 2409 Robertsfors, 2417 Norsjö, 2418 Malå,
2421 Storuman, 2422 Sorsele, 2425 Dorotea, 2460 Vännäs, 2462 Vilhelmina, 2463 Åsele, 2480 Umeå,
2481 Lycksele, 2482 Skellefteå,
2505 Arvidsjaur, 2506 Arjeplog, 2510 Jokkmokk, 2513 Överkalix, 2514 Kalix, 2518 Övertorneå,
2521 Pajala, 2523 Gällivare, 2560 Älvsbyn, 2580 Luleå, 2581 Piteå, 2582 Boden, 2583 Haparanda,
2584 Kiruna,
"""
KOMMUN_CODES: dict[str, str] = {
    item.strip()[:4]: item.strip()[5:] for item in _CODES_TEXT.split(",") if item.strip()
}
# Kolada's ids for the whole country ("0000") and the regions: figures to compare with.
_AGGREGATE_CODE = re.compile(r"^00\d\d$")


def kommun_from_code(code: str) -> str | None:
    """The kommun a kommunkod names ("1285" → "Eslöv", "180" → "Stockholm"), or None."""
    digits = code.strip()
    if not digits.isdigit() or len(digits) > 4:
        return None
    return KOMMUN_CODES.get(digits.zfill(4))


def is_aggregate_code(code: str) -> bool:
    """True for Kolada's ids of the whole country ("0000") and of the regions ("0012")."""
    digits = code.strip()
    return digits.isdigit() and len(digits) <= 4 and bool(_AGGREGATE_CODE.match(digits.zfill(4)))
