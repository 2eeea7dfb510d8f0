"""The README's instructor commands work exactly as written, in a copy of the course: the
English README's on the English course, the Chinese README's on the Chinese course."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EDITIONS = {"README.md": "grading", "README.zh_CN.md": "grading/zh_CN"}


def _blocks(name: str) -> dict[str, str]:
    readme = (REPO / name).read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- readme-test: (\w+) -->\n```bash\n(.*?)```", readme, re.S))


@pytest.mark.parametrize("name", EDITIONS)
def test_readme_commands_run_as_written(tmp_path, name):
    from conftest import make_course_copy

    blocks = _blocks(name)
    assert list(blocks) == ["instructor", "trainee", "grade"]
    root = tmp_path / "clone"
    make_course_copy(root)
    (root / "grading" / "zh_CN").mkdir()     # as a clone has it: the edition's configuration only
    shutil.copy(REPO / "grading" / "zh_CN" / "nbgrader_config.py", root / "grading" / "zh_CN")
    (root / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "NBGRADER_EXCHANGE")}
    for block, script in blocks.items():
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=root, env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, f"{name} block {block!r} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    grading = root / EDITIONS[name]
    grades = (grading / "grades.csv").read_text()
    assert "01-case-data" in grades and len(grades.splitlines()) == 2
    pages = list((grading / "feedback").rglob("*.html"))
    assert pages
    if name != "README.md":   # the edition's class, graded in its language
        assert "procuratorial-data-zh" in _blocks(name)["trainee"]
        assert re.search(r"[\u4e00-\u9fff]{4}", pages[0].read_text(encoding="utf-8"))
