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
