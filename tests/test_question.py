"""How a question behaves in a trainee's notebook: check, hint, solution."""
import pytest

from course.checking import CheckFailed, expect, expect_same
from course.exercises import case_data as q
from course.question import Question


def _question(checker):
    return Question(qid="demo", number=1, title="demo", names=("answer",), checker=checker,
                    hints=["first", "second"], assignment="01-case-data")


def test_check_reads_the_answer_from_the_notebook_namespace(capsys):
    def checker(answer):
        if answer != 42:
            raise CheckFailed("Not 42.")
        return "fine"

    notebook = {"question": _question(checker), "answer": 42}
    exec("question.check()", notebook)  # a notebook cell runs in the kernel's globals
    assert "✔" in capsys.readouterr().out
    notebook["answer"] = 41
    with pytest.raises(CheckFailed, match="Not 42"):
        exec("question.check()", notebook)


def test_missing_answer_says_which_name_to_create():
    notebook = {"question": _question(lambda answer: "")}
    with pytest.raises(CheckFailed) as err:
        exec("question.check()", notebook)
    assert "`answer`" in str(err.value) and "Run the answer cell" in str(err.value)


def test_failure_renders_as_a_plain_message_not_a_traceback():
    err = CheckFailed("Column `x` is missing.", "Question 3 (clean)")
    lines = err._render_traceback_()
    assert "Question 3 (clean)" in lines[0]
    assert not any("Traceback" in line or "File " in line for line in lines)
    assert isinstance(err, AssertionError)  # nbgrader scores the cell as failed


def test_hints_come_one_tier_at_a_time(capsys):
    question = _question(lambda answer: "")
    question.hint()
    question.hint()
    question.hint()
    out = capsys.readouterr().out
    assert out.count("Hint 1 of 2") == 1 and out.count("Hint 2 of 2") == 2


def test_solution_shown_in_self_study(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    q.is_valid_id.solution()
    out = capsys.readouterr().out
    assert "total % 11" in out and "BEGIN SOLUTION" not in out


def test_solution_shows_every_block_of_the_cell(monkeypatch, capsys, tmp_path):
    import json

    cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "answer_demo", "solution": True}},
            "source": "data = load()\n### BEGIN SOLUTION\nfirst = 1\n### END SOLUTION\nprint(first)\n"
                      "### BEGIN SOLUTION\nsecond = 2\n### END SOLUTION\n", "outputs": [],
            "execution_count": None}
    (tmp_path / "01-case-data").mkdir()
    (tmp_path / "01-case-data" / "2-exercises.ipynb").write_text(json.dumps({"cells": [cell]}))
    monkeypatch.setenv("COURSE_SOURCE_DIR", str(tmp_path))
    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    _question(lambda answer: "").solution()
    out = capsys.readouterr().out
    assert out.endswith("data = load()\nfirst = 1\nprint(first)\nsecond = 2\n")
    assert "###" not in out


@pytest.mark.parametrize("var,value", [("COURSE_MODE", "class"), ("NBGRADER_EXECUTION", "autograde")])
def test_solution_withheld_in_class_and_while_grading(monkeypatch, capsys, var, value):
    monkeypatch.setenv(var, value)
    q.is_valid_id.solution()
    out = capsys.readouterr().out
    assert "total % 11" not in out and out.strip()


def test_solution_withheld_without_source_notebooks(monkeypatch, capsys, tmp_path):
    import course.question as question_module

    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(question_module, "source_notebooks_dir", lambda: None)
    q.is_valid_id.solution()
    assert "no source notebooks" in capsys.readouterr().out


def test_expect_requires_exactly_true():
    with pytest.raises(CheckFailed):
        expect(1, "truthy is not True")
    with pytest.raises(CheckFailed):
        expect_same(["a"], ["b"], "differs")
    expect_same(["a"], ("a",), "lists and tuples are both sequences")


def test_checks_never_print_the_expected_answer():
    """A wrong count must not reveal the right count in the message."""
    import pandas as pd

    key = q.answer_key()
    wrong = pd.DataFrame({"payment_id": sorted(key["late_ids"])[:-1], "pay_date": 1, "death_date": 1})
    with pytest.raises(CheckFailed) as err:
        q._check_late(wrong)
    assert str(len(key["late_ids"])) not in str(err.value)


def test_a_hidden_cell_that_passes_says_it_ran_but_not_while_grading(monkeypatch, capsys):
    notebook = {"question": _question(lambda answer: "fine"), "answer": 42}
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    exec("question.check(quiet=True)", notebook)
    out = capsys.readouterr().out
    assert "✔" not in out, "a cell whose checks are still to come must not look correct"
    assert "ℹ" in out and "Recorded, not yet judged." in out and "can still find mistakes" in out
    assert "fine" not in out
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    exec("question.check(quiet=True)", notebook)
    assert capsys.readouterr().out == ""   # the graded notebook prints what it printed before


def test_the_judge_grades_with_nbgrader_execution_set(monkeypatch):
    import os

    from course.autograde import judge

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    with judge._grading():
        assert os.environ["NBGRADER_EXECUTION"] == "autograde"
    assert "NBGRADER_EXECUTION" not in os.environ
