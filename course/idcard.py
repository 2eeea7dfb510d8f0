"""Resident identity numbers (居民身份证号码), GB 11643-1999.

An 18-character number: 6-digit region code, 8-digit birth date, 3-digit sequence
(odd for men, even for women) and a check character computed with ISO 7064 MOD 11-2.
The course generates numbers only under region codes that no real region has, so no
generated number can belong to a real person.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Index = weighted sum mod 11.
CHECK_CHARS = "10X98765432"

# Fictional region codes: province 34 (Anhui) has no prefecture 99, so these are not real.
FICTIONAL_REGIONS = {
    "349901": "Chengguan",   # the county seat
    "349902": "Hexi",
    "349903": "Shanbei",
}


def normalise(raw: str) -> str:
    """An ID number as typed, made comparable: full-width characters folded (NFKC), every
    space removed, a lower-case x raised. It does not check the number."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()


def check_char(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"need exactly 17 ASCII digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def is_valid(id_number: object) -> bool:
    """True when `id_number` is an 18-character ID whose check character is right.

    Expects a clean value (ASCII digits, upper-case X); dirty values are simply invalid.
    """
    if not isinstance(id_number, str) or len(id_number) != 18:
        return False
    body, last = id_number[:17], id_number[17]
    if not (body.isascii() and body.isdigit()):
        return False
    return check_char(body) == last


def check_chars_vectorised(first17: np.ndarray) -> np.ndarray:
    """Check characters for an array of 17-digit strings (fast path for the generator)."""
    digits = np.frombuffer("".join(first17).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    remainders = (digits.astype(np.int64) @ np.array(WEIGHTS, dtype=np.int64)) % 11
    return np.array(list(CHECK_CHARS))[remainders]
