"""How a generator describes what it writes, for the build and the data card.

A table is written according to what the generator returns for it: a DataFrame becomes
``<name>.csv``; a string becomes the text file named by ``file`` (a log, say); a dict of
``{relative path: bytes}`` becomes the folder named by ``file`` (a folder of evidence
files, say). Ground-truth tables go under ``truth/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Column:
    name: str
    dtype: str
    meaning: str


@dataclass
class Table:
    name: str
    title: str
    source: str
    columns: list[Column] = field(default_factory=list)
    dirt: list[str] = field(default_factory=list)
    truth: bool = False  # ground-truth tables live in truth/ and are for measuring, not for clues
    file: str = ""       # file or folder name for a text or folder table; "" means <name>.csv
    layout: str = ""     # for a text or folder table: what one line (or one file) holds

    @property
    def relpath(self) -> str:
        return ("truth/" if self.truth else "") + (self.file or f"{self.name}.csv")
