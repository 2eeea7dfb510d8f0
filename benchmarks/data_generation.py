"""How long each dataset takes to generate: the published seed and a class's key, side by side.

Every notebook that finds its data missing rebuilds them, and `course hub setup` builds a
class's data from its key, so generation must stay quick (targets: each dataset under 2 s,
registers under 5 s, which also rebuilds the county). Times are the best of `--repeat` runs,
so that a busy machine measures the code rather than the load.

    .venv/bin/python benchmarks/data_generation.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import inspect
import sys
import time

TARGET = {"registers": 5.0}  # seconds; every other dataset 2.0


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from course.data import build, classkey

    key = classkey.new_key()
    print(f"{'dataset':12} {'published':>10} {'class key':>10} {'class/published':>16} {'target':>7}")
    over = []
    for name, gen in build.DATASETS.items():
        extra = {"secret": True} if "secret" in inspect.signature(gen.generate).parameters else {}
        if getattr(gen, "BASED_ON", None):
            extra["base_seed"] = classkey.seed(key, gen.BASED_ON)
        published = best_of(args.repeat, lambda: gen.generate(gen.DEFAULT_SEED))
        mine = best_of(args.repeat, lambda: gen.generate(classkey.seed(key, name), **extra))
        target = TARGET.get(name, 2.0)
        if max(published, mine) > target:
            over.append(name)
        print(f"{name:12} {published:9.2f}s {mine:9.2f}s {mine / published:15.2f}x {target:6.1f}s")
    print("over target: " + (", ".join(over) if over else "none"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
