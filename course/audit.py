"""An audit record of each model run (审计留痕), appended to a log that is never rewritten.

Who ran which model, which version, when, on exactly which input files (their SHA-256), how
many clues came out and which columns were exported. One JSON object per line (JSON Lines),
so the log is readable in any text editor and by `read_log`. Each record also carries the
SHA-256 of the line before it: editing or deleting an earlier record breaks the chain, and
`verify_log` says where.

    from course import audit
    entry = audit.record_run("audit-log.jsonl", who="Wang Fang, data office",
                             model="Disqualified legal representatives", version="1.0",
                             inputs=[course.data.path("companies")], clues=export)

`record_run` only ever appends: earlier records are never overwritten or removed.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from course.i18n import N_, translator

_ = translator()

# An evidence trail in China reads Beijing time: every record carries its offset, +08:00.
BEIJING = _dt.timezone(_dt.timedelta(hours=8), "Asia/Shanghai")

FIELDS = ("who", "model", "version", "run_at", "inputs", "n_clues", "columns", "previous")


class AuditError(ValueError):
    """The record cannot be written: say what is missing or wrong."""


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, read in blocks (large files need little memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _text(value, argument: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AuditError(_("`{argument}` is empty. An audit record must say {what}: write it as text.",
                           argument=argument, what=_(what)))
    return value.strip()


def _last_line(log: Path) -> str | None:
    if not log.exists() or log.stat().st_size == 0:
        return None
    with open(log, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        pos, chunk = size, b""
        while pos > 0 and chunk.count(b"\n") < 2:
            step = min(4096, pos)
            pos -= step
            f.seek(pos)
            chunk = f.read(step) + chunk
    if not chunk.endswith(b"\n"):
        raise AuditError(_("The last line of {log} is incomplete: the log was edited or a write "
                           "was cut off. Keep it as evidence and start a new log file.", log=log.name))
    return chunk[:-1].rsplit(b"\n", 1)[-1].decode("utf-8")


def record_run(log: str | os.PathLike, *, who: str, model: str, version: str, inputs,
               clues: pd.DataFrame, when: _dt.datetime | None = None) -> dict:
    """Append one record of a model run to `log` and return it.

    inputs  the files the model read (paths); each is hashed.
    clues   the clue list as exported: its rows are counted and its columns listed.
    when    the time of the run; now, in Beijing time (+08:00), by default.
    """
    record = {"who": _text(who, "who", N_("who ran the model")), "model": _text(model, "model", N_("which model")),
              "version": _text(version, "version", N_("which version of the model"))}
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs or [])
    if not paths:
        raise AuditError(_("`inputs` is empty. List the data files the model read, e.g. "
                           "`[course.data.path(\"companies\"), ...]`."))
    files = []
    for p in paths:
        p = Path(p)
        if not p.is_file():
            raise AuditError(_("`{path}` is not a file. List the files the model read, e.g. "
                               "`course.data.path(\"companies\")`.", path=p))
        files.append({"file": p.name, "sha256": file_sha256(p), "bytes": p.stat().st_size})
    if type(clues) is not pd.DataFrame:
        raise AuditError(_("`clues` should be the exported clue list, a pandas table (DataFrame)."))
    when = when or _dt.datetime.now(BEIJING)
    if when.tzinfo is None:
        raise AuditError(_("`when` needs a time zone, e.g. `datetime.now(audit.BEIJING)`."))
    log = Path(log)
    last = _last_line(log)
    record.update({
        "run_at": when.isoformat(timespec="seconds"),
        "inputs": files,
        "n_clues": int(len(clues)),
        "columns": [str(c) for c in clues.columns],
        "previous": hashlib.sha256(last.encode("utf-8")).hexdigest() if last is not None else None,
    })
    line = json.dumps(record, ensure_ascii=False, sort_keys=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    # "a": the operating system appends at the end; nothing already written is touched.
    with open(log, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    return record


def read_log(log: str | os.PathLike) -> list[dict]:
    """Every record of the log, oldest first."""
    with open(log, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def verify_log(log: str | os.PathLike) -> list[str]:
    """Problems found in the chain of records; an empty list means the log is intact."""
    problems, previous = [], None
    with open(log, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    for n, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            problems.append(_("line {n} is not a record", n=n))
            previous = hashlib.sha256(line.encode("utf-8")).hexdigest()
            continue
        if record.get("previous") != previous:
            problems.append(_("line {n} does not follow line {before}: a record was changed, removed or "
                              "inserted", n=n, before=n - 1) if n > 1 else _("line 1 claims a predecessor"))
        previous = hashlib.sha256(line.encode("utf-8")).hexdigest()
    return problems
