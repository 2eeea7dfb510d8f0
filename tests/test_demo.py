"""`course demo` (what `make demo` runs): the whole cycle, twice, in a copy of the course."""
import csv
import sqlite3

import pytest

from course import demo

pytestmark = pytest.mark.xdist_group("demo")  # its tests share one costly fixture


def _summary(grading):
    with open(grading / "demo-summary.01-case-data.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {r[0]: r for r in rows[1:]}


def _counts(grading):
    con = sqlite3.connect(grading / "gradebook.db")
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")}
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_twice(tmp_path_factory):
    from conftest import computed_once

    def compute():
        from conftest import make_course_copy

        grading = make_course_copy(tmp_path_factory.mktemp("demo") / "course")
        assert demo.run(grading=grading) == 0
        first = (_summary(grading), _counts(grading), (grading / "grades.csv").read_text())
        assert demo.run(grading=grading) == 0
        second = (_summary(grading), _counts(grading), (grading / "grades.csv").read_text())
        return grading, first, second

    return computed_once("demo_twice", compute)


def test_reference_full_blank_zero_mistakes_in_between(demo_twice):
    _, (summary, _, _), _ = demo_twice
    assert summary["demo-reference"][-1] == "100%"
    assert summary["demo-blank"][-1] == "0%"
    mistakes = [row for sid, row in summary.items() if sid.startswith("demo-mistakes")]
    assert len(mistakes) >= 3
    for row in mistakes:
        assert 0 < int(row[-1].rstrip("%")) < 100, row


def test_rerun_neither_fails_nor_duplicates(demo_twice):
    _, first, second = demo_twice
    assert first == second


def test_feedback_and_grades_exist_for_every_trainee(demo_twice):
    grading, (summary, _, grades_csv), _ = demo_twice
    for trainee in summary:
        assert list((grading / "feedback" / trainee / "01-case-data").glob("*.html")), trainee
        assert trainee in grades_csv


def test_the_exchange_exists_and_the_trainees_have_names(demo_twice):
    """Formgrader offers Release and Collect only with an exchange, and lists names, not "None, None"."""
    import os

    grading, *_ = demo_twice
    exchange = grading / "exchange"
    assert exchange.is_dir() and os.stat(exchange).st_mode & 0o777 == 0o777
    con = sqlite3.connect(grading / "gradebook.db")
    try:
        names = dict(con.execute("select id, first_name || ' ' || last_name from student").fetchall())
    finally:
        con.close()
    assert names["demo-reference"] == "Reference Demo trainee"
    assert all(n and "None" not in n for n in names.values()), names


def test_a_rerun_after_new_graded_cells_says_what_to_do(demo_twice):
    """nbgrader refuses to change an assignment that has submissions; the demo says so in
    words and names the command that starts it afresh (last in this file: it edits the copy)."""
    import copy

    import nbformat

    grading, *_ = demo_twice
    path = grading.parent / "notebooks" / "01-case-data" / "2-exercises.ipynb"
    nb = nbformat.read(path, as_version=4)
    check = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("check_"))
    extra = nbformat.v4.new_code_cell(source=check.source, metadata=copy.deepcopy(check.metadata))
    extra.metadata["nbgrader"]["grade_id"] = "check_a_new_question"
    nb.cells.append(extra)
    nbformat.write(nb, path)
    with pytest.raises(demo.DemoStale, match=r"make clean-demo.*course demo --reset"):
        demo.run(["01-case-data"], grading=grading)
