"""The course plan, read from `syllabus.toml` (the one place it is written down)."""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SYLLABUS_FILE = Path(__file__).with_name("syllabus.toml")


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    status: str
    day: int
    skills: str
    lecture_minutes: int = 0
    exercise_minutes: int = 0
    points: int = 0
    checks: str = ""
    datasets: tuple[str, ...] = ()
    objectives: tuple[str, ...] = field(default_factory=tuple)
    # languages whose catalogs hold every word of the module's notebooks (course/translate.py)
    notebooks_translated: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def questions(self):
        """The module's Question objects, in notebook order."""
        return importlib.import_module(self.checks).QUESTIONS if self.checks else []

    def written(self):
        """The module's written answers, graded by the instructor (WrittenQuestion objects)."""
        return list(getattr(importlib.import_module(self.checks), "WRITTEN", [])) if self.checks else []


def load(path: Path = SYLLABUS_FILE) -> tuple[dict, list[Module]]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    modules = []
    for entry in raw["module"]:
        entry = dict(entry)
        for key in ("datasets", "objectives", "notebooks_translated"):
            if key in entry:
                entry[key] = tuple(entry[key])
        modules.append(Module(**entry))
    return raw["course"], modules


def modules(ready_only: bool = False) -> list[Module]:
    return [m for m in load()[1] if m.ready or not ready_only]


def module(module_id: str) -> Module:
    for m in modules():
        if m.id == module_id:
            return m
    known = ", ".join(m.id for m in modules())
    raise KeyError(f"No module {module_id!r} in the syllabus. Modules: {known}.")


def markdown_table(lang: str | None = None) -> str:
    """The README's module table, in `lang` (default English; the editions' READMEs)."""
    from course import i18n
    from course.i18n import N_

    _ = i18n.translator(i18n.SHARED, lang or i18n.ENGLISH)

    N_("ready"), N_("planned")    # the statuses the table shows
    rows = [_("| # | module | day | time | points | skills | status |"),
            "|---|---|---|---|---|---|---|"]
    for m in modules():
        time = _("{lecture} + {exercises} min", lecture=m.lecture_minutes, exercises=m.exercise_minutes) if m.ready else ""
        points = str(m.points) if m.ready else ""
        title = _(m.title)
        if m.ready:
            title = f"[{title}](notebooks/{m.id}/)"
        cells = [m.number, title, str(m.day), time, points, _(m.skills), _(m.status)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
