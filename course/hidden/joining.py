"""Hidden tests of assignment 02-joining.

Every expected value the hidden tests compare with (the matched judgments, the shares, the
payments, the facilities, the pivot) is also what a visible check measures, so it stays in
`course.exercises.joining`'s `answer_key` and is imported here; this module adds nothing
hidden of its own.
"""
from __future__ import annotations

from course.exercises.joining import answer_key  # noqa: F401
