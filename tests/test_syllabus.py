"""The syllabus, the notebooks, the checks, the fixtures and the README agree."""
import json
from pathlib import Path

import pytest

from course import syllabus
from course.classroom import load_mistakes

REPO = Path(__file__).resolve().parents[1]
READY = syllabus.modules(ready_only=True)


def _cells(module):
    nb = json.loads((REPO / "notebooks" / module.id / "2-exercises.ipynb").read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if "nbgrader" in c.get("metadata", {})]


def test_module_ids_are_numbered_and_in_order():
    ids = [m.id for m in syllabus.modules()]
    assert ids == sorted(ids)
    assert [m.number for m in syllabus.modules()] == [f"{i:02d}" for i in range(len(ids))]


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_points_in_the_notebook_add_up_to_the_syllabus(module):
    points = sum(c["metadata"]["nbgrader"].get("points", 0) for c in _cells(module)
                 if c["metadata"]["nbgrader"].get("grade"))
    assert points == module.points, (f"notebooks/{module.id}/2-exercises.ipynb: its graded cells give {points} "
                                     f"points, course/syllabus.toml says {module.points}")


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_every_question_has_answer_check_and_hints_and_ids_match(module):
    gids = [c["metadata"]["nbgrader"]["grade_id"] for c in _cells(module)]
    questions = module.questions()
    assert len(questions) >= 8
    for q in questions:
        assert f"answer_{q.qid}" in gids and f"check_{q.qid}" in gids, q.qid
        assert len(q.hints) >= 1
    graded = {g.split("_", 1)[1] for g in gids if g.startswith(("check_", "hidden_"))}
    qids = {q.qid for q in questions}
    assert graded == qids, (f"test cells of notebooks/{module.id}/2-exercises.ipynb without a Question in "
                            f"{module.checks}: {sorted(graded - qids)}; Questions without test cells: {sorted(qids - graded)}")
    hidden = [q for q in questions if f"hidden_{q.qid}" in gids]
    assert len(hidden) > len(questions) / 2, "hidden tests on most questions"
    # question numbers follow notebook order
    order = [gids.index(f"answer_{q.qid}") for q in questions]
    assert order == sorted(order), f"{module.checks}: QUESTIONS must list the questions in notebook order"
    numbers = {q.qid: q.number for q in questions}
    assert list(numbers.values()) == list(range(1, len(questions) + 1)), \
        f"{module.checks}: the numbers given to _q(...) must count 1, 2, 3 ... in order: {numbers}"


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_every_question_has_two_known_wrong_answers(module):
    mistakes = load_mistakes(module.id)
    qids = {q.qid for q in module.questions()}
    assert {m.question for m in mistakes} <= qids, "fixture for an unknown question"
    for qid in qids:
        assert sum(m.question == qid for m in mistakes) >= 2, qid
    assert len({m.key for m in mistakes}) == len(mistakes)


def test_readme_module_table_is_the_syllabus():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- syllabus-table:start -->") + len("<!-- syllabus-table:start -->")
    end = readme.index("<!-- syllabus-table:end -->")
    assert readme[start:end].strip() == syllabus.markdown_table(), \
        "regenerate the table with `course syllabus` and paste it into README.md"


def test_notebook_folders_are_in_the_syllabus():
    folders = {p.name for p in (REPO / "notebooks").iterdir() if p.is_dir()}
    assert folders == {m.id for m in READY}


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_listed_data_exist(module):
    """`datasets` names what the module reads: a dataset, or a table of one (never its truth)."""
    from course.data import build

    tables = {t.name for gen in build.DATASETS.values() for t in gen.TABLES if not t.truth}
    known = set(build.DATASETS) | tables | {"bigpay-small", "bigpay-large"}
    assert set(module.datasets) <= known, f"unknown data: {set(module.datasets) - known}"


def _question_points(module) -> dict[int, float]:
    """Points of each question number, from the test cells (and a written answer's own cell)."""
    number = {q.qid: q.number for q in module.questions() + module.written()}
    points: dict[int, float] = {}
    for c in _cells(module):
        meta = c["metadata"]["nbgrader"]
        kind, _, qid = meta.get("grade_id", "").partition("_")
        if meta.get("grade") and kind in ("check", "hidden", "answer") and qid in number:
            points[number[qid]] = points.get(number[qid], 0) + meta.get("points", 0)
    return points


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_points_and_minutes_written_in_the_notebook_are_the_real_ones(module):
    """The introduction's minutes and points are the syllabus's; each heading's "(N points)" is
    what its test cells give. Nothing else in a notebook states points."""
    import re

    where = f"notebooks/{module.id}/2-exercises.ipynb"
    nb = json.loads((REPO / where).read_text(encoding="utf-8"))
    texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    intro = re.search(r"\*\*Assignment `([^`]+)` · about (\d+) minutes · (\d+) points\*\*", texts[0])
    assert intro, f"{where}: the first cell needs the line **Assignment `{module.id}` · about M minutes · P points**"
    assert (intro.group(1), int(intro.group(2)), int(intro.group(3))) == \
        (module.id, module.exercise_minutes, module.points), \
        f"{where}: the introduction says {intro.group(0)}; course/syllabus.toml says " \
        f"{module.exercise_minutes} minutes and {module.points} points"
    real = _question_points(module)
    stated = {}
    for text in texts:
        m = re.match(r"## Question (\d+) · .*\((\d+(?:\.\d+)?) points?\)", text)
        if m:
            stated[int(m.group(1))] = float(m.group(2))
    wrong = {n: (stated.get(n), real.get(n)) for n in sorted(set(stated) | set(real)) if stated.get(n) != real.get(n)}
    assert not wrong, f"{where}: question (heading says, test cells give): {wrong}"


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_the_lecture_states_the_syllabus_minutes_and_its_sections_add_up(module):
    """The lecture's header and its table of sections say the syllabus's lecture minutes, so a
    teacher planning the day and a trainee reading the lecture see one number."""
    import re

    where = f"notebooks/{module.id}/1-lecture.ipynb"
    nb = json.loads((REPO / where).read_text(encoding="utf-8"))
    texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    header = re.search(r"about (\d+) minutes", texts[0])
    assert header and int(header.group(1)) == module.lecture_minutes, \
        f"{where}: the first cell should say 'about {module.lecture_minutes} minutes' (course/syllabus.toml)"
    table = next((t for t in texts[:4] if re.search(r"^\|.*\|\s*Minutes\s*\|", t, re.M | re.I)), None)
    assert table, f"{where}: the lecture needs a table of its sections with a Minutes column"
    rows = [int(n) for n in re.findall(r"^\|[^\n]*\|\s*(\d+)\s*\|\s*$", table, re.M)]
    assert sum(rows) == module.lecture_minutes, \
        f"{where}: the sections' minutes add up to {sum(rows)}, not {module.lecture_minutes}"
