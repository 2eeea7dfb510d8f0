"""Score every wrong-answer fixture of one notebook in one process, by forking.

Stock `nbgrader autograde` starts a kernel per submission and runs the notebook from the top:
about 3 seconds each before any answer runs, for some 45 fixtures per module. Here one process
runs the reference notebook cell by cell, as nbgrader's kernel would (IPython, errors allowed,
hidden tests restored). On reaching a question that has fixtures it forks once per fixture:
the child runs the wrong answer in place of the reference and then that question's test cells,
reports each cell's points and exits; the parent goes on with the reference. Each fixture
costs only its own cells. A notebook that has loaded a library which cannot be forked (DuckDB)
gets each of its later fixtures run in a fresh process instead (`"replay": true`): from the top,
the wrong answer in place, stopping after that question.

`tests/test_grading.py` holds the harness to stock nbgrader, cell by cell, on the reference and
on a sample of the fixtures of every module.

    python tests/fixture_harness.py SPEC.json   ->   JSON on stdout

SPEC: {"notebook": path, "cwd": folder, "timeout": seconds,
       "mistakes": [{"key": ..., "question": qid, "code": ...}]}
Result: {"reference": {grade_id: [score, max]}, "mistakes": {key: {grade_id: [score, max]}}}
where a fixture's cells are the test cells of its question.
"""
from __future__ import annotations

import json
import os
import signal
import sys

# Single-threaded numerical libraries: a forked child must not wait on a parent's thread pool.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader sets it: no solutions, class rules

from course.autograde.runner import forget_failed_cell  # noqa: E402 - stdlib only, after the settings


class HarnessError(RuntimeError):
    """The harness itself failed; never to be read as a fixture losing points."""


def _cells(notebook: str):
    """(kind, grade_id, points, code) for each code cell, as autograde runs it."""
    import nbformat

    from course.question import strip_solution_markers

    nb = nbformat.read(notebook, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution"):
            kind = "answer"
        elif meta.get("grade"):
            kind = "test"
        else:
            kind = "code"
        out.append((kind, gid, float(meta.get("points", 0) or 0), strip_solution_markers(cell.source)))
    return out


def _run(shell, code: str) -> bool:
    result = shell.run_cell(code, store_history=False, silent=False)
    ok = result.error_in_exec is None and result.error_before_exec is None
    if not ok:
        del result
        forget_failed_cell(shell, collect=False)  # no memory limit here; a collection per cell is slow
    return ok


# Libraries whose state does not survive a fork: DuckDB keeps worker threads and locks that a
# child never gets back (its first join hangs). Once the notebook has loaded one, each fixture
# is run in a fresh process from the top instead: slower, still without a kernel per fixture.
FORK_UNSAFE = {"duckdb", "pyspark"}


def _replay_fixture(spec: dict, mistake: dict) -> dict:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "spec.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump({**spec, "cwd": tmp, "mistakes": [mistake], "replay": True}, f)
        try:
            proc = subprocess.run([sys.executable, __file__, path], capture_output=True, text=True,
                                  timeout=spec.get("timeout", 120) * 3)
        except subprocess.TimeoutExpired:
            raise HarnessError(f"replaying {mistake['key']} took too long") from None
    if proc.returncode:
        raise HarnessError(f"replaying {mistake['key']} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)["mistakes"][mistake["key"]]


def _fork_fixture(shell, code: str, tests, timeout: int) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the wrong answer, then the question's test cells
        os.close(read_fd)
        import faulthandler

        faulthandler.dump_traceback_later(max(1, timeout - 1), exit=False)  # where a hang hangs
        signal.alarm(timeout)
        scores = {}
        try:
            _run(shell, code)
            for gid, points, test in tests:
                scores[gid] = [points if _run(shell, test) else 0.0, points]
            payload = json.dumps({"ok": True, "scores": scores})
        except BaseException as exc:  # pragma: no cover - reported to the parent
            payload = json.dumps({"ok": False, "error": repr(exc)})
        with os.fdopen(write_fd, "w") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise HarnessError(f"a fixture's process ended without a result (wait status {status})")
    reply = json.loads(data)
    if not reply["ok"]:
        raise HarnessError(reply["error"])
    return reply["scores"]


def score(spec: dict) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    from IPython.core.interactiveshell import InteractiveShell

    cells = _cells(spec["notebook"])
    os.chdir(spec["cwd"])  # as nbgrader runs a submission in its own folder
    by_question: dict[str, list[dict]] = {}
    for m in spec["mistakes"]:
        by_question.setdefault(m["question"], []).append(m)

    shell = InteractiveShell.instance()
    shell.showtraceback = lambda *a, **k: None
    reference, mistakes = {}, {}
    for i, (kind, gid, points, code) in enumerate(cells):
        if kind == "answer" and gid and gid.startswith("answer_"):
            qid = gid[len("answer_"):]
            tests = []
            for k2, g2, p2, c2 in cells[i + 1:]:
                if k2 == "answer":
                    break
                if k2 == "test" and g2.split("_", 1)[-1] == qid:
                    tests.append((g2, p2, c2))
            for m in by_question.pop(qid, []):
                if spec.get("replay"):  # this process exists for this one fixture
                    _run(shell, m["code"])
                    return {"reference": reference, "mistakes": {m["key"]: {
                        g: [p if _run(shell, c) else 0.0, p] for g, p, c in tests}}}
                if FORK_UNSAFE & set(sys.modules):
                    mistakes[m["key"]] = _replay_fixture(spec, m)
                else:
                    mistakes[m["key"]] = _fork_fixture(shell, m["code"], tests, spec.get("timeout", 120))
        ok = _run(shell, code)
        if kind == "test":
            reference[gid] = [points if ok else 0.0, points]
    if by_question:
        raise HarnessError(f"no answer cell for the fixtures of {sorted(by_question)}")
    return {"reference": reference, "mistakes": mistakes}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    out = os.dup(1)
    os.dup2(2, 1)  # what the notebook prints must not mix with the result
    sys.stdout = sys.stderr
    result = score(spec)
    with os.fdopen(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
