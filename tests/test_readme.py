"""The README's instructor commands work exactly as written, in a copy of the course."""
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _blocks() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- readme-test: (\w+) -->\n```bash\n(.*?)```", readme, re.S))


def test_readme_commands_run_as_written(tmp_path):
    from conftest import make_course_copy

    blocks = _blocks()
    assert list(blocks) == ["instructor", "trainee", "grade"]
    root = tmp_path / "clone"
    make_course_copy(root)
    (root / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "NBGRADER_EXCHANGE")}
    for name, script in blocks.items():
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=root, env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, f"README block {name!r} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    grades = (root / "grading" / "grades.csv").read_text()
    assert "01-case-data" in grades and len(grades.splitlines()) == 2
    assert list((root / "grading" / "feedback").rglob("*.html"))
