"""Hidden tests of assignment 06-rule-models: what only they use.

The planted ground truth (`truth`, read from the `truth/` tables), the expected values only
hidden tests compare with (`hidden_key`: the earliest death of each person, the convict's ID of
each barred judgment, the careful list measured on the hand checks, the keyed pseudonyms),
further examples for `precision_recall`, dirty IDs as the agencies typed them, and the
sections of a model card.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import re

from course import data
from course.exercises.rule_models import (LISTED, TRAINING_KEY, _company_facts, _disqualified,  # noqa: F401
                                          _first_deaths, _measure, _table, _windows, answer_key)
from course.exercises.rule_models import _pr_case as pr_case  # noqa: F401  (the visible check's own)


@functools.lru_cache(maxsize=1)
def hidden_key() -> dict:
    """Expected values that only hidden tests compare with, from the data."""
    rep_id, careful, checked, confirmed = _company_facts()
    return {
        "first_death": {k: v.isoformat() for k, v in _first_deaths().items()},
        "barred_id": {case: ident for ident, (case, _, _) in _windows(LISTED).items()},
        "rep_key": {c: hmac.new(TRAINING_KEY.encode(), rep_id[c].encode(), hashlib.sha256).hexdigest()[:16]
                    for c in careful},
    }


@functools.lru_cache(maxsize=1)
def truth() -> dict:
    """The planted ground truth (grading only: the truth tables are absent in the sandbox)."""
    reps = data.load("disqualified_reps")
    # A death whose every report has a mistyped ID cannot be linked to the pensions by any
    # model (module 01 sends such reports back to be corrected): its payments are not a clue.
    deaths = data.load("true_deaths")
    linkable = set(deaths.loc[deaths["reported_ok"] == "yes", "id_number"])
    after = data.load("payments_after_death")
    _, _, checked, confirmed = _company_facts()
    return {
        "dead_paid": set(after.loc[after["id_number"].isin(linkable), "payment_id"]),
        "custody_paid": set(data.load("payments_in_custody")["payment_id"]),
        "licensed": dict(zip(*(data.load("licensed_drunk_drivers")[c] for c in ("licence_no", "case_no")))),
        "disqualified": dict(zip(reps["credit_code"], reps["case_no"])),
        "persons": reps["id_number"].nunique(),
        # the planted companies measured on the hand-checked sample, as `mine_checked` should be
        "mine_checked": _measure(set(reps["credit_code"]) & checked, confirmed),
    }


def dirty_id_samples() -> list[str]:
    """ID numbers exactly as the agencies typed them, where typing made them dirty."""
    raw = []
    for table, column in (("deaths", "id_number"), ("judgments", "id_number"),
                          ("licences", "id_number"), ("companies", "legal_rep_id")):
        dirty = {v for v in _table(table)[column] if v != v.strip().upper() or " " in v or not v.isascii()}
        # a fixed, well-mixed choice: ordered by a hash of the text, not alphabetically
        raw += sorted(dirty, key=lambda v: hashlib.sha256(v.encode("utf-8")).hexdigest())[:8]
    return raw


PR_HIDDEN = [
    (["A", "B", "C"], ["C", "B", "A"], 1.0, 1.0),
    (["A", "B", "C", "D", "E"], ["A", "F", "G", "H"], 1 / 5, 1 / 4),
    (["A"], [], 0.0, 0.0),
    (["K1", "K2", "K2", "K3"], ["K2", "K2", "K9"], 1 / 3, 1 / 2),
]


def card_sections(card: str) -> dict[str, str]:
    """The body of each section of a rendered card, by the argument that fills it (`"legal_basis"`),
    in the card's language (hidden tests use it)."""
    from course import modelcard

    return modelcard.sections(card)


def card_clues(card: str) -> int | None:
    """The number of clues the card's Results section reports."""
    from course import modelcard

    return modelcard.result_number(card, "clues")


