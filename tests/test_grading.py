"""Each graded question is tested three ways.

Through real `nbgrader autograde`:
- the reference solution earns full points on every question;
- the blank student version earns nothing;
- answers that claim to equal anything earn nothing.

Through the fixture harness (tests/fixture_harness.py), which scores the notebook's cells as
nbgrader's kernel would but forks instead of starting a kernel per submission:
- each known-wrong answer in tests/fixtures/<module>/mistakes.toml loses points on its question.
The harness is held to stock nbgrader, cell by cell, on the reference and on a sample of the
wrong answers of every module.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course import syllabus
from course.classroom import Trainee, load_alternatives, load_mistakes, write_submission
from course.nbgrader_run import cell_scores, nbgrader, question_scores

READY = syllabus.modules(ready_only=True)
TIMESTAMP = "2026-05-11 17:00:00.000000 UTC"

ALWAYS_EQUAL = '''
class Anything:
    """Claims to equal everything and to be every kind of thing."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __hash__(self): return 0
    def __call__(self, *args, **kwargs): return self
    def __getattr__(self, name): return self
    def __getitem__(self, key): return self
    def __iter__(self): return iter([])
    def __len__(self): return 0
    def __bool__(self): return True
{assignments}
'''


def _student(key: str) -> str:
    return "m-" + re.sub(r"[^a-z0-9]+", "-", key.lower())


RIGHT = "right:"   # harness key prefix of a correct alternative answer


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _harness(notebook: Path, mistakes, workdir: Path, env: dict | None = None, alternatives=()) -> dict:
    spec = workdir / "spec.json"
    answers = [{"key": m.key, "question": m.question, "code": m.code} for m in mistakes]
    answers += [{"key": RIGHT + a.key, "question": a.question, "code": a.code} for a in alternatives]
    spec.write_text(json.dumps({"notebook": str(notebook), "cwd": str(workdir), "timeout": 120,
                                "mistakes": answers}), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("fixture_harness.py")), str(spec)],
                          capture_output=True, text=True, timeout=1200, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


# one group per module, so the modules' classes are graded on all cores at once
@pytest.fixture(scope="module", params=[pytest.param(m, id=m.id, marks=pytest.mark.xdist_group(f"grading-{m.id}"))
                                        for m in READY])
def graded(request, tmp_path_factory):
    from conftest import computed_once

    def compute():
        """Grade a whole simulated class of one module once; return (module, scores, mistakes)."""
        from conftest import make_course_copy

        module = request.param
        grading = make_course_copy(tmp_path_factory.mktemp(module.id))
        nbgrader("generate_assignment", module.id, "--force", grading=grading)
        release = grading / "release" / module.id
        source = grading.parent / "notebooks" / module.id

        questions = module.questions()
        gaming = ALWAYS_EQUAL.format(assignments="\n".join(f"{n} = Anything()" for q in questions for n in q.names))
        trainees = [Trainee("reference", "", "reference"), Trainee("blank", "", "blank"),
                    Trainee("always-equal", "", {q.qid: gaming for q in questions})]
        mistakes = load_mistakes(module.id)
        # the sample graded both ways; a wrong-answer trainee stops after the mistaken question
        sample = [mistakes[i] for i in sorted({0, len(mistakes) // 3, 2 * len(mistakes) // 3, len(mistakes) - 1})]
        trainees += [Trainee(_student(m.key), m.story, {m.question: m.code}, (m,), stops_after=m.question)
                     for m in sample]
        for t in trainees:
            write_submission(grading / "submitted", t, module.id, release, source, TIMESTAMP,
                             graded_only=t.answers not in ("reference", "blank"))
        nbgrader("autograde", module.id, "--force", grading=grading)
        stock = cell_scores(module.id, grading)
        harness = _harness(source / module.questions()[0].notebook, mistakes,
                           tmp_path_factory.mktemp(f"{module.id}-harness"),
                           alternatives=load_alternatives(module.id))
        return module, stock, harness, mistakes, sample
    return computed_once(("graded", request.param.id), compute)


@pytest.fixture(scope="module")
def graded_zh(graded, tmp_path_factory):
    """The Chinese edition's graded notebook of the same module through the harness: the
    reference, the sample of `graded`, and every fixture and correct alternative about Chinese text."""
    from conftest import computed_once

    from course import translate

    module, _stock, _harness_en, mistakes, sample = graded
    if "zh_CN" not in module.notebooks_translated:
        pytest.skip(f"{module.id} has no zh_CN edition")

    def compute():
        out = tmp_path_factory.mktemp(f"{module.id}-zh")
        name = module.questions()[0].notebook
        notebook = next(p for p in translate.build(module.id, "zh_CN", out / "source") if p.name == name)
        chosen = list({m.key: m for m in sample + [m for m in mistakes if m.editions or "chinese" in m.id]}.values())
        # The correct alternatives that write Chinese text; the others run the same code as in
        # English, which the reference and the sample already show to score the same.
        right = [a for a in load_alternatives(module.id) if "chinese" in a.id or _CJK.search(a.code)]
        return chosen, _harness(notebook, chosen, out, alternatives=right)
    return computed_once(("graded-zh", module.id), compute)


def test_the_chinese_edition_scores_every_cell_as_the_english_one(graded, graded_zh):
    """Same code, same checks: every test cell scores the same in zh_CN, for the reference, the
    correct alternatives and the wrong answers; except a fixture declared wrong only in English
    (`editions = ["en"]`: Chinese text in a chart, which the English edition refuses because a
    printer may lack the font), which must earn its question's full points in zh_CN."""
    _, _, harness, _, _ = graded
    chosen, zh = graded_zh
    assert zh["reference"] == harness["reference"]
    different = []
    for key, cells in zh["mistakes"].items():
        if key.startswith(RIGHT):
            assert cells == harness["mistakes"][key], key
            continue
        mistake = next(m for m in chosen if m.key == key)
        if mistake.editions and "zh_CN" not in mistake.editions:
            assert all(s == m for s, m in cells.values()), f"{key} is right in zh_CN, but scores {cells}"
        elif cells != harness["mistakes"][key]:
            different.append(f"{key}: en {harness['mistakes'][key]} zh {cells}")
    assert not different, "\n".join(different)


def test_reference_earns_full_points(graded):
    """Every autograded question; a written answer waits for the instructor (nbgrader leaves
    it ungraded), since only a person can apply its rubric."""
    module, stock, harness, *_ = graded
    ref = question_scores(stock["reference"])
    written = {q.qid for q in module.written()}
    lost = {q: s for q, s in ref.items() if s[0] != s[1] and q not in written}
    assert not lost, f"the reference solution lost points: {lost}"
    assert sum(m for _, m in ref.values()) == module.points


def test_blank_earns_nothing(graded):
    _, stock, *_ = graded
    assert sum(s for s, _ in stock["blank"].values()) == 0


def test_answers_that_equal_anything_earn_nothing(graded):
    _, stock, *_ = graded
    assert sum(s for s, _ in stock["always-equal"].values()) == 0


def test_harness_scores_every_cell_as_stock_nbgrader_does(graded):
    _, stock, harness, _, sample = graded
    tests = {g: s for g, s in stock["reference"].items() if not g.startswith("answer_")}  # not written answers
    assert {g: tuple(s) for g, s in harness["reference"].items()} == tests
    for m in sample:
        cells = harness["mistakes"][m.key]
        assert cells, f"{m.key}: the harness found no test cell of question {m.question}"
        assert {g: tuple(s) for g, s in cells.items()} == {g: stock[_student(m.key)][g] for g in cells}, m.key


def _kept_points(harness, mistakes) -> list[str]:
    """The known wrong answers that did not lose points on their question."""
    failures = []
    for m in mistakes:
        cells = harness["mistakes"][m.key]
        score, max_score = sum(s for s, _ in cells.values()), sum(p for _, p in cells.values())
        if not cells or score >= max_score:
            failures.append(f"{m.key}: kept {score}/{max_score}")
    return failures


def test_every_known_wrong_answer_loses_its_points(graded):
    _, _, harness, mistakes, _ = graded
    failures = _kept_points(harness, mistakes)
    assert not failures, "\n".join(failures)


def _lost_points(harness, alternatives) -> list[str]:
    """The correct alternative answers that did not earn their question's full points."""
    failures = []
    for a in alternatives:
        cells = harness["mistakes"][RIGHT + a.key]
        score, max_score = sum(s for s, _ in cells.values()), sum(p for _, p in cells.values())
        if not cells or score < max_score:
            failures.append(f"{a.key} (tests/fixtures/{{module}}/mistakes.toml [[alternative]]): "
                            f"earned {score}/{max_score}, {dict(cells)}")
    return failures


def test_every_correct_alternative_earns_full_points(graded):
    """A check made stricter must not fail a right answer that is written differently."""
    module, _, harness, *_ = graded
    failures = _lost_points(harness, load_alternatives(module.id))
    assert not failures, "\n".join(f.replace("{module}", module.id) for f in failures)


# --- a class's own data ---------------------------------------------------------------------
# A class on the hub works on data built from its own key (course.data.classkey): other
# records, the same lessons. The reference must still earn every point there and every known
# wrong answer still lose, or the course grades one class right and the next one wrong.
# Scored by the harness, which the tests above hold to stock nbgrader.

CLASS_KEY = "5eed" * 16
KEYED = [m for m in READY if m.datasets and not all(d.startswith("bigpay") for d in m.datasets)]
REPO_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module", params=[pytest.param(m, id=m.id, marks=pytest.mark.xdist_group(f"class-{m.id}"))
                                        for m in KEYED])
def graded_on_class_data(request, tmp_path_factory):
    from conftest import computed_once

    def compute():
        import os
        import shutil

        from course import data
        from course.data import build, classkey

        module = request.param
        root = tmp_path_factory.mktemp(f"class-data-{module.id}")
        classkey.create(root / classkey.KEY_FILE, key=CLASS_KEY)
        for name in build.DATASETS:
            build.ensure(root, name, quiet=True)
        shutil.copytree(data.bigpay_dir("small"), root / "bigpay-small")
        source = REPO_NOTEBOOKS / module.id
        mistakes = load_mistakes(module.id)
        harness = _harness(source / module.questions()[0].notebook, mistakes,
                           tmp_path_factory.mktemp(f"{module.id}-class-harness"),
                           env={**os.environ, "COURSE_DATA_DIR": str(root)},
                           alternatives=load_alternatives(module.id))
        return module, harness, mistakes
    return computed_once(("class", request.param.id), compute)


def test_reference_earns_full_points_on_a_class_data(graded_on_class_data):
    module, harness, _ = graded_on_class_data
    lost = {g: s for g, s in harness["reference"].items() if s[0] != s[1]}
    assert not lost, f"on a class's own data the reference solution lost points: {lost}"


def test_every_known_wrong_answer_loses_its_points_on_a_class_data(graded_on_class_data):
    _, harness, mistakes = graded_on_class_data
    failures = _kept_points(harness, mistakes)
    assert not failures, "on a class's own data:\n" + "\n".join(failures)


def test_every_correct_alternative_earns_full_points_on_a_class_data(graded_on_class_data):
    module, harness, _ = graded_on_class_data
    failures = _lost_points(harness, load_alternatives(module.id))
    assert not failures, "on a class's own data:\n" + "\n".join(f.replace("{module}", module.id) for f in failures)
