"""`nbgrader validate` lists each question's failure once (issue 12, section 3).

A hidden test cell starts with `q.<qid>.check(quiet=True)`: when the visible check above it
has failed, it fails too, and used to print the same message a second time. It now says one
short line instead, and still scores 0."""
from __future__ import annotations

import re

import nbformat
import pytest

from course.classroom import submission
from course.nbgrader_run import nbgrader
from course.question import REPEATED, Question
from course.checking import CheckFailed

AID = "01-case-data"
WRONG = {"normalise_id": "def normalise_id(raw):\n    return raw.strip().upper()\n"}  # keeps inner spaces


def _question(checker):
    return Question(qid="demo", number=1, title="demo", names=("answer",), checker=checker, assignment=AID)


def test_the_hidden_cell_repeats_a_visible_failure_in_one_short_line():
    def checker(answer):
        if answer != 42:
            raise CheckFailed(f"Not 42: {answer}.")
        return "fine"

    notebook = {"question": _question(checker), "answer": 41}
    with pytest.raises(CheckFailed, match="Not 42: 41"):
        exec("question.check()", notebook)
    with pytest.raises(CheckFailed) as err:
        exec("question.check(quiet=True)", notebook)      # the hidden cell: still fails
    assert err.value.message == REPEATED and err.value.question == "Question 1 (demo)"
    notebook["answer"] = 40                               # a different failure is said in full
    with pytest.raises(CheckFailed, match="Not 42: 40"):
        exec("question.check(quiet=True)", notebook)
    notebook["answer"] = 42
    exec("question.check()", notebook)
    notebook["answer"] = 41                               # no visible failure just before: in full
    with pytest.raises(CheckFailed, match="Not 42: 41"):
        exec("question.check(quiet=True)", notebook)


def test_validate_prints_each_questions_message_once(course_copy):
    nbgrader("generate_assignment", AID, "--force", grading=course_copy)
    release = course_copy / "release" / AID
    nb = submission(release, course_copy.parent / "notebooks" / AID, "2-exercises.ipynb", WRONG)
    path = release / "2-exercises.ipynb"
    nbformat.write(nb, path)
    out = nbgrader("validate", str(path), grading=course_copy)
    assert "VALIDATION FAILED" in out, out[-3000:]
    errors: dict[str, list[str]] = {}                   # question -> what each failed cell said
    for block in re.split(r"^=+$", out, flags=re.M):
        if "The error was:" not in block:
            continue
        said = [line.strip() for line in block.split("The error was:", 1)[1].splitlines() if line.strip()]
        said = [line for line in said if not line.startswith("[")]   # nbgrader's own log lines
        label = said[0].removeprefix("✘ Not yet: ")
        errors.setdefault(label, []).append(" ".join(said[1:]))
    assert len(errors.get("Question 3 (clean an ID number)", [])) == 2, out[-4000:]   # visible and hidden failed
    for label, messages in errors.items():
        full = [m for m in messages if m != REPEATED]
        assert len(full) == 1, f"{label} says its message {len(full)} times: {messages}"
        assert messages[0] == full[0]                        # the visible check says it, the hidden repeats briefly
    assert errors["Question 3 (clean an ID number)"][1] == REPEATED
