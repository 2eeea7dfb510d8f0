"""For course authors: the cells of a new question, with the nbgrader metadata they need.

`course author question 02-joining late_payments --title "Paid too late" --points 1 --hidden 1`
adds the question's four cells (instructions, answer, visible test, hidden test) before the
notebook's closing cell, numbered after the last question, and prints what to add to the
checks module and the fixtures. The cells hold placeholders to replace; `make test` fails
until the question has its check, hints and two wrong answers (tests/test_syllabus.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from course import syllabus

REPO = Path(__file__).resolve().parents[1]
QID = re.compile(r"[a-z][a-z0-9_]*")


class AuthoringError(ValueError):
    pass


def _meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def question_cells(number: int, qid: str, title: str, points: int, hidden: int) -> list:
    total = points + hidden
    unit = "point" if total == 1 else "points"
    cells = [
        nbformat.v4.new_markdown_cell(
            f"## Question {number} · {title} ({total} {unit})\n\n"
            f"*Objective: what the trainee learns to do, in one sentence.*\n\n"
            f"The situation, the rule and its legal basis. Then what to create: **`{qid}`**, and "
            f"what it must hold.", metadata=_meta(f"q{number}_text")),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\n"
            f"{qid} = None  # the reference solution\n"
            "### END SOLUTION\n"
            f"{qid}", metadata=_meta(f"answer_{qid}", solution=True, locked=False)),
        nbformat.v4.new_code_cell(
            f'"""Check: what the visible check looks at, in words."""\nq.{qid}.check()',
            metadata=_meta(f"check_{qid}", grade=True, points=points)),
    ]
    if hidden:
        module_leaf = "<checks module name>"
        cells.append(nbformat.v4.new_code_cell(
            f'"""Hidden check: what is checked when the work is graded."""\n'
            f"q.{qid}.check(quiet=True)  # the visible check must pass first\n"
            "# More checks of this question run when your work is graded.\n"
            "### BEGIN HIDDEN TESTS\n"
            f"from course.hidden import {module_leaf} as hidden\n"
            "### END HIDDEN TESTS", metadata=_meta(f"hidden_{qid}", grade=True, points=hidden)))
    return cells


def add_question(module_id: str, qid: str, title: str, points: int = 1, hidden: int = 0,
                 notebooks: Path = REPO / "notebooks") -> tuple[Path, int]:
    """Insert the cells of question `qid` before the closing cell; return (notebook, number)."""
    if not QID.fullmatch(qid):
        raise AuthoringError(f"{qid!r} is not a question id: use small letters, digits and _ "
                             f"(it becomes the names answer_{qid}, check_{qid} and q.{qid}).")
    if points < 1 or hidden < 0:
        raise AuthoringError("A question needs at least 1 visible point; hidden points are 0 or more.")
    module = syllabus.module(module_id)
    path = Path(notebooks) / module.id / "2-exercises.ipynb"
    nb = nbformat.read(path, as_version=4)
    gids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    if any(g.endswith(f"_{qid}") for g in gids):
        raise AuthoringError(f"{path} already has cells of a question {qid!r}.")
    numbers = [int(m.group(1)) for c in nb.cells if c.cell_type == "markdown"
               for m in [re.match(r"## Question (\d+) ", c.source)] if m]
    number = max(numbers, default=0) + 1
    cells = question_cells(number, qid, title, points, hidden)
    leaf = module.checks.rsplit(".", 1)[-1] if module.checks else "module"
    for c in cells:
        c.source = c.source.replace("<checks module name>", leaf)
    at = gids.index("outro") if "outro" in gids else len(nb.cells)
    nb.cells[at:at] = cells
    nbformat.write(nb, path)
    return path, number


def next_steps(module_id: str, qid: str, number: int, points: int, hidden: int) -> str:
    module = syllabus.module(module_id)
    checks = module.checks.replace(".", "/") + ".py"
    return "\n".join([
        f"Added Question {number} ({qid}) to notebooks/{module_id}/2-exercises.ipynb. Now:",
        "1. Write the instructions and the reference solution in those cells.",
        f"2. In {checks}: a check `_check_{qid}({qid}) -> str` and, in notebook order in QUESTIONS,",
        f'   {qid} = _q({number}, "{qid}", "what it does", ("{qid}",), _check_{qid}, ["hint 1", "hint 2", "hint 3"])',
        "   " + (f"and what only the hidden test needs in course/hidden/{checks.rsplit('/', 1)[-1]}."
                  if hidden else "(no hidden test: nothing in course/hidden)."),
        f"3. In tests/fixtures/{module_id}/mistakes.toml: at least two [[mistake]] entries with "
        f'question = "{qid}", and an [[alternative]] for each other right way to write it.',
        f"4. In course/syllabus.toml: points of {module_id} + {points + hidden}, and the minutes if the "
        "question adds work; then paste `course syllabus` into the README's table and update the "
        "notebook's introduction line.",
        "5. `make clean-demo`, then the quick test loop in CONTRIBUTING.md.",
    ])
