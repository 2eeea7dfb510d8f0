"""Hidden tests of assignment 07-learning-models: what only they use.

The verdicts of the new clues and the planted fraud (the `clue_outcomes` and
`fraud_pharmacies` truth tables), the split and the model the questions describe refitted
and compared, and the expected values only hidden tests compare with. The measures of a
ranking (`precision_at`, `average_precision`, `refit`, ...) are the visible checks' own and
are imported from `course.exercises.learning_models`.
"""
from __future__ import annotations

import functools
import math

from course import data
from course.checking import CheckFailed
from course.plain import same
from course.exercises.learning_models import (ASSIGNMENT, CATEGORY_COLUMNS, NUMBER_COLUMNS, TOP_K, _ids,
                                              _precision_case, _scores, _shares_table, answer_key,
                                              average_precision, call_precision, precision_at, refit)
from course.i18n import translator

_ = translator(ASSIGNMENT)   # its messages belong to the assignment's catalog


@functools.lru_cache(maxsize=1)
def hidden_key() -> dict:
    """Expected values that only hidden tests compare with: the rule measured on the inspections."""
    key = answer_key()
    flagged, inspected = key["flagged"], key["inspected"]
    tp = sum(1 for ph, fraud in inspected.items() if fraud and ph in flagged)
    return {"rule_precision": tp / sum(1 for ph in inspected if ph in flagged),
            "rule_recall": tp / sum(inspected.values())}


def new_clue_truth() -> dict:
    """Verdicts of the new clues (the grader has them; the sandbox does not)."""
    truth = data.load("clue_outcomes")
    return {c: v == "yes" for c, v in zip(truth["clue_id"], truth["verified"])}


def fraud_truth() -> set:
    return set(data.load("fraud_pharmacies")["pharmacy_id"])


def expected_split() -> tuple[set, set]:
    """The split the question asks for (hidden test)."""
    from sklearn.model_selection import GroupShuffleSplit

    clues = data.load("clue_features")
    labelled = clues[clues["status"] == "checked"]
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)
    tr, va = next(splitter.split(labelled, groups=labelled["person_key"]))
    return set(labelled["clue_id"].iloc[tr]), set(labelled["clue_id"].iloc[va])


def compare_with_pipeline(valid_scores, train, valid, number_columns, category_columns) -> None:
    """Hidden test: the scores are those of the pipeline the question describes, fitted on `train`."""
    scores = _scores(valid_scores, "valid_scores", "clue")
    model, columns = refit(train, number_columns, category_columns)
    ids = _ids(valid, "clue_id", "valid")
    expected = dict(zip(ids, (float(p) for p in model.predict_proba(valid[columns])[:, 1])))
    if max(abs(scores[c] - expected[c]) for c in ids) > 1e-6:
        raise CheckFailed(_("`valid_scores` are not the scores of the pipeline the question describes, "
                            "fitted on `train` only: StandardScaler for the number columns and "
                            "OneHotEncoder(handle_unknown=\"ignore\") for the category columns, inside one "
                            "Pipeline, then LogisticRegression(class_weight=\"balanced\", max_iter=1000). "
                            "Fit it with `train` alone: nothing (not even the scaler) may see `valid`."))


def precision_when_shuffled(precision_at_k) -> None:
    """Hidden test: the verdicts come in another order than the scores."""
    scores, verified, s, v = _precision_case(shuffled=True)
    for k in (2, 3, 5):
        got = call_precision(precision_at_k, scores, verified, k)
        if abs(got - precision_at(s, v, k)) > 1e-9:
            raise CheckFailed(_("When the verdicts are listed in another order than the scores, "
                                "`precision_at_k` gives a wrong answer: it matches them by position. Look "
                                "the verdicts up by clue id (`verified[top]`), not with `.values` or "
                                "`.to_numpy()`."))


# How far below the reference model's ranking a trainee's may fall. Measured over a dozen
# classes' data: the reference reaches 0.65-0.84 precision at 100 and 0.50-0.60 average
# precision; the wrong rankings of tests/fixtures (by amount, yes/no labels, column 0) stay at
# least 0.22 and 0.14 below it.
PRECISION_SLACK, AP_SLACK = 0.15, 0.08


@functools.lru_cache(maxsize=1)
def reference_new_ranking() -> tuple[float, float]:
    """(precision at 100, average precision) of Question 4's model, fitted on the expected
    split, on this class's new clues: the bars depend on the data, which differ by class."""
    clues = data.load("clue_features")
    train_ids = expected_split()[0]
    model, columns = refit(clues[clues["clue_id"].isin(train_ids)], list(NUMBER_COLUMNS), list(CATEGORY_COLUMNS))
    new = clues[clues["status"] == "new"]
    scores = dict(zip(new["clue_id"], (float(p) for p in model.predict_proba(new[columns])[:, 1])))
    truth = new_clue_truth()
    return precision_at(scores, truth, TOP_K), average_precision(scores, truth)


def measure_new_scores(new_scores) -> None:
    """Hidden test: the ranking of the new clues, measured against the verdicts of 2024."""
    scores = _scores(new_scores, "new_scores", "clue")
    truth = new_clue_truth()
    ref_precision, ref_ap = reference_new_ranking()
    if precision_at(scores, truth, TOP_K) < ref_precision - PRECISION_SLACK:
        raise CheckFailed(_("Of the 100 new clues your scores rank highest, too few were verified in the "
                            "2024 hand checks. Higher scores must mean \"more likely verified\": column 1 "
                            "of `predict_proba`, from the model of Question 4."))
    if average_precision(scores, truth) < ref_ap - AP_SLACK:
        raise CheckFailed(_("Your ranking of all the new clues scores too low against the 2024 hand checks "
                            "(average precision). Score them with the model of Question 4."))


def expected_importance(train, valid, number_columns, category_columns) -> dict:
    from sklearn.inspection import permutation_importance

    model, columns = refit(train, number_columns, category_columns)
    result = permutation_importance(model, valid[columns], valid["verified"].astype(str) == "yes",
                                    scoring="average_precision", n_repeats=10, random_state=0)
    return dict(zip(columns, (float(v) for v in result.importances_mean)))


def compare_importance(importance, train, valid, number_columns, category_columns) -> None:
    """Hidden test: the importances are those of the model, measured on `valid`."""
    expected = expected_importance(train, valid, number_columns, category_columns)
    got = dict(zip((str(i) for i in importance.index), (float(v) for v in importance.to_numpy())))
    if any(abs(got.get(c, float("nan")) - v) > 1e-6 or math.isnan(got.get(c, float("nan")))
           for c, v in expected.items()):
        raise CheckFailed(_("`importance` is not the permutation importance the question asks for: measured "
                            "on `valid` (not on `train`), with scoring=\"average_precision\", n_repeats=10 "
                            "and random_state=0."))


def compare_pharmacy_stats(pharmacy_stats) -> None:
    """Hidden test: the amount and patient columns."""
    key = answer_key()["stats"]
    for ph, row in key.items():
        top = float(pharmacy_stats.loc[ph, "top_amount_share"])
        if abs(top - row["top_amount_share"]) > 1e-9:
            raise CheckFailed(_("`top_amount_share` of {pharmacy} is not right: the share of its settlements that "
                                "have its single most frequent amount (`value_counts(normalize=True).max()`).",
                                pharmacy=ph))
        if not same(float(pharmacy_stats.loc[ph, "max_patients_hour"]), float(row["max_patients_hour"])):
            raise CheckFailed(_("`max_patients_hour` of {pharmacy} is not right: the largest number of DIFFERENT "
                                "patients (`nunique` of `patient_key`) in one clock hour of one day.",
                                pharmacy=ph))


def compare_rule(rule_precision, rule_recall) -> None:
    """Hidden test: precision and recall on the inspected pharmacies."""
    key = hidden_key()
    p, r = float(rule_precision), float(rule_recall)
    if abs(p - key["rule_recall"]) < 1e-9 and abs(r - key["rule_precision"]) < 1e-9:
        raise CheckFailed(_("Precision and recall are swapped. Precision: of the flagged inspected pharmacies, "
                            "the share found fraudulent. Recall: of the fraudulent inspected ones, the share "
                            "flagged."))
    if abs(p - key["rule_precision"]) > 1e-9:
        raise CheckFailed(_("`rule_precision` is not right. Count only the 20 inspected pharmacies: of those "
                            "the rule flags, what share was found fraudulent?"))
    if abs(r - key["rule_recall"]) > 1e-9:
        raise CheckFailed(_("`rule_recall` is not right. Of the inspected pharmacies found fraudulent, what "
                            "share does the rule flag?"))


@functools.lru_cache(maxsize=1)
def reference_anomaly_ap() -> float:
    """Average precision of the question's IsolationForest against this class's planted fraud.
    Over a dozen classes' data it reaches 0.77-1.00; the wrong fixtures (score_samples not
    negated, predict's labels, one column) stay at 0.68 or below."""
    import pandas as pd
    from sklearn.ensemble import IsolationForest

    stats = pd.DataFrame(answer_key()["stats"]).T.sort_index()  # the groupby order of the question
    columns = ["night_share", "top_amount_share", "max_patients_hour"]
    x = stats[columns].astype(float)
    forest = IsolationForest(n_estimators=200, random_state=0).fit(x)
    fraud = fraud_truth()
    scores = dict(zip(stats.index, (-float(v) for v in forest.score_samples(x))))
    return average_precision(scores, {ph: ph in fraud for ph in scores})


def measure_anomaly(anomaly) -> None:
    """Hidden test: the pharmacies with the highest scores against the planted fraud."""
    scores = _scores(anomaly, "anomaly", "pharmacy")
    fraud = fraud_truth()
    if average_precision(scores, {ph: ph in fraud for ph in scores}) < min(0.80, reference_anomaly_ap() - 0.05):
        raise CheckFailed(_("Too few of the pharmacies your scores put first are really fraudulent. Fit "
                            "IsolationForest(n_estimators=200, random_state=0) on the three columns "
                            "night_share, top_amount_share and max_patients_hour, and negate score_samples."))


def compare_digit_shares(digit_shares) -> None:
    """Hidden test: every share."""
    table = _shares_table(digit_shares, "digit_shares")
    for clinic, row in answer_key()["shares"].items():
        for d, share in row.items():
            if abs(table[clinic][d] - share) > 1e-9:
                raise CheckFailed(_("The share of first digit {digit} at {centre} is not right. Take the first "
                                    "digit that is not 0 or the decimal point, of every line.",
                                    digit=d, centre=clinic))


def compare_mad(mad) -> None:
    """Hidden test: every MAD."""
    for clinic, value in answer_key()["mad"].items():
        if abs(float(mad[clinic]) - value) > 1e-9:
            raise CheckFailed(_("The MAD of {centre} is not right: the MEAN (not the sum or the largest) of "
                                "the nine absolute differences between its shares and Benford's.", centre=clinic))


