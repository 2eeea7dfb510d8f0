"""Simulated trainees: submissions built from the release, the source and the fixtures.

The demo and the tests grade the same kinds of submission:

- the *reference* trainee answers every question with the source notebook's solution;
- the *blank* trainee hands in the release untouched;
- a *mistake* trainee is the reference with some answer cells replaced by a typical wrong
  answer from ``tests/fixtures/<assignment>/mistakes.toml``.

Submissions start from the released notebook (what a trainee really receives), so hidden
tests are absent and nbgrader has to restore them, exactly as in class.
"""
from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.question import strip_solution_markers

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


@dataclass(frozen=True)
class Mistake:
    question: str     # qid
    id: str           # short name, unique within the question
    story: str        # what the trainee misunderstood
    code: str         # the whole answer cell as that trainee wrote it
    editions: tuple[str, ...] = ()   # wrong only in these editions (e.g. Chinese chart text in English); () = all

    @property
    def key(self) -> str:
        return f"{self.question}/{self.id}"


def _fixtures(assignment: str, kind: str, fixtures: Path) -> list[Mistake]:
    path = fixtures / assignment / "mistakes.toml"
    if not path.is_file():
        return []
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Mistake(m["question"], m["id"], m["story"].strip(), m["code"].strip("\n"), tuple(m.get("editions", ())))
            for m in raw.get(kind, [])]


def load_mistakes(assignment: str, fixtures: Path = FIXTURES) -> list[Mistake]:
    """The known wrong answers (``[[mistake]]``): each must lose points on its question."""
    return _fixtures(assignment, "mistake", fixtures)


def load_alternatives(assignment: str, fixtures: Path = FIXTURES) -> list[Mistake]:
    """Right answers written another way than the reference (``[[alternative]]``): each must
    earn its question's full points, so that a stricter check never fails a correct answer."""
    return _fixtures(assignment, "alternative", fixtures)


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_cells(source_nb) -> dict[str, str]:
    """grade_id -> reference code, for every solution cell of a source notebook."""
    return {_grade_id(c): strip_solution_markers(c.source) for c in source_nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def fill(release_nb, answers: dict[str, str]):
    """A copy of the released notebook with the given answer cells written in."""
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        gid = _grade_id(cell)
        if gid in answers:
            cell.source = answers[gid]
    return nb


def submission(release_dir: Path, source_dir: Path, notebook: str, answers: str | dict[str, str],
               stops_after: str = ""):
    """Build one submitted notebook.

    `answers` is "reference", "blank", or {qid: wrong code} applied on top of the reference.
    With `stops_after` (a qid), the answer cells after that question's stay as released,
    as for a trainee who stopped there.
    """
    release_nb = nbformat.read(release_dir / notebook, as_version=4)
    if answers == "blank":
        return release_nb
    reference = answer_cells(nbformat.read(source_dir / notebook, as_version=4))
    if stops_after and f"answer_{stops_after}" in reference:
        order = list(reference)  # notebook order
        reference = {gid: reference[gid] for gid in order[:order.index(f"answer_{stops_after}") + 1]}
    if answers != "reference":
        for qid, code in answers.items():
            gid = f"answer_{qid}"
            if gid in reference:  # a fixture for another notebook of the assignment
                reference[gid] = code
    return fill(release_nb, reference)


@dataclass(frozen=True)
class Trainee:
    id: str
    description: str
    answers: str | dict  # "reference", "blank" or {qid: code}
    mistakes: tuple[Mistake, ...] = ()
    stops_after: str = ""  # qid of the last question answered; "" when the trainee went on to the end


def demo_class(assignment: str, fixtures: Path = FIXTURES, edition: str = "en") -> list[Trainee]:
    """The demo's class: reference, blank, and the mistake trainees named in the fixtures (of
    their mistakes, those that are mistakes in `edition`)."""
    class_ = [Trainee("demo-reference", "submits the reference solution", "reference"),
              Trainee("demo-blank", "submits the notebook untouched", "blank")]
    mistakes = {m.key: m for m in load_mistakes(assignment, fixtures)}
    path = fixtures / assignment / "mistakes.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for entry in raw.get("demo_trainee", []):
        chosen = tuple(mistakes[k] for k in entry["mistakes"]
                       if not mistakes[k].editions or edition in mistakes[k].editions)
        if not chosen:
            continue
        class_.append(Trainee(entry["id"], "makes typical mistakes: " + ", ".join(m.key for m in chosen),
                              {m.question: m.code for m in chosen}, chosen))
    return class_


def write_submission(submitted_root: Path, trainee: Trainee, assignment: str, release_dir: Path,
                     source_dir: Path, timestamp: str, graded_only: bool = False) -> Path:
    """Write a trainee's submission folder as `nbgrader collect` would leave it.

    With `graded_only`, notebooks without answer cells (the lecture) are left out, as a
    trainee who uploads only the exercises would; nbgrader scores them as missing.
    """
    folder = submitted_root / trainee.id / assignment
    folder.mkdir(parents=True, exist_ok=True)
    graded = _notebooks_with_answers(source_dir)
    for nb_path in sorted(release_dir.glob("*.ipynb")):
        if nb_path.name in graded:
            nb = submission(release_dir, source_dir, nb_path.name, trainee.answers, trainee.stops_after)
        elif graded_only:
            continue
        else:
            nb = nbformat.read(nb_path, as_version=4)
        target = folder / nb_path.name
        tmp = target.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        tmp.replace(target)
    (folder / "timestamp.txt").write_text(timestamp + "\n", encoding="utf-8")
    return folder


def _notebooks_with_answers(source_dir: Path) -> set[str]:
    names = set()
    for p in source_dir.glob("*.ipynb"):
        nb = nbformat.read(p, as_version=4)
        if answer_cells(nb):
            names.add(p.name)
    return names
