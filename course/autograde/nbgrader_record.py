"""Leave a graded submission where, and as, `nbgrader autograde` would.

The autograded notebooks go to nbgrader's autograded folder, with the sandboxed run's outputs
and each test's result as the test cell's output. Their scores then go into the gradebook
through nbgrader's own preprocessors (OverwriteCells, SaveAutoGrades, AssignLatePenalties),
so Formgrader, `nbgrader generate_feedback` and `nbgrader export` see exactly what stock
autograding leaves, and an instructor's manual scores and comments are never overwritten.
"""
from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import nbformat

from course.autograde.judge import SubmissionResult


def resources(cd, assignment: str, student: str, notebook: str) -> dict:
    return {"nbgrader": {"assignment": assignment, "student": student, "notebook": notebook,
                         "db_url": cd.db_url},
            "unique_key": notebook, "output_files_dir": f"{notebook}_files"}


def _preprocessors(config):
    from nbgrader.preprocessors import AssignLatePenalties, ClearOutput, OverwriteCells, SaveAutoGrades

    return (OverwriteCells(config=config), SaveAutoGrades(config=config), AssignLatePenalties(config=config),
            ClearOutput(config=config))


def _write_notebook(nb, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, str(tmp))
    tmp.replace(path)


def _copy_other_files(src: Path, dest: Path, ignore: list[str]) -> None:
    """As nbgrader does: every file beside the notebooks (timestamp, secret, data) comes along."""
    from nbgrader.utils import find_all_files

    for filename in find_all_files(str(src), ignore + ["*.ipynb"]):
        target = dest / os.path.relpath(filename, src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(filename, target)


def write(cd, config, result: SubmissionResult, submitted: Path, source_dir: Path, autograded: Path) -> list[str]:
    """Write the autograded notebooks of one submission and record their scores; return
    problems worth telling the instructor (never raises for one trainee's sake)."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc

    overwrite, save, late, clear = _preprocessors(config)
    problems: list[str] = []
    autograded.mkdir(parents=True, exist_ok=True)
    _copy_other_files(source_dir, autograded, list(cd.ignore))
    _copy_other_files(submitted, autograded, list(cd.ignore))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy chatter from nbgrader's own helpers
        with Gradebook(cd.db_url) as gb:
            gb.update_or_create_student(result.student)
            kwargs = {}
            if result.timestamp:
                try:
                    kwargs["timestamp"] = parse_utc(result.timestamp)
                except Exception:
                    problems.append(f"The submission time {result.timestamp!r} could not be read; "
                                    "it was graded as on time.")
            gb.update_or_create_submission(result.assignment, result.student, **kwargs)
            known = [nb.name for nb in gb.find_assignment(result.assignment).notebooks]

        graded = {Path(nb.name).stem: nb for nb in result.notebooks}
        for notebook_id in known:
            res = resources(cd, result.assignment, result.student, notebook_id)
            target = autograded / f"{notebook_id}.ipynb"
            if notebook_id in graded and graded[notebook_id].notebook is not None:
                nb = nbformat.from_dict(graded[notebook_id].notebook)
                nb, res = overwrite.preprocess(nb, res)
                _write_notebook(nb, target)
                nb, res = save.preprocess(nb, res)
                nb, res = late.preprocess(nb, res)
                problems += _disagreements(nb, graded[notebook_id], notebook_id)
            elif (submitted / f"{notebook_id}.ipynb").is_file():
                # Nothing graded in it (the lecture): kept for the instructor as handed in,
                # outputs cleared and locked cells restored, as nbgrader's sanitizing leaves it.
                try:
                    nb = nbformat.read(str(submitted / f"{notebook_id}.ipynb"), as_version=4)
                    nb, res = clear.preprocess(nb, res)
                    nb, res = overwrite.preprocess(nb, res)
                    _write_notebook(nb, target)  # no grade cells: nothing to record
                except Exception as exc:
                    problems.append(f"{notebook_id}.ipynb could not be kept for Formgrader ({type(exc).__name__}).")
            else:
                with Gradebook(cd.db_url) as gb:  # not handed in: zero, as stock nbgrader gives
                    try:
                        snb = gb.find_submission_notebook(notebook_id, result.assignment, result.student)
                    except MissingEntry:
                        continue
                    for grade in snb.grades:
                        grade.auto_score = 0
                        grade.needs_manual_grade = False
                    gb.db.commit()
    return problems


def _disagreements(nb, nb_result, notebook_id: str) -> list[str]:
    """nbgrader reads a test cell's score off its outputs (what SaveAutoGrades just recorded);
    it must be the judge's."""
    from nbgrader.utils import determine_grade, is_grade, is_solution

    judged = {t.grade_id: t.score for t in nb_result.tests}
    out = []
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in judged and is_grade(cell) and not is_solution(cell):
            recorded = determine_grade(cell)[0]
            if recorded != judged[gid]:
                out.append(f"{notebook_id}/{gid}: the gradebook holds {recorded} but the grader gave "
                           f"{judged[gid]}; please report this.")
    return out


def restore(cd, config, result: SubmissionResult, autograded: Path) -> None:
    """Record again what was graded, from the autograded notebooks on disk."""
    _, save, late, _ = _preprocessors(config)
    for nb_result in result.notebooks:
        notebook_id = Path(nb_result.name).stem
        path = autograded / f"{notebook_id}.ipynb"
        if not path.is_file():
            continue
        res = resources(cd, result.assignment, result.student, notebook_id)
        nb = nbformat.read(str(path), as_version=4)
        nb, res = save.preprocess(nb, res)
        late.preprocess(nb, res)
