"""The collision model on 10 million payment rows: pandas vs DuckDB (vs PySpark), side by side.

Each engine runs in its own fresh process on the same Parquet data; its peak memory is the
largest resident set of that process and its children (a Spark JVM included), sampled every
50 ms, and its wall time includes starting up. Prints both, the
ratios against pandas, and whether every engine found the same overpayments.

    .venv/bin/python benchmarks/big_collision.py [--size large] [--engines pandas,duckdb,spark]

The data are generated first if missing (`course.data.bigpay`, about 10.2 million rows).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _child(engine: str, folder: str) -> None:
    from course import bigdata

    if engine == "duckdb":  # measured without pandas, which DuckDB does not need
        rows = bigdata.overpaid_duckdb_rows(folder)
        print(json.dumps({"result": {"township": [r[0] for r in rows], "people": [r[1] for r in rows],
                                     "amount": [r[2] for r in rows]}}))
        return
    result = bigdata.ENGINES[engine](folder)
    print(json.dumps({"result": result.reset_index().to_dict("list")}))


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (a Spark JVM included), in KiB."""
    parents, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parents[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/status") as f:
                rss[int(d)] = next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            pass
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree)


def _measure(engine: str, folder: str) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", engine, folder],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    chunks = []
    import threading

    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    reader.join()
    status = proc.returncode
    seconds = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{engine} failed (status {status})")
    return {"seconds": seconds, "peak_mb": peak / 1024,
            "result": json.loads("".join(chunks).strip().splitlines()[-1])["result"]}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="large", choices=["small", "large"])
    parser.add_argument("--engines", default=None, help="comma-separated (default: pandas,duckdb and spark if available)")
    args = parser.parse_args()

    sys.path.insert(0, REPO)
    from course import bigdata, data
    from course.data import bigpay

    folder = bigpay.ensure(data.data_dir(), args.size)
    manifest = json.loads((folder / "manifest.json").read_text())
    engines = args.engines.split(",") if args.engines else \
        ["pandas", "duckdb"] + (["spark"] if bigdata.spark_available() else [])
    results = {e: _measure(e, str(folder)) for e in engines}
    base = results["pandas"]
    print(f"data: {manifest['payment_rows']:,} payment rows ({args.size}), {os.cpu_count()} cores")
    print(f"{'engine':8} {'wall s':>8} {'peak MiB':>9} {'speed vs pandas':>16} {'memory vs pandas':>17}")
    for e, r in results.items():
        print(f"{e:8} {r['seconds']:8.2f} {r['peak_mb']:9.0f} {base['seconds'] / r['seconds']:15.2f}x "
              f"{r['peak_mb'] / base['peak_mb']:16.2f}x")
    same = all(r["result"] == base["result"] for r in results.values())
    print(f"same clues from every engine: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
