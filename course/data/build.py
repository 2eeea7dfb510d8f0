"""Building datasets on disk: deterministic CSV files, a manifest and a data card.

Writes are atomic (temporary file, then rename) so two kernels that build at the same
moment, as parallel autograding does, never see half a file: both write the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from tqdm import tqdm

from course.data import card, county


class TableNotFound(KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


# dataset name -> generator module (with VERSION, DEFAULT_SEED, TABLES, generate())
DATASETS = {"county": county}


def locate(table: str) -> tuple[str, str]:
    """(dataset, relative file path) of a table name."""
    for name, gen in DATASETS.items():
        for t in gen.TABLES:
            if t.name == table:
                return name, table_file(t)
    known = ", ".join(t.name for gen in DATASETS.values() for t in gen.TABLES if not t.truth)
    raise TableNotFound(f"There is no table called {table!r}. The tables are: {known}.")


def table_file(table) -> str:
    return f"truth/{table.name}.csv" if table.truth else f"{table.name}.csv"


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _manifest_ok(folder: Path, gen, seed: int) -> bool:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("version") != gen.VERSION or manifest.get("seed") != seed:
        return False
    # Truth tables are optional here: the grading sandbox sees the data without them.
    return all((folder / rel).is_file() for rel in manifest.get("files", {}) if not rel.startswith("truth/"))


def build(root: Path, dataset: str = "county", seed: int | None = None, *, quiet: bool = False) -> Path:
    """Generate `dataset` under `root` and write its files, card and manifest."""
    gen = DATASETS[dataset]
    seed = gen.DEFAULT_SEED if seed is None else seed
    folder = Path(root) / dataset
    steps = tqdm(total=len(gen.TABLES) + 2, desc=f"Building the {dataset} data (seed {seed})",
                 unit="step", file=sys.stderr, disable=quiet, leave=False)
    tables = gen.generate(seed)
    steps.update(1)
    files = {}
    for t in gen.TABLES:
        data = tables[t.name].to_csv(index=False, lineterminator="\n").encode("utf-8")
        rel = table_file(t)
        _atomic_write(folder / rel, data)
        files[rel] = hashlib.sha256(data).hexdigest()
        steps.update(1)
    _atomic_write(folder / "README.md", card.render(dataset, gen, tables, seed).encode("utf-8"))
    manifest = {"dataset": dataset, "version": gen.VERSION, "seed": seed, "files": files}
    _atomic_write(folder / "manifest.json", (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    steps.update(1)
    steps.close()
    return folder


def ensure(root: Path, dataset: str = "county", *, quiet: bool = False, need: str | None = None) -> Path:
    gen = DATASETS[dataset]
    folder = Path(root) / dataset
    if not _manifest_ok(folder, gen, gen.DEFAULT_SEED) or (need and not (folder / need).is_file()):
        if not quiet:
            print(f"The {dataset} data are missing or out of date here; rebuilding them from the "
                  f"fixed seed (nothing is downloaded).", file=sys.stderr)
        build(root, dataset, quiet=quiet)
    return folder
