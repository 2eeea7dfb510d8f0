"""`course author question`: a new question's cells, with the metadata nbgrader needs."""
import nbformat
import pytest

from course import authoring
from course.nbgrader_run import nbgrader


def test_a_new_question_gets_its_cells_and_nbgrader_releases_it(course_copy):
    notebooks = course_copy.parent / "notebooks"
    path, number = authoring.add_question("02-joining", "late_payments", "Paid too late", points=1, hidden=2,
                                          notebooks=notebooks)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    gids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    at = gids.index("q%d_text" % number)
    assert gids[at:at + 5] == [f"q{number}_text", "answer_late_payments", "check_late_payments",
                               "hidden_late_payments", "outro"]
    assert nb.cells[at].source.startswith(f"## Question {number} · Paid too late (3 points)")
    check, hidden = nb.cells[at + 2].metadata.nbgrader, nb.cells[at + 3].metadata.nbgrader
    assert (check.grade, check.locked, check.points) == (True, True, 1)
    assert (hidden.grade, hidden.locked, hidden.points) == (True, True, 2)
    assert nb.cells[at + 1].metadata.nbgrader.solution and not nb.cells[at + 1].metadata.nbgrader.locked
    assert "from course.hidden import joining as hidden" in nb.cells[at + 3].source
    # nbgrader accepts the cells and strips the solution and the hidden part from the release
    nbgrader("generate_assignment", "02-joining", "--force", grading=course_copy)
    release = nbformat.read(course_copy / "release" / "02-joining" / "2-exercises.ipynb", as_version=4)
    released = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in release.cells}
    assert "raise NotImplementedError" in released["answer_late_payments"]
    assert "course.hidden" not in released["hidden_late_payments"]


def test_a_question_id_is_refused_when_taken_or_malformed(course_copy):
    notebooks = course_copy.parent / "notebooks"
    with pytest.raises(authoring.AuthoringError, match="already has cells"):
        authoring.add_question("02-joining", "match_judgments", "Again", notebooks=notebooks)
    with pytest.raises(authoring.AuthoringError, match="small letters"):
        authoring.add_question("02-joining", "Late Payments", "Bad id", notebooks=notebooks)
