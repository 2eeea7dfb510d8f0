"""Every notebook runs top to bottom; the nbgrader sources validate; releases hide solutions."""
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course import syllabus
from course.classroom import answer_cells, submission
from course.nbgrader_run import nbgrader

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*/*.ipynb"))
READY = syllabus.modules(ready_only=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_executes_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_source_notebooks_are_saved_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), \
        "outputs are never typed or kept by hand: clear them before committing"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    from conftest import computed_once

    def compute():
        from conftest import make_course_copy

        grading = make_course_copy(tmp_path_factory.mktemp("release"))
        for module in READY:
            nbgrader("generate_assignment", module.id, "--force", grading=grading)
        return grading

    return computed_once("released", compute)


@pytest.mark.xdist_group("released")
@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_sources_validate_and_releases_fail_validation(released, module):
    source = released.parent / "notebooks" / module.id / "2-exercises.ipynb"
    assert "Success! Your notebook passes all the tests." in nbgrader("validate", str(source), grading=released)
    release = released / "release" / module.id / "2-exercises.ipynb"
    assert "Success! The notebook does not pass any tests." in \
        nbgrader("validate", "--invert", str(release), grading=released)


@pytest.mark.xdist_group("released")
@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_release_contains_no_solution_or_hidden_test(released, module):
    for source in sorted((released.parent / "notebooks" / module.id).glob("*.ipynb")):
        release_text = (released / "release" / module.id / source.name).read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in release_text
        src = nbformat.read(source, as_version=4)
        release = nbformat.read(released / "release" / module.id / source.name, as_version=4)
        released_code = "\n".join(c.source for c in release.cells)
        # every substantial line of a solution or hidden test is absent from the release
        secret_lines = []
        for cell in src.cells:
            for block in re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", cell.source, re.S):
                secret_lines += [l.strip() for l in block[1].splitlines() if len(l.strip()) > 30]
        leaked = [l for l in secret_lines if l in released_code]
        assert not leaked, leaked[:3]
        if answer_cells(src):
            assert "raise NotImplementedError" in released_code


def hidden_cell_problems(nb) -> list[str]:
    """What would let a hidden test reach trainees: a `hidden_*` cell without both markers
    around a non-empty hidden part, or any reference to `course.hidden` outside the markers
    (nbgrader removes only what lies between them)."""
    problems = []
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        parts = re.split(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS\n?", cell.source, flags=re.S)
        outside, inside = "".join(parts[0::2]), "".join(parts[1::2])
        if gid.startswith("hidden_") and not inside.strip():
            problems.append(f"{gid}: no `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` block around its hidden part")
        if re.search(r"course\.hidden|\bhidden\.\w", outside):
            problems.append(f"{gid or 'a cell'}: refers to course.hidden outside the hidden-test markers")
    return problems


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_every_hidden_test_is_inside_its_markers(module):
    nb = nbformat.read(REPO / "notebooks" / module.id / "2-exercises.ipynb", as_version=4)
    problems = hidden_cell_problems(nb)
    assert not problems, f"notebooks/{module.id}/2-exercises.ipynb: " + "; ".join(problems)


def test_a_hidden_test_without_markers_is_caught():
    """The way a new author loses a hidden test: the markers deleted, the code kept."""
    nb = nbformat.read(REPO / "notebooks" / READY[1].id / "2-exercises.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("hidden_"))
    cell.source = cell.source.replace("### BEGIN HIDDEN TESTS\n", "").replace("### END HIDDEN TESTS\n", "") \
        .replace("### END HIDDEN TESTS", "")
    problems = hidden_cell_problems(nb)
    assert problems and cell.metadata["nbgrader"]["grade_id"] in problems[0]


@pytest.mark.xdist_group("released")
@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_release_never_refers_to_the_hidden_helpers(released, module):
    for path in sorted((released / "release" / module.id).glob("*.ipynb")):
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert not re.search(r"course\.hidden|\bhidden\.\w", text), f"{path.name} refers to course.hidden"


@pytest.mark.xdist_group("released")
def test_a_trainee_who_stops_hands_in_the_release_after_that_question(released):
    module = READY[1]
    source_dir, release_dir = released.parent / "notebooks" / module.id, released / "release" / module.id
    qids = [q.qid for q in module.questions()]
    stop = qids[len(qids) // 2]
    wrong = "answer = 'a guess'"
    nb = submission(release_dir, source_dir, "2-exercises.ipynb", {stop: wrong}, stops_after=stop)
    got = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
           if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    reference = answer_cells(nbformat.read(source_dir / "2-exercises.ipynb", as_version=4))
    order = [f"answer_{q}" for q in qids]
    assert list(got) == order
    for gid in order[:order.index(f"answer_{stop}")]:
        assert got[gid] == reference[gid]
    assert got[f"answer_{stop}"] == wrong
    for gid in order[order.index(f"answer_{stop}") + 1:]:
        assert "raise NotImplementedError" in got[gid]
