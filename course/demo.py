"""`course demo`: a class in a box, from generated data to exported grades.

Builds the data, generates the student versions with nbgrader, simulates a class
(reference, blank and typical-mistake trainees), grades it with `course autograde` (nbgrader's
gradebook, sandboxed and parallel) including feedback pages, exports a grades CSV, and
prints one table of trainee x question. Rerunning it changes nothing that is already
graded: nothing is duplicated.
"""
from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

from course import data, syllabus
from course.i18n import ENGLISH
from course.classroom import demo_class, write_submission
from course.autograde.batch import autograde
from course.nbgrader_run import (GRADING, NbgraderFailed, build_edition, edition_of, source_root, awaiting_manual_grade, cell_scores, nbgrader,
                                 question_scores)

# A fixed submission time, before any deadline, so reruns are byte-identical and never late.
DEMO_TIMESTAMP = "2026-05-11 17:00:00.000000 UTC"


def _step(text: str) -> float:
    print(f"\n▶ {text}", flush=True)
    return time.monotonic()


def _done(t0: float, detail: str = "") -> None:
    print(f"  done in {time.monotonic() - t0:.1f} s{': ' + detail if detail else ''}", flush=True)


def summary_rows(module, trainees, scores, awaiting=frozenset()) -> tuple[list[str], list[list[str]]]:
    """One row per trainee; a written answer nobody has graded yet shows as ?/points."""
    questions = module.questions() + module.written()
    header = ["trainee"] + [f"Q{q.number}" for q in questions] + ["total", "%"]
    rows = []
    for t in trainees:
        per_q = question_scores(scores.get(t.id, {}))
        cells, total, max_total = [], 0.0, 0.0
        for q in questions:
            s, m = per_q.get(q.qid, (0.0, 0.0))
            total, max_total = total + s, max_total + m
            cells.append(f"?/{m:g}" if (t.id, f"answer_{q.qid}") in awaiting else f"{s:g}/{m:g}")
        pct = 100 * total / max_total if max_total else 0.0
        rows.append([t.id] + cells + [f"{total:g}/{max_total:g}", f"{pct:.0f}%"])
    return header, rows


def format_table(header, rows) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                               for i, (v, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _exchange(grading: Path) -> Path:
    """nbgrader's exchange as the course's configuration names it, made with nbgrader's
    permissions (everyone may write; the inbound folder hides trainees' work from each other),
    so that Formgrader offers Release and Collect."""
    from course.autograde.batch import _config

    cfg = _config(grading)
    root = Path(cfg.Exchange.root) if "root" in cfg.Exchange else grading / "exchange"
    root.mkdir(parents=True, exist_ok=True)
    try:
        root.chmod(0o777)
    except PermissionError:
        pass  # a shared exchange someone else made: theirs to keep right
    return root


def _name_trainees(grading: Path, trainees) -> None:
    """Give the simulated trainees names, as an instructor's roster would (Formgrader shows them)."""
    import warnings

    from nbgrader.api import Gradebook

    from course.nbgrader_run import db_url

    with warnings.catch_warnings(), Gradebook(db_url(grading)) as gb:
        warnings.simplefilter("ignore")
        for t in trainees:
            first = t.id.removeprefix("demo-").replace("-", " ").capitalize()
            gb.update_or_create_student(t.id, first_name=first, last_name="Demo trainee")


class DemoStale(RuntimeError):
    """The demo's gradebook belongs to an older version of an assignment."""


def run(modules: list[str] | None = None, grading: Path = GRADING) -> int:
    """Run the whole cycle in the course directory whose grading folder is `grading` (an
    edition's too: its source notebooks are built first, and only its translated modules run)."""
    started = time.monotonic()
    lang = edition_of(grading)
    ready = [m for m in syllabus.modules(ready_only=True) if not modules or m.id in modules]
    if lang != ENGLISH:
        build_edition(lang)
        ready = [m for m in ready if lang in m.notebooks_translated]

    # where the course's folders are, as the instructor types them (grading/ or grading/zh_CN/)
    here = grading.relative_to(GRADING.parent).as_posix() if grading.is_relative_to(GRADING.parent) else str(grading)
    make_lang = f" COURSE_LANG={lang}" if lang != ENGLISH else ""
    _exchange(grading)
    t0 = _step("Building the synthetic datasets (fixed seed, nothing downloaded)")
    for name in data.DATASETS:
        data.ensure(name, quiet=True)
    _done(t0, str(data.data_dir()))

    for module in ready:
        aid = module.id
        t0 = _step(f"{aid}: generating the student version with nbgrader")
        try:
            nbgrader("generate_assignment", aid, "--force", grading=grading)
        except NbgraderFailed as exc:
            if "Cannot add or remove cells" in str(exc) or "submissions associated" in str(exc):
                raise DemoStale(
                    f"The source notebook of {aid} has gained or lost graded cells since the demo "
                    f"graded it, and nbgrader never changes an assignment that has submissions. "
                    f"Start the demo afresh with `make clean-demo` (or `course demo --reset`), "
                    f"then `make demo` again. Only the demo's own grades are removed.") from None
            raise
        _done(t0, f"{here}/release/{aid}")

        trainees = demo_class(aid, edition=lang)
        t0 = _step(f"{aid}: {len(trainees)} simulated trainees hand in their notebooks")
        for t in trainees:
            write_submission(grading / "submitted", t, aid, grading / "release" / aid,
                             source_root(grading) / aid, DEMO_TIMESTAMP)
            print(f"  {t.id:18} {t.description}")
        _name_trainees(grading, trainees)
        _done(t0)

        t0 = _step(f"{aid}: `course autograde` in sandboxes, into {here}/gradebook.db, with feedback")
        summary = autograde(aid, grading, quiet=True)
        for student, problems in sorted(summary["problems"].items()):
            print(f"  {student}: {'; '.join(problems)}")
        _done(t0, f"{summary['graded']} graded, {summary['skipped']} unchanged since the last run; "
                  f"feedback in {here}/feedback/<trainee>/{aid}/")

        scores = cell_scores(aid, grading)
        awaiting = awaiting_manual_grade(aid, grading)
        header, rows = summary_rows(module, trainees, scores, awaiting)
        out = grading / f"demo-summary.{aid}.csv"
        with out.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header] + rows)
        print(f"\n{module.number} {module.title}: points per question (see {out})\n")
        print(format_table(header, rows))
        if awaiting:
            print(f"\n  ?: a written answer waiting for the instructor. Grade it in Formgrader "
                  f"(`make formgrader{make_lang}`), then `nbgrader generate_feedback {aid}`.")

    t0 = _step("Exporting all grades")
    nbgrader("export", "--to", str(grading / "grades.csv"), grading=grading)
    _done(t0, f"{here}/grades.csv")
    print(f"\nClass in a box finished in {time.monotonic() - started:.0f} s.")
    return 0


def reset(grading: Path = GRADING) -> None:
    """Remove everything the demo made in the course of `grading` (the data stay)."""
    for name in ("release", "submitted", "autograded", "feedback"):
        shutil.rmtree(grading / name, ignore_errors=True)
    for p in list(grading.glob("gradebook.db*")) + list(grading.glob("demo-summary.*")) + [grading / "grades.csv"]:
        Path(p).unlink(missing_ok=True)
