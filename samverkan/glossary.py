"""One word per thing: what every page, report and export calls a date, a state and an action.

A steering group reads the same plan on a shared screen, in the PDF and in the late list's
Excel file; a word that changes between them ("Slutdatum" on one, "Klart senast" or "Sista
dag" on the next) reads as a different thing. So the words live here, once:

- the fields' words are the models' aliases (models.FIELD_LABELS): a column is called what the
  coordinator's own plan and the Excel template call it ("Slutdatum", "Uppföljning senast"),
  and the import reads it back by the same word;
- the states the app derives from the plan (försenad, uppföljning saknas) and the action on a
  file (ladda ned) are written here beside them.

It is its own module, not a part of models.py or swedish.py: models.py holds the models (and
is long already), swedish.py how numbers and dates are written; the words are used by pages,
the PDF, the xlsx exports and the command line alike, and none of them may import
samverkan.web. ALTERNATIVES names the spellings the app once used for the same things:
tests/test_glossary.py fails when one of them comes back in a text a user reads. The header
synonyms the import accepts (excel/locate.py, excel/parse.py) are words a plan may be written
in, not words the app writes, and are not listed here.
"""

from __future__ import annotations

import re

from samverkan.models import FIELD_LABELS

# The date an activity is to be done by: the template's column and the model's alias.
DUE = FIELD_LABELS["due"]
# The date a done activity is to be followed up by.
FOLLOWUP_DUE = FIELD_LABELS["followup_due"]
# Genomförd, its follow-up date has passed, and it is not followed up (docs/DESIGN.md).
FOLLOWUP_MISSING = "Uppföljning saknas"
# Its due date has passed and it is not Genomförd, Stående or Inställd.
LATE = "Försenad"
# Every button that hands a file to the user begins with this ("Ladda ned som PDF").
DOWNLOAD = "Ladda ned"

# The word in use, and the other spellings of the same thing that must not come back (as
# regular expressions on a text a user reads). A capital letter is kept where the spelling is
# a label: "Sista dag" is a column's name, "periodens första och sista dag" is a sentence
# about the period.
ALTERNATIVES: dict[str, tuple[re.Pattern[str], ...]] = {
    DUE: (
        re.compile(r"\bklart senast\b", re.IGNORECASE),
        re.compile(r"\bSista dag\b"),
        re.compile(r"\bslutdag\b", re.IGNORECASE),
    ),
    FOLLOWUP_MISSING: (re.compile(r"\bUtan uppföljning\b"),),
    DOWNLOAD: (
        re.compile(r"\bhämta(s|r)?\b", re.IGNORECASE),
        re.compile(r"\bladda(s|r)? ner\b", re.IGNORECASE),
    ),
}


def other_spellings(text: str) -> list[tuple[str, str]]:
    """(the word to use, the other spelling found) for each other spelling in `text`."""
    return [
        (word, match.group(0))
        for word, patterns in ALTERNATIVES.items()
        for pattern in patterns
        for match in pattern.finditer(text)
    ]
