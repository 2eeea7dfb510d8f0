"""Shared fixtures: a throw-away copy of the course directory for nbgrader runs.

Tests never touch the instructor's grading/ folder: each nbgrader run happens in a copy
with its own gradebook. The generated data are shared (built once, atomically).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def make_course_copy(root: Path) -> Path:
    """Copy notebooks/ and grading/nbgrader_config.py under `root`; return root/grading."""
    shutil.copytree(REPO / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "grading").mkdir(parents=True)
    shutil.copy(REPO / "grading" / "nbgrader_config.py", root / "grading" / "nbgrader_config.py")
    return root / "grading"


@pytest.fixture(scope="session", autouse=True)
def course_data():
    from course import data

    data.bigpay_dir("small")
    for name in data.DATASETS:
        data.ensure(name, quiet=True)


_COMPUTED: dict = {}


def computed_once(key, compute):
    """`compute()` once per worker process. A pytest-xdist worker tears module fixtures down
    whenever its queue of tests runs dry, and would otherwise redo a whole class's grading.
    Tests that share such a fixture carry one `xdist_group` mark, so that one worker runs them
    all (`--dist loadgroup`); the rest of the suite spreads over the cores test by test."""
    if key not in _COMPUTED:
        _COMPUTED[key] = compute()
    return _COMPUTED[key]


@pytest.fixture
def course_copy(tmp_path) -> Path:
    return make_course_copy(tmp_path / "course")
