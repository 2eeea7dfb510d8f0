"""Hidden tests of assignment 00-getting-started: the expected values only they use.

The visible checks compute most expected values with `course.exercises.getting_started`'s
`expected_*` functions; the hidden tests use the same functions (imported here) on further
inputs.
"""
from __future__ import annotations

from course.exercises.getting_started import (CASES, CHARGES, expected_case_number,  # noqa: F401
                                              expected_count, expected_description, expected_plate,
                                              expected_sentence_text)


def expected_case_charges() -> dict:
    return {case: CHARGES[i] for i, case in enumerate(CASES)}
