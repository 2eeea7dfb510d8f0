"""A class's own key: the secret that makes one class's data differ from the published ones.

The generators and their default seeds ship in the package, so anyone can rebuild the default
data, `truth/` included. That is right for self-study, where the learner owns the solutions,
but not in class: a trainee could call a generator in a notebook and read the planted answers.
A class therefore builds its data from a random key that only its instructors can read. Each
dataset's seed is derived from the key (128 bits, far beyond guessing), the trainees get the
data without `truth/`, and the published generators rebuild other data, not theirs.

The key sits beside the data it built, in ``<data folder>/.class-key`` (mode 0640, owned by
root and the instructors' group on a hub). The readable manifest records only a fingerprint of
the key, so an instructor can tell which key built a folder and a trainee learns nothing.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

KEY_FILE = ".class-key"
_KEY = re.compile(r"[0-9a-f]{64}")


class ClassKeyError(ValueError):
    """A key file that is not a class key."""


def new_key() -> str:
    return secrets.token_hex(32)


def read(path: Path) -> str:
    text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    if not _KEY.fullmatch(text):
        raise ClassKeyError(f"{path} is not a class key: it should hold one line of 64 hex digits, "
                            f"as `course data build --class-key {path}` writes it. Restore it from "
                            f"the backup of the course, or the class's data cannot be rebuilt.")
    return text


def create(path: Path, *, key: str | None = None, gid: int | None = None) -> str:
    """The key in `path`, written there first if there is none: `key`, or a new one. A key is
    never replaced: the class's data, and so every grade, depend on it."""
    path = Path(path)
    if path.exists():
        return read(path)
    key = new_key() if key is None else key
    if not _KEY.fullmatch(key):
        raise ClassKeyError("a class key is 64 hex digits")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    if gid is not None:
        os.chown(tmp, 0, gid)
        os.chmod(tmp, 0o640)
    try:
        os.link(tmp, path)  # fails if another setup made a key meanwhile: keep that one
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return read(path)


def find(root: Path) -> str | None:
    """The key that built the data under `root`, if this account may read it."""
    path = Path(root) / KEY_FILE
    try:
        return read(path)
    except (FileNotFoundError, PermissionError):
        return None


def for_build(root: Path, given: Path | None = None) -> str | None:
    """The key a rebuild of the data under `root` must use, or None for the published seeds.

    Data that a class key built are always rebuilt from that key, never from the published
    seeds. `given` (``course data build --class-key FILE``) is read, or created there, and
    becomes the folder's key when the folder has none; a folder of another class refuses it.
    """
    beside = Path(root) / KEY_FILE
    key = find(root)
    if beside.exists() and key is None:
        raise ClassKeyError(f"These data were built from a class key that this account cannot read "
                            f"({beside}). Only an instructor of the class can rebuild them.")
    if given is None:
        return key
    wanted = create(Path(given))  # made in FILE if FILE does not exist
    if key is not None and key != wanted:
        raise ClassKeyError(f"{beside} holds another class's key, so these data belong to that "
                            f"class. Give this class another data folder (COURSE_DATA_DIR).")
    return create(beside, key=wanted)


def fingerprint(key: str) -> str:
    return hashlib.sha256(f"fingerprint:{key}".encode()).hexdigest()[:16]


def seed(key: str, dataset: str) -> int:
    """The seed of `dataset` in the class of `key`."""
    return int.from_bytes(hashlib.sha256(f"seed:{dataset}:{key}".encode()).digest()[:16], "big")
