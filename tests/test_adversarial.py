"""Submissions that attack the grader, or are broken, graded in one batch with honest ones.

Each attack must gain no points, leave the honest trainees' grades exactly right, and leave
the gradebook and the installed course package intact. Broken submissions are graded as far
as possible, with a plain reason. Limits are tight here so the suite stays short.
"""
from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from pathlib import Path

import nbformat
import pytest

import course
import course.exercises.case_data
from course.autograde import batch
from course.classroom import submission
from course.nbgrader_run import cell_scores, nbgrader, question_scores

pytestmark = pytest.mark.xdist_group("adversarial")  # its tests share one costly fixture

AID = "01-case-data"
NB = "2-exercises.ipynb"
LIMITS = """
[limits]
memory_mb = 1536
cpu_seconds = 30
wall_seconds = 60
cell_seconds = 12
processes = 32
output_kb = 64
tmp_mb = 64
"""

PATCH_CHECKS = r'''
import builtins, course, course.checking, course.plain, course.transport, pandas as pd
from course.exercises import case_data as q
course.checking.expect = lambda *a, **k: None
course.checking.expect_same = lambda *a, **k: None
course.plain.same = lambda *a, **k: True
course.transport.encode = lambda v, *a, **k: {"t": "list", "v": []}
for name in dir(q):
    obj = getattr(q, name)
    if hasattr(obj, "check"):
        obj.check = lambda *a, **k: None
builtins.isinstance = lambda *a: True
pd.testing.assert_frame_equal = lambda *a, **k: None
pd.DataFrame.equals = lambda *a, **k: True
pd.DataFrame.__eq__ = lambda *a, **k: True
'''

ALWAYS_EQUAL = r'''
import pandas as pd
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __hash__(self): return 0
    def __call__(self, *a, **k): return self
class Sneaky(pd.DataFrame):
    def __eq__(self, other): return True
    def equals(self, other): return True
deaths = Sneaky({"report_no": ["x"]})
reports_per_source = Anything()
normalise_id = is_valid_id = parse_report_date = Anything()
deaths_clean = bad_reports = death_register = late_payments = overpaid_by_township = Sneaky()
fig = Anything()
'''

STEAL = r'''
import json, os, sqlite3
from pathlib import Path
import course
repo = Path(course.__file__).resolve().parents[1]
candidates = [repo / "notebooks" / "01-case-data" / "2-exercises.ipynb",
              Path(os.getcwd()).parent / "notebooks" / "01-case-data" / "2-exercises.ipynb",
              Path(os.getcwd()) / "notebooks" / "01-case-data" / "2-exercises.ipynb"]
for path in candidates:
    try:
        nb = json.load(open(path))
    except Exception:
        continue
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", ""))
        if "BEGIN SOLUTION" in src:
            try:
                exec(src, globals())
            except Exception:
                pass
    break
for db in [repo / "grading" / "gradebook.db", Path(os.getcwd()) / "gradebook.db"]:
    try:
        con = sqlite3.connect(f"file:{db}?mode=rw", uri=True)
        con.execute("update grade set auto_score = 99")
        con.commit()
    except Exception:
        pass
try:
    from course.exercises.case_data import answer_key
    late_payments = answer_key()["late_ids"]
except Exception:
    pass
'''

READ_TRUTH = r'''
import pandas as pd, course.data
pensions = course.data.load("pensions")
try:
    ids = set(pd.read_csv(course.data.data_dir() / "county" / "truth" / "payments_after_death.csv", dtype=str)["payment_id"])
except Exception:
    ids = set()
late_payments = pensions[pensions["payment_id"].isin(ids)].assign(death_date=pd.Timestamp("2023-01-01"))
'''

# Reaches for what only hidden tests use and for the planted truth, from inside an answer cell.
READ_HIDDEN = r'''
import pandas as pd, course, course.data
from pathlib import Path
pensions = course.data.load("pensions")
ids = set()
try:
    from course.hidden import case_data as hidden
    ids |= set(hidden.answer_key()["late_ids"])
except Exception:
    pass
try:
    for f in (Path(course.__file__).parent / "hidden").iterdir():
        ids.add(f.read_text()[:10])
except Exception:
    pass
try:
    ids |= set(pd.read_csv(course.data.data_dir() / "county" / "truth" / "payments_after_death.csv", dtype=str)["payment_id"])
except Exception:
    pass
late_payments = pensions[pensions["payment_id"].isin(ids)].assign(death_date=pd.Timestamp("2023-01-01"))
'''

KILL = r'''
import os, signal
for target in (lambda: os.kill(os.getppid(), signal.SIGKILL), lambda: os.killpg(0, signal.SIGKILL),
               lambda: os.kill(-1, signal.SIGKILL)):
    try:
        target()
    except Exception:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except Exception:
            pass
'''

VANDAL = r'''
import glob, os, course, site

targets = glob.glob("/work/**/submitted/**/*.ipynb", recursive=True) + glob.glob("/tmp/**/submitted/**/*.ipynb", recursive=True)
targets += [os.path.join(os.path.dirname(course.__file__), "checking.py"), course.__file__]
targets += glob.glob(os.path.join(site.getsitepackages()[0], "pandas", "__init__.py"))
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("raise SystemExit('vandalised')\n")
    except Exception:
        pass
'''

FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
# Grows until the memory cap stops it with MemoryError; the memory is freed when the
# function fails, so the answers after it must still earn their points.
MEMORY_BOMB = "def bomb():\n    hoard = []\n    while True:\n        hoard.append(bytearray(64 * 1024 * 1024))\nbomb()\n"
INFINITE_LOOP = "while True:\n    pass\n"
FLOOD = "for _ in range(200_000):\n    print('x' * 500)\n"
EXIT = "import sys\nsys.exit('bye')\n"
HARD_EXIT = "import os\nos._exit(3)\n"


def _insert(nb, code: str, at: int = 2):
    nb = copy.deepcopy(nb)
    nb.cells.insert(at, nbformat.v4.new_code_cell(code))
    return nb


def _package_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(Path(course.__file__).parent.rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    from conftest import computed_once

    def compute():
        from conftest import make_course_copy

        grading = make_course_copy(tmp_path_factory.mktemp("adversarial") / "course")
        (grading / "autograde.toml").write_text(LIMITS)
        nbgrader("generate_assignment", AID, "--force", grading=grading)
        release, source = grading / "release" / AID, grading.parent / "notebooks" / AID
        ref = submission(release, source, NB, "reference")
        blank = submission(release, source, NB, "blank")

        subs: dict[str, object] = {
            "honest-reference": ref,
            "honest-blank": blank,
            "patch-checks": _insert(blank, PATCH_CHECKS),
            "patch-then-wrong": _insert(submission(release, source, NB, {"normalise_id": "def normalise_id(raw):\n    return raw"}),
                                        PATCH_CHECKS, at=len(ref.cells)),
            "always-equal": _insert(blank, ALWAYS_EQUAL),
            "steal-solutions": _insert(blank, STEAL),
            "read-truth": submission(release, source, NB, {"paid_after_death": READ_TRUTH}),
            "read-hidden": submission(release, source, NB, {"paid_after_death": READ_HIDDEN}),
            "kill-grader": _insert(blank, KILL),
            "exit": _insert(blank, EXIT),
            "hard-exit": _insert(ref, HARD_EXIT),
            "fork-bomb": _insert(ref, FORK_BOMB),
            "memory-bomb": _insert(ref, MEMORY_BOMB),
            "infinite-loop": _insert(ref, INFINITE_LOOP),
            "output-flood": _insert(ref, FLOOD),
            "vandal": _insert(blank, VANDAL),
        }
        # Broken but honest submissions
        deleted_tests = copy.deepcopy(ref)
        deleted_tests.cells = [c for c in ref.cells if not c.metadata.get("nbgrader", {}).get("grade")]
        subs["deleted-test-cells"] = deleted_tests
        duplicated = copy.deepcopy(ref)
        answer = next(c for c in ref.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_load_deaths")
        twin = copy.deepcopy(answer)
        twin["id"] = "twin-of-answer"
        duplicated.cells.insert(duplicated.cells.index(answer) + 1, twin)
        subs["duplicated-cells"] = duplicated
        retyped = copy.deepcopy(ref)
        for c in retyped.cells:
            if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_count_sources":
                c.cell_type = "markdown"
                c.pop("outputs", None)
                c.pop("execution_count", None)
        subs["retyped-cell"] = retyped
        wrong_kernel = copy.deepcopy(ref)
        wrong_kernel.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
        subs["wrong-kernel"] = wrong_kernel

        for student, nb in subs.items():
            folder = grading / "submitted" / student / AID
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / NB) if student != "retyped-cell" else \
                (folder / NB).write_text(json.dumps(nb), encoding="utf-8")
            (folder / "timestamp.txt").write_text("2026-05-11 17:00:00.000000 UTC\n")
        # renamed, corrupt, missing, extra
        for student in ("renamed-file", "corrupt-json", "missing-notebook", "extra-notebook"):
            (grading / "submitted" / student / AID).mkdir(parents=True)
            (grading / "submitted" / student / AID / "timestamp.txt").write_text("2026-05-11 17:00:00.000000 UTC\n")
        nbformat.write(ref, grading / "submitted" / "renamed-file" / AID / "2-exercises (1).ipynb")
        text = nbformat.writes(ref)
        (grading / "submitted" / "corrupt-json" / AID / NB).write_text(text[: len(text) // 2])
        (grading / "submitted" / "missing-notebook" / AID / "notes.txt").write_text("I forgot the notebook")
        nbformat.write(ref, grading / "submitted" / "extra-notebook" / AID / NB)
        nbformat.write(blank, grading / "submitted" / "extra-notebook" / AID / "scratch.ipynb")

        package_before = _package_hash()
        summary = batch.autograde(AID, grading, jobs=2, quiet=True)
        totals = {s: sum(v[0] for v in question_scores(c).values()) for s, c in cell_scores(AID, grading).items()}
        return grading, summary, totals, package_before

    return computed_once("attacked", compute)


FULL = 20.0


def test_honest_trainees_are_graded_exactly(attacked):
    _, summary, totals, _ = attacked
    assert totals["honest-reference"] == FULL
    assert totals["honest-blank"] == 0
    assert not summary["failed"], summary["failed"]
    assert summary["graded"] == len(totals)


@pytest.mark.parametrize("student", ["patch-checks", "always-equal", "steal-solutions", "kill-grader",
                                     "exit", "vandal"])
def test_attacks_on_a_blank_notebook_gain_nothing(attacked, student):
    assert attacked[2][student] == 0


def test_patching_checks_does_not_rescue_a_wrong_answer(attacked):
    grading = attacked[0]
    scores = question_scores(cell_scores(AID, grading)["patch-then-wrong"])
    assert scores["normalise_id"][0] == 0


def test_reading_the_planted_truth_is_not_possible(attacked):
    grading = attacked[0]
    scores = question_scores(cell_scores(AID, grading)["read-truth"])
    assert scores["paid_after_death"][0] == 0
    assert scores["load_deaths"][0] == scores["load_deaths"][1]


def test_course_hidden_and_the_truth_are_out_of_reach(attacked):
    """An answer that imports course.hidden, reads its files or a truth file earns nothing;
    the questions before it are still graded (those after it build on its answer)."""
    grading, summary, _, _ = attacked
    scores = question_scores(cell_scores(AID, grading)["read-hidden"])
    assert scores["paid_after_death"][0] == 0
    before = [q.qid for q in course.exercises.case_data.QUESTIONS][:8]
    assert all(scores[q][0] == scores[q][1] for q in before), scores
    assert "read-hidden" not in summary["failed"]


def test_course_hidden_is_an_empty_folder_inside_the_sandbox(tmp_path):
    from course.autograde import sandbox

    if sandbox.probe():
        pytest.skip(sandbox.probe())
    root = tmp_path / "stubs"
    stubs = sandbox._stub_exercises(root / "exercises")
    for folder in (tmp_path, root):
        folder.chmod(0o755)
    box = sandbox.Sandbox(sandbox.Limits(wall_seconds=60), stubs)
    try:
        code = ("import os, course\n"
                "seen = sorted(os.listdir(os.path.join(os.path.dirname(course.__file__), 'hidden')))\n"
                "try:\n    import course.hidden.case_data\n    imported = True\n"
                "except ImportError:\n    imported = False\n")
        assert box.run(code)["ok"]
        assert box.get("seen")["value"] == {"t": "list", "v": []} or box.get("seen")["value"]["v"] == []
        assert box.get("imported")["value"] in (False, {"t": "bool", "v": False})
    finally:
        box.close()
    assert any((Path(course.__file__).parent / "hidden").glob("*.py"))  # the grader keeps them


@pytest.mark.parametrize("student,reason", [
    ("hard-exit", "stopped"), ("fork-bomb", "stopped"), ("infinite-loop", "stopped"), ("memory-bomb", None),
])
def test_runaway_code_is_stopped_and_reported(attacked, student, reason):
    grading, summary, totals, _ = attacked
    if reason:
        assert totals[student] == 0
        assert any(reason in p for p in summary["problems"][student])
    else:  # the bomb fails with MemoryError; the answers after it still run
        assert totals[student] == FULL, summary["problems"].get(student)


def test_output_flood_is_capped_and_costs_nothing(attacked):
    _, summary, totals, _ = attacked
    assert totals["output-flood"] == FULL
    assert any("printed more than" in p for p in summary["problems"]["output-flood"])


@pytest.mark.parametrize("student", ["deleted-test-cells", "duplicated-cells", "retyped-cell", "wrong-kernel",
                                     "renamed-file", "extra-notebook"])
def test_broken_honest_notebooks_are_graded_as_far_as_possible(attacked, student):
    assert attacked[2][student] == FULL


@pytest.mark.parametrize("student,reason", [("corrupt-json", "damaged"), ("missing-notebook", "not handed in")])
def test_unreadable_submissions_get_zero_and_a_plain_reason(attacked, student, reason):
    _, summary, totals, _ = attacked
    assert totals[student] == 0
    assert any(reason in p for p in summary["problems"][student])


def test_gradebook_package_and_other_folders_are_intact(attacked):
    grading, _, totals, package_before = attacked
    con = sqlite3.connect(grading / "gradebook.db")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select max(auto_score) from grade").fetchone()[0] <= 2
    assert _package_hash() == package_before
    ref = (grading / "submitted" / "honest-reference" / AID / NB).read_text()
    assert "vandalised" not in ref
    feedback = (grading / "feedback" / "steal-solutions" / AID / "2-exercises.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in feedback


def test_a_notebook_out_of_memory_keeps_its_later_answers():
    """A cell that uses up the memory limit and keeps it, then a matrix product. OpenBLAS ends
    the whole process (exit status 1) when it cannot allocate its work buffer, which lost every
    later answer of a memory bomb whenever the machine was short of memory; the runner now
    allocates that buffer before any trainee code runs."""
    import json
    import os
    import subprocess
    import sys

    cfg = {"memory_mb": 1536, "cpu_seconds": 120, "file_mb": 64, "processes": 256, "uid": 0}
    env = {**os.environ, "COURSE_SANDBOX_LIMITS": json.dumps(cfg), "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-m", "course.autograde.runner"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def run(code):
        proc.stdin.write((json.dumps({"op": "run", "code": code}) + "\n").encode())
        proc.stdin.flush()
        line = proc.stdout.readline()
        return json.loads(line) if line else None

    try:
        assert json.loads(proc.stdout.readline())["ready"]
        # nearly all the memory stays taken: a few MB free, enough for small arrays only
        assert run("hoard = []\ntry:\n    while True:\n        hoard.append(bytearray(1024 * 1024))\n"
                   "except MemoryError:\n    del hoard[-4:]\n")["ok"]
        reply = run("import numpy as np\nfloat((np.ones((200, 200)) @ np.ones((200, 200))).sum())")
        assert reply is not None, proc.stderr.read().decode()[-500:]
        assert reply["ok"] or reply["ename"] == "MemoryError"
        assert run("answer = 42")["ok"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
