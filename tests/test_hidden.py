"""What only hidden tests use lives in `course.hidden`, out of a trainee's package.

- the visible checks (`course.exercises`) never read a `truth/` table;
- no name defined in `course.hidden.<m>` is an attribute of `course.exercises.<m>`;
- hidden test cells reach the checks module `q` only through `q.<qid>.check(quiet=True)`.
"""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest

from course import data, syllabus
from course.data import build
from truth_lock import lock

REPO = Path(__file__).resolve().parents[1]
READY = [m for m in syllabus.modules(ready_only=True) if m.checks]
TRUTH = {t.name for gen in build.DATASETS.values() for t in gen.TABLES if t.truth}


def _leaf(m) -> str:
    return m.checks.rsplit(".", 1)[1]


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_visible_checks_never_read_a_truth_table(module, monkeypatch):
    """Reading a truth table raises; the checks module still imports and builds its answer key,
    and its source names no truth table."""
    lock(data, AssertionError, setattr=monkeypatch.setattr)   # a truth read fails the test
    source = (REPO / "course" / "exercises" / f"{_leaf(module)}.py").read_text(encoding="utf-8")
    named = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and n.value in TRUTH}
    assert not named, f"course/exercises/{_leaf(module)}.py names truth tables {sorted(named)}"
    checks = importlib.reload(importlib.import_module(module.checks))
    if hasattr(checks, "answer_key"):
        checks.answer_key.cache_clear() if hasattr(checks.answer_key, "cache_clear") else None
        checks.answer_key()


def _defined(path: Path) -> set[str]:
    """Public names a module defines itself (imports re-export visible things and do not count)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_the_trainees_package_exposes_no_hidden_value(module):
    leaf = _leaf(module)
    hidden_file = REPO / "course" / "hidden" / f"{leaf}.py"
    assert hidden_file.is_file(), f"course/hidden/{leaf}.py is missing"
    exercises = importlib.import_module(module.checks)
    importlib.import_module(f"course.hidden.{leaf}")
    leaked = sorted(n for n in _defined(hidden_file) if hasattr(exercises, n))
    assert not leaked, f"{module.checks} still has {leaked}"


@pytest.mark.parametrize("module", READY, ids=lambda m: m.id)
def test_hidden_tests_reach_q_only_through_its_visible_check(module):
    nb = nbformat.read(REPO / "notebooks" / module.id / "2-exercises.ipynb", as_version=4)
    for cell in nb.cells:
        if "### BEGIN HIDDEN TESTS" not in cell.source:
            continue
        gid = cell.metadata["nbgrader"]["grade_id"]
        allowed = {f"q.{gid.removeprefix('hidden_')}.check(quiet=True)"}
        uses = set(re.findall(r"\bq\.[\w.]+(?:\([^)]*\))?", cell.source))
        assert uses <= allowed, f"{module.id} {gid} uses {sorted(uses - allowed)}"
        hidden_part = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]
        if "hidden." in hidden_part:
            assert f"from course.hidden import {_leaf(module)} as hidden" in hidden_part, gid
