"""Running stock nbgrader on the course directory, and reading its gradebook.

Everything goes through the `nbgrader` command line in ``grading/`` so that what the demo
and the tests do is exactly what an instructor types.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from course.classroom import REPO
from course.i18n import ENGLISH

GRADING = REPO / "grading"


class NbgraderFailed(RuntimeError):
    pass


def grading_for(lang: str | None = None) -> Path:
    """The grading folder of the course in `lang`: grading/ for English, grading/<lang>/ for an
    edition, which is its own nbgrader course (own id, own gradebook)."""
    return GRADING if lang in (None, "", ENGLISH) else GRADING / lang


def edition_of(grading: Path) -> str:
    """The language of the course whose grading folder is `grading`: English for a folder
    called grading/ (the repository's, or a copy's), else the edition's folder name."""
    return ENGLISH if grading.name == GRADING.name else grading.name


def course_root(grading: Path = GRADING) -> Path:
    """nbgrader's course root: the repository for English (sources in notebooks/), the edition's
    grading folder for an edition (sources in source/)."""
    return grading.parent if edition_of(grading) == ENGLISH else grading


def source_root(grading: Path = GRADING) -> Path:
    """The folder of the course's nbgrader source notebooks, one subfolder per module."""
    return grading.parent / "notebooks" if edition_of(grading) == ENGLISH else grading / "source"


def build_edition(lang: str, grading: Path | None = None) -> Path:
    """Build the source notebooks of every ready module translated into `lang` into its course
    (`grading/<lang>/source/`, or `grading`'s); return its grading folder. A module whose
    catalog is missing words stops the build with the list (`course translate status`)."""
    from course import syllabus, translate

    grading = grading or grading_for(lang)
    if not (grading / "nbgrader_config.py").is_file():
        raise NbgraderFailed(f"There is no course for the language {lang!r}: grading/{lang}/nbgrader_config.py "
                             "is missing.")
    for module in syllabus.modules(ready_only=True):
        if lang in module.notebooks_translated:
            translate.build(module.id, lang, source_root(grading))
    return grading


def env() -> dict:
    """The environment for nbgrader: this Python's scripts first (nbgrader calls `alembic`)."""
    e = dict(os.environ)
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    e.setdefault("PYTHONUNBUFFERED", "1")
    return e


def nbgrader(*args: str, grading: Path = GRADING, quiet: bool = True) -> str:
    """Run `nbgrader ARGS` in the course's grading folder; raise with its log on failure."""
    cmd = [str(Path(sys.executable).parent / "nbgrader"), *args]
    proc = subprocess.run(cmd, cwd=grading, env=env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed (exit {proc.returncode}):\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    if not quiet:
        print(proc.stdout, proc.stderr, sep="", end="")
    return proc.stdout + proc.stderr


def db_url(grading: Path = GRADING) -> str:
    return "sqlite:///" + str(grading / "gradebook.db")


def _grades(assignment: str, grading: Path, read) -> list:
    """`read(student_id, grade)` for every grade of every submission of `assignment`."""
    from nbgrader.api import Gradebook, MissingEntry

    out = []
    with Gradebook(db_url(grading)) as gb:
        for student in gb.students:
            try:
                sub = gb.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            out += [read(student.id, grade) for nb in sub.notebooks for grade in nb.grades]
    return out


def cell_scores(assignment: str, grading: Path = GRADING) -> dict[str, dict[str, tuple[float, float]]]:
    """student -> grade_id -> (score, max_score), from the gradebook."""
    out: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for student, name, score in _grades(assignment, grading, lambda s, g: (
            s, g.name, (float(g.score or 0.0), float(g.max_score)))):
        out[student][name] = score
    return dict(out)


def awaiting_manual_grade(assignment: str, grading: Path = GRADING) -> set[tuple[str, str]]:
    """(student, grade_id) of every written answer nobody has graded yet."""
    return {key for key, waiting in _grades(assignment, grading, lambda s, g: (
        (s, g.name), g.auto_score is None and g.manual_score is None)) if waiting}


def question_scores(cells: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Sum the graded cells of each question (its check_/hidden_ tests, or its written
    answer_ cell graded by hand): qid -> (score, max)."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for gid, (score, max_score) in cells.items():
        qid = gid.split("_", 1)[1] if gid.startswith(("check_", "hidden_", "answer_")) else gid
        totals[qid][0] += score
        totals[qid][1] += max_score
    return {q: (s, m) for q, (s, m) in totals.items()}
