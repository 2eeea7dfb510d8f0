"""Where the course's generated data live, and how notebooks load them.

Notebooks never hard-code a path: ``course.data.path("deaths")`` finds (and if need be
builds) the file, so the same notebook runs from the source folder, a release folder, an
nbgrader autograde folder or a trainee's home folder. Nothing is ever downloaded: a
missing or outdated file is regenerated from the fixed seed.

Where the files go, first match wins:

1. ``$COURSE_DATA_DIR`` when set;
2. ``datasets/`` of the course repository, when the package runs from a checkout;
3. ``~/.cache/procuratorial-course/datasets`` otherwise (a pip-installed package).
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from course.data import build as _build
from course.data.build import DATASETS, TableNotFound

__all__ = ["path", "load", "describe", "data_dir", "ensure", "bigpay_dir", "DATASETS", "TableNotFound"]

_REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The folder that holds one sub-folder per dataset."""
    env = os.environ.get("COURSE_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if (_REPO / "pyproject.toml").is_file() and (_REPO / "datasets").is_dir():
        return _REPO / "datasets"
    return Path.home() / ".cache" / "procuratorial-course" / "datasets"


def ensure(dataset: str = "county", *, quiet: bool = False, need: str | None = None) -> Path:
    """Make sure `dataset` is built and current (and file `need` exists); return its folder."""
    return _build.ensure(data_dir(), dataset, quiet=quiet, need=need)


def path(table: str) -> Path:
    """Path of the file of `table` (``"deaths"`` → its CSV file, ``"access_log"`` → the log,
    a folder table → the folder), building the data if needed."""
    dataset, rel = _build.locate(table)
    return ensure(dataset, need=rel) / rel


def load(table: str) -> pd.DataFrame:
    """Read CSV table `table` with every column as text, exactly as the agency exported it."""
    dataset, rel = _build.locate(table)
    if not rel.endswith(".csv"):
        raise TableNotFound(f"{table!r} is not a table but the file or folder {rel.rsplit('/', 1)[-1]!r}. "
                            f"Use course.data.path({table!r}) to get its path, then open it.")
    return pd.read_csv(path(table), dtype=str, keep_default_na=False)


class _Markdown(str):
    """Text that JupyterLab shows as formatted Markdown and a plain console as it is."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def describe(table: str) -> _Markdown:
    """What each column of `table` holds: its part of the data card, in the notebook's language.
    The card's planted truth is not shown: a trainee reads what a column means without learning what the exercise should find."""
    from course.data import card

    dataset, _ = _build.locate(table)
    t = next(t for t in DATASETS[dataset].TABLES if t.name == table)
    if t.truth:
        raise TableNotFound(f"{table!r} is ground truth: it measures a model and is never one of its inputs, "
                            "so it has no description for trainees.")
    content = _read_any(ensure(dataset, quiet=True, need=t.relpath) / t.relpath)
    from course import i18n

    return _Markdown("\n".join(card._table_section(t, content, lang=i18n.language())))


def _read_any(file: Path):
    """A table's content as the data card counts it: a CSV as a frame, a text file as text, a
    folder as {name: path}."""
    if file.is_dir():
        return {p.name: p for p in file.iterdir()}
    if file.suffix == ".csv":
        return pd.read_csv(file, dtype=str, keep_default_na=False)
    return file.read_text(encoding="utf-8")


def bigpay_dir(size: str = "small") -> Path:
    """Folder of module 03's Parquet payments (`payments/year=YYYY/`, `deaths.parquet`),
    generated from the seed when missing: "small" (~240,000 rows) or "large" (~10 million)."""
    from course.data import bigpay

    return bigpay.ensure(data_dir(), size)
