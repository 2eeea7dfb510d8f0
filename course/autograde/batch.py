"""`course autograde ASSIGNMENT`: grade a whole class safely, in parallel, resumably.

Workers (one per core by default) grade submissions in sandboxes; this process alone
writes the autograded notebooks and the nbgrader gradebook (`nbgrader_record`), one
submission at a time, so nothing is lost or locked. A marker beside each autograded
submission records what was graded (a hash of the submission, the source and the limits),
written last: a rerun after a crash or Ctrl+C skips what is done and grades the rest; a
resubmission changes the hash and is graded again. Manual scores and comments stay.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from course.autograde import feedback, nbgrader_record
from course.autograde.config import load_limits
from course.autograde.judge import SubmissionResult, grade_submission, submission_key
from course.autograde.sandbox import Limits, _stub_exercises, probe

MARKER = ".course-autograde.json"
UNSAFE_FLAG = "--unsafe-no-sandbox"


class GradingRefused(RuntimeError):
    pass


# --- worker side --------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(slots, assignment: str, stub_dir: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    with slots.get_lock():
        slot = slots.value
        slots.value += 1
    from course import syllabus

    module = syllabus.module(assignment)
    # One unprivileged uid per sandbox slot, different for concurrent runs, so that the
    # process-count limit of one sandbox never counts another's processes.
    base = 61000 + (os.getppid() % 2000) * 8
    _WORKER.update(uid=base + slot, stub_dir=Path(stub_dir),
                   questions={q.qid: q for q in module.questions()})


def _grade(student: str, assignment: str, folder: str, source_dir: str, limits: dict, unsafe: bool) -> dict:
    result = grade_submission(student, assignment, Path(folder), Path(source_dir), Limits(**limits),
                              _WORKER["stub_dir"], _WORKER["uid"], unsafe, _WORKER["questions"])
    return result.to_json()


# --- parent side --------------------------------------------------------------------------

def _config(grading: Path):
    """The course's nbgrader configuration (grading/nbgrader_config.py)."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(grading)).load_config()


def _coursedir(grading: Path, cfg=None):
    """nbgrader's own view of the course directory (its config file decides the paths)."""
    from nbgrader.coursedir import CourseDirectory

    cwd = os.getcwd()
    try:
        os.chdir(grading)
        return CourseDirectory(config=cfg if cfg is not None else _config(grading))
    finally:
        os.chdir(cwd)


def _marker(autograded: Path) -> dict | None:
    try:
        return json.loads((autograded / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _gradebook_matches(db_url: str, result: SubmissionResult) -> bool:
    """Does the gradebook still hold exactly the scores this result recorded?"""
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(db_url) as gb:
            for nb in result.notebooks:
                for t in nb.tests:
                    grade = gb.find_grade(t.grade_id, Path(nb.name).stem, result.assignment, result.student)
                    if grade.auto_score != t.score:
                        return False
    except MissingEntry:
        return False
    return True


def _finish(cd, cfg, result: SubmissionResult, folder: Path, source_dir: Path, autograded: Path) -> list[str]:
    """Autograded notebooks, gradebook, feedback pages, then the marker (last, atomically)."""
    (autograded / MARKER).unlink(missing_ok=True)  # a crash from here on means: grade again
    problems = nbgrader_record.write(cd, cfg, result, folder, source_dir, autograded)
    fb_dir = Path(cd.format_path(cd.feedback_directory, result.student, result.assignment))
    feedback.write_all(cd, result.assignment, result.student, autograded, fb_dir)
    tmp = autograded / (MARKER + ".tmp")
    tmp.write_text(json.dumps(result.to_json(notebooks=False), indent=1), encoding="utf-8")
    tmp.replace(autograded / MARKER)
    return problems


def autograde(assignment: str, grading: Path, *, jobs: int | None = None, students: list[str] | None = None,
              force: bool = False, unsafe: bool = False, quiet: bool = False) -> dict:
    """Grade every submission of `assignment`; return a summary dict."""
    if not unsafe:
        why = probe()
        if why:
            raise GradingRefused(
                f"No sandbox is available, so grading is refused: {why}.\nTrainees' code would run "
                f"with your rights. If you trust every submission, rerun with {UNSAFE_FLAG}.")
    started = time.monotonic()
    cfg = _config(grading)
    cd = _coursedir(grading, cfg)
    source_dir = Path(cd.format_path(cd.source_directory, ".", assignment))
    if not source_dir.is_dir():
        raise GradingRefused(f"There is no assignment {assignment!r} in {source_dir.parent}.")
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cd.db_url) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise GradingRefused(f"{assignment!r} is not in the gradebook yet: run "
                                 f"`nbgrader generate_assignment {assignment}` first.") from None

    limits = load_limits(grading, assignment)
    # Build the data the sandboxes mount once, here, before the workers start.
    from course import data as course_data

    for name in course_data.DATASETS:
        course_data.ensure(name, quiet=True)
    course_data.bigpay_dir("small")
    # nbgrader's own path pattern, with a wildcard for the student
    import glob
    import re

    pattern = cd.format_path(cd.submitted_directory, "*", assignment)
    regex = re.compile(cd.format_path(cd.submitted_directory, "(?P<student>[^/]+)", assignment, escape=True)
                       .replace(re.escape("(?P<student>[^/]+)"), "(?P<student>[^/]+)") + "$")
    found = {}
    for p in sorted(glob.glob(pattern)):
        m = regex.match(p)
        if m and os.path.isdir(p):
            found[m.group("student")] = Path(p)
    if students:
        found = {s: f for s, f in found.items() if s in students}
    todo, skipped, summary_restored = [], 0, []
    for student, folder in found.items():
        autograded = Path(cd.format_path(cd.autograded_directory, student, assignment))
        marker = _marker(autograded)
        if not force and marker and marker.get("key") == submission_key(folder, source_dir, limits):
            result = SubmissionResult.from_json(marker)
            if not _gradebook_matches(cd.db_url, result):
                nbgrader_record.restore(cd, cfg, result, autograded)  # restore what was graded
                summary_restored.append(student)
            skipped += 1
            continue
        todo.append((student, folder, autograded))

    summary = {"assignment": assignment, "graded": 0, "skipped": skipped, "problems": {}, "failed": {},
               "seconds": 0.0, "jobs": 0, "restored": summary_restored}
    if todo:
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        summary["jobs"] = jobs
        stub_root = Path(tempfile.mkdtemp(prefix="course-stubs-"))
        stub_dir = _stub_exercises(stub_root / "exercises")
        os.chmod(stub_root, 0o755)
        ctx = mp.get_context("spawn")
        slots = ctx.Value("i", 0)
        bar = tqdm(total=len(todo), desc=f"Grading {assignment}", unit="trainee", file=sys.stderr,
                   disable=quiet, dynamic_ncols=True)
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                     initargs=(slots, assignment, str(stub_dir))) as pool:
                futures = {pool.submit(_grade, s, assignment, str(f), str(source_dir), asdict(limits), unsafe):
                           (s, f, a) for s, f, a in todo}
                for fut in as_completed(futures):
                    student, folder, autograded = futures[fut]
                    try:
                        result = SubmissionResult.from_json(fut.result())
                    except Exception as exc:  # a grader bug must not stop the class
                        summary["failed"][student] = f"the grader itself failed: {type(exc).__name__}: {exc}"
                        bar.update(1)
                        continue
                    try:
                        written = _finish(cd, cfg, result, folder, source_dir, autograded)
                    except Exception as exc:  # one trainee's files must not stop the class
                        summary["failed"][student] = f"recording the grades failed: {type(exc).__name__}: {exc}"
                        bar.update(1)
                        continue
                    summary["graded"] += 1
                    problems = result.problems + [p for nb in result.notebooks for p in nb.problems] + written
                    if problems:
                        summary["problems"][student] = problems
                    bar.set_postfix_str(f"{len(summary['problems'])} with problems")
                    bar.update(1)
        finally:
            bar.close()
            shutil.rmtree(stub_root, ignore_errors=True)
    summary["seconds"] = round(time.monotonic() - started, 1)
    return summary


def print_summary(summary: dict) -> None:
    print(f"\n{summary['assignment']}: graded {summary['graded']}, already graded and unchanged "
          f"{summary['skipped']}, failed {len(summary['failed'])}, in {summary['seconds']:.1f} s"
          + (f" with {summary['jobs']} parallel sandboxes." if summary["jobs"] else "."))
    if summary.get("restored"):
        print(f"  Gradebook scores differed from what was graded and were restored for: "
              f"{', '.join(summary['restored'])}")
    for student, why in sorted(summary["failed"].items()):
        print(f"  FAILED {student}: {why}")
    for student, problems in sorted(summary["problems"].items()):
        for p in problems:
            print(f"  {student}: {p}")
