"""Sandbox limits: defaults, overridden per assignment in ``grading/autograde.toml``."""
from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

from course.autograde.sandbox import Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "autograde.toml"


def load_limits(grading: Path, assignment: str) -> Limits:
    path = Path(grading) / CONFIG_FILE
    values: dict = {}
    if path.is_file():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        values.update(raw.get("limits", {}))
        values.update(raw.get("assignment", {}).get(assignment, {}).get("limits", {}))
    known = {f.name for f in fields(Limits)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"{path}: unknown limit(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(known))}")
    return Limits(**{k: int(v) for k, v in values.items()})
