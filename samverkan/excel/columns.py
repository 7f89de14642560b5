"""Excel's column letters and the 0-based column numbers the readers use: 'A' is 0, 'AA' 26."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 → 'A', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' → 0, 'AA' → 26."""
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1
