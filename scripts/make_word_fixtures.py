"""Regenerate the Word fixtures (tests/fixtures/word/): plans as LibreOffice Writer saves them.

Each plan is written here as a small HTML page (headings, paragraphs, tables with merged and
shaded cells), or as a python-docx draft where HTML cannot carry it (a comment), and then
converted by LibreOffice, so the committed .docx files are what office software writes, not
what a library writes. Needs LibreOffice Writer (`apt-get install libreoffice-writer`); CI does
not, it uses the committed files. Run from the repository root:

    .venv/bin/python scripts/make_word_fixtures.py

The content is invented for the tests; tests/excel/test_word.py holds what each must import as.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from samverkan.excel.template import PLAN_HEADERS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "word"
GREEN, YELLOW, RED = "#00B050", "#FFC000", "#FF0000"
# Skatteverket's test personnummer: a valid number that belongs to nobody.
TEST_PERSONNUMMER = "19121212-1212"

Cell = str | tuple[str, dict[str, str]]


def _cell(value: Cell, tag: str = "td") -> str:
    text, attributes = (value, {}) if isinstance(value, str) else value
    bold = attributes.pop("bold", None)
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in attributes.items())
    body = html.escape(text).replace("\n", "<br>")
    return f"<{tag}{attrs}>{f'<b>{body}</b>' if bold else body}</{tag}>"


def _table(header: list[str], rows: list[list[Cell]]) -> str:
    head = "".join(_cell(h, "th") for h in header)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellpadding="4"><tr>{head}</tr>{body}</table>'


def _page(title: str, parts: list[str], landscape: bool = False) -> str:
    size = "@page { size: landscape; }" if landscape else ""
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{size}</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )


def _h(level: int, text: str) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def plan_per_focus_area() -> str:
    """(1) A table per focus area under a heading each; the title block in the first lines."""
    header = ["Aktivitet", "Ansvarig", "Part", "Klart senast", "Status", "Bedömning"]
    return _page(
        "Samverkansöverenskommelse Sjöbo",
        [
            _h(1, "Samverkansöverenskommelse 2025–2027"),
            _p("Mellan Sjöbo kommun och lokalpolisområde Ystad"),
            _p("Överenskommelsen gäller 2025–2027 och följs upp varje kvartal i styrgruppen."),
            _h(2, "Fokusområde 1: Trygg offentlig miljö"),
            _table(
                header,
                [
                    [
                        "Trygghetsvandring i centrum",
                        "Kommunpolis",
                        "Polis",
                        "2025-05-31",
                        "Klar",
                        "Grön",
                    ],
                    [
                        "Bättre belysning vid busstationen",
                        "Samhällsbyggnad",
                        "Kommun",
                        "v. 40 2025",
                        "Pågår",
                        "Gul",
                    ],
                ],
            ),
            _p("Aktiviteterna ovan samordnas av kommunens trygghetssamordnare."),
            _h(2, "Fokusområde 2: Unga och droger"),
            _table(
                header,
                [
                    [
                        "Föräldravandringar helger",
                        "Fritidsgården",
                        "Gemensam",
                        "2025-12-31",
                        "Pågår",
                        "Grön",
                    ],
                    [
                        "Tillsyn av tobaksförsäljning",
                        "Miljöenheten",
                        "Kommun",
                        "2026-03-31",
                        "Ej påbörjad",
                        "Röd",
                    ],
                ],
            ),
            _h(2, "Våld i nära relationer"),
            _table(
                header,
                [
                    [
                        "Utbildning om våld för förskolepersonal",
                        "Socialtjänsten",
                        "Kommun",
                        "2026-06-30",
                        "Pågår",
                        "Gul",
                    ],
                ],
            ),
            _p("Undertecknat av kommunstyrelsens ordförande och lokalpolisområdeschefen."),
        ],
    )


def merged_focus_areas() -> str:
    """(2) One table; each focus area a cell merged down over its activities."""
    header = ["Fokusområde", "Aktivitet", "Ansvarig", "Ansvarig part", "Slutdatum", "Status"]
    return _page(
        "Aktivitetsplan Höör",
        [
            _h(1, "Aktivitetsplan 2026 – Höörs kommun och lokalpolisområde Mittskåne"),
            _p("Planen gäller 2026."),
            _table(
                header,
                [
                    [
                        ("Trygghet i centrum", {"rowspan": "3"}),
                        "Trygghetsvandring med fastighetsägare",
                        "Kommunpolis",
                        "Polis",
                        "2026-04-30",
                        "Pågår",
                    ],
                    [
                        "Kameraövervakning vid stationen",
                        "Säkerhetssamordnare",
                        "Kommun",
                        "2026-09-30",
                        "Ej påbörjad",
                    ],
                    [
                        "Nattvandrare fredagar",
                        "Föreningen Nattvandrarna",
                        "Extern",
                        "2026-12-31",
                        "Stående",
                    ],
                    [
                        ("Ungdomar", {"rowspan": "2"}),
                        "SSPF-möten varannan vecka",
                        "Socialtjänsten",
                        "Gemensam",
                        "2026-12-31",
                        "Stående",
                    ],
                    [
                        "Sommarjobb för unga",
                        "Arbetsmarknadsenheten",
                        "Kommun",
                        "2026-06-15",
                        "Genomförd",
                    ],
                ],
            ),
        ],
    )


TEMPLATE_ROWS: list[list[Cell]] = [
    ["A1", "Trygg skolväg", "Skolvärdar vid Östra skolan", "Kommun", "Rektor Östra skolan",
     "Skolgruppen", "2025-01-15", "2025-06-15", "2025-06-10", "2025-09-01", "", "Genomförd",
     "Grön", "", "", "Klart före sommaren"],
    ["A2", "Trygg skolväg", "Hastighetskontroller vid skolor", "Polis", "Trafikpolis",
     "", "2025-02-01", "2025-11-30", "", "2025-10-01", "", "Pågår", "Gul", "", "", ""],
    ["B1", "Brott i nära relationer", "Samråd med kvinnojouren", "Gemensam",
     "Brottsoffersamordnare", "Våldsgruppen", "2025-03-01", "2026-02-28", "", "", "",
     "Ej påbörjad", "Röd", "", "Ja", "Inväntar lokal"],
]  # fmt: skip


def template_table() -> str:
    """(3) The template's plan columns (template.PLAN_HEADERS), as a table in Word."""
    return _page(
        "Aktivitetsplan Eslöv",
        [
            _h(1, "Aktivitetsplan för Eslövs kommun och lokalpolisområde Eslöv"),
            _p("Period 2025–2026"),
            _table(list(PLAN_HEADERS), TEMPLATE_ROWS),
        ],
        landscape=True,
    )


def shaded_assessment() -> str:
    """(4) Bedömning as shaded cells only; sections as bold rows spanning the table."""
    header = ["Åtgärd", "Ansvar", "Part", "Klart senast", "Status", "Bedömning"]
    span = {"colspan": "6", "bold": "1"}
    return _page(
        "Handlingsplan Tomelilla",
        [
            _h(1, "Handlingsplan 2025 – Tomelilla kommun"),
            _p("Lokalpolisområde Österlen"),
            _table(
                header,
                [
                    [("Fokusområde 1: Ordningsstörningar", dict(span))],
                    [
                        "Ordningsvakter vid torget",
                        "Kommunpolis",
                        "Polis",
                        "2025-06-30",
                        "Genomförd",
                        ("", {"bgcolor": GREEN}),
                    ],
                    [
                        "Klotterplank vid skateparken",
                        "Fritidsenheten",
                        "Kommun",
                        "2025-08-31",
                        "Pågår",
                        ("", {"bgcolor": YELLOW}),
                    ],
                    [("Trygghet för äldre", dict(span))],
                    [
                        "Information om bedrägerier",
                        "Äldreomsorgen",
                        "Gemensam",
                        "2025-10-31",
                        "Ej påbörjad",
                        ("", {"bgcolor": RED}),
                    ],
                ],
            ),
        ],
    )


def bra_model() -> str:
    """(5) BRÅ's model åtgärdsplan's columns, as kommuner fill it in Word."""
    header = ["Orsak", "Åtgärd", "Operativa mål", "När", "Vem", "Uppföljning"]
    return _page(
        "Åtgärdsplan Ystad",
        [
            _h(1, "Åtgärdsplan 2026 – Ystads kommun och lokalpolisområde Ystad"),
            _p("Enligt BRÅ:s modell för medborgarlöften och samverkansöverenskommelser."),
            _h(2, "Fokusområde 1: Trygg stadskärna"),
            _table(
                header,
                [
                    [
                        "Otrygghet kvällstid",
                        "Fler kvällsvandringar i hamnen",
                        "Minskad otrygghet enligt enkät",
                        "2026-09-30",
                        "Kommunpolis",
                        "Grön",
                    ],
                    [
                        "Skadegörelse",
                        "Snabbare klottersanering",
                        "Sanerat inom 24 timmar",
                        "löpande",
                        "Gatuenheten",
                        "Gul",
                    ],
                ],
            ),
        ],
    )


def personnummer_in_cell() -> str:
    """A plan with a personnummer in a table cell (Tabell 1, rad 3, kolumn 2)."""
    return _page(
        "Plan med personnummer",
        [
            _h(1, "Aktivitetsplan 2025 – Sjöbo kommun"),
            _table(
                ["Aktivitet", "Ansvarig", "Status"],
                [
                    ["Trygghetsvandring", "Kommunpolis", "Pågår"],
                    ["Hembesök", f"Anna Andersson {TEST_PERSONNUMMER}", "Pågår"],
                ],
            ),
        ],
    )


def personnummer_in_comment(path: Path) -> None:
    """A plan whose table cell carries a Word comment with a personnummer (python-docx draft)."""
    import docx

    document = docx.Document()
    document.add_heading("Aktivitetsplan 2025 – Sjöbo kommun", level=1)
    table = document.add_table(rows=3, cols=3)
    values = [
        ["Aktivitet", "Ansvarig", "Status"],
        ["Trygghetsvandring", "Kommunpolis", "Pågår"],
        ["Hembesök", "Socialtjänsten", "Pågår"],
    ]
    for row, texts in zip(table.rows, values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    run = table.rows[2].cells[1].paragraphs[0].runs[0]
    document.add_comment(run, text=f"Gäller familjen med {TEST_PERSONNUMMER}", author="Test")
    document.save(str(path))


def _convert(sources: list[Path], target: str, out: Path, profile: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=HTML (StarWriter)" if sources[0].suffix == ".html" else "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) behövs: apt-get install libreoffice-writer")
    OUT.mkdir(parents=True, exist_ok=True)
    pages = {
        "plan_per_focus_area": plan_per_focus_area(),
        "merged_focus_areas": merged_focus_areas(),
        "template_table": template_table(),
        "shaded_assessment": shaded_assessment(),
        "bra_model": bra_model(),
        "personnummer_in_cell": personnummer_in_cell(),
    }
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        profile = work / "profile"
        sources = []
        for name, page in pages.items():
            source = work / f"{name}.html"
            source.write_text(page, encoding="utf-8")
            sources.append(source)
        _convert(sources, "docx:MS Word 2007 XML", OUT, profile)
        draft = work / "drafts"
        draft.mkdir()
        personnummer_in_comment(draft / "personnummer_in_comment.docx")
        _convert([draft / "personnummer_in_comment.docx"], "docx:MS Word 2007 XML", OUT, profile)
        # The refusals: an old binary Word file and a PDF of the same plan.
        _convert([OUT / "plan_per_focus_area.docx"], "doc:MS Word 97", OUT, profile)
        _convert([OUT / "plan_per_focus_area.docx"], "pdf:writer_pdf_Export", OUT, profile)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} byte")


if __name__ == "__main__":
    main()
