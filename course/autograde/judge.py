"""Grade one trainee's submission: the trainee's code in the sandbox, the tests outside.

The graded notebook is rebuilt from the clean source by grade id (as nbgrader's
OverwriteCells does): locked cells and tests come from the source, answers from the
submission, the trainee's own extra cells stay where they were. Cells run in order in
the sandbox, and the rebuilt notebook, with each cell's outputs and each test's result as
its output (an error output when it failed, as in a kernel), becomes the autograded
notebook that nbgrader's Formgrader and feedback read. At each test cell the judge, in this process, fetches the names the test uses
as plain data (`course.transport`), binds trainee functions to remote callers, and runs the
test code, hidden parts included, here. Hidden tests and expected values never enter the
trainee's process.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import io
import json
import os
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course import i18n
from course.checking import CheckFailed
from course.plain import for_trainee
from course.transport import NotTransportable, SafeFunction, decode, encode

from course.autograde.sandbox import Limits, Sandbox, SandboxDied

_ = i18n.translator()

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
TEXT_STUB = "YOUR ANSWER HERE"  # ClearSolutions.text_stub in grading/nbgrader_config.py


@dataclass
class TestResult:
    grade_id: str
    points: float
    score: float
    what: str          # the test's docstring: what it checks, in words
    message: str       # plain words; never hidden code or expected values
    hidden: bool


@dataclass
class NotebookResult:
    name: str
    tests: list[TestResult] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)   # grade_id -> trainee code
    problems: list[str] = field(default_factory=list)
    # The autograded notebook (nbformat v4 as plain JSON); None when nothing was handed in.
    # It travels from the worker to the writer and is not kept in the resume marker.
    notebook: dict | None = None

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tests)


@dataclass
class SubmissionResult:
    student: str
    assignment: str
    key: str
    timestamp: str | None
    notebooks: list[NotebookResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self, notebooks: bool = True) -> dict:
        d = asdict(self)
        if not notebooks:
            for nb in d["notebooks"]:
                nb["notebook"] = None
        return d

    @classmethod
    def from_json(cls, d: dict) -> "SubmissionResult":
        nbs = [NotebookResult(n["name"], [TestResult(**t) for t in n["tests"]], n["answers"], n["problems"],
                              n.get("notebook"))
               for n in d["notebooks"]]
        return cls(d["student"], d["assignment"], d["key"], d["timestamp"], nbs, d["problems"], d["seconds"])


# --- reading notebooks --------------------------------------------------------------------

def _text(source) -> str:
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _meta(cell) -> dict:
    md = cell.get("metadata") if isinstance(cell, dict) else None
    nbg = md.get("nbgrader") if isinstance(md, dict) else None
    return nbg if isinstance(nbg, dict) else {}


def source_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source_cells(path: Path, nb: dict | None = None) -> list[dict]:
    nb = nb or source_notebook(path)
    cells = []
    for c in nb["cells"]:
        m = _meta(c)
        cells.append({"type": c["cell_type"], "code": _text(c["source"]), "grade_id": m.get("grade_id"),
                      "solution": bool(m.get("solution")), "grade": bool(m.get("grade")),
                      "locked": bool(m.get("locked")), "points": float(m.get("points", 0) or 0),
                      "id": c.get("id"), "metadata": c.get("metadata", {})})
    return cells


def has_tests(cells: list[dict]) -> bool:
    """Does the notebook hold anything graded (tests, or answers graded by hand)?"""
    return any(c["grade"] for c in cells)


def read_submission(path: Path) -> tuple[list[dict] | None, str | None]:
    """The submitted cells, or None and the reason in plain words."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, _("{name} could not be read ({reason}).", name=path.name, reason=exc.strerror)
    try:
        nb = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        return None, _("{name} is damaged: it is not a readable notebook file.", name=path.name)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, _("{name} is not a notebook (it has no cells).", name=path.name)
    cells = []
    for c in nb["cells"]:
        if isinstance(c, dict):
            cells.append({"type": c.get("cell_type"), "code": _text(c.get("source")), "grade_id": _meta(c).get("grade_id")})
    return cells, None


def submitted_text(submitted: list[dict]) -> dict[str, str]:
    """grade_id -> what the trainee wrote, for every cell that kept its grade id (first copy)."""
    out: dict[str, str] = {}
    for cell in submitted:
        if cell["grade_id"] and cell["grade_id"] not in out:
            out[cell["grade_id"]] = cell["code"]
    return out


def plan(source: list[dict], submitted: list[dict], problems: list[str]) -> list[dict]:
    """The cells to run, in order: the source's cells with the trainee's answers and extras."""
    by_id: dict[str, str] = {}
    extras: dict[str | None, list[str]] = {}
    known = {c["grade_id"] for c in source if c["grade_id"]}
    anchor = None
    order = [c["grade_id"] for c in source if c["grade_id"]]
    for cell in submitted:
        gid = cell["grade_id"]
        if gid in known and gid not in by_id:
            by_id[gid] = cell["code"]
            anchor = gid
        elif cell["type"] == "code" and cell["code"].strip():
            # The trainee's own cell (or a copy of a graded one): run it where it stood.
            extras.setdefault(anchor, []).append(("run", cell["code"]))
        elif cell["type"] == "markdown" and cell["code"].strip() and gid not in known:
            extras.setdefault(anchor, []).append(("note", cell["code"]))  # shown, never run
    missing = [gid for gid in order if gid not in by_id]
    if missing:
        listed = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        problems.append(_("Cells were deleted or their metadata lost; the course's version was used "
                          "for: {cells}.", cells=listed))
    def own(anchor_id):
        return [{"kind": kind, "code": code, "grade_id": None, "source": None} for kind, code in extras.get(anchor_id, [])]

    steps = own(None)
    for c in source:
        gid = c["grade_id"]
        if c["type"] != "code":
            # a deleted written answer is an unanswered one, never the source's model answer
            text = by_id.get(gid, TEXT_STUB) if c["solution"] else c["code"]
            steps.append({"kind": "markdown", "code": text, "grade_id": gid, "source": c})
        elif c["grade"] and not c["solution"]:
            steps.append({"kind": "test", "code": c["code"], "grade_id": gid, "points": c["points"], "source": c})
        elif c["solution"]:
            steps.append({"kind": "answer", "code": by_id.get(gid, _stub(c["code"])), "grade_id": gid, "source": c})
        else:
            steps.append({"kind": "run", "code": c["code"], "grade_id": gid, "source": c})
        steps += own(gid)
    return steps


def _stub(code: str) -> str:
    """What a trainee who deleted an answer cell effectively handed in."""
    return "raise NotImplementedError('This answer cell was deleted.')"


def visible_part(code: str) -> str:
    out, hidden = [], False
    for line in code.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            hidden = True
        elif line.strip() == HIDDEN_END:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def _docstring(code: str) -> str:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ""
    doc = ast.get_docstring(tree) or ""
    return doc.strip()


def names_used(code: str, questions: dict) -> set[str]:
    """Names a test reads, plus the answers of any question it checks (q.<qid>.check())."""
    tree = ast.parse(code)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in questions:
            names |= set(questions[node.attr].names)
    return names


# --- remote answers -----------------------------------------------------------------------

class RemoteError(Exception):
    """The trainee's function failed inside the sandbox."""

    def __init__(self, ename: str, evalue: str, where: dict | None = None):
        super().__init__(evalue)
        self.remote_name = ename
        self.where = _where(where)


def _where(where) -> dict | None:
    """The trainee's line as the sandbox reported it, kept only if it is the expected plain data."""
    if not isinstance(where, dict) or type(where.get("line")) is not int:
        return None
    text, function = where.get("text"), where.get("function")
    return {"line": where["line"], "text": text[:300] if isinstance(text, str) else "",
            "function": function[:100] if isinstance(function, str) else None}


class RemoteFunction(SafeFunction):
    def __init__(self, sandbox: Sandbox, name: str):
        self._sandbox, self.__name__ = sandbox, name

    def __call__(self, *args):
        reply = self._sandbox.call(self.__name__, [encode(a) for a in args])
        if reply.get("ok"):
            return decode(reply["value"])
        ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
        if ename == "NotImplementedError":
            raise NotImplementedError(evalue)
        if ename == "NotTransportable":
            raise NotTransportable(evalue)
        raise RemoteError(ename, evalue, reply.get("where"))


# --- grading ------------------------------------------------------------------------------

def judge_namespace(source: list[dict]) -> dict:
    """The tests' own namespace: the source's locked setup cells, run here."""
    ns: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):  # what setup cells print is for the trainee
        for c in source:
            if c["type"] == "code" and not c["grade"] and not c["solution"]:
                exec(compile(c["code"], "<setup>", "exec"), ns)
    return ns


@contextlib.contextmanager
def _grading():
    """Run a test as nbgrader does while grading (`NBGRADER_EXECUTION` set): checks then print
    what they print under stock nbgrader, and withhold solutions."""
    before = os.environ.get("NBGRADER_EXECUTION")
    os.environ["NBGRADER_EXECUTION"] = before or "autograde"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NBGRADER_EXECUTION", None)


def _run_test(step: dict, base: dict, sandbox: Sandbox | None, dead: str | None, questions: dict,
              printed: io.StringIO | None = None) -> TestResult:
    code = step["code"]
    hidden = HIDDEN_BEGIN in code
    what = _docstring(code)
    result = TestResult(step["grade_id"], step["points"], 0.0, what, "", hidden)
    if dead:
        result.message = _("Not graded: {reason}", reason=dead)
        return result
    ns = dict(base)
    out = printed if printed is not None else io.StringIO()
    try:
        for name in sorted(names_used(code, questions) - set(base) - set(dir(builtins))):
            reply = sandbox.get(name)
            if reply.get("ok"):
                value = reply["value"]
                ns[name] = RemoteFunction(sandbox, name) if isinstance(value, dict) and value.get("t") == "function" \
                    else decode(value)
            elif reply.get("ename") == "NotTransportable":
                raise CheckFailed(for_trainee(reply["evalue"]))   # whole sentences, in the notebook's language
        with contextlib.redirect_stdout(out), _grading():
            exec(compile(code, f"<test {step['grade_id']}>", "exec"), ns)
        result.score = step["points"]
        result.message = _("Passed.")
    except CheckFailed as exc:
        result.message = exc.message
    except SandboxDied:
        raise
    except RemoteError as exc:
        from course.explain import last_line, plain_words

        result.message = (_("Your code stopped with an error.") + " "
                          + plain_words(exc.remote_name, str(exc), exc.where) + "\n"
                          + _("Python's message: {message}", message=last_line(exc.remote_name, str(exc))))
    except Exception as exc:  # a failing test; hidden tests never say more than the kind
        if hidden:
            result.message = _("A hidden check did not pass ({ename}).", ename=type(exc).__name__)
        else:
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            result.message = _("The check did not pass: {message}", message=last)
    return result


def _test_outputs(test: TestResult, printed: str) -> list[dict]:
    """A test cell's outputs as a kernel would leave them: what it printed, and an error when it
    failed (nbgrader scores a test cell by that error). The error holds the plain-words
    message only, never test code or expected values."""
    outputs = []
    if printed:
        outputs.append({"output_type": "stream", "name": "stdout", "text": printed})
    if test.score < test.points:
        outputs.append({"output_type": "error", "ename": "CheckFailed" if test.message else "Error",
                        "evalue": test.message, "traceback": [test.message]})
    return outputs


def _cell(step: dict, outputs: list | None, count: int | None) -> dict:
    """One cell of the autograded notebook: the source cell's id and metadata, the code that ran."""
    src = step.get("source")
    meta = dict(src["metadata"]) if src else {}
    cell_type = "markdown" if step["kind"] in ("markdown", "note") else "code"
    cell = {"cell_type": cell_type, "metadata": meta, "source": step["code"]}
    if src and src.get("id"):
        cell["id"] = src["id"]
    if cell_type == "code":
        cell["execution_count"] = count
        cell["outputs"] = outputs or []
        for o in cell["outputs"]:
            if o["output_type"] == "execute_result":
                o["execution_count"] = count
    return cell


def _notebook(source_nb: dict, cells: list[dict], problems: list[str]) -> dict:
    meta = {k: v for k, v in source_nb.get("metadata", {}).items()
            if k in ("kernelspec", "language_info", "course_edition")}   # the edition's language too
    meta["course_autograde"] = {"problems": list(problems)}
    return {"nbformat": 4, "nbformat_minor": max(5, int(source_nb.get("nbformat_minor", 5))),
            "metadata": meta, "cells": cells}


def grade_notebook(name: str, source: list[dict], submitted: list[dict] | None, problem: str | None,
                   limits: Limits, stub_dir: Path, uid: int, unsafe: bool, questions: dict,
                   source_nb: dict | None = None) -> NotebookResult:
    result = NotebookResult(name)
    if problem:
        result.problems.append(problem)
    if submitted is None:
        # Nothing usable was handed in: the course's notebook, every test failed with the reason,
        # so that the instructor can still open the submission and grade or comment.
        cells = []
        for step in plan(source, [], []):
            if step["kind"] == "test":
                test = TestResult(step["grade_id"], step["points"], 0.0, _docstring(step["code"]),
                                  _("Not graded: {reason}", reason=problem), HIDDEN_BEGIN in step["code"])
                result.tests.append(test)
                cells.append(_cell(step, _test_outputs(test, ""), None))
            else:
                cells.append(_cell(step, [], None))
        result.notebook = _notebook(source_nb or {}, cells, result.problems)
        return result
    steps = plan(source, submitted, result.problems)
    result.answers = {s["grade_id"]: s["code"] for s in steps if s["kind"] == "answer"}
    base = judge_namespace(source)
    dead = None
    sandbox = None
    cells: list[dict] = []
    count = 0
    try:
        try:
            sandbox = Sandbox(limits, stub_dir, uid=uid, unsafe=unsafe)
        except SandboxDied as exc:
            dead = _("the sandbox could not start ({error}).", error=exc)
            result.problems.append(_("Not graded: {reason}", reason=dead))
        code_cell = 0
        for step in steps:
            if step["kind"] in ("markdown", "note"):
                cells.append(_cell(step, None, None))
                continue
            code_cell += 1
            if step["kind"] == "test":
                printed = io.StringIO()
                try:
                    test = _run_test(step, base, sandbox, dead, questions, printed)
                except SandboxDied as exc:
                    dead = _("your notebook's Python process stopped while being checked: {error}.", error=exc)
                    result.problems.append(dead)
                    test = TestResult(step["grade_id"], step["points"], 0.0, _docstring(step["code"]),
                                      _("Not graded: {reason}", reason=dead), HIDDEN_BEGIN in step["code"])
                result.tests.append(test)
                count += 1
                cells.append(_cell(step, _test_outputs(test, printed.getvalue()[:20000]), count))
            elif not dead:
                count += 1
                try:
                    reply = sandbox.run(step["code"])
                    cells.append(_cell(step, reply.get("outputs", []), count))
                except SandboxDied as exc:
                    dead = _("your notebook's Python process stopped at code cell {number}: {error}.",
                             number=code_cell, error=exc)
                    result.problems.append(dead)
                    cells.append(_cell(step, [{"output_type": "error", "ename": "SandboxDied", "evalue": dead,
                                               "traceback": [dead]}], count))
            else:
                cells.append(_cell(step, [], None))  # not run: the notebook's process had stopped
    finally:
        if sandbox is not None:
            if sandbox.output_dropped:
                result.problems.append(_("The notebook printed more than {size} kB; the rest of its "
                                         "output was dropped.", size=limits.output_kb))
            sandbox.close()
    result.notebook = _notebook(source_nb or {}, cells, result.problems)
    return result


def submission_key(folder: Path, source_dir: Path, limits: Limits) -> str:
    """Changes whenever the submission, the source, the course package (its checks and
    grader) or the limits change."""
    h = hashlib.sha256()
    for base in (folder, source_dir, Path(__file__).resolve().parents[1]):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts:
                h.update(p.relative_to(base).as_posix().encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    h.update(json.dumps(asdict(limits), sort_keys=True).encode())
    return h.hexdigest()


def grade_submission(student: str, assignment: str, folder: Path, source_dir: Path, limits: Limits,
                     stub_dir: Path, uid: int, unsafe: bool, questions: dict) -> SubmissionResult:
    """Grade one trainee's submission. The checks and every message speak the language of the
    course's notebooks (an edition's say it in their metadata, as its kernel does when
    nbgrader runs it)."""
    source_nbs = {p.name: source_notebook(p) for p in sorted(source_dir.glob("*.ipynb"))}
    editions = {nb.get("metadata", {}).get("course_edition") for nb in source_nbs.values()} - {None}
    with i18n.speaking(next(iter(editions), None)):
        return _grade_submission(student, assignment, folder, source_dir, source_nbs, limits, stub_dir, uid,
                                 unsafe, questions)


def _grade_submission(student: str, assignment: str, folder: Path, source_dir: Path, source_nbs: dict,
                      limits: Limits, stub_dir: Path, uid: int, unsafe: bool, questions: dict) -> SubmissionResult:
    started = time.monotonic()
    timestamp = None
    ts = folder / "timestamp.txt"
    if ts.is_file():
        timestamp = ts.read_text(encoding="utf-8", errors="replace").strip() or None
    result = SubmissionResult(student, assignment, submission_key(folder, source_dir, limits), timestamp)
    sources = {name: source_cells(source_dir / name, nb) for name, nb in source_nbs.items()}
    handed_in = sorted(p.name for p in folder.glob("*.ipynb"))
    unknown = [n for n in handed_in if n not in sources]
    for name, cells in sources.items():
        if not has_tests(cells):
            continue  # a lecture: nothing to grade, so nothing to run
        path, problem = folder / name, None
        if not path.is_file():
            ids = {c["grade_id"] for c in cells if c["grade_id"]}
            renamed = [n for n in unknown if ids & {c["grade_id"] for c in (read_submission(folder / n)[0] or [])}]
            if renamed:
                path = folder / renamed[0]
                problem = _("{name} was handed in as {other}; it was graded under its proper name.",
                            name=name, other=renamed[0])
                unknown.remove(renamed[0])
            else:
                result.notebooks.append(grade_notebook(name, cells, None, _("{name} was not handed in.", name=name),
                                                       limits, stub_dir, uid, unsafe, questions, source_nbs[name]))
                continue
        submitted, bad = read_submission(path)
        result.notebooks.append(grade_notebook(name, cells, submitted, problem or bad, limits, stub_dir,
                                               uid, unsafe, questions, source_nbs[name]))
    if unknown:
        result.problems.append(_("Extra files not graded: {files}.", files=", ".join(unknown)))
    result.seconds = round(time.monotonic() - started, 2)
    return result
