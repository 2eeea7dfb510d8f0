"""Hidden tests of assignment 01-case-data.

Every expected value the hidden tests compare with (the death register, the late payments)
is also what a visible check measures, so it stays in `course.exercises.case_data`'s
`answer_key` and is imported here; this module adds nothing hidden of its own.
"""
from __future__ import annotations

from course.exercises.case_data import answer_key  # noqa: F401
