"""Building datasets on disk: deterministic CSV files, a manifest and a data card.

A build uses the generator's default seed, or, for a class, seeds derived from the class's
secret key (course.data.classkey): then the manifest and the card name no seed and no count
or checksum of the truth, which the trainees of that class must not be able to work out.

Writes are atomic (temporary file, then rename) so two kernels that build at the same
moment, as parallel autograding does, never see half a file: both write the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from course.data import card, classkey, county, judgments, learning, protection, registers, traces
from course.i18n import translator

_ = translator()


class TableNotFound(KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class ClassDataUnavailable(RuntimeError):
    """Class data that only an instructor (who holds the class key) can rebuild."""


# dataset name -> generator module (with VERSION, DEFAULT_SEED, TABLES, generate()). BASED_ON
# names the dataset whose seed generate() takes as `base_seed`; a generator whose planted
# anomalies are partly scripted in its source declares SECRET_ARRANGEMENT and takes
# `secret=True` for a class's build.
DATASETS = {"county": county, "protection": protection, "registers": registers, "learning": learning,
            "traces": traces, "judgments": judgments}


def locate(table: str) -> tuple[str, str]:
    """(dataset, relative file path) of a table name."""
    for name, gen in DATASETS.items():
        for t in gen.TABLES:
            if t.name == table:
                return name, t.relpath
    known = ", ".join(t.name for gen in DATASETS.values() for t in gen.TABLES if not t.truth)
    raise TableNotFound(f"There is no table called {table!r}. The tables are: {known}.")


def _serialise(table, value) -> dict[str, bytes]:
    """{relative path: bytes} of one generated table (see course.data.schema)."""
    if isinstance(value, pd.DataFrame):
        return {table.relpath: value.to_csv(index=False, lineterminator="\n").encode("utf-8")}
    if isinstance(value, str):
        return {table.relpath: value.encode("utf-8")}
    if isinstance(value, dict):
        return {f"{table.relpath}/{rel}": data for rel, data in sorted(value.items())}
    raise TypeError(f"generator returned {type(value).__name__} for table {table.name}")


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _replace_folder(target: Path, written: dict[str, bytes], root: Path) -> None:
    """Write a folder table in a private folder, then swap it in with one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    for rel, data in written.items():
        dest = tmp / Path(rel).relative_to(target.relative_to(root))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    os.chmod(tmp, 0o755)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old.{os.getpid()}")
        try:
            os.replace(target, old)
        except OSError:  # another build swapped it in at the same moment: same bytes
            old = None
    try:
        os.replace(tmp, target)
    except OSError:  # a concurrent build won the rename; its folder holds the same bytes
        shutil.rmtree(tmp, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _manifest_ok(folder: Path, gen, manifest: dict, key: str | None) -> bool:
    if manifest.get("version") != gen.VERSION:
        return False
    if key is not None:  # the instructors' side: built from this very key
        if manifest.get("class_key") != classkey.fingerprint(key):
            return False
    elif manifest.get("seed") not in (gen.DEFAULT_SEED, "class"):
        return False  # a trainee accepts the class build the hub gave them, unverified
    # Truth tables are optional here: the grading sandbox sees the data without them.
    return all((folder / rel).is_file() for rel in manifest.get("files", {}) if not rel.startswith("truth/"))


def class_arguments(dataset: str, key: str) -> tuple[int, dict]:
    """The seed and keyword arguments that generate() of `dataset` gets in the class of `key`."""
    gen = DATASETS[dataset]
    extra = {}
    if getattr(gen, "BASED_ON", None):
        extra["base_seed"] = classkey.seed(key, gen.BASED_ON)
    if getattr(gen, "SECRET_ARRANGEMENT", False):
        extra["secret"] = True
    return classkey.seed(key, dataset), extra


def build(root: Path, dataset: str = "county", seed: int | None = None, *, key: str | None = None,
          quiet: bool = False) -> Path:
    """Generate `dataset` under `root` and write its files, card and manifest: from `seed`
    (default: the generator's), or from the seed that class key `key` gives it."""
    gen = DATASETS[dataset]
    if key is not None:
        seed, extra = class_arguments(dataset, key)
    else:
        seed, extra = (gen.DEFAULT_SEED if seed is None else seed), {}
    folder = Path(root) / dataset
    label = _("the class key") if key is not None else _("seed {seed}", seed=seed)
    desc = _("Building the {dataset} data ({how})", dataset=dataset, how=label)
    steps = tqdm(total=len(gen.TABLES) + 2, desc=desc,
                 unit="step", file=sys.stderr, disable=quiet, leave=False)
    tables = gen.generate(seed, **extra)
    steps.update(1)
    files = {}
    for t in gen.TABLES:
        written = _serialise(t, tables[t.name])
        if t.file and isinstance(tables[t.name], dict):
            # A folder table is rewritten whole, so files dropped by a new version disappear.
            _replace_folder(folder / t.relpath, written, folder)
        else:
            for rel, data in written.items():
                _atomic_write(folder / rel, data)
        for rel, data in written.items():
            # A checksum of a small truth table could be matched by trying every labelling.
            files[rel] = "withheld" if key is not None and t.truth else hashlib.sha256(data).hexdigest()
        steps.update(1)
    card.write(folder, dataset, gen, tables, None if key is not None else seed, _atomic_write)
    manifest = {"dataset": dataset, "version": gen.VERSION, "seed": seed, "files": files}
    if key is not None:
        manifest.update(seed="class", class_key=classkey.fingerprint(key))
    _atomic_write(folder / "manifest.json", (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    steps.update(1)
    steps.close()
    return folder


def _readable(path: Path) -> bool:
    try:
        return path.exists()
    except PermissionError:  # on a hub, a trainee may not even look inside truth/
        return False


def ensure(root: Path, dataset: str = "county", *, quiet: bool = False, need: str | None = None) -> Path:
    """The folder of `dataset` under `root`, rebuilt first if it is missing, out of date or
    lacks file `need`: from the class key beside the data when this account can read it,
    else from the default seed. Class data without the key are never replaced."""
    gen = DATASETS[dataset]
    folder = Path(root) / dataset
    key = classkey.find(root)
    manifest = _manifest(folder)
    if _manifest_ok(folder, gen, manifest, key) and not (need and not _readable(folder / need)):
        return folder
    if key is None and manifest.get("seed") == "class":
        if need and need.startswith("truth/") and _manifest_ok(folder, gen, manifest, None):
            raise ClassDataUnavailable(_(
                "The table {table} is the planted truth of the class's data: in class only the "
                "instructors can read it, for grading.", table=repr(Path(need).stem)))
        raise ClassDataUnavailable(_(
            "The {dataset} data of this class are incomplete or were built for another version "
            "of the course, and only an instructor can rebuild them. Please tell your instructor.",
            dataset=dataset))
    if not quiet:
        how = _("the class key") if key is not None else _("the fixed seed")
        print(_("The {dataset} data are missing or out of date here; rebuilding them from {how} "
                "(nothing is downloaded).", dataset=dataset, how=how), file=sys.stderr)
    build(root, dataset, key=key, quiet=quiet)
    return folder
