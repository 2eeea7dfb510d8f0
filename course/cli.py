"""The `course` command: data, demo, the learner's workspace, the syllabus."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _data(args) -> int:
    from course import data, i18n
    from course.data import build

    if args.action == "build":
        from course.data import classkey

        try:
            key = classkey.for_build(data.data_dir(), Path(args.class_key) if args.class_key else None)
        except classkey.ClassKeyError as exc:
            print(exc, file=sys.stderr)
            return 2
        for name in data.DATASETS:
            folder = build.build(data.data_dir(), name, key=key)
            print(f"built {name} in {folder}" + (" from the class key" if key else ""))
        from course.data import bigpay  # module 03's data card, with the small size's counts

        from course.data import card

        folder = data.data_dir() / "bigpay"
        if folder.is_dir():  # a checkout's datasets/ (the cards are kept in git)
            small = data.bigpay_dir("small")
            for lang in [i18n.ENGLISH] + card.languages():
                (folder / card.file_name(lang)).write_text(bigpay.card_text(small, lang), encoding="utf-8")
    elif args.action == "path":
        print(data.path(args.table))
    elif args.action == "big":  # module 03: the city-sized Parquet payments (not kept in git)
        from course.data import bigpay

        size = args.table or "large"
        print(bigpay.build(data.data_dir() / f"bigpay-{size}", size))
    return 0


def _author(args) -> int:
    from course import authoring

    try:
        _, number = authoring.add_question(args.module, args.qid, args.title, args.points, args.hidden)
    except (authoring.AuthoringError, KeyError) as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    print(authoring.next_steps(args.module, args.qid, number, args.points, args.hidden))
    return 0


def _demo(args) -> int:
    from course import demo

    from course.nbgrader_run import grading_for

    grading = grading_for(args.lang)
    if args.reset:
        demo.reset(grading)
    try:
        return demo.run(args.modules or None, grading)
    except demo.DemoStale as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 2


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

    from course.nbgrader_run import grading_for

    folder = workspace.update(args.path, grading_for(args.lang))
    print(folder)
    return 0


def _hub(args) -> int:
    from course.hub import install, roster, run

    layout = install.Layout(prefix=args.prefix, exchange=args.exchange or "",
                            env=args.use_env or args.env or "", data_dir=args.data_dir or "",
                            course_dir=args.course_dir or "", state_dir=args.state_dir or "",
                            jupyter_etc=args.jupyter_etc or "", group_prefix=args.group_prefix,
                            use_env=bool(args.use_env), skip_large_data=args.skip_large_data)
    try:
        if args.action == "setup" or (args.action == "start" and args.roster):
            if not args.roster:
                print("course hub setup: say which roster: --roster hub/roster.toml", file=sys.stderr)
                return 2
            install.setup(args.roster, layout)
        if args.action == "start":
            if run.status(layout.state_dir) != "not running":
                print(f"The hub is already {run.status(layout.state_dir)}. Roster changes take effect "
                      f"after `course hub stop` and `course hub start`.")
                return 0
            address = run.start(layout.state_dir, ip=args.ip, port=args.port,
                                api_token=os.environ.get("COURSE_HUB_API_TOKEN"))
            print(f"JupyterHub is running on {address} (log: {layout.state_dir}/hub.log; "
                  f"stop it with `course hub stop`)")
        elif args.action == "stop":
            print("stopped" if run.stop(layout.state_dir) else "the hub was not running")
        elif args.action == "status":
            print(run.status(layout.state_dir))
    except roster.RosterError as exc:
        print(f"The roster cannot be used; no account was made or changed:\n{exc}", file=sys.stderr)
        return 2
    except (install.SetupError, RuntimeError) as exc:
        print(f"course hub {args.action}: {exc}", file=sys.stderr)
        return 1
    return 0


def _syllabus(args) -> int:
    from course import syllabus

    print(syllabus.markdown_table())
    return 0


def _translate(args) -> int:
    from course import syllabus, translate

    modules = args.modules or [m.id for m in syllabus.load()[1] if m.ready] + list(translate.WITHOUT_NOTEBOOKS)
    failed = 0
    for module in modules:
        if args.action == "extract":
            print(f"{module}: {translate.extract(module)}")
        elif args.action == "update":
            translate.extract(module)
            print(f"{module}: {translate.update(module, args.lang)}")
        elif args.action == "status":
            st = translate.status(module, args.lang)
            print(f"{module} ({args.lang}): {st['translated']} translated, {len(st['fuzzy'])} fuzzy, "
                  f"{len(st['untranslated'])} untranslated")
            for m in (st["fuzzy"] + st["untranslated"])[: args.show]:
                print(f"    {m.where}: {m.text[:90]!r}")
        elif module == translate.README:
            try:
                print(translate.build_readme(args.lang, strict=not args.keep_english))
            except translate.TranslationMissing as exc:
                print(f"{module}: {exc}", file=sys.stderr)
                failed += 1
        elif module in translate.WITHOUT_NOTEBOOKS:
            # the package's words are read where they are used; the data cards are written by
            # `course data build`
            continue
        else:  # build
            try:
                for path in translate.build(module, args.lang, Path(args.out), strict=not args.keep_english):
                    print(path)
            except translate.TranslationMissing as exc:
                print(f"{module}: {exc}", file=sys.stderr)
                failed += 1
    return 1 if failed else 0


def _edition(args) -> int:
    from course import nbgrader_run, translate

    # the course of the folder this runs in (a copy of the course, say), else the repository's
    here = Path("grading") / args.lang
    try:
        grading = nbgrader_run.build_edition(args.lang, here.resolve() if here.is_dir() else None)
    except (nbgrader_run.NbgraderFailed, translate.TranslationMissing) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(nbgrader_run.source_root(grading))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("data", help="build the synthetic datasets or find a table's file")
    p.add_argument("action", choices=["build", "path", "big"])
    p.add_argument("table", nargs="?", help="table name, for `path`; small or large, for `big`")
    p.add_argument("--class-key", metavar="FILE",
                   help="build a class's own data from the key in FILE (made there if missing), so that "
                        "the published generators cannot rebuild them; keep FILE with the course's backup")
    p.set_defaults(func=_data)

    p = sub.add_parser("demo", help="class in a box: release, simulate, autograde, feedback, export")
    p.add_argument("modules", nargs="*", help="module ids (default: every ready module)")
    p.add_argument("--reset", action="store_true", help="start from an empty gradebook")
    p.add_argument("--lang", default=None, help="the edition's course, e.g. zh_CN (default: English)")
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
    p.add_argument("path", nargs="?", default=None,
                   help="the workspace folder (default: workspace/, or workspace-<lang>/ for an edition)")
    p.add_argument("--lang", default=None, help="the edition, e.g. zh_CN (default: English)")
    p.set_defaults(func=_workspace)

    p = sub.add_parser("hub", help="the class's JupyterHub on this machine: setup, start, stop (as root)")
    p.add_argument("action", choices=["setup", "start", "stop", "status"])
    p.add_argument("--roster", help="the roster file (TOML; see hub/roster.example.toml)")
    p.add_argument("--ip", default=os.environ.get("HUB_IP", "127.0.0.1"), help="address to listen on")
    p.add_argument("--port", type=int, default=int(os.environ.get("HUB_PORT", "8000")))
    p.add_argument("--prefix", default="/", help="root of every shared path below (default /)")
    p.add_argument("--exchange", help="nbgrader exchange (default PREFIX/srv/nbgrader/exchange)")
    p.add_argument("--env", help="shared environment to build (default PREFIX/opt/procuratorial-course/venv)")
    p.add_argument("--use-env", help="use this existing environment (with the [hub] extra) instead of building one")
    p.add_argument("--data-dir", help="shared datasets (default PREFIX/srv/procuratorial-course/datasets)")
    p.add_argument("--course-dir", help="instructors' course directory (default PREFIX/srv/procuratorial-course/course)")
    p.add_argument("--state-dir", help="the hub's root-only state (default PREFIX/srv/procuratorial-course/hub)")
    p.add_argument("--jupyter-etc", help="global Jupyter config folder (default PREFIX/etc/jupyter)")
    p.add_argument("--group-prefix", default="course", help="groups PREFIX-trainees and PREFIX-instructors")
    p.add_argument("--skip-large-data", action="store_true",
                   help="do not build module 03's city-sized data (its lecture then cannot run on the hub)")
    p.set_defaults(func=_hub)

    p = sub.add_parser("syllabus", help="print the module table (as in the README)")
    p.set_defaults(func=_syllabus)

    p = sub.add_parser("translate", help="for translators: catalogs of the notebooks' words, and the editions")
    p.add_argument("action", choices=["extract", "update", "status", "build"])
    p.add_argument("modules", nargs="*", help="module ids (default: every ready module)")
    p.add_argument("--lang", default="zh_CN", help="language of the catalogs (default zh_CN)")
    p.add_argument("--out", default="build/editions/zh_CN/notebooks", help="where `build` writes the notebooks")
    p.add_argument("--keep-english", action="store_true",
                   help="build even where a translation is missing or fuzzy, keeping the English words")
    p.add_argument("--show", type=int, default=5, help="messages `status` lists per module (default 5)")
    p.set_defaults(func=_translate)

    p = sub.add_parser("edition", help="for instructors: build an edition's source notebooks into its course "
                       "(grading/<lang>/source/), for stock nbgrader commands in grading/<lang>/")
    p.add_argument("lang", help="the edition, e.g. zh_CN")
    p.set_defaults(func=_edition)

    p = sub.add_parser("author", help="for course authors: add the cells of a new question")
    p.add_argument("what", choices=["question"])
    p.add_argument("module", help="module id, e.g. 02-joining")
    p.add_argument("qid", help="question id, e.g. late_payments")
    p.add_argument("--title", required=True, help="the question's title")
    p.add_argument("--points", type=int, default=1, help="points of the visible check (default 1)")
    p.add_argument("--hidden", type=int, default=0, help="points of a hidden test (default: no hidden test)")
    p.set_defaults(func=_author)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\nStopped. Run the same command again to carry on.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
