"""Each graded question, through real `nbgrader autograde`, is tested three ways.

- the reference solution earns full points on every question;
- the blank student version earns nothing;
- each known-wrong answer in tests/fixtures/<module>/mistakes.toml loses points on its
  question (and costs nothing on the questions before it);
- answers that claim to equal anything earn nothing.
"""
from __future__ import annotations

import re

import pytest

from course import syllabus
from course.classroom import Trainee, load_mistakes, write_submission
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
        # a mistake trainee stops after the mistaken question: what follows cannot change the
        # verdict on it (or on the questions before), and blank cells fail at once
        trainees += [Trainee(_student(m.key), m.story, {m.question: m.code}, (m,), stops_after=m.question)
                     for m in mistakes]
        for t in trainees:
            write_submission(grading / "submitted", t, module.id, release, source, TIMESTAMP,
                             graded_only=t.answers not in ("reference", "blank"))
        nbgrader("autograde", module.id, "--force", grading=grading)
        scores = {sid: question_scores(cells) for sid, cells in cell_scores(module.id, grading).items()}
        return module, scores, mistakes

    return computed_once(("graded", request.param.id), compute)


def test_reference_earns_full_points(graded):
    module, scores, _ = graded
    ref = scores["reference"]
    lost = {q: s for q, s in ref.items() if s[0] != s[1]}
    assert not lost, f"the reference solution lost points: {lost}"
    assert sum(m for _, m in ref.values()) == module.points


def test_blank_earns_nothing(graded):
    _, scores, _ = graded
    assert sum(s for s, _ in scores["blank"].values()) == 0


def test_answers_that_equal_anything_earn_nothing(graded):
    _, scores, _ = graded
    assert sum(s for s, _ in scores["always-equal"].values()) == 0


def test_every_known_wrong_answer_loses_its_points(graded):
    module, scores, mistakes = graded
    order = [q.qid for q in module.questions()]
    failures = []
    for m in mistakes:
        got = scores[_student(m.key)]
        score, max_score = got[m.question]
        if score >= max_score:
            failures.append(f"{m.key}: kept {score}/{max_score}")
        for earlier in order[:order.index(m.question)]:
            if got[earlier][0] != got[earlier][1]:
                failures.append(f"{m.key}: also lost points on the earlier question {earlier}")
    assert not failures, "\n".join(failures)
