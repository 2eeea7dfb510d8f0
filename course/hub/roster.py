"""The class roster: who may log in to the hub, under which account, in which role.

A roster is a TOML file with one ``[[person]]`` table per trainee or instructor::

    [[person]]
    account = "zhang-wei"      # the Linux account name (lowercase, as Debian's adduser allows)
    name = "张伟"               # display name, for the instructor's lists
    role = "trainee"           # trainee or instructor

The whole file is checked before any account is made: every problem is reported with the
line it is on, and nothing is created while one remains.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROLES = ("trainee", "instructor")
# Debian's adduser NAME_REGEX (/etc/adduser.conf) without the trailing "$" of machine
# accounts; useradd refuses names longer than 32 characters.
NAME_REGEX = re.compile(r"^[a-z][-a-z0-9_]*$")
MAX_NAME = 32
# Accounts the course makes or relies on itself: a roster may not claim them.
RESERVED = {"root", "nobody", "daemon", "bin", "sys", "admin", "jupyterhub"}


class RosterError(ValueError):
    """The roster cannot be used; the message lists every problem with its line."""


@dataclass(frozen=True)
class Person:
    account: str
    name: str
    role: str
    line: int

    @property
    def instructor(self) -> bool:
        return self.role == "instructor"


def _person_lines(text: str) -> list[int]:
    """Line number of each ``[[person]]`` header, in order."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[person]]")]


def parse(text: str, source: str = "roster") -> list[Person]:
    """Check a roster's text and return its people; raise RosterError naming every problem."""
    if not text.strip():
        raise RosterError(f"{source}: the file is empty. Add one [[person]] table per trainee and "
                          f"instructor (see hub/roster.example.toml).")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(f"{source}: this is not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"person"})
    entries = doc.get("person", [])
    problems = []
    if unknown:
        problems.append(f"{source}: unknown section(s) {', '.join(unknown)}; only [[person]] tables belong here")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{source}: no [[person]] table: nobody could log in")
        raise RosterError("\n".join(problems))
    lines = _person_lines(text)
    people, seen = [], {}
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else 0
        where = f"{source}, line {line}"
        account = entry.get("account")
        name = entry.get("name", "")
        role = entry.get("role")
        extra = sorted(set(entry) - {"account", "name", "role"})
        if extra:
            problems.append(f"{where}: unknown key(s) {', '.join(extra)} (use account, name, role)")
        if not isinstance(account, str) or not account:
            problems.append(f"{where}: no account name (account = \"...\")")
            continue
        if not NAME_REGEX.match(account) or len(account) > MAX_NAME:
            problems.append(f"{where}: {account!r} is not a valid Linux account name: use lowercase "
                            f"letters, digits, '-' and '_', starting with a letter, at most {MAX_NAME} "
                            f"characters (for example \"zhang-wei\")")
        elif account in RESERVED:
            problems.append(f"{where}: {account!r} is a system account name; choose another")
        if account in seen:
            problems.append(f"{where}: account {account!r} is listed twice (first on line {seen[account]})")
        seen.setdefault(account, line)
        if role not in ROLES:
            problems.append(f"{where}: role {role!r} is unknown; use \"trainee\" or \"instructor\"")
        if not isinstance(name, str) or any(c in name for c in ":,\n"):
            problems.append(f"{where}: the display name may not contain ':', ',' or a line break")
        people.append(Person(account, name if isinstance(name, str) else "", role, line))
    if problems:
        raise RosterError("\n".join(problems))
    return people


def load(path: str | Path) -> list[Person]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc.strerror})") from None
    return parse(text, str(path))
