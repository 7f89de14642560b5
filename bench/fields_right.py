"""How many columns the import reads as the right field: by header alone, and by header and
contents together (excel.contents), on the header/contents pairs of tests/excel/
test_contents.py, which follow the layouts of published plans and BRÅ's model, and on the
held-out pairs of tests/excel/unseen_pairs.py (written without seeing the rules); and how many
of the values EXPECTED.json names in the coordinators' sample workbooks, and of the Word
plans' values in tests/fixtures/word, come out right.

    .venv/bin/python bench/fields_right.py

No timing: the figures are counts, and the same on any machine.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samverkan.excel.contents import decide_by_contents  # noqa: E402
from samverkan.excel.locate import EXTRA, locate_table  # noqa: E402
from samverkan.excel.plan import ImportOptions  # noqa: E402
from samverkan.importing.reading import read_plan  # noqa: E402
from samverkan.models import FIELD_LABELS  # noqa: E402
from tests.excel.test_contents import PAIRS, table_of  # noqa: E402
from tests.excel.test_word import EXPECTED as WORD_EXPECTED  # noqa: E402
from tests.excel.test_word import FIXTURES as WORD_FIXTURES  # noqa: E402
from tests.excel.unseen_pairs import UNSEEN, UNSEEN_2  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"


def columns_right(
    pairs: list[tuple[str, str, list[Any], str]],
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Per field: how many pairs, and how many read right by header alone and with contents."""
    total: Counter[str] = Counter()
    by_header: Counter[str] = Counter()
    by_both: Counter[str] = Counter()
    for _source, header, cells, expected in pairs:
        rows = table_of(header, cells)
        layout = locate_table(rows)
        assert layout is not None
        total[expected] += 1
        by_header[expected] += layout.columns.get(2, EXTRA) == expected
        decide_by_contents(layout, rows)
        by_both[expected] += layout.columns.get(2, EXTRA) == expected
    return total, by_header, by_both


def sample_values_right() -> tuple[int, int]:
    """Of the due dates, statuses, parties and bedömningar EXPECTED.json names, how many the
    import reads as named."""
    expected_files = json.loads((SAMPLES / "EXPECTED.json").read_text(encoding="utf-8"))
    right = total = 0
    for expected in expected_files:
        path = SAMPLES / expected["file"]
        if "aktivitet" not in path.name and "plan" not in path.name:
            continue
        kommun = expected["kommun"].split(" ")[0]
        report = read_plan(path.read_bytes(), path.name, ImportOptions(kommun=kommun))
        activities = [a for p in report.agreements for a in p.activities]
        by_key = {a.activity_key: a for a in activities}
        for name in ("due", "status", "assessment", "party"):
            wanted: Any = expected.get(name)
            if isinstance(wanted, dict):
                pairs = [(by_key.get(k), v) for k, v in wanted.items()]
            elif isinstance(wanted, list):
                pairs = list(zip(activities, wanted, strict=False))
            else:
                continue
            for activity, value in pairs:
                total += 1
                got = getattr(activity, name) if activity is not None else None
                right += _shown(got) == value
    return right, total


_WORD_FIELDS = ("title", "focus_area", "party", "owner", "due", "status", "assessment")


def word_values_right() -> tuple[Counter[str], Counter[str]]:
    """Per field, of the Word fixtures' activities (tests/excel/test_word.py): values, and
    values read as the test expects."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for name, expected in WORD_EXPECTED.items():
        report = read_plan((WORD_FIXTURES / name).read_bytes(), name)
        activities = [a for p in report.agreements for a in p.activities]
        for activity, wanted in zip(activities, expected["activities"], strict=False):
            for field_name, value in zip(_WORD_FIELDS, wanted[2:], strict=True):
                got = getattr(activity, field_name)
                total[field_name] += 1
                right[field_name] += (getattr(got, "value", got)) == value
        for field_name in _WORD_FIELDS:  # activities the fixture has and the import missed
            total[field_name] += max(0, len(expected["activities"]) - len(activities))
    return total, right


def _shown(value: Any) -> Any:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def print_table(title: str, pairs: list[tuple[str, str, list[Any], str]]) -> None:
    """Per field, the columns read right by header alone and by header and contents."""
    total, by_header, by_both = columns_right(pairs)
    print(title)
    print(f"{'Fält':<24}{'kolumner':>9}{'rubriken':>10}{'rubrik+innehåll':>17}")
    for name in sorted(total, key=lambda n: (-total[n], n)):
        label = FIELD_LABELS.get(name, "extra kolumn")
        print(f"{label:<24}{total[name]:>9}{by_header[name]:>10}{by_both[name]:>17}")
    count = sum(total.values())
    header_share = sum(by_header.values()) / count
    both_share = sum(by_both.values()) / count
    print(f"{'Alla':<24}{count:>9}{header_share:>10.0%}{both_share:>17.0%}\n")


def main() -> None:
    print_table("Paren i tests/excel/test_contents.py (reglerna skrevs mot dem):", PAIRS)
    print_table("UNSEEN i tests/excel/unseen_pairs.py (reglerna ändrades efter dem):", UNSEEN)
    print_table("UNSEEN_2 i tests/excel/unseen_pairs.py (skrivna efter reglerna):", UNSEEN_2)
    right, count = sample_values_right()
    print(f"Exempelfilernas värden (EXPECTED.json): {right} av {count} rätt")
    total, word_right = word_values_right()
    fields = ", ".join(
        f"{FIELD_LABELS[n]} {word_right[n]}/{total[n]}" for n in _WORD_FIELDS if total[n]
    )
    print(f"Word-planernas värden (tests/fixtures/word): {fields}")


if __name__ == "__main__":
    main()
