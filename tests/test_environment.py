"""environment.yml (conda) lists the same packages and ranges as pyproject.toml (pip)."""
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0].split("#")[0].strip()
    name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
    return name.lower().replace("_", "-"), requirement[len(name):].replace(" ", "")


def test_conda_and_pip_agree():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip = dict(_split(r) for r in project["dependencies"] + extras["test"] + extras["spark"]
                + extras["hub"])
    conda = {}
    in_deps = False
    for line in (REPO / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and line.startswith("  - pip:"):
            continue
        if in_deps and (line.startswith("  - ") or line.startswith("      - ")):
            name, spec = _split(line.strip()[2:])
            if name not in ("python", "pip", "openjdk"):  # conda brings these; pip cannot
                conda[name] = spec
    assert conda == pip


def test_every_range_has_an_upper_bound():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        assert "<" in requirement.split(";")[0], f"{requirement}: pin a range so grades stay reproducible"
