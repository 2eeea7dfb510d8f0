"""Stock `nbgrader autograde` versus `course autograde`, side by side, on one class.

Generates N submissions (default 40: the demo class's reference, blank and typical-mistake
trainees, repeated), grades them in two separate copies of the course, once with stock
nbgrader (sequential, no sandbox) and once with `course autograde` (parallel over the cores,
sandbox on), checks that every cell got the same score, and prints both times and the ratio.

    .venv/bin/python benchmarks/autograde_speed.py [--n 40] [--exercises-only]

--exercises-only hands in only the graded notebook, so stock nbgrader does not also execute
the lecture notebook that the trainees received with the assignment (course autograde never
runs notebooks that carry no points).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AID = "01-case-data"
TIMESTAMP = "2026-05-11 17:00:00.000000 UTC"


def course_copy(root: Path) -> Path:
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    (root / "grading").mkdir(parents=True)
    shutil.copy(REPO / "grading" / "nbgrader_config.py", root / "grading")
    return root / "grading"


def make_class(grading: Path, n: int, exercises_only: bool) -> None:
    from dataclasses import replace

    from course.classroom import demo_class, write_submission
    from course.nbgrader_run import nbgrader

    nbgrader("generate_assignment", AID, "--force", grading=grading)
    base = demo_class(AID)
    for i in range(n):
        t = replace(base[i % len(base)], id=f"trainee-{i + 1:03d}")
        write_submission(grading / "submitted", t, AID, grading / "release" / AID,
                         grading.parent / "notebooks" / AID, TIMESTAMP, graded_only=exercises_only)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--exercises-only", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()

    from course import data
    from course.autograde import batch
    from course.nbgrader_run import cell_scores, nbgrader

    data.ensure(quiet=True)
    work = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    try:
        stock, ours = course_copy(work / "stock"), course_copy(work / "ours")
        make_class(stock, args.n, args.exercises_only)
        make_class(ours, args.n, args.exercises_only)

        t0 = time.perf_counter()
        nbgrader("autograde", AID, "--force", grading=stock)
        t_stock = time.perf_counter() - t0

        t0 = time.perf_counter()
        summary = batch.autograde(AID, ours, jobs=args.jobs, force=True, quiet=True)
        t_ours = time.perf_counter() - t0

        same = cell_scores(AID, stock) == cell_scores(AID, ours)
        print(f"submissions:            {args.n} ({'exercises only' if args.exercises_only else 'lecture + exercises, as released'})")
        print(f"cores:                  {os.cpu_count()}  (course autograde used {summary['jobs']} sandboxes)")
        print(f"stock nbgrader:         {t_stock:7.1f} s  ({t_stock / args.n:.2f} s per submission)")
        print(f"course autograde:       {t_ours:7.1f} s  ({t_ours / args.n:.2f} s per submission, sandbox on)")
        print(f"speed-up (stock/ours):  {t_stock / t_ours:7.2f}x")
        print(f"same score in every cell: {same}")
        return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
