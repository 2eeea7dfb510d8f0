"""Hidden tests of assignment 05-network-protection: what only they use.

The labels of the held-out addresses (the `url_labels` truth table) and the bars the
predictions must reach on them, and who is behind each pseudonym. The expected hashes,
strengths, masks, pseudonyms and URL features are what the visible checks compute too; they
are imported from `course.exercises.protection`.
"""
from __future__ import annotations

import functools

from course import data
from course.exercises.protection import (HMAC_KEY, _predictions, answer_key, band_range,  # noqa: F401
                                         compare_features,
                                         expected_hash, expected_mask, expected_pseudonym,
                                         expected_strength)

# Bars for predictions on the held-out addresses (stated in the questions).
RULE_MIN_PRECISION, RULE_MIN_RECALL = 0.80, 0.40
MODEL_MIN_PRECISION, MODEL_MIN_RECALL = 0.85, 0.70


@functools.lru_cache(maxsize=1)
def hidden_key() -> dict:
    """Expected values that only hidden tests compare with."""
    key = answer_key()
    citizens = key["citizens"]
    return {"person_of_pid": {p: (int(a), s, t) for p, a, s, t in
                              zip(key["pid"], citizens["age"], citizens["sex"], citizens["township"])}}


@functools.lru_cache(maxsize=1)
def _test_labels() -> dict[str, bool]:
    """Held-out truth (the grader has it; the sandbox does not)."""
    truth = data.load("url_labels")
    test = set(answer_key()["test_ids"])
    return {i: lab == "phishing" for i, lab in zip(truth["url_id"], truth["label"]) if i in test}


def held_out(pred) -> tuple[float, float]:
    """Precision and recall of predictions (url_id -> phishing?) on the held-out addresses."""
    flags = _predictions(pred, "the predictions")
    truth = _test_labels()
    tp = sum(1 for i, f in flags.items() if f and truth[i])
    flagged = sum(1 for f in flags.values() if f)
    positives = sum(1 for v in truth.values() if v)
    return (tp / flagged if flagged else 0.0), (tp / positives if positives else 0.0)


def band_holds(band, age: int) -> bool | None:
    """Whether a band label such as "50-59", "80+" or "18-49" contains `age` (None if unreadable)."""
    covered = band_range(band)
    return None if covered is None else covered[0] <= age <= covered[1]
