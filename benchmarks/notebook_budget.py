"""Each graded notebook against its budget: under 30 seconds and under 1 GiB on this machine.

Executes every ready module's `2-exercises.ipynb` (the reference solution) with nbconvert in
a fresh kernel, samples the resident memory of nbconvert and its kernel every 50 ms, and
prints wall time and peak memory next to the budget.

    .venv/bin/python benchmarks/notebook_budget.py [--lectures] [MODULE ...]

`--lectures` measures the lecture notebooks as well: they are not graded, so the 30-second
budget does not bind them, but their memory is what a trainee's server needs on the hub.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from big_collision import _tree_rss_kb  # noqa: E402

BUDGET_S, BUDGET_MB = 30.0, 1024.0


def measure(notebook: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
               str(notebook), "--output-dir", tmp]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"))
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        if proc.returncode:
            raise SystemExit(f"{notebook} failed to execute")
    return seconds, peak / 1024


def main(argv: list[str]) -> int:
    from course import syllabus

    lectures = "--lectures" in argv
    chosen = [a for a in argv if not a.startswith("--")]
    ok = True
    print(f"{'notebook':36} {'wall s':>7} {'peak MiB':>9}  budget {BUDGET_S:.0f} s / {BUDGET_MB:.0f} MiB")
    for m in syllabus.modules(ready_only=True):
        if chosen and m.id not in chosen:
            continue
        for name in (["1-lecture.ipynb"] if lectures else []) + ["2-exercises.ipynb"]:
            seconds, mb = measure(REPO / "notebooks" / m.id / name)
            graded = name.startswith("2-")
            within = mb < BUDGET_MB and (seconds < BUDGET_S or not graded)
            ok &= within
            print(f"{m.id + '/' + name:36} {seconds:7.1f} {mb:9.0f}  {'within' if within else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
