"""A graded question as trainees meet it: ``q.name.check()``, ``.hint()``, ``.solution()``.

Modelled on Kaggle Learn's learntools. `check()` finds the trainee's answer by name in
the notebook (no argument to get wrong), converts it to plain data and compares; it
prints a green tick or raises `CheckFailed` with a message for a lawyer, never the
expected answer. Hints come one tier at a time.

Solutions are read from the nbgrader *source* notebook, which exists in a checkout of the
course repository (self-study) and never in a graded release. They are withheld while
nbgrader executes a notebook and wherever the instructor sets ``COURSE_MODE=class``.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from course import explain, i18n
from course.checking import CheckFailed, noted, passed
from course.i18n import N_, translator
from course.plain import for_trainee
from course.transport import NotTransportable, materialize

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_ = translator()
REPEATED = N_("This part is checked after the check above passes.")
RECORDED = N_("Recorded, not yet judged. This cell runs further checks when your work is graded, and they "
              "can still find mistakes that the check above does not.")
_REPO = Path(__file__).resolve().parents[1]


def source_notebooks_dir() -> Path | None:
    """The folder of nbgrader source notebooks, when this installation has one."""
    env = os.environ.get("COURSE_SOURCE_DIR")
    if env:
        return Path(env).expanduser()
    candidate = _REPO / "notebooks"
    return candidate if candidate.is_dir() else None


def solutions_withheld() -> str | None:
    """Why solutions are unavailable here, or None when they may be shown."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return _("Solutions are not shown while a notebook is being graded.")
    if os.environ.get("COURSE_MODE", "").strip().lower() == "class":
        return _("Solutions are switched off during the class. Your instructor will go through "
                 "them after the deadline; until then, `.hint()` gives you the next step.")
    if source_notebooks_dir() is None:
        return _("This installation has no source notebooks, so it has no solutions. They come "
                 "with the course repository for self-study.")
    return None


def strip_solution_markers(source: str) -> str:
    """A cell's code with every solution block kept and only the marker lines removed."""
    return "\n".join(l for l in source.splitlines() if l.strip() not in (BEGIN, END))


def read_solution(assignment: str, notebook: str, grade_id: str) -> str:
    """The reference code of one answer cell, markers removed."""
    path = source_notebooks_dir() / assignment / notebook
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return strip_solution_markers("".join(cell["source"])).strip("\n")
    raise KeyError(grade_id)


@dataclass
class Question:
    """One graded question; `qid` matches the notebook's grade ids and the fixtures."""

    qid: str
    number: int
    title: str                      # marked with N_() in the checks module, shown through _()
    names: tuple[str, ...]          # what the answer cell must define
    checker: Callable[..., str]     # raises CheckFailed; returns the success message
    hints: list[str] = field(default_factory=list)   # each marked with N_() there
    assignment: str = ""
    notebook: str = "2-exercises.ipynb"
    _hints_shown: int = 0
    _visible_failure: str | None = None   # the message of the last visible check, when it failed

    def words(self, message: str) -> str:
        """A message of this question's checks module in the current language."""
        from course.i18n import translate
        return translate(message, self.assignment or "course")

    @property
    def label(self) -> str:
        return _("Question {number} ({title})", number=self.number, title=self.words(self.title))

    def _answers(self, namespace: dict) -> dict:
        missing = [n for n in self.names if n not in namespace]
        if missing:
            names = _(" and ").join(f"`{n}`" for n in missing)
            raise CheckFailed(_("I can't find {names} yet. Run the answer cell above this check; it "
                                "must create {names}. If that cell stopped with an error, fix the "
                                "error first (it may come from an earlier question).", names=names),
                              self.label)
        try:
            return {n: materialize(namespace[n], f"`{n}`") for n in self.names}
        except NotTransportable as exc:
            raise CheckFailed(for_trainee(str(exc)), self.label) from None

    def check(self, quiet: bool = False) -> None:
        """Check the answer the notebook has defined; print a tick or explain what is wrong.

        The answers are materialized first (`course.transport`): the checker only ever sees
        fresh pandas objects and plain data built by the course, never the trainee's objects.
        """
        frame = sys._getframe(1)
        namespace = {**frame.f_globals, **(frame.f_locals if frame.f_locals is not frame.f_globals else {})}
        try:
            message = self.checker(**self._answers(namespace))
        except CheckFailed as exc:
            exc.question = exc.question or self.label
            if not quiet:
                self._visible_failure = exc.message
            elif exc.message == self._visible_failure:
                # A hidden test cell starts with `check(quiet=True)`: when the visible check above
                # has just failed with this very message, say it once, not twice (in `nbgrader
                # validate` and on the feedback page). The cell still fails.
                raise CheckFailed(_(REPEATED), self.label) from None
            raise
        if not quiet:
            self._visible_failure = None
            passed(_("{question}: {message}", question=self.label, message=message or _("correct.")))
        elif not os.environ.get("NBGRADER_EXECUTION"):
            # A hidden test cell that passes its visible part would otherwise show nothing, and a
            # trainee cannot tell that it ran. No green tick: nothing has been judged right yet
            # (walkthroughs read a tick here as "correct"). While grading, nothing is printed: the
            # graded notebook's outputs stay as before (scores never depend on what a cell prints).
            noted(_("{question}: {message}", question=self.label, message=_(RECORDED)))

    def hint(self, level: int | None = None) -> None:
        """Show the next hint (or hint number `level`)."""
        if not self.hints:
            print(_("{question} has no hints.", question=self.label))
            return
        if level is None:
            level = min(self._hints_shown + 1, len(self.hints))
        level = max(1, min(int(level), len(self.hints)))
        self._hints_shown = max(self._hints_shown, level)
        more = (_("Run `.hint()` again for hint {next}.", next=level + 1) if level < len(self.hints)
                else _("That was the last hint; `.solution()` shows a worked answer when you study on your own."))
        head = _("Hint {level} of {count} for {question}:", level=level, count=len(self.hints), question=self.label)
        hint = i18n.tidy(self.words(self.hints[level - 1]))
        print(f"💡 {head}\n\n{hint}\n\n{more}")

    def solution(self) -> None:
        """Show the reference answer (self-study only)."""
        why_not = solutions_withheld()
        if why_not:
            print(why_not)
            return
        try:
            code = read_solution(self.assignment, self.notebook, f"answer_{self.qid}")
        except (OSError, KeyError, StopIteration, ValueError):
            print(_("The solution could not be found in the source notebooks of this installation."))
            return
        print(_("Worked solution for {question}. Type it yourself rather than pasting it: "
                "you learn by doing.", question=self.label) + f"\n\n{code}")


def question_maker(assignment: str) -> Callable[..., Question]:
    """The `_q(number, qid, title, names, checker, hints)` shorthand of one assignment's checks module.

    Called when a checks module is imported, in a notebook too: from then on a trainee's own
    errors are explained in plain words (`course.explain`)."""
    explain.install()
    def make(number: int, qid: str, title: str, names: tuple[str, ...], checker: Callable[..., str],
             hints: list[str]) -> Question:
        return Question(qid=qid, number=number, title=title, names=names, checker=checker,
                        hints=hints, assignment=assignment)
    return make


@dataclass
class WrittenQuestion(Question):
    """A written answer that the instructor grades by hand against a rubric (nbgrader's
    *manually graded answer* cell, grade id ``answer_<qid>``). No computer check: `.check()`
    gives the trainee the questions to read their answer against, `.hint()` works as for any
    question, and `.solution()` shows a model answer in self-study."""

    points: float = 0
    self_check: list[str] = field(default_factory=list)

    def check(self, quiet: bool = False) -> None:
        if quiet:
            return
        items = "\n".join(f"  - {self.words(item)}" for item in self.self_check)
        points = f"{self.points:g}"
        print("✍️ " + _("{question} is graded by your instructor against a written rubric "
                        "({points} points); the computer does not check it.",
                        question=self.label, points=points) + "\n"
              + _("Before you submit, read your answer again and ask yourself:") + f"\n{items}")


def written_question_maker(assignment: str) -> Callable[..., WrittenQuestion]:
    """The `_w(number, qid, title, points, self_check, hints)` shorthand for written answers."""
    explain.install()
    def make(number: int, qid: str, title: str, points: float, self_check: list[str],
             hints: list[str]) -> WrittenQuestion:
        return WrittenQuestion(qid=qid, number=number, title=title, names=(), checker=lambda: "",
                               hints=hints, assignment=assignment, points=points, self_check=self_check)
    return make
