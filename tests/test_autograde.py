"""`course autograde`: same grades as stock nbgrader, resumable, refuses without a sandbox."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from course.autograde import batch, sandbox
from course.classroom import demo_class, write_submission
from course.nbgrader_run import cell_scores, nbgrader

pytestmark = pytest.mark.xdist_group("autograde")  # its tests share one costly fixture

AID = "01-case-data"
TIMESTAMP = "2026-05-11 17:00:00.000000 UTC"


def _class_copy(root):
    from conftest import make_course_copy

    grading = make_course_copy(root)
    nbgrader("generate_assignment", AID, "--force", grading=grading)
    for t in demo_class(AID):
        write_submission(grading / "submitted", t, AID, grading / "release" / AID,
                         grading.parent / "notebooks" / AID, TIMESTAMP)
    return grading


@pytest.fixture(scope="module")
def demo_graded_both_ways(tmp_path_factory):
    from conftest import computed_once

    def compute():
        stock = _class_copy(tmp_path_factory.mktemp("stock") / "course")
        nbgrader("autograde", AID, "--force", grading=stock)
        ours = _class_copy(tmp_path_factory.mktemp("ours") / "course")
        summary = batch.autograde(AID, ours, quiet=True)
        return cell_scores(AID, stock), cell_scores(AID, ours), summary, ours

    return computed_once("demo_graded_both_ways", compute)


def test_same_scores_per_cell_as_stock_nbgrader(demo_graded_both_ways):
    stock, ours, summary, _ = demo_graded_both_ways
    assert summary["graded"] == len(stock) and not summary["failed"]
    assert ours == stock


def test_feedback_never_shows_hidden_tests_or_expected_values(demo_graded_both_ways):
    *_, grading = demo_graded_both_ways
    page = (grading / "feedback" / "demo-mistakes-3" / AID / "2-exercises.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in page and "expect_same" not in page and "answer_key" not in page
    assert "Hidden check: death_register keeps the earliest date" in page
    assert "not yet" in page and "passed" in page


def test_rerun_skips_what_is_done_and_regrades_a_resubmission(demo_graded_both_ways):
    _, before, _, grading = demo_graded_both_ways
    again = batch.autograde(AID, grading, quiet=True)
    assert again["graded"] == 0 and again["skipped"] == len(before)
    # demo-blank resubmits the reference solution, later: only that one is regraded
    reference = grading / "submitted" / "demo-reference" / AID / "2-exercises.ipynb"
    shutil.copy(reference, grading / "submitted" / "demo-blank" / AID / "2-exercises.ipynb")
    (grading / "submitted" / "demo-blank" / AID / "timestamp.txt").write_text("2026-05-12 09:00:00.000000 UTC\n")
    third = batch.autograde(AID, grading, quiet=True)
    assert third["graded"] == 1 and third["skipped"] == len(before) - 1
    after = cell_scores(AID, grading)
    assert after["demo-blank"] == after["demo-reference"]
    assert {s: v for s, v in after.items() if s != "demo-blank"} == \
        {s: v for s, v in before.items() if s != "demo-blank"}


def test_killed_batch_finishes_on_rerun_without_regrading(tmp_path):
    grading = _class_copy(tmp_path / "course")
    cmd = [sys.executable, "-m", "course.cli", "autograde", AID, "--grading", str(grading), "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    markers = lambda: list((grading / "autograded").glob(f"*/{AID}/{batch.MARKER}"))  # noqa: E731
    deadline = time.monotonic() + 120
    while not markers() and time.monotonic() < deadline:
        time.sleep(0.1)
    import os
    import signal

    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_first = {p.parent.parent.name: p.stat().st_mtime for p in markers()}
    assert 0 < len(done_first) < 6
    summary = batch.autograde(AID, grading, quiet=True)
    assert summary["skipped"] == len(done_first) and summary["graded"] == 6 - len(done_first)
    assert {p.parent.parent.name: p.stat().st_mtime for p in markers() if p.parent.parent.name in done_first} \
        == done_first
    con = sqlite3.connect(grading / "gradebook.db")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from submitted_assignment").fetchone()[0] == 6


def test_refuses_without_a_sandbox_unless_told_loudly(tmp_path, monkeypatch):
    grading = _class_copy(tmp_path / "course")
    monkeypatch.setitem(sandbox._PROBE, "result", "bwrap is missing (test)")
    with pytest.raises(batch.GradingRefused, match="--unsafe-no-sandbox"):
        batch.autograde(AID, grading, quiet=True)
    summary = batch.autograde(AID, grading, quiet=True, unsafe=True, students=["demo-reference"])
    assert summary["graded"] == 1
    scores = cell_scores(AID, grading)["demo-reference"]
    assert all(s == m for s, m in scores.values())


def test_limits_come_from_autograde_toml(tmp_path):
    from course.autograde.config import load_limits

    (tmp_path / "autograde.toml").write_text('[limits]\nmemory_mb = 1500\n\n'
                                             f'[assignment."{AID}".limits]\ncell_seconds = 30\n')
    limits = load_limits(tmp_path, AID)
    assert (limits.memory_mb, limits.cell_seconds, limits.cpu_seconds) == (1500, 30, 300)
    (tmp_path / "autograde.toml").write_text("[limits]\nmemroy_mb = 1\n")
    with pytest.raises(ValueError, match="memroy_mb"):
        load_limits(tmp_path, AID)


def test_late_submissions_follow_nbgrader_rules(tmp_path):
    """A due date in the gradebook and nbgrader's late-penalty plugin apply as in stock nbgrader."""
    from nbgrader.api import Gradebook

    grading = _class_copy(tmp_path / "course")
    with (grading / "nbgrader_config.py").open("a") as f:
        f.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    with Gradebook("sqlite:///" + str(grading / "gradebook.db")) as gb:
        gb.update_or_create_assignment(AID, duedate="2026-05-11 12:00:00 UTC")
    summary = batch.autograde(AID, grading, quiet=True, students=["demo-reference"])
    assert summary["graded"] == 1
    with Gradebook("sqlite:///" + str(grading / "gradebook.db")) as gb:
        sub = gb.find_submission(AID, "demo-reference")
        assert sub.total_seconds_late == 5 * 3600
        penalty = sum(nb.late_submission_penalty or 0 for nb in sub.notebooks)
        assert sub.score == 20 and penalty == 20  # raw score kept; "zero" takes it all as penalty


def test_rerun_restores_gradebook_scores_changed_behind_its_back(tmp_path):
    grading = _class_copy(tmp_path / "course")
    batch.autograde(AID, grading, quiet=True, students=["demo-blank", "demo-reference"])
    before = cell_scores(AID, grading)
    con = sqlite3.connect(grading / "gradebook.db")
    con.execute("update grade set auto_score = 99")
    con.commit()
    con.close()
    summary = batch.autograde(AID, grading, quiet=True, students=["demo-blank", "demo-reference"])
    assert summary["graded"] == 0 and sorted(summary["restored"]) == ["demo-blank", "demo-reference"]
    assert cell_scores(AID, grading) == before
