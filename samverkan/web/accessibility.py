"""The page in Swedish for screen readers: lang="sv", Streamlit's own labels, the icons.

Streamlit has no translations of its own. What a sighted user sees is ours and Swedish, but a
screen reader also reads what only it is told: "Skip to main content", "Collapse sidebar",
"Help for Bedömningsdag", Vega's "Y-axis for a linear scale with values from 1,8 to 3,2", and
every icon in a text by its English name ("check_circle icon Uppnått"). Public services in
Sweden must be accessible (lagen om tillgänglighet till digital offentlig service, 2018:1937),
and English in the middle of a Swedish sentence is not.

So every page runs a small script (SWEDISH_PAGE_SCRIPT) that marks the document Swedish and,
once per browser tab, watches it: each English label Streamlit or Vega puts there is rewritten
by the rules below, and an icon inside a text is hidden from screen readers (the word beside
it says the same: icons here never stand alone). A label none of the rules knows stays as it
is; the browser test lists the labels on every page and fails on English it finds.
"""

from __future__ import annotations

import json

import streamlit as st

SKIP_LINK = "Hoppa till huvudinnehållet"
# Streamlit's and Vega's English labels (and a selectbox's placeholder), word for word.
LABELS = {
    "Sidebar": "Sidofält",
    "Collapse sidebar": "Fäll ihop sidofältet",
    "Expand sidebar": "Fäll ut sidofältet",
    "App pages": "Sidor",
    "Open": "Öppna",
    "Close": "Stäng",
    "Choose date": "Välj datum",
    "Link to heading": "Länk till rubriken",
    "Show data": "Visa data",
    "Download as PNG": "Ladda ned som PNG",
    "Download as CSV": "Ladda ned som CSV",
    "Copy Vega-Lite spec": "Kopiera diagrammets Vega-Lite-kod",
    "Fullscreen": "Helskärm",
    "Close fullscreen": "Stäng helskärm",
    "Vega visualization": "Diagram",
    "Add row": "Lägg till rad",
    "Delete row(s)": "Ta bort rader",
    "Search": "Sök",
    "Show/hide columns": "Visa eller dölj kolumner",
    "file upload": "Filuppladdning",
    "progress": "Förlopp",
    "Clear all": "Rensa",
    "Remove file": "Ta bort filen",
    "Choose an option": "Välj",
    "Choose options": "Välj",
    "Add files": "Lägg till filer",
}
# Labels with a name or values in them: (JavaScript regular expression, replacement), applied
# in order to what remains of the label.
PATTERNS = (
    (r"^Help for ", "Hjälp om "),
    (r"^year, ", "år, "),
    (r"^month, ", "månad, "),
    (r"^day, ", "dag, "),
    (r"^Title text '(.*)'$", "Rubrik: $1"),
    (r"^Subtitle text '(.*)'$", "Underrubrik: $1"),
    (r"^X-axis", "Vågrät axel"),
    (r"^Y-axis", "Lodrät axel"),
    (r"^Symbol legend", "Teckenförklaring"),
    (r" titled '([^']*)'", " med rubriken '$1'"),
    (r" for (?:fill|stroke|shape|size) color(?: and (?:fill|stroke) color)?", ""),
    (r" for an? \w+ scale with values from (.*) to (.*)$", ": från $1 till $2"),
    (r" for an? \w+ scale with (\d+) values?:", ", $1 värden:"),
    (r" with (\d+) values?:", ", $1 värden:"),
    # A chosen file: "Remove plan.xlsx", "plan.xlsx, 22.0MB".
    (r"^Remove ", "Ta bort "),
    (r", (\d+)\.0(B|KB|MB|GB)$", ", $1 $2"),
    (r", (\d+)\.(\d+)(B|KB|MB|GB)$", ", $1,$2 $3"),
)
ICON_IN_TEXT = 'span[role="img"][aria-label$=" icon"]'
# Streamlit's English words in texts everyone sees, which no parameter or setting changes:
# (where, JavaScript regular expression, replacement). A selectbox's or multiselect's "No
# results" when its search matches nothing (st.selectbox has a placeholder for the empty box,
# nothing for the empty list); and what the upload box itself refuses before the import sees
# the file, on its red icon's tooltip and in the alert a screen reader hears: a file over
# server.maxUploadSize, two files at once, and (should a list of types come back) a type not
# on it. A number in a replacement is written the Swedish way (20.0 → 20, 1.5 → 1,5).
_FILE_ERROR = '[data-testid="stTooltipErrorContent"], [data-testid="stFileChip"] [role="alert"]'
TEXTS = (
    ('[role="listbox"] [role="option"] span', r"^No results$", "Inga träffar"),
    (
        _FILE_ERROR,
        r"^(?:Error: )?File must be (\d+(?:\.\d+)?)MB or smaller\.$",
        "Filen är större än gränsen $1 MB. Ta bort bilder och tomma blad, spara den och "
        "ladda upp den igen.",
    ),
    (
        _FILE_ERROR,
        r"^(?:Error: )?.* files are not allowed\.$",
        'Filen kan inte läsas. Spara planen som "Excel-arbetsbok (.xlsx)" och ladda upp den.',
    ),
    (_FILE_ERROR, r"^(?:Error: )?Only one file is allowed\.$", "Ladda upp en fil i taget."),
    # The size beside a chosen file's name: "13.0B", "22.0MB".
    (
        '[data-testid="stFileChipName"] + div',
        r"^(\d+(?:\.\d+)?)(B|KB|MB|GB)$",
        "$1 $2",
    ),
)
# Streamlit writes a number column with format="localized" (st.data_editor, st.dataframe) in
# the browser's languages (navigator.languages), and its number editor takes the decimal
# separator of the browser's own locale (Intl.NumberFormat()): in an English browser a goal
# showed 2.45, and "2,5" typed into it was read as 25. The page is Swedish, so it tells both
# that its language is Swedish: 2,45 shown, 2,5 (or 2.5) typed, whatever the browser's locale.
SWEDISH_LANGUAGES = ["sv-SE", "sv"]

SWEDISH_PAGE_SCRIPT = (
    "(() => {"
    "const w = window.parent, doc = w.document;"
    "doc.documentElement.lang = 'sv';"
    "if (w.samverkanSwedish) return;"
    "w.samverkanSwedish = true;"
    f"const swedishLanguages = {json.dumps(SWEDISH_LANGUAGES)};"
    "Object.defineProperty(w.navigator, 'languages', {configurable: true,"
    " get: () => swedishLanguages});"
    "const NumberFormat = w.Intl.NumberFormat;"
    "const inSwedish = (locales) => locales === undefined ? swedishLanguages : locales;"
    "w.Intl.NumberFormat = new Proxy(NumberFormat, {"
    "  construct: (target, [locales, options]) => new target(inSwedish(locales), options),"
    "  apply: (target, self, [locales, options]) => target(inSwedish(locales), options),"
    "});"
    f"const texts = {json.dumps(TEXTS, ensure_ascii=False)}"
    ".map(([where, source, to]) => [where, new RegExp(source), to]);"
    f"const labels = {json.dumps(LABELS, ensure_ascii=False)};"
    f"const patterns = {json.dumps(PATTERNS, ensure_ascii=False)}"
    ".map(([source, to]) => [new RegExp(source), to]);"
    "const swedish = (text) => {"
    "  if (Object.hasOwn(labels, text)) return labels[text];"
    "  let out = text;"
    "  for (const [pattern, to] of patterns) out = out.replace(pattern, to);"
    "  return out;"
    "};"
    "let queued = false;"
    "const translate = () => {"
    "  queued = false;"
    f"  doc.querySelectorAll({json.dumps(ICON_IN_TEXT)}).forEach((icon) => {{"
    "    if (icon.getAttribute('aria-hidden') !== 'true') icon.setAttribute('aria-hidden', 'true');"
    "  });"
    "  for (const name of ['aria-label', 'placeholder']) {"
    "    doc.querySelectorAll(`[${name}]`).forEach((element) => {"
    "      const label = element.getAttribute(name);"
    "      const translated = swedish(label);"
    "      if (translated !== label) element.setAttribute(name, translated);"
    "    });"
    "  }"
    "  for (const [where, pattern, to] of texts) {"
    "    doc.querySelectorAll(where).forEach((element) => {"
    "      const text = element.textContent;"
    "      if (element.childElementCount === 0 && pattern.test(text)) "
    "element.textContent = text.replace(pattern, to)"
    ".replace(/(\\d)\\.0\\b/g, '$1').replace(/(\\d)\\.(\\d)/g, '$1,$2');"
    "    });"
    "  }"
    "  const skip = doc.querySelector('[data-testid=\"stSkipToContent\"]');"
    f"  if (skip && skip.textContent !== {json.dumps(SKIP_LINK)}) "
    f"skip.textContent = {json.dumps(SKIP_LINK)};"
    "};"
    "new w.MutationObserver(() => {"
    "  if (!queued) { queued = true; w.requestAnimationFrame(translate); }"
    "}).observe(doc.body, {subtree: true, childList: true, attributes: true,"
    " attributeFilter: ['aria-label', 'placeholder']});"
    "translate();"
    "})();"
)


# Swedish compounds are long: a title such as "Ungdomsbrottslighet och droger" broke inside
# a word on a phone. Titles are hyphenated where the browser knows Swedish, and smaller on a
# narrow screen so the longest common words fit on a line.
SWEDISH_TITLES_STYLE = (
    "h1,h2,h3{hyphens:auto;-webkit-hyphens:auto;overflow-wrap:break-word}"
    "@media (max-width:640px){[data-testid='stHeading'] h1{font-size:2.1rem !important}}"
)


def declare_swedish() -> None:
    """Mark the page Swedish and translate what only a screen reader hears (once per tab)."""
    st.html(
        f"<style>{SWEDISH_TITLES_STYLE}</style><script>{SWEDISH_PAGE_SCRIPT}</script>",
        unsafe_allow_javascript=True,
        width=1,
    )
