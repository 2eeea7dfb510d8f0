"""The `course` command: data, demo, the learner's workspace, the syllabus."""
from __future__ import annotations

import argparse
import sys


def _data(args) -> int:
    from course import data
    from course.data import build

    if args.action == "build":
        for name in data.DATASETS:
            folder = build.build(data.data_dir(), name, seed=args.seed)
            print(f"built {name} in {folder}")
        from course.data import bigpay  # module 03's data card, with the small size's counts

        card = data._REPO / "datasets" / "bigpay" / "README.md"
        if card.parent.is_dir():
            card.write_text(bigpay.card_text(data.bigpay_dir("small")), encoding="utf-8")
    elif args.action == "path":
        print(data.path(args.table))
    elif args.action == "big":  # module 03: the city-sized Parquet payments (not kept in git)
        from course.data import bigpay

        size = args.table or "large"
        print(bigpay.build(data.data_dir() / f"bigpay-{size}", size))
    return 0


def _demo(args) -> int:
    from course import demo

    if args.reset:
        demo.reset()
    return demo.run(args.modules or None)


def _autograde(args) -> int:
    from pathlib import Path

    from course.autograde import batch

    if args.unsafe_no_sandbox:
        print("WARNING: --unsafe-no-sandbox: trainees' code runs with YOUR rights, with network and "
              "file access. Use it only for submissions you trust.", file=sys.stderr)
    try:
        summary = batch.autograde(args.assignment, Path(args.grading).resolve(), jobs=args.jobs,
                                  students=args.student or None, force=args.force,
                                  unsafe=args.unsafe_no_sandbox)
    except batch.GradingRefused as exc:
        print(f"course autograde: {exc}", file=sys.stderr)
        return 2
    batch.print_summary(summary)
    return 0


def _workspace(args) -> int:
    from course import workspace

    folder = workspace.update(args.path)
    print(folder)
    return 0


def _syllabus(args) -> int:
    from course import syllabus

    print(syllabus.markdown_table())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("data", help="build the synthetic datasets or find a table's file")
    p.add_argument("action", choices=["build", "path", "big"])
    p.add_argument("table", nargs="?", help="table name, for `path`; small or large, for `big`")
    p.add_argument("--seed", type=int, default=None, help="another seed (default: the course's)")
    p.set_defaults(func=_data)

    p = sub.add_parser("demo", help="class in a box: release, simulate, autograde, feedback, export")
    p.add_argument("modules", nargs="*", help="module ids (default: every ready module)")
    p.add_argument("--reset", action="store_true", help="start from an empty gradebook")
    p.set_defaults(func=_demo)

    p = sub.add_parser("autograde", help="grade a whole class in parallel sandboxes (resumable)")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="grade only this trainee (repeatable)")
    p.add_argument("--jobs", type=int, default=None, help="parallel sandboxes (default: one per core)")
    p.add_argument("--force", action="store_true", help="regrade even what is already graded")
    p.add_argument("--grading", default=".", help="the course's grading folder (default: here)")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run trainees' code WITHOUT a sandbox (only for submissions you trust)")
    p.set_defaults(func=_autograde)

    p = sub.add_parser("workspace", help="create or update the learner's workspace of student versions")
    p.add_argument("path", nargs="?", default=None)
    p.set_defaults(func=_workspace)

    p = sub.add_parser("syllabus", help="print the module table (as in the README)")
    p.set_defaults(func=_syllabus)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\nStopped. Run the same command again to carry on.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
