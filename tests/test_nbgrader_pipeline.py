"""`course autograde` as a drop-in for nbgrader's autograde step.

After it has run, nbgrader's instructor tools work as after stock autograding: the autograded
notebooks are where nbgrader puts them, with outputs and each test's result; Formgrader's API
lists every submission; `nbgrader generate_feedback`, `release_feedback` and `export` work; an
instructor's manual scores and comments survive a regrade and reach the trainee's feedback.
Whichever way feedback is made, it holds no hidden test code and no hidden expected value.
"""
from __future__ import annotations

import json
import re

import nbformat
import pytest

from course.autograde import batch
from course.classroom import Trainee, demo_class, write_submission
from course.nbgrader_run import nbgrader

pytestmark = pytest.mark.xdist_group("nbgrader-pipeline")
TIMESTAMP = "2026-05-11 17:00:00.000000 UTC"
AID = "01-case-data"
WRITTEN_AID = "06-rule-models"
# Literal values that appear only inside hidden tests of module 01 (never in a release).
HIDDEN_ONLY = ["### BEGIN HIDDEN TESTS", "expect_same", "2024年2月29日", "349901 1950 0101 0012"]


def _course(root, aid, trainees):
    from conftest import make_course_copy

    grading = make_course_copy(root)
    nbgrader("generate_assignment", aid, "--force", grading=grading)
    for t in trainees:
        write_submission(grading / "submitted", t, aid, grading / "release" / aid,
                         grading.parent / "notebooks" / aid, TIMESTAMP)
    return grading


@pytest.fixture(scope="module")
def graded_both_ways(tmp_path_factory):
    from conftest import computed_once

    def compute():
        trainees = demo_class(AID)
        ours = _course(tmp_path_factory.mktemp("ours") / "course", AID, trainees)
        summary = batch.autograde(AID, ours, quiet=True)
        stock = _course(tmp_path_factory.mktemp("stock") / "course", AID, trainees)
        nbgrader("autograde", AID, "--force", grading=stock)
        return ours, stock, summary, [t.id for t in trainees]

    return computed_once("pipeline_graded_both_ways", compute)


def _code_cells(path):
    nb = nbformat.read(str(path), as_version=4)
    return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells if c.cell_type == "code"}


def test_autograded_notebooks_are_where_nbgrader_puts_them(graded_both_ways):
    ours, stock, summary, students = graded_both_ways
    assert not summary["failed"]
    for student in students:
        names = lambda g: sorted(p.name for p in (g / "autograded" / student / AID).iterdir()  # noqa: E731
                                 if not p.name.startswith("."))
        assert names(ours) == names(stock), student


def test_autograded_notebooks_hold_the_run_and_each_tests_result(graded_both_ways):
    ours, *_ = graded_both_ways
    cells = _code_cells(ours / "autograded" / "demo-mistakes-1" / AID / "2-exercises.ipynb")
    # an answer cell's own output, from the sandboxed run
    assert any(o.output_type == "execute_result" for o in cells["answer_load_deaths"].outputs)
    failed = [gid for gid, c in cells.items() if gid and gid.startswith(("check_", "hidden_"))
              and any(o.output_type == "error" for o in c.outputs)]
    passed = [gid for gid, c in cells.items() if gid and gid.startswith(("check_", "hidden_"))
              and not any(o.output_type == "error" for o in c.outputs)]
    assert failed and passed
    for gid in failed:
        err = next(o for o in cells[gid].outputs if o.output_type == "error")
        assert err.evalue and "Traceback" not in "".join(err.traceback)
    # nbgrader's own reading of the outputs gives the gradebook's scores
    from nbgrader.utils import determine_grade

    from course.nbgrader_run import cell_scores

    book = cell_scores(AID, ours)["demo-mistakes-1"]
    for gid in failed + passed:
        assert determine_grade(cells[gid])[0] == book[gid][0], gid


def test_the_instructor_sees_hidden_tests_in_the_autograded_notebook(graded_both_ways):
    ours, *_ = graded_both_ways
    cells = _code_cells(ours / "autograded" / "demo-blank" / AID / "2-exercises.ipynb")
    assert "### BEGIN HIDDEN TESTS" in cells["hidden_normalise_id"].source


def test_formgrader_lists_every_submission(graded_both_ways):
    """Formgrader's Manual Grading reads nbgrader's API; every submission can be opened."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ours, _, _, students = graded_both_ways
    cfg = batch._config(ours)
    api = NbGraderAPI(CourseDirectory(config=cfg, root=str(ours.parent)), config=cfg)
    # nbgrader lists only submissions whose autograded notebook exists on disk
    listed = api.get_notebook_submissions(AID, "2-exercises")
    assert sorted(s["student"] for s in listed) == sorted(students)


@pytest.mark.parametrize("way", ["ours", "stock"])
def test_nbgrader_generate_feedback_never_reveals_hidden_tests(graded_both_ways, way):
    ours, stock, _, students = graded_both_ways
    grading = ours if way == "ours" else stock
    nbgrader("generate_feedback", AID, grading=grading)
    for student in students:
        page = (grading / "feedback" / student / AID / "2-exercises.html").read_text(encoding="utf-8")
        leaked = [s for s in HIDDEN_ONLY if s in page]
        assert not leaked, (way, student, leaked)
        assert "Hidden check: normalise_id on further dirty forms." in page
    blank = (grading / "feedback" / "demo-blank" / AID / "2-exercises.html").read_text(encoding="utf-8")
    assert "Score: <b>0 of 20</b>" in blank and "not yet" in blank


def test_release_and_fetch_feedback_through_the_exchange(graded_both_ways, tmp_path):
    ours, *_ = graded_both_ways
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    opt = f"--Exchange.root={exchange}"
    nbgrader("release_assignment", AID, opt, grading=ours)
    trainee = tmp_path / "trainee"
    trainee.mkdir()
    # A trainee's submission travels through the exchange and is collected, as in class.
    nbgrader("fetch_assignment", AID, "--course", "procuratorial-data", opt, grading=trainee)
    nbgrader("submit", AID, "--course", "procuratorial-data", opt, grading=trainee)
    nbgrader("collect", AID, opt, "--update", grading=ours)
    import getpass

    me = getpass.getuser()
    summary = batch.autograde(AID, ours, quiet=True, students=[me])
    assert summary["graded"] == 1 and not summary["failed"]
    nbgrader("generate_feedback", AID, "--student", me, grading=ours)
    nbgrader("release_feedback", AID, "--student", me, opt, grading=ours)
    nbgrader("fetch_feedback", AID, "--course", "procuratorial-data", opt, grading=trainee)
    pages = list((trainee / AID / "feedback").rglob("2-exercises.html"))
    assert pages, "the trainee fetched no feedback"
    assert "Score: <b>0 of 20</b>" in pages[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Module 06 with its written answer: the reference and the blank, autograded."""
    from conftest import computed_once

    def compute():
        grading = _course(tmp_path_factory.mktemp("written") / "course", WRITTEN_AID,
                          [Trainee("reference", "", "reference"), Trainee("blank", "", "blank")])
        batch.autograde(WRITTEN_AID, grading, quiet=True)
        return grading

    return computed_once("pipeline_written", compute)


def _grade(grading, student, gid="answer_recommendation_memo"):
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(grading / "gradebook.db")) as gb:
        g = gb.find_grade(gid, "2-exercises", WRITTEN_AID, student)
        comment = None
        if gid.startswith("answer_"):
            comment = gb.find_comment(gid, "2-exercises", WRITTEN_AID, student).manual_comment
        return g.auto_score, g.manual_score, g.needs_manual_grade, comment


def test_a_written_answer_waits_for_the_instructor_and_a_blank_one_earns_nothing(written):
    assert _grade(written, "reference") == (None, None, True, None)
    assert _grade(written, "blank")[:3] == (0, None, False)


def test_the_rubric_reaches_the_grading_view_and_never_the_release(written):
    release = (written / "release" / WRITTEN_AID / "2-exercises.ipynb").read_text(encoding="utf-8")
    autograded = (written / "autograded" / "reference" / WRITTEN_AID / "2-exercises.ipynb").read_text(encoding="utf-8")
    for text in ("Rubric for the instructor", "MARK SCHEME"):
        assert text not in release and text in autograded
    assert "Your instructor grades this answer by hand" in release  # the trainee is told how


def test_manual_grades_and_comments_survive_a_regrade_and_reach_feedback_and_export(written):
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(written / "gradebook.db")) as gb:  # as Formgrader saves them
        g = gb.find_grade("answer_recommendation_memo", "2-exercises", WRITTEN_AID, "reference")
        g.manual_score = 3.5
        c = gb.find_comment("answer_recommendation_memo", "2-exercises", WRITTEN_AID, "reference")
        c.manual_comment = "Clear legal basis; say who decides in the end."
        t = gb.find_grade("check_clean_id", "2-exercises", WRITTEN_AID, "reference")
        t.manual_score = 0.0  # the instructor overrides an autograded test
        overridden = t.max_score
        gb.db.commit()
    again = batch.autograde(WRITTEN_AID, written, quiet=True, force=True)
    assert again["graded"] == 2 and not again["failed"]
    auto, manual, needs, comment = _grade(written, "reference")
    assert (manual, comment) == (3.5, "Clear legal basis; say who decides in the end.")
    assert _grade(written, "reference", "check_clean_id")[1] == 0.0
    nbgrader("generate_feedback", WRITTEN_AID, grading=written)
    page = (written / "feedback" / "reference" / WRITTEN_AID / "2-exercises.html").read_text(encoding="utf-8")
    assert "Clear legal basis; say who decides in the end." in page
    assert re.search(r"Question 13 \(the recommendation in your own words\): 3\.5 / 4 points", page)
    nbgrader("export", "--to", str(written / "grades.csv"), grading=written)
    rows = {r.split(",")[3]: r.split(",") for r in (written / "grades.csv").read_text().splitlines()[1:]}
    # 26 autograded points, one test overridden to nothing, 3.5 written points
    assert float(rows["reference"][7]) == 26 - overridden + 3.5
    assert float(rows["blank"][7]) == 0


def test_the_written_question_speaks_to_the_trainee(capsys):
    from course.exercises import rule_models as q

    q.recommendation_memo.check()
    out = capsys.readouterr().out
    assert "graded by your instructor" in out and "4 points" in out
    json.dumps(q.recommendation_memo.self_check)  # plain text, translatable
