"""benchmarks/hub_class.py without a hub: its arguments, roster and answer (no timing here)."""
import importlib.util
import sys
from pathlib import Path

import pytest

from course.hub import roster

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "hub_class.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("hub_class", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_arguments(bench):
    args = bench.parse_args([])
    assert (args.n, args.find_limit, args.keep, args.max_p95, args.min_free) == (40, False, False, 60.0, 2.0)
    args = bench.parse_args(["--n", "2", "--find-limit", "--step", "5", "--keep"])
    assert (args.n, args.step, args.find_limit, args.keep) == (2, 5, True, True)
    with pytest.raises(SystemExit):
        bench.parse_args(["--n", "0"])


def test_roster_is_one_the_hub_accepts(bench):
    """Only chl- accounts, one instructor, and a roster that `course hub setup` would take."""
    people = roster.parse(bench.roster_text(bench.trainee_names(3)))
    assert [(p.account, p.role) for p in people] == [
        ("chl-i", "instructor"), ("chl-001", "trainee"), ("chl-002", "trainee"), ("chl-003", "trainee")]


def test_answer_and_percentiles(bench):
    answer = bench.solution_source()
    assert "read_csv" in answer and "SOLUTION" not in answer
    assert bench.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert bench.percentile(list(range(1, 41)), 95) == 38
