"""Checks and hints of assignment 07-learning-models ("Supervision models II: learning").

In the notebook::

    from course.exercises import learning_models as q
    q.split.check()   # after the answer cell
    q.split.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/07-learning-models/mistakes.toml``.

The storyline: the pension collision models give more clues than the office can check, so
a model learnt from last year's hand checks ranks this year's clues; then two screens that
need no labels: anomaly detection on pharmacy settlements and Benford's law on claim lines.

Expected values are computed here from the generated data (`answer_key`), with plain
loops and dictionaries rather than the reference solution's pandas. A model question is
checked against the trainee's own split: the checks refit the model the question describes
on the trainee's training part and compare. The truth tables (`clue_outcomes`,
`fraud_pharmacies`) are read only by the hidden tests (`course.hidden.learning_models`),
which run outside the grading sandbox; visible checks use the published labels and
inspections only.
"""
from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict

import pandas as pd

from course import data
from course.checking import (CheckFailed, as_plain, call, expect_frame, expect_one_chart,
                             expect_printable_text, too_pale, value_kind)
from course.i18n import N_, translator
from course.plain import same
from course.question import question_maker

ASSIGNMENT = "07-learning-models"
_ = translator(ASSIGNMENT)

NUMBER_COLUMNS = ("age", "n_sources", "report_lag_days", "months_after", "amount_after")
CATEGORY_COLUMNS = ("rule", "township", "account_changed", "id_cleaned")
NOT_FEATURES = {   # column -> why it is no feature (shown through _())
    "clue_id": N_("an identifier: it says which clue, not what happened"),
    "person_key": N_("an identifier: a model that learns from it memorises people, not patterns"),
    "status": N_("it only says whether a clue was checked; it is the same for every training clue"),
    "verified": N_("it is the verdict itself, the thing the model must predict"),
    "recovered_amount": N_("it is known only after the hand check (leakage): new clues never have it"),
    "hukou": N_("household registration says where a person's household is registered, not what happened "
                "to the payment; ranking people by it, when the report delay explains the difference, fails "
                "the fair and just results that the Personal Information Protection Law (art. 24) asks of "
                "automated decisions"),
}
COSTS = {"check": 600, "intrusion": 1000, "missed": 5000}     # yuan, as in the question
RULE = {"night_share": 0.04, "top_amount_share": 0.10, "max_patients_hour": 25}
FOREST_COLUMNS = ("night_share", "top_amount_share", "max_patients_hour")
BANDS = ((0.006, "close"), (0.012, "acceptable"), (0.015, "marginal"))
TOP_K = 100


# --- the answer key, computed from the data ---------------------------------------------

def _first_digit(text: str) -> int:
    for ch in text:
        if ch in "123456789":
            return int(ch)
    raise ValueError(text)


def nigrini(mad_value: float) -> str:
    for limit, word in BANDS:
        if mad_value < limit:
            return word
    return "nonconforming"


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of every question (hidden tests use it too)."""
    clues = data.load("clue_features")
    checked = clues[clues["status"] == "checked"]
    labels = {c: v == "yes" for c, v in zip(checked["clue_id"], checked["verified"])}
    person = dict(zip(clues["clue_id"], clues["person_key"]))
    raw = {col: dict(zip(checked["clue_id"], checked[col].astype(float))) for col in NUMBER_COLUMNS}

    s = data.load("settlements")
    count, night, amounts = Counter(), Counter(), defaultdict(Counter)
    hour_cards = defaultdict(set)
    for ph, card, time, amount in zip(s["pharmacy_id"], s["patient_key"], s["time"], s["amount"]):
        count[ph] += 1
        if time[11:13] in ("02", "03"):
            night[ph] += 1
        amounts[ph][float(amount)] += 1
        hour_cards[(ph, time[:13])].add(card)
    busiest = defaultdict(int)
    for (ph, _hour), cards in hour_cards.items():
        busiest[ph] = max(busiest[ph], len(cards))
    stats = {ph: {"settlements": n, "night_share": night[ph] / n,
                  "top_amount_share": max(amounts[ph].values()) / n,
                  "max_patients_hour": busiest[ph]} for ph, n in count.items()}
    flagged = {ph for ph, st in stats.items() if any(st[c] >= limit for c, limit in RULE.items())}
    inspections = data.load("pharmacy_inspections")
    inspected = dict(zip(inspections["pharmacy_id"], inspections["result"] == "fraud"))

    lines = data.load("claim_lines")
    digits = defaultdict(Counter)
    for clinic, amount in zip(lines["clinic"], lines["amount"]):
        digits[clinic][_first_digit(amount)] += 1
    benford = {d: math.log10(1 + 1 / d) for d in range(1, 10)}
    shares = {c: {d: cnt[d] / sum(cnt.values()) for d in range(1, 10)} for c, cnt in digits.items()}
    mad = {c: sum(abs(sh[d] - benford[d]) for d in range(1, 10)) / 9 for c, sh in shares.items()}

    return {
        "n_clues": len(clues),
        "labels": labels,                              # checked clue -> verified?
        "person": person,                              # clue -> person key
        "raw": raw,                                    # column -> checked clue -> value
        "new_ids": set(clues.loc[clues["status"] == "new", "clue_id"]),
        "base_rate": sum(labels.values()) / len(labels),
        "stats": stats,                                # pharmacy -> the four statistics
        "flagged": flagged,
        "inspected": inspected,                        # pharmacy -> fraud found?
        "benford": benford,
        "shares": shares,                              # clinic -> digit -> share
        "counts": {c: dict(cnt) for c, cnt in digits.items()},
        "mad": mad,
        "verdict": {c: nigrini(m) for c, m in mad.items()},
        "worst": max(mad, key=mad.get),
    }


# --- measuring a ranking (written for checking) ---------------------------------------------

def ranked(scores: dict) -> list:
    """Keys from the highest score down; equal scores in key order, so that ties are fixed."""
    return sorted(scores, key=lambda k: (-scores[k], k))


def precision_at(scores: dict, labels: dict, k: int) -> float:
    top = ranked(scores)[:k]
    return sum(1 for c in top if labels[c]) / len(top)


def average_precision(scores: dict, labels: dict) -> float:
    from sklearn.metrics import average_precision_score

    keys = sorted(scores)
    return float(average_precision_score([labels[k] for k in keys], [scores[k] for k in keys]))


def cost_curve(scores: dict, labels: dict) -> list[float]:
    """Total cost of checking the k highest-ranked clues, for k = 0 .. n."""
    order = ranked(scores)
    positives = sum(1 for c in order if labels[c])
    costs, hits = [], 0
    for k in range(len(order) + 1):
        if k:
            hits += labels[order[k - 1]]
        costs.append(COSTS["check"] * k + COSTS["intrusion"] * (k - hits) + COSTS["missed"] * (positives - hits))
    return costs


@functools.lru_cache(maxsize=1)
def question_split() -> tuple[frozenset, frozenset]:
    """The clue ids of the two parts that the question's splitter makes from the checked clues.
    GroupShuffleSplit draws whole persons by their sorted keys, so the order of the rows does not
    change the parts; another random_state or another splitter does."""
    from sklearn.model_selection import GroupShuffleSplit

    clues = data.load("clue_features")
    labelled = clues[clues["status"] == "checked"]
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)
    tr, va = next(splitter.split(labelled, groups=labelled["person_key"]))
    return frozenset(labelled["clue_id"].iloc[tr]), frozenset(labelled["clue_id"].iloc[va])


def refit(train: pd.DataFrame, numbers: list, categories: list, prepare_on: pd.DataFrame | None = None):
    """The model the question describes, fitted on the trainee's own training part."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    columns = list(numbers) + list(categories)
    prep = make_column_transformer((StandardScaler(), list(numbers)),
                                   (OneHotEncoder(handle_unknown="ignore"), list(categories)))
    model = make_pipeline(prep, LogisticRegression(class_weight="balanced", max_iter=1000))
    if prepare_on is None:
        model.fit(train[columns], train["verified"].astype(str) == "yes")
    else:   # a slip: the scaler and encoder fitted on more than the training part
        prep.fit(prepare_on[columns])
        model[-1].fit(prep.transform(train[columns]), train["verified"].astype(str) == "yes")
    return model, columns


# --- helpers -----------------------------------------------------------------------------

def _number(value, name: str) -> float:
    if type(value) is pd.Series:
        raise CheckFailed(_("{name} should be one number, but it is a whole pandas Series. Reduce it to one "
                            "value, for example with `.mean()` or `.sum()`, or pick one entry with `.iloc[0]`.",
                            name=name))
    if type(value) is pd.DataFrame:
        raise CheckFailed(_("{name} should be one number, but it is a whole table (DataFrame). Take one column "
                            "and reduce it to one value, for example `table[\"column\"].mean()`.", name=name))
    value = as_plain(value, name)
    if isinstance(value, str):
        raise CheckFailed(_("{name} is text ({text}), not a number: a check, or a later calculation, "
                            "cannot compute with it. Keep the number itself, and format it only when you "
                            "print it, e.g. `print(f\"{{x:.1%}}\")`.", name=name, text=repr(value)))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise CheckFailed(_("{name} should be one number, but it is {kind}.", name=name, kind=value_kind(value)))
    return float(value)


def _names(value, name: str) -> list[str]:
    value = as_plain(value, name)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise CheckFailed(_("{name} should be a list of column names in quotes, like "
                            "`[\"age\", \"n_sources\"]`.", name=name))
    return list(value)


# What a Series of scores is keyed by (`_scores`' `what`, a key): its name in a sentence, and the
# sentence on ids that come twice (a whole sentence for each, not a plural glued to the name).
WHAT = {"clue": N_("clue"), "pharmacy": N_("pharmacy"), "health centre": N_("health centre")}
TWICE = {"clue": N_("Some clues appear more than once in the index of `{name}`."),
         "pharmacy": N_("Some pharmacys appear more than once in the index of `{name}`."),
         "health centre": N_("Some health centres appear more than once in the index of `{name}`.")}


def _scores(series, name: str, what: str) -> dict:
    """A Series of numbers keyed by text ids, as a plain dict; `what` is a key of `WHAT`."""
    noun = _(WHAT[what])
    if type(series) is pd.DataFrame:
        raise CheckFailed(_("`{name}` should be a pandas Series (one number per {what}), but it is a table "
                            "(DataFrame) with the columns {columns}. Take the one column you need, "
                            "`table[\"column\"]`, with the {what} ids as its index (`.set_index(...)` first "
                            "if they are a column), or build the Series directly: `pd.Series(values, index=ids)`.",
                            name=name, what=noun, columns=", ".join(map(str, series.columns))))
    if type(series) is not pd.Series:
        raise CheckFailed(_("`{name}` should be a pandas Series (one number per {what}), but it is {kind}. "
                            "Build it with `pd.Series(values, index=ids)`.",
                            name=name, what=noun, kind=value_kind(series)))
    got = as_plain(series, name)
    keys = [str(k) for k in got["index"]]
    if len(set(keys)) != len(keys):
        raise CheckFailed(_(TWICE[what], name=name))
    values = got["values"]
    if any(isinstance(v, bool) for v in values):
        raise CheckFailed(_("`{name}` holds True/False, not scores. A ranking needs a number for each "
                            "{what} (for a model, `predict_proba(...)[:, 1]`, not `predict(...)`).",
                            name=name, what=noun))
    if not all(isinstance(v, (int, float)) and not (isinstance(v, float) and math.isnan(v)) for v in values):
        raise CheckFailed(_("`{name}` should hold numbers only, with no empty values.", name=name))
    return dict(zip(keys, (float(v) for v in values)))


def _ids(df: pd.DataFrame, column: str, name: str) -> list[str]:
    what = _("column `{column}` of `{name}`", column=column, name=name)
    return [str(v) for v in as_plain(df[column], what)["values"]]


def _shares_table(df: pd.DataFrame, name: str) -> dict:
    """{row label: {digit: value}} of a clinic x digit table; digits may be ints or text."""
    got = as_plain(df, name)
    digits = []
    for c in got["columns"]:
        text = str(c).strip()
        if text.endswith(".0"):
            text = text[:-2]
        digits.append(int(text) if text.isdigit() else text)
    if 0 in digits:
        raise CheckFailed(_("`{name}` has a column for the digit 0. A first digit is never 0: the "
                            "first digit of 0.35 is 3. Skip the leading zeros and the decimal point "
                            "first (`.str.lstrip(\"0.\")`), then take the first character.", name=name))
    if "." in digits:
        raise CheckFailed(_("`{name}` has a column named \".\": for 0.35, removing the zero leaves the decimal "
                            "point in front. Remove zeros and the point together: `.str.lstrip(\"0.\")`.",
                            name=name))
    if sorted(d for d in digits if isinstance(d, int)) != list(range(1, 10)) or len(digits) != 9:
        rows = {str(r) for r in got["index"]}
        extra = [str(d) for d in digits if not isinstance(d, int)]
        if any(str(d) == "All" for d in digits):
            raise CheckFailed(_("`{name}` has a column `All`: the totals that `margins=True` adds. Leave out "
                                "`margins=True`; with `normalize=\"index\"` each row already adds up to 1.",
                                name=name))
        if extra and rows and set(extra) <= rows:
            raise CheckFailed(_("`{name}` has, next to the digits, one column for each health centre "
                                "({centres}, ...), and its cells are empty (NaN). That is what "
                                "`counts / counts.sum(axis=1)` gives: `/` matches the labels of the row sums "
                                "(the centres) with the COLUMN names, finds no column named after a centre, adds "
                                "one for each and leaves every cell empty. Divide each row by its "
                                "own sum with `counts.div(counts.sum(axis=1), axis=0)`, or let "
                                "`pd.crosstab(lines[\"clinic\"], lines[\"digit\"], normalize=\"index\")` do it.",
                                name=name, centres=", ".join(extra[:3])))
        raise CheckFailed(_("`{name}` should have one column per first digit, 1 to 9, and no other "
                            "column; yours has: {columns}.", name=name, columns=", ".join(map(str, digits))))
    table = {}
    for i, row in enumerate(got["index"]):
        table[str(row)] = {d: got["data"][str(c)][i] for d, c in zip(digits, got["columns"])}
    return table


# --- checks: ranking clues -------------------------------------------------------------------

def _check_labelled(labelled) -> None:
    clues_columns = list(NUMBER_COLUMNS) + list(CATEGORY_COLUMNS) + list(NOT_FEATURES)
    df = expect_frame(labelled, "labelled", ["clue_id", "status", "verified"])
    missing = [c for c in clues_columns if c not in df.columns]
    if missing:
        raise CheckFailed(_("`labelled` has lost the column(s) {columns}. Keep whole rows of `clues` "
                            "(all its columns): the model of the next questions learns from them. Filter rows "
                            "only: `clues[clues[\"status\"] == \"checked\"]`.", columns=", ".join(missing)))
    ids = _ids(df, "clue_id", "labelled")
    key = answer_key()
    if any(c in key["new_ids"] for c in ids):
        raise CheckFailed(_("`labelled` still holds new clues (`status` is \"new\"), which have no verdict. Keep "
                            "only the rows whose `status` is \"checked\"."))
    if len(set(ids)) != len(ids) or set(ids) != set(key["labels"]):
        raise CheckFailed(_("`labelled` should hold every checked clue once, and nothing else: "
                            "`clues[clues[\"status\"] == \"checked\"]`."))


def _check_base_rate(labelled, base_rate) -> str:
    _check_labelled(labelled)
    value = _number(base_rate, "`base_rate`")
    key = answer_key()
    if value > 1:
        shown = f"{value:g}"
        raise CheckFailed(_("`base_rate` is {value}, more than 1: that is a count. The question asks "
                            "for a share: the number of verified clues divided by the number of checked "
                            "clues (`.mean()` of a True/False column does both).", value=shown))
    if abs(value - (1 - key["base_rate"])) < 1e-9:
        raise CheckFailed(_("`base_rate` is the share of clues that were NOT verified. Compare "
                            "`verified` with \"yes\", not \"no\"."))
    if abs(value - key["base_rate"]) > 1e-9 and any(abs(value - round(key["base_rate"], d)) < 1e-12
                                                      for d in range(0, 4)):
        raise CheckFailed(_("`base_rate` looks rounded. Keep the full share, so that later comparisons use "
                            "the exact value; round only when you display it (`round(base_rate, 3)` in a "
                            "print, or `f\"{base_rate:.1%}\"`)."))
    if abs(value - key["base_rate"]) > 1e-9:
        raise CheckFailed(_("`base_rate` is not the share of verified clues among the checked ones. "
                            "Keep only the rows whose `status` is \"checked\" first: the new clues have "
                            "no verdict yet, so they belong neither above nor below the line."))
    share, rest = f"{value:.1%}", f"{1 - value:.0%}"
    return _("{share} of the checked clues were verified. A model that says \"not verified\" to "
             "every clue is right {rest} of the time and finds nothing: accuracy misleads.",
             share=share, rest=rest)


def _check_columns(number_columns, category_columns) -> str:
    numbers = _names(number_columns, "`number_columns`")
    categories = _names(category_columns, "`category_columns`")
    chosen = numbers + categories
    for col, why in NOT_FEATURES.items():
        if col in chosen:
            raise CheckFailed(_("`{column}` must not be a feature: {why}. Take it out.", column=col, why=_(why)))
    clues_columns = set(NUMBER_COLUMNS) | set(CATEGORY_COLUMNS) | set(NOT_FEATURES)
    unknown = [c for c in chosen if c not in clues_columns]
    if unknown:
        raise CheckFailed(_("{names} is not a column of `clues`. Copy the names from `clues.columns`.",
                            names=", ".join(unknown)))
    if len(set(chosen)) != len(chosen):
        raise CheckFailed(_("A column appears twice in your two lists; each feature goes in one list only."))
    wrong = [c for c in categories if c in NUMBER_COLUMNS]
    if wrong:
        raise CheckFailed(_("{names} holds numbers: put it in `number_columns`, so that it is "
                            "scaled, not split into one column per value.", names=", ".join(wrong)))
    wrong = [c for c in numbers if c in CATEGORY_COLUMNS]
    if wrong:
        raise CheckFailed(_("{names} holds words (categories), which cannot be scaled: put it "
                            "in `category_columns`, so that it is one-hot encoded.", names=", ".join(wrong)))
    missing = [c for c in NUMBER_COLUMNS + CATEGORY_COLUMNS if c not in chosen]
    if missing == ["township"]:
        raise CheckFailed(_("You left out `township`. It is right to ask of a place whether it is fair to rank "
                          "by it, but here `township` names the pension office that paid: a fact of the "
                          "payment, not where a person comes from, so the question keeps it (its third test). "
                          "Put it back; once you have ranked, compare each township's share of the top k with "
                          "its share of all clues, and drop it if one township crowds the top beyond what its "
                          "verified clues explain."))
    if missing == ["age"]:
        raise CheckFailed(_("You left out `age`. It is right to ask whether a personal fact is fair to rank by, but "
                          "age bears on the event itself: the older the pensioner, the likelier a death that "
                          "nobody reported and a pension paid after it. The law draws the line at the result, "
                          "not at every personal fact: PIPL art. 24 asks that automated decisions have fair and "
                          "just results, which a column fails when it stands in for another cause (as `hukou` "
                          "does for the report delay), and age is not on art. 28's list of sensitive personal "
                          "information (of ages, only a child's under 14 is). Put it back; a person still "
                          "checks every clue the model ranks."))
    if missing:
        raise CheckFailed(_("You left out {names}: known when the clue is made, describing "
                            "the case and fair to rank by, so the question asks you to use it.",
                            names=", ".join(missing)))
    return _("{numbers} number and {categories} category features; no identifier, no leak.",
             numbers=len(numbers), categories=len(categories))


def _check_split(train, valid) -> str:
    need = ["clue_id", "person_key", "verified"]
    expect_frame(train, "train", need)
    expect_frame(valid, "valid", need)
    key = answer_key()
    t_ids, v_ids = _ids(train, "clue_id", "train"), _ids(valid, "clue_id", "valid")
    if any(c in key["new_ids"] for c in t_ids + v_ids):
        raise CheckFailed(_("`train` or `valid` contains new clues, whose verdict is not known yet. Split "
                            "only the checked clues (`status == \"checked\"`)."))
    if len(set(t_ids)) != len(t_ids) or len(set(v_ids)) != len(v_ids) or set(t_ids) & set(v_ids):
        raise CheckFailed(_("Some clues appear twice, within a part or in both parts. Each checked clue "
                            "goes into exactly one part."))
    if set(t_ids) | set(v_ids) != set(key["labels"]):
        raise CheckFailed(_("`train` and `valid` hold {count} clues together; every "
                            "checked clue belongs in one of them, and nothing else.", count=len(t_ids) + len(v_ids)))
    share = len(v_ids) / (len(t_ids) + len(v_ids))
    if not 0.2 <= share <= 0.3:
        shown = f"{share:.0%}"
        raise CheckFailed(_("`valid` holds {share} of the checked clues; the question asks for about "
                            "25% (`test_size=0.25`). Is `train` the bigger part?", share=shown))
    both = {key["person"][c] for c in t_ids} & {key["person"][c] for c in v_ids}
    if both:
        raise CheckFailed(_("{count} persons have clues in both parts. Their other clues teach the "
                            "model about them, so the validation score is too good to be true. Split by "
                            "person: `GroupShuffleSplit` with `groups=labelled[\"person_key\"]`.", count=len(both)))
    for part, name in ((train, "train"), (valid, "valid")):
        for col in NUMBER_COLUMNS:
            if col not in part.columns:
                raise CheckFailed(_("`{name}` has lost the column `{column}`. Split whole rows of the table.",
                                    name=name, column=col))
            values = as_plain(part[col], _("column `{column}` of `{name}`", column=col, name=name))["values"]
            ids = _ids(part, "clue_id", name)
            if any(not same(v, key["raw"][col][c]) for c, v in zip(ids, values)):
                raise CheckFailed(_("The numbers in column `{column}` of `{name}` are not those of the table. "
                                    "Was something fitted (scaled, filled in) before the split? Split the "
                                    "raw table first; the pipeline scales inside, on the training part only.",
                                    name=name, column=col))
    if set(v_ids) != question_split()[1]:
        raise CheckFailed(_("Your parts are split by person, but they are not the parts that the cell's `splitter`, "
                          "`GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)`, makes from "
                          "`labelled` grouped by `person_key`. Another `random_state` (or another splitter) "
                          "draws other persons, and a colleague who reruns your notebook could not reproduce "
                          "your numbers. Use the splitter of the cell's first line as it is: "
                          "`next(splitter.split(labelled, groups=labelled[\"person_key\"]))`."))
    return _("{train} clues to learn from, {valid} to validate on; no person in both.",
             train=len(t_ids), valid=len(v_ids))


def _saw_validation(scores: dict, train, valid, number_columns, category_columns) -> None:
    """The question rules out a model that learnt from `valid`: fitted on all checked clues, or with
    its scaler and encoder fitted on them. Refit both slips on the trainee's own parts and compare."""
    numbers, categories = _names(number_columns, "`number_columns`"), _names(category_columns, "`category_columns`")
    columns = numbers + categories + ["clue_id", "verified"]
    if not all(type(df) is pd.DataFrame and all(c in df.columns for c in columns) for df in (train, valid)):
        return
    both = pd.concat([train[columns], valid[columns]], ignore_index=True)
    ids = _ids(valid, "clue_id", "valid")

    def same_scores(model) -> bool:
        expected = model.predict_proba(valid[numbers + categories])[:, 1]
        return max(abs(scores[c] - float(p)) for c, p in zip(ids, expected)) < 1e-6

    try:
        on_train = same_scores(refit(train, numbers, categories)[0])
        on_all = not on_train and same_scores(refit(both, numbers, categories)[0])
        prepared_on_all = not on_train and not on_all and same_scores(
            refit(train, numbers, categories, prepare_on=both)[0])
    except (ValueError, TypeError, KeyError):
        return   # columns that cannot be fitted: the hidden test says what the question describes
    if on_all:
        raise CheckFailed(_("Your model was fitted on all the checked clues, the validation part included "
                          "(`labelled`, or `train` and `valid` together). It has then seen the clues it is "
                          "scored on, so their scores no longer tell how it ranks clues it has never seen. Fit it on the training "
                          "part only: `model.fit(train[features], train[\"verified\"] == \"yes\")`."))
    if prepared_on_all:
        raise CheckFailed(_("The scaler and encoder (`prepare`) were fitted on all the checked clues, the "
                          "validation part included, and only the classifier on `train`: the scaling has "
                          "seen the validation part. Put `prepare` inside the Pipeline and fit the whole "
                          "Pipeline on `train` only, with one `model.fit(train[features], ...)`."))


def _check_valid_scores(valid_scores, valid, train, number_columns, category_columns) -> str:
    scores = _scores(valid_scores, "valid_scores", "clue")
    ids = set(_ids(expect_frame(valid, "valid", ["clue_id"]), "clue_id", "valid"))
    if set(scores) != ids:
        if all(k.isdigit() for k in scores):
            raise CheckFailed(_("The index of `valid_scores` holds row numbers. Use the clue ids as the "
                                "index: `pd.Series(..., index=valid[\"clue_id\"])`."))
        raise CheckFailed(_("`valid_scores` should have one score for every clue of `valid`, with the "
                            "clue ids as its index, and nothing else."))
    if not all(0 <= v <= 1 for v in scores.values()):
        raise CheckFailed(_("The scores should be probabilities between 0 and 1: use "
                            "`model.predict_proba(...)[:, 1]`."))
    if len(set(scores.values())) < 10:
        raise CheckFailed(_("`valid_scores` has only a few different values, so it cannot rank the clues. "
                            "Use `predict_proba(...)[:, 1]`, the probability of \"verified\"."))
    labels = answer_key()["labels"]
    ap = average_precision(scores, labels)
    if ap < 0.45:
        raise CheckFailed(_("The scores rank the validation clues little better than chance (measured by "
                            "average precision). Fit the pipeline with every column of Question 2, on "
                            "`train`, and take column 1 of `predict_proba` (the probability of \"yes\")."))
    _saw_validation(scores, train, valid, number_columns, category_columns)
    shown, chance = f"{ap:.2f}", f"{answer_key()['base_rate']:.2f}"
    return _("average precision on the validation clues: {ap} (checking at random would give about {chance}).",
             ap=shown, chance=chance)


PRECISION_CASE = (["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"],
                  [0.91, 0.15, 0.78, 0.33, 0.62, 0.05, 0.47, 0.84],
                  [True, False, False, True, True, False, False, True])


def _precision_case(shuffled: bool = False):
    ids, s, v = PRECISION_CASE
    scores = pd.Series(s, index=ids)
    verified = pd.Series(v, index=ids)
    if shuffled:   # the verdicts listed in another order than the scores
        verified = verified.iloc[[2, 5, 0, 7, 1, 4, 6, 3]]
    return scores, verified, dict(zip(ids, s)), dict(zip(ids, v))


def call_precision(precision_at_k, scores, verified, k) -> float:
    got = call(precision_at_k, scores, verified, k, what="precision_at_k")
    if got is None:
        raise CheckFailed(_("`precision_at_k` returned nothing (None). End it with `return ...`."))
    shown = f"precision_at_k(scores, verified, {k})"
    return _number(got, _("What `{call}` returned", call=shown))


def _check_precision(precision_at_k, valid_p100, valid_scores) -> str:
    scores, verified, s, v = _precision_case()
    ks = (1, 3, 4, 8)
    got = [call_precision(precision_at_k, scores, verified, k) for k in ks]
    right = [precision_at(s, v, k) for k in ks]

    def matches(values):
        return all(abs(g - w) < 1e-9 for g, w in zip(got, values))

    if not matches(right):
        positives = sum(v.values())
        if matches([sum(v[c] for c in ranked(s)[:k]) / positives for k in ks]):
            raise CheckFailed(_("`precision_at_k` divides by the number of all verified clues: that is "
                                "recall. Precision divides by k, the number of clues checked."))
        if matches([sum(v[c] for c in sorted(s, key=s.get)[:k]) / k for k in ks]):
            raise CheckFailed(_("`precision_at_k` takes the k LOWEST scores. Sort from the highest down: "
                                "`sort_values(ascending=False)`."))
        if matches([sum(v[c] for c in list(s)[:k]) / k for k in ks]):
            raise CheckFailed(_("`precision_at_k` takes the first k clues as they come, not the k with the "
                                "highest scores. Sort the scores first."))
        k, g = next((k, g) for k, g, w in zip(ks, got, right) if abs(g - w) >= 1e-9)
        shown, value = f"precision_at_k(scores, verified, {k})", f"{g:g}"
        raise CheckFailed(_("On a small test of 8 clues, `{call}` returned {value}, which is not the share "
                            "of verified clues among the {k} highest scores.", call=shown, value=value, k=k))
    scores, verified, s, v = _precision_case(shuffled=True)
    for k in (1, 4):
        if abs(call_precision(precision_at_k, scores, verified, k) - precision_at(s, v, k)) > 1e-9:
            raise CheckFailed(_("When `verified` lists the clues in another order than `scores` (the question "
                                "warns they may), `precision_at_k` gives a wrong answer on a small test of 8 "
                                "clues (k = {k}): it pairs scores and verdicts by their position, not by clue "
                                "id. Keep the clue ids of the top k and look their verdicts up by id, "
                                "`verified[top]` with `top = scores.sort_values(ascending=False).index[:k]`, "
                                "rather than working with `.values` or `.to_numpy()`.", k=k))
    value = _number(valid_p100, "`valid_p100`")
    mine = _scores(valid_scores, "valid_scores", "clue")
    if abs(value - precision_at(mine, answer_key()["labels"], TOP_K)) > 1e-9:
        raise CheckFailed(_("`valid_p100` is not the precision of your 100 highest `valid_scores`. Call "
                            "`precision_at_k(valid_scores, valid_verified, 100)`."))
    share, chance = f"{value:.0%}", f"{answer_key()['base_rate']:.0%}"
    return _("of your 100 highest-scored validation clues, {share} were verified; checking 100 at "
             "random would find about {chance}.", share=share, chance=chance)


def _check_best_k(cost_by_k, best_k, valid_scores) -> str:
    if type(cost_by_k) is not pd.Series:
        raise CheckFailed(_("`cost_by_k` should be a pandas Series (one total cost per k), but it is "
                            "{kind}. Make a Series with k as its index: "
                            "`pd.Series(costs, index=range(len(costs)))` for a list `costs` that starts at k = 0.",
                            kind=value_kind(cost_by_k)))
    got = as_plain(cost_by_k, "cost_by_k")
    scores = _scores(valid_scores, "valid_scores", "clue")
    curve = cost_curve(scores, answer_key()["labels"])
    ks = [k if isinstance(k, int) else None for k in got["index"]]
    if ks != list(range(len(curve))):
        raise CheckFailed(_("`cost_by_k` should have one entry for every k from 0 (check nothing) to "
                            "{last} (check every validation clue), with k as its index, in order.",
                            last=len(curve) - 1))
    what = _("A value of `cost_by_k`")
    costs = [_number(c, what) for c in got["values"]]
    if abs(costs[0] - curve[0]) > 0.5:
        raise CheckFailed(_("For k = 0 nothing is checked, so the cost is 5,000 yuan for every verified "
                            "validation clue, all missed. Your `cost_by_k[0]` is not that."))
    bad = [k for k in range(len(curve)) if abs(costs[k] - curve[k]) > 0.5]
    if bad:
        raise CheckFailed(_("`cost_by_k` is not right from k = {k} on. Checking the top k clues costs "
                            "600 yuan per clue checked, plus 1,000 for each checked clue that was not "
                            "verified (an innocent person), plus 5,000 for each verified clue left unchecked.",
                            k=bad[0]))
    k = as_plain(best_k, "`best_k`")
    if isinstance(k, float) and k.is_integer():
        k = int(k)
    if isinstance(k, bool) or not isinstance(k, int):
        raise CheckFailed(_("`best_k` should be one whole number, the number of clues to check."))
    low = min(curve)
    if k < 0 or k >= len(curve) or abs(curve[k] - low) > 0.5:
        if 0 <= k < len(curve) and abs(curve[k] - max(curve)) < 0.5:
            raise CheckFailed(_("`best_k` gives the HIGHEST total cost. Take the k where the cost is lowest "
                                "(`idxmin()`)."))
        raise CheckFailed(_("`best_k` is not the k with the lowest total cost. Use "
                            "`cost_by_k.idxmin()`: the index (k) of the smallest value."))
    cost = f"{low:,.0f}"
    return _("checking the top {k} validation clues costs least: {cost} yuan in all.", k=k, cost=cost)


def _check_new_scores(new_scores) -> str:
    scores = _scores(new_scores, "new_scores", "clue")
    new_ids = answer_key()["new_ids"]
    if set(scores) != new_ids:
        if all(k.isdigit() for k in scores):
            raise CheckFailed(_("The index of `new_scores` holds row numbers. Use the clue ids as the index."))
        raise CheckFailed(_("`new_scores` should have one score for each of the {count} new clues "
                            "(`status == \"new\"`), with the clue ids as its index, and nothing else.",
                            count=len(new_ids)))
    if not all(0 <= v <= 1 for v in scores.values()) or len(set(scores.values())) < 10:
        raise CheckFailed(_("The scores should be probabilities between 0 and 1 that rank the clues: use "
                            "`model.predict_proba(new[features])[:, 1]`."))
    return _("a score for each of the {count} new clues. How good the ranking is, the grader measures.",
             count=len(scores))


def _check_top_feature(importance, top_feature, number_columns, category_columns) -> str:
    if type(importance) is not pd.Series:
        raise CheckFailed(_("`importance` should be a pandas Series (one number per column), but it is {kind}.",
                            kind=value_kind(importance)))
    got = as_plain(importance, "importance")
    names = [str(i) for i in got["index"]]
    columns = _names(number_columns, "`number_columns`") + _names(category_columns, "`category_columns`")
    if sorted(names) != sorted(columns):
        raise CheckFailed(_("`importance` should have one value per feature column (the columns of "
                            "Question 2), with the column names as its index. Use "
                            "`index=features` with `result.importances_mean`."))
    what = _("A value of `importance`")
    ordered = [_number(v, what) for v in got["values"]]
    values = dict(zip(names, ordered))
    if any(a < b for a, b in zip(ordered, ordered[1:])):
        raise CheckFailed(_("`importance` is not sorted from the largest down, as the question asks: the "
                            "first row should be the column the model relies on most. Add "
                            "`.sort_values(ascending=False)` to the Series."))
    top = as_plain(top_feature, "`top_feature`")
    if not isinstance(top, str):
        found = (_("a one-row Series (`.head(1)` keeps the row)") if type(top_feature) is pd.Series
                 else _("a number (the importance itself, not the column's name)") if isinstance(top, (int, float))
                 else value_kind(top_feature))
        raise CheckFailed(_("`top_feature` should be the name of one column, as text, but it is {found}. The "
                            "names are the index of `importance`: `importance.index[0]` is the name of its "
                            "first row (or `importance.idxmax()`, the name of the largest value).", found=found))
    if top not in columns:
        raise CheckFailed(_("`top_feature` is {name}, which is not one of the table's columns. Permutation "
                            "importance shuffles whole columns, so it names a column (the names in "
                            "Question 2), not a one-hot column or a coefficient.", name=repr(top)))
    if values[top] < max(values.values()):
        raise CheckFailed(_("`top_feature` is not the column with the LARGEST importance in your "
                            "`importance`. Sort from the largest down (`ascending=False`), or use `idxmax()`."))
    return _("{column}: shuffling it costs the ranking most. Can you explain that to the person a clue names?",
             column=top)


# --- checks: pharmacies ----------------------------------------------------------------------

def _check_pharmacy_stats(pharmacy_stats) -> str:
    need = ["settlements", "night_share", "top_amount_share", "max_patients_hour"]
    df = expect_frame(pharmacy_stats, "pharmacy_stats", need,
                      advice=_("Compute the four columns as four Series indexed by pharmacy, then put them "
                               "together: `pd.DataFrame({\"settlements\": ..., \"night_share\": ..., ...})`."))
    key = answer_key()["stats"]
    got = as_plain(df[need], "pharmacy_stats")
    rows = [str(i) for i in got["index"]]
    if sorted(rows) != sorted(key) and "pharmacy_id" in df.columns:
        raise CheckFailed(_("`pharmacy_id` is a column of `pharmacy_stats`, not its index, so the rows are "
                            "numbered 0, 1, 2, ... The question asks for the pharmacy ids as the index: leave "
                            "out `.reset_index()`, or add `.set_index(\"pharmacy_id\")`."))
    if sorted(rows) != sorted(key):
        raise CheckFailed(_("`pharmacy_stats` should have one row per pharmacy, with the pharmacy ids as its "
                            "index; yours has {count} rows. Group by `pharmacy_id`.", count=len(rows)))
    col = dict(zip(rows, got["data"]["settlements"]))
    if any(not same(col[ph], key[ph]["settlements"]) for ph in rows):
        raise CheckFailed(_("The column `settlements` should count each pharmacy's settlements (rows)."))
    night = dict(zip(rows, got["data"]["night_share"]))
    if any(isinstance(v, str) for v in night.values()):
        raise CheckFailed(_("`night_share` holds text (such as \"4.1%\"), not numbers, so the rule of Question 10 "
                            "cannot compare it with 0.04. Keep the shares as numbers, and format them only "
                            "when you display the table."))
    if any(not isinstance(v, (int, float)) for v in night.values()):
        raise CheckFailed(_("`night_share` should hold numbers: the share of True in a True/False column "
                            "is its `.mean()`."))
    if any(v > 1 for v in night.values()):
        raise CheckFailed(_("`night_share` holds counts, not shares. Divide by the number of settlements, "
                            "or take the `.mean()` of a True/False column."))
    if any(abs(night[ph] - key[ph]["night_share"]) > 1e-9 for ph in rows):
        raise CheckFailed(_("`night_share` is not the share of settlements made from 02:00 to 03:59. The "
                            "hour of 02:59 is 2 and of 04:10 is 4: keep the hours 2 and 3 "
                            "(`.dt.hour.isin([2, 3])`), not 4."))
    _check_patients_hour(dict(zip(rows, got["data"]["max_patients_hour"])))
    _check_not_repeat_share(dict(zip(rows, got["data"]["top_amount_share"])))
    return _("one row per pharmacy; counts, night shares and patients per hour are right.")


def _check_not_repeat_share(top: dict) -> None:
    """The lecture's repeat share (`a.duplicated().mean()`) is not the top-amount share."""
    key = answer_key()["stats"]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in top.values()):
        return   # the hidden test says what is wrong
    repeat = _repeat_shares()
    if (all(abs(top[ph] - repeat[ph]) < 1e-9 for ph in top)
            and any(abs(repeat[ph] - key[ph]["top_amount_share"]) > 1e-9 for ph in top)):
        raise CheckFailed(_("`top_amount_share` is the lecture's repeat share (`a.duplicated().mean()`): the share "
                            "of settlements whose amount, any amount, came up before. The question asks for "
                            "the share of settlements that have the pharmacy's single most frequent amount: "
                            "`a.value_counts(normalize=True).max()`."))


@functools.lru_cache(maxsize=1)
def _repeat_shares() -> dict:
    s = data.load("settlements")
    amounts = defaultdict(list)
    for ph, amount in zip(s["pharmacy_id"], s["amount"]):
        amounts[ph].append(float(amount))
    return {ph: (len(a) - len(set(a))) / len(a) for ph, a in amounts.items()}


@functools.lru_cache(maxsize=1)
def _patients_hour_slips() -> dict:
    """The busiest hour of each pharmacy counted two wrong ways: by the hour of the day (all days of
    the month together) and by settlements (rows) instead of different patients."""
    s = data.load("settlements")
    by_hour_of_day, rows = defaultdict(set), Counter()
    for ph, card, time in zip(s["pharmacy_id"], s["patient_key"], s["time"]):
        by_hour_of_day[(ph, time[11:13])].add(card)
        rows[(ph, time[:13])] += 1
    slips = {"hour_of_day": defaultdict(int), "rows": defaultdict(int)}
    for (ph, _hour), cards in by_hour_of_day.items():
        slips["hour_of_day"][ph] = max(slips["hour_of_day"][ph], len(cards))
    for (ph, _hour), n in rows.items():
        slips["rows"][ph] = max(slips["rows"][ph], n)
    return {name: dict(values) for name, values in slips.items()}


def _check_patients_hour(busiest: dict) -> None:
    key = answer_key()["stats"]
    if any(isinstance(v, str) for v in busiest.values()):
        raise CheckFailed(_("`max_patients_hour` holds text, not numbers, so the rule of Question 10 cannot "
                            "compare it with 25. Keep the counts as numbers (`.nunique()` gives numbers)."))
    if any(not isinstance(v, (int, float)) or isinstance(v, bool) for v in busiest.values()):
        raise CheckFailed(_("`max_patients_hour` should hold one number per pharmacy: the largest count of "
                            "different patients in one hour."))
    if all(same(busiest[ph], key[ph]["max_patients_hour"]) for ph in busiest):
        return
    slips = _patients_hour_slips()
    if all(same(busiest[ph], slips["hour_of_day"][ph]) for ph in busiest):
        raise CheckFailed(_("`max_patients_hour` counts the patients of one hour of the day over the whole "
                            "month: `.dt.hour` gives 14 for 14:00 on every day, so all the days of the month fall "
                            "into one group and every pharmacy looks crowded. Group by the day and the hour together: "
                            "`settlements[\"time\"].dt.floor(\"h\")` turns 2024-03-05 14:37 into 2024-03-05 "
                            "14:00."))
    if all(same(busiest[ph], slips["rows"][ph]) for ph in busiest):
        raise CheckFailed(_("`max_patients_hour` counts settlements (rows) per hour, so a patient who pays "
                            "twice in one hour counts twice. Count different patients: "
                            "`[\"patient_key\"].nunique()` instead of counting rows with `.size()` or `.count()`."))
    raise CheckFailed(_("`max_patients_hour` is not the largest number of different patients in one clock "
                        "hour of one day. Group by `pharmacy_id` and the day-and-hour "
                        "(`settlements[\"time\"].dt.floor(\"h\")`), count `patient_key` with `.nunique()`, "
                        "then take each pharmacy's `.max()`."))


def _check_rule(flagged, rule_precision, rule_recall) -> str:
    if type(flagged) is pd.Index:
        flagged = flagged.tolist()
    if type(flagged) is pd.Series and str(flagged.dtype) == "bool":
        raise CheckFailed(_("`flagged` is a True/False Series, one entry per pharmacy. The question asks for the "
                            "list of the ids where it is True: `sorted(pharmacy_stats.index[rule])`, with `rule` "
                            "your True/False Series."))
    got = as_plain(flagged, "`flagged`")
    if not isinstance(got, (list, tuple, set)) or not all(isinstance(v, str) for v in got):
        raise CheckFailed(_("`flagged` should be a list of pharmacy ids (text)."))
    key = answer_key()
    got = set(got)
    if got != key["flagged"]:
        if got < key["flagged"]:
            raise CheckFailed(_("`flagged` has {count} pharmacies, fewer than the rule flags. A pharmacy "
                                "is flagged when ANY of the three limits is reached: combine the conditions "
                                "with `|` (or), not `&` (and), and use `>=`.", count=len(got)))
        n_all = len(key["stats"])
        if len(got) >= 0.8 * n_all and len(key["flagged"]) < 0.5 * n_all:
            raise CheckFailed(_("`flagged` has {count} of {total} pharmacies: a rule that flags nearly "
                                "everyone tells the inspectors nothing. The rule itself is probably right; one of "
                                "its numbers is not. Look at `pharmacy_stats.describe()`: an ordinary pharmacy "
                                "serves a handful of different patients in its busiest hour. If "
                                "`max_patients_hour` is in the dozens for most pharmacies, Question 9 grouped "
                                "by the hour of the day (`.dt.hour`), which puts all the days of the month "
                                "together: group by `.dt.floor(\"h\")`, rerun Question 9, then this cell.",
                                count=len(got), total=n_all))
        if got <= set(key["inspected"]):
            raise CheckFailed(_("`flagged` holds only inspected pharmacies. Apply the rule to all 60 "
                                "pharmacies of `pharmacy_stats`; the inspections are for measuring it."))
        raise CheckFailed(_("`flagged` is not the list of pharmacies the rule flags: night share 0.04 or "
                            "more, OR top-amount share 0.10 or more, OR 25 or more patients in one hour."))
    for value, name in ((rule_precision, "`rule_precision`"), (rule_recall, "`rule_recall`")):
        v = _number(value, name)
        if not 0 <= v <= 1:
            raise CheckFailed(_("{name} should be a share between 0 and 1.", name=name))
    inspected = key["inspected"]
    hits = sum(1 for ph in got if inspected.get(ph))
    seen = sum(1 for ph in got if ph in inspected)
    over_all = hits / len(got)
    if seen and abs(over_all - hits / seen) > 1e-9 and abs(_number(rule_precision, "`rule_precision`") - over_all) < 1e-9:
        raise CheckFailed(_("`rule_precision` divides by all {count} flagged pharmacies, so those never "
                            "inspected count as clean. A pharmacy never inspected is not known to be clean: "
                            "measure the rule on the inspected pharmacies only. Divide the flagged ones found "
                            "fraudulent by the flagged ones that were inspected: "
                            "`inspections[\"flagged\"].sum()`, with `inspections[\"flagged\"] = "
                            "inspections[\"pharmacy_id\"].isin(flagged)`.", count=len(got)))
    return _("the rule flags {count} of 60 pharmacies.", count=len(got))


def _forest_scores(stats: pd.DataFrame, columns) -> dict:
    """-score_samples of the question's IsolationForest fitted on `columns` of the trainee's own table."""
    from sklearn.ensemble import IsolationForest

    x = stats[list(columns)].apply(pd.to_numeric, errors="coerce").astype(float)
    if x.isna().any().any():
        return {}
    forest = IsolationForest(n_estimators=200, random_state=0).fit(x)
    return dict(zip((str(i) for i in stats.index), (-float(v) for v in forest.score_samples(x))))


def _same_order(scores: dict, expected: dict) -> bool:
    """True when `scores` rank the keys as `expected` does (any rising transform of it, e.g.
    -decision_function instead of -score_samples)."""
    if not expected or set(scores) != set(expected):
        return False
    keys = sorted(expected)
    got, want = pd.Series([scores[k] for k in keys]).rank(), pd.Series([expected[k] for k in keys]).rank()
    return float(got.corr(want)) > 0.9999


def _check_forest_made_so(scores: dict, pharmacy_stats) -> None:
    """How the scores were made: the question's forest, on its three columns of `pharmacy_stats`."""
    from itertools import permutations

    stats = expect_frame(pharmacy_stats, "pharmacy_stats", list(FOREST_COLUMNS) + ["settlements"])
    # the three columns in any order: the question names them, not their order
    for columns in permutations(FOREST_COLUMNS):
        if _same_order(scores, _forest_scores(stats, columns)):
            return
    if _same_order(scores, _forest_scores(stats, ["settlements", *FOREST_COLUMNS])):
        raise CheckFailed(_("Your forest was fitted on all four columns of `pharmacy_stats`, the number of "
                            "settlements included. A big pharmacy is not a suspicious one: fit it on the three "
                            "columns of the question only, `pharmacy_stats[columns]` with `columns = "
                            "[\"night_share\", \"top_amount_share\", \"max_patients_hour\"]`."))
    raise CheckFailed(_("`anomaly` does not rank the pharmacies as `IsolationForest(n_estimators=200, "
                        "random_state=0)` does when it is fitted on the three columns night_share, "
                        "top_amount_share and max_patients_hour of `pharmacy_stats`. Write these settings "
                        "exactly: with another number of trees, or without `random_state=0`, the forest "
                        "cuts differently, and a colleague who reruns your notebook gets another ranking."))


def _check_anomaly(anomaly, pharmacy_stats) -> str:
    scores = _scores(anomaly, "anomaly", "pharmacy")
    key = answer_key()
    if set(scores) != set(key["stats"]):
        if all(k.isdigit() for k in scores):
            raise CheckFailed(_("The index of `anomaly` holds row numbers, not pharmacy ids. Use "
                                "`index=pharmacy_stats.index`, and keep `pharmacy_id` as the index of "
                                "`pharmacy_stats` (no `.reset_index()`)."))
        raise CheckFailed(_("`anomaly` should have one score per pharmacy, with the pharmacy ids as its index."))
    if len(set(scores.values())) < 10:
        raise CheckFailed(_("`anomaly` has only a few different values, so it cannot rank 60 pharmacies. Did "
                            "you use `predict` (which says only -1 or 1), or fit on one column? Use "
                            "`score_samples` on the three columns of the question."))
    fraud = [scores[ph] for ph, f in key["inspected"].items() if f]
    clean = [scores[ph] for ph, f in key["inspected"].items() if not f]
    if sum(fraud) / len(fraud) <= sum(clean) / len(clean):
        raise CheckFailed(_("On the inspected pharmacies, the fraudulent ones score LOWER than the clean ones. "
                            "`score_samples` is high for ordinary points; negate it (`-forest.score_samples(...)`) "
                            "so that a higher score means more unusual, and use the three columns of the question."))
    _check_forest_made_so(scores, pharmacy_stats)
    return _("higher scores for the unusual pharmacies; the grader compares them with the truth.")


# --- checks: Benford's law -------------------------------------------------------------------

def _check_digit_shares(digit_shares) -> str:
    if type(digit_shares) is pd.Series and digit_shares.index.nlevels == 2:
        raise CheckFailed(_("`digit_shares` is one long Series of {count} values, one per centre "
                            "and digit (two index levels), such as `groupby` and `value_counts` give. The "
                            "question asks for a table with one row per centre and one column per digit: add "
                            "`.unstack(fill_value=0)`, which turns the inner level (the digits) into columns.",
                            count=len(digit_shares)))
    df = expect_frame(digit_shares, "digit_shares",
                      advice=_("If it has two index levels (centre and digit), turn the digits into columns with "
                               "`.unstack(fill_value=0)`; or build the table directly with "
                               "`pd.crosstab(lines[\"clinic\"], lines[\"digit\"], normalize=\"index\")`."))
    if "clinic" in df.columns:
        raise CheckFailed(_("`clinic` is a column of `digit_shares`, not its index. The question asks for one "
                            "row per health centre with the centres as the index: leave out `.reset_index()`, "
                            "or add `.set_index(\"clinic\")`."))
    table = _shares_table(df, "digit_shares")
    labels = as_plain(df, "digit_shares")["columns"]
    if any(isinstance(c, str) for c in labels):
        raise CheckFailed(_("The columns of `digit_shares` are named with text ('1', '2', ...), so the digit "
                            "was kept as text. The question asks for the digit as a number: add "
                            "`.astype(int)` when you make the column `digit`, then build the table again."))
    key = answer_key()
    if "All" in table:
        raise CheckFailed(_("`digit_shares` has a row `All`: the totals that `margins=True` adds. Leave out "
                            "`margins=True`: the question asks for one row per health centre and nothing else."))
    if sorted(table) != sorted(key["shares"]):
        raise CheckFailed(_("`digit_shares` should have one row per health centre (the `clinic` values as "
                            "its index); yours has: {rows}.", rows=", ".join(list(table)[:6])))
    for clinic, row in table.items():
        values = [v for v in row.values()]
        if any(not isinstance(v, (int, float)) or v is None for v in values):
            raise CheckFailed(_("The row of {centre} has empty or non-numeric cells.", centre=clinic))
        if any(v > 1 for v in values):
            raise CheckFailed(_("`digit_shares` holds counts, not shares. Add `normalize=\"index\"` to "
                                "`pd.crosstab`, so that each centre's row adds up to 1."))
        if abs(sum(values) - 1) > 1e-6:
            raise CheckFailed(_("The shares in the row of {centre} do not add up to 1. Each centre's lines "
                                "are split by digit: `normalize=\"index\"` (not `\"columns\"` or `True`).",
                                centre=clinic))
    _check_all_lines(table)
    return _("one row per centre, nine shares that add up to 1.")


@functools.lru_cache(maxsize=1)
def _shares_without_small_amounts() -> dict:
    """The shares of a slip: the lines below 1 yuan (first character 0) left out."""
    lines = data.load("claim_lines")
    digits = defaultdict(Counter)
    for clinic, amount in zip(lines["clinic"], lines["amount"]):
        if str(amount)[:1] in "123456789" and str(amount)[:1]:
            digits[clinic][int(str(amount)[0])] += 1
    return {c: {d: cnt[d] / sum(cnt.values()) for d in range(1, 10)} for c, cnt in digits.items()}


def _check_all_lines(table: dict) -> None:
    key = answer_key()["shares"]
    slip = _shares_without_small_amounts()

    def matches(shares):
        return all(abs(float(table[c][d]) - shares.get(c, {}).get(d, -1)) < 1e-9 for c in table for d in range(1, 10))

    if matches(slip) and not matches(key):
        raise CheckFailed(_("`digit_shares` leaves out the amounts below 1 yuan, such as \"0.35\": they are lines "
                            "too, and their first digit is the first one after the zeros and the point (3 for "
                            "0.35). Keep every line and take the first non-zero digit, "
                            "`lines[\"amount\"].str.lstrip(\"0.\").str[0]`."))


def _check_mad(mad, verdict, digit_shares) -> str:
    mads = _scores(mad, "mad", "health centre")
    key = answer_key()
    if set(mads) != set(key["mad"]):
        if {k.strip().removesuffix(".0") for k in mads} == {str(d) for d in range(1, 10)}:
            raise CheckFailed(_("`mad` has one value per digit (1 to 9), not one per health centre: `.mean()` "
                                "averaged each column, over the centres. Average each row, the nine digits of one "
                                "centre, with `.mean(axis=1)`."))
        raise CheckFailed(_("`mad` should have one value per health centre, with the centres as its index."))
    if max(mads.values()) > 1:
        raise CheckFailed(_("Some MAD values are above 1: they were computed from counts. Subtract Benford's "
                            "proportions from the centre's proportions (`digit_shares`), not from counts."))
    _check_mad_made_so(mads, digit_shares)
    if type(verdict) is not pd.Series:
        raise CheckFailed(_("`verdict` should be a pandas Series (one word per centre), but it is {kind}.",
                            kind=value_kind(verdict)))
    got = as_plain(verdict, "verdict")
    words = dict(zip((str(i) for i in got["index"]), got["values"]))
    if set(words) != set(mads):
        raise CheckFailed(_("`verdict` should have one word per health centre, with the centres as its index."))
    allowed = {w for _limit, w in BANDS} | {"nonconforming"}
    odd = sorted({str(w) for w in words.values()} - allowed)
    if odd:
        raise CheckFailed(_("`verdict` should use the four words close, acceptable, marginal and "
                            "nonconforming, spelt so; it also has: {words}.", words=", ".join(odd)))
    for clinic, m in mads.items():
        if words[clinic] != nigrini(m):
            raise CheckFailed(_("The verdict of {centre} does not follow from its own MAD. Nigrini's bands: "
                                "below 0.006 close, below 0.012 acceptable, below 0.015 marginal, from 0.015 "
                                "on nonconforming (MAD is a proportion: 0.006, not 0.6).", centre=clinic))
    flagged = sorted(c for c, w in words.items() if w == "nonconforming")
    if not flagged:
        return _("nonconforming: none. A clue for a hand check, not proof of fraud.")
    return _("nonconforming: {centres}. A clue for a hand check, not proof of fraud.", centres=", ".join(flagged))


def _check_mad_made_so(mads: dict, digit_shares) -> None:
    """The MADs follow from the trainee's own `digit_shares` (Question 12) and Benford's proportions."""
    table = _shares_table(expect_frame(digit_shares, "digit_shares"), "digit_shares")
    if set(table) != set(mads):
        return   # Question 12's check says what is wrong with the table
    benford = {d: math.log10(1 + 1 / d) for d in range(1, 10)}
    gaps = {c: [abs(float(row.get(d, 0)) - benford[d]) for d in range(1, 10)] for c, row in table.items()}

    def matches(expected):
        return all(abs(mads[c] - expected[c]) < 1e-9 for c in mads)

    if matches({c: sum(g) / 9 for c, g in gaps.items()}):
        return
    if matches({c: sum(g) for c, g in gaps.items()}):
        raise CheckFailed(_("`mad` is the SUM of the nine differences. The mean absolute deviation is their "
                            "mean: `.mean(axis=1)`, not `.sum(axis=1)`."))
    if matches({c: max(g) for c, g in gaps.items()}):
        raise CheckFailed(_("`mad` is the LARGEST of the nine differences. The mean absolute deviation is their "
                            "mean: `.mean(axis=1)`."))
    raise CheckFailed(_("`mad` does not follow from your `digit_shares` and Benford's proportions. Check "
                        "Benford's formula, log10(1 + 1/d) for d = 1 to 9 (in numpy: "
                        "`np.log10(1 + 1 / np.arange(1, 10))`, with the digits 1 to 9 as its index), then "
                        "take the mean of the nine absolute differences for each centre."))


def _check_chart(fig) -> str:
    ax = expect_one_chart(fig)
    key = answer_key()
    worst = key["worst"]
    if len(ax.bars) != 9:
        raise CheckFailed(_("The chart has {count} bars; it needs nine, one per first digit, for the "
                            "centre with the highest MAD. Draw Benford's proportions as a line, not as bars.",
                            count=len(ax.bars)))
    heights = [round(b["height"], 6) for b in sorted(ax.bars, key=lambda b: b["x"])]
    shares = [key["shares"][worst][d] for d in range(1, 10)]
    if not (all(abs(h - s) < 1e-6 for h, s in zip(heights, shares))
            or all(abs(h - 100 * s) < 1e-4 for h, s in zip(heights, shares))):
        if all(abs(h - key["counts"][worst].get(d, 0)) < 1e-6 for h, d in zip(heights, range(1, 10))):
            raise CheckFailed(_("The bars show counts. Show shares (the centre's row of `digit_shares`), so "
                                "that they can be compared with Benford's proportions."))
        raise CheckFailed(_("The bars do not show the first-digit shares of the centre with the highest MAD "
                            "(`mad.idxmax()`), digits 1 to 9 from left to right."))
    percent = not all(abs(h - s) < 1e-6 for h, s in zip(heights, shares))
    if ax.lines < 1:
        raise CheckFailed(_("Add Benford's expected proportions as a line over the bars "
                            "(`ax.plot(range(1, 10), benford, marker=\"o\")`), so that the reader sees the gap."))
    centres = _bar_centres(ax)
    _check_digit_positions(ax, centres)
    line = _benford_line(ax, centres, 100 if percent else 1)
    _check_legend(ax, line)
    expect_printable_text(ax, _("Give the chart a title that says what it shows and for which centre."))
    if worst not in ax.title:
        raise CheckFailed(_("The title does not name the health centre whose digits the chart shows. A reader "
                            "who holds the page without you needs it: put the centre's id in the title, e.g. "
                            "`ax.set_title(f\"First digits of claim amounts, {worst}\")` with `worst = mad.idxmax()`."))
    if not ax.xlabel.strip() or not ax.ylabel.strip():
        raise CheckFailed(_("Label both axes: the first digit, and the share of claim lines."))
    if len({b.get("color") for b in ax.bars}) > 1:
        raise CheckFailed(_("The bars have several colours; the question asks for one dark colour for all "
                            "nine, so that only the line stands out. Pass one `color=\"#0072B2\"` to the bars."))
    if too_pale(ax.bars[0].get("color")):
        raise CheckFailed(_("The bars are too pale to read on paper; choose a darker colour, e.g. `#0072B2`."))
    return _("the first digits of {centre} against Benford's law.", centre=worst)


# Chart helpers (generic: they could move to course.checking).

def _bar_centres(ax) -> list[float]:
    """The x position of the middle of each bar, from left to right."""
    return [b["x"] + b["width"] / 2 for b in sorted(ax.bars, key=lambda b: b["x"])]


def _tick_digits(ax) -> list:
    labels = [t.strip() for t in ax.xticklabels if t.strip()]
    return [t[:-2] if t.endswith(".0") else t for t in labels]


def _check_digit_positions(ax, centres: list[float]) -> None:
    """Digits 1 to 9 from left to right: bars at 1..9, or at other places with ticks saying 1..9."""
    if all(abs(c - d) < 1e-6 for c, d in zip(centres, range(1, 10))):
        return
    if _tick_digits(ax) == [str(d) for d in range(1, 10)]:
        return
    raise CheckFailed(_("The labels under the bars do not read 1 to 9: the bars stand at other places "
                        "than the digits they show (for example at 0 to 8). Draw them at the digits, "
                        "`ax.bar(range(1, 10), ...)`, or label the ticks with `ax.set_xticks(...)`."))


def _benford_line(ax, centres: list[float], scale: float) -> dict:
    """The line that carries Benford's proportions, standing over the bars of its digits."""
    benford = [scale * math.log10(1 + 1 / d) for d in range(1, 10)]

    def close(a, b, tol):
        return len(a) == len(b) and all(abs(x - y) < tol for x, y in zip(a, b))

    found = [ln for ln in ax.line_data if close(ln.get("y", []), benford, 1e-6 * scale)]
    if not found:
        raise CheckFailed(_("No line of the chart shows Benford's proportions log10(1 + 1/d) for d = 1 to 9, "
                            "in the same unit as the bars (shares, or percent if the bars are in percent). "
                            "Draw them with `ax.plot(range(1, 10), benford, marker=\"o\")`."))
    line = found[0]
    if not close(line["x"], centres, 1e-6):
        if close(line["x"], [c + 1 for c in centres], 1e-6):
            raise CheckFailed(_("Benford's line stands one digit to the right of the bars: its point for the "
                                "digit 1 is over the bar of the digit 2. pandas' `.plot.bar()` puts the bars at "
                                "0 to 8 (with labels 1 to 9); draw the bars with `ax.bar(range(1, 10), ...)`, or "
                                "the line at the bars' places, `ax.plot(range(9), benford, ...)`."))
        raise CheckFailed(_("Benford's line does not stand over the bars: each of its points should be above "
                            "the bar of the same digit. Use the same x values for the bars and the line."))
    return line


def _check_legend(ax, line: dict) -> None:
    """A legend that tells the bars from the line, and names the line for what it is."""
    if len(ax.legend) < 2:
        raise CheckFailed(_("The chart needs a legend with two entries, one for the centre's bars and one for "
                            "Benford's line: give each a `label=\"...\"` and call `ax.legend()`."))
    label = line.get("label", "")
    # the words that name the yardstick, in English and in the edition's language
    words = ("benford", "expected",
             # TRANSLATORS: a word that the legend's name of Benford's line must contain (in lower case):
             # the Chinese notebook tells the trainee to name the line 本福特定律
             _("benford"), _("expected"))
    if label not in ax.legend or not any(w in label.lower() for w in words):
        raise CheckFailed(_("In the legend, the line is not called Benford's law (or the expected "
                            "proportions). Give the line `label=\"Benford's law\"`, so the reader knows "
                            "which is the yardstick."))
    others = [t for t in ax.legend if t != label]
    if any(w in t.lower() for t in others for w in words):
        raise CheckFailed(_("The legend calls the bars Benford's law (or the expected proportions), but the bars "
                            "are the centre's own shares and the line is Benford's. Swap the two labels."))


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


base_rate = _q(1, "base_rate", N_("how many clues were true?"), ("labelled", "base_rate"), _check_base_rate, [
    N_("Only the checked clues have a verdict: `labelled = clues[clues[\"status\"] == \"checked\"]`."),
    N_("`labelled[\"verified\"] == \"yes\"` is a True/False column; the mean of True/False is the share of True."),
    N_("`base_rate = (labelled[\"verified\"] == \"yes\").mean()`"),
])
columns = _q(2, "columns", N_("what the model may see"), ("number_columns", "category_columns"), _check_columns, [
    N_("Go through `clues.columns` one by one and ask: is it known on the day the clue is made, does it "
       "describe the case, and is it fair to rank people by it?"),
    N_("Leave out the identifiers (`clue_id`, `person_key`), `status`, the verdict `verified`, "
       "`recovered_amount` (known only after the check) and `hukou` (household registration)."),
    N_("`number_columns = [\"age\", \"n_sources\", \"report_lag_days\", \"months_after\", \"amount_after\"]` and "
       "`category_columns = [\"rule\", \"township\", \"account_changed\", \"id_cleaned\"]`."),
])
split = _q(3, "split", N_("a split by person"), ("train", "valid"), _check_split, [
    N_("Split the checked clues (`labelled`), before anything is fitted. A person with two clues must not "
       "have one in each part."),
    N_("`GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)` gives row numbers: "
       "`train_rows, valid_rows = next(splitter.split(labelled, groups=labelled[\"person_key\"]))`."),
    N_("Then `train = labelled.iloc[train_rows]` and `valid = labelled.iloc[valid_rows]`."),
])
valid_scores = _q(4, "valid_scores", N_("a pipeline fitted on the training part"),
                  ("valid_scores", "valid", "train", "number_columns", "category_columns"),
                  _check_valid_scores, [
    N_("A `Pipeline` is a list of named steps: `Pipeline([(\"prepare\", prepare), (\"classify\", "
       "LogisticRegression(class_weight=\"balanced\", max_iter=1000))])`, with the `prepare` the cell gives you."),
    N_("Fit it on the training part only: `model.fit(train[features], train[\"verified\"] == \"yes\")`."),
    N_("`valid_scores = pd.Series(model.predict_proba(valid[features])[:, 1], index=valid[\"clue_id\"])`"),
])
precision_at_k = _q(5, "precision_at_k", N_("precision at k"), ("precision_at_k", "valid_p100", "valid_scores"),
                    _check_precision, [
    N_("Inside the function: sort the scores from the highest down, keep the first k clue ids, look up "
       "their verdicts."),
    N_("`top = scores.sort_values(ascending=False).index[:k]` gives the k clue ids; `verified[top]` their "
       "verdicts, matched by id (not by position)."),
    N_("`return verified[top].mean()`; then `valid_p100 = precision_at_k(valid_scores, valid_verified, 100)`."),
])
best_k = _q(6, "best_k", N_("how many clues to check"), ("cost_by_k", "best_k", "valid_scores"), _check_best_k, [
    N_("For k checked clues with h verified among them: 600·k for checking, 1,000·(k − h) for the innocent "
       "people checked, 5,000·(all verified − h) for the verified clues missed. Start at k = 0 with h = 0."),
    N_("`ranked.cumsum()` counts the verified clues among the top 1, 2, 3, ... clues; check nothing (k = 0) "
       "is missing from it, so put a 0 in front: `np.concatenate([[0], ranked.cumsum().to_numpy()])`."),
    N_("`hits = np.concatenate([[0], ranked.cumsum().to_numpy()])`, `k = np.arange(len(ranked) + 1)`, then "
       "`cost_by_k = pd.Series(600 * k + 1000 * (k - hits) + 5000 * (ranked.sum() - hits), index=k)` and "
       "`best_k = int(cost_by_k.idxmin())`."),
])
new_scores = _q(7, "new_scores", N_("rank the new clues"), ("new_scores",), _check_new_scores, [
    N_("The new clues are the rows with `status == \"new\"`; they have every feature, but no verdict."),
    N_("Use the model you fitted in Question 4; do not fit it again on the new clues (you have no verdicts "
       "for them)."),
    N_("`new_scores = pd.Series(model.predict_proba(new[features])[:, 1], index=new[\"clue_id\"])`"),
])
top_feature = _q(8, "top_feature", N_("what drives the ranking"), ("importance", "top_feature", "number_columns",
                                                               "category_columns"), _check_top_feature, [
    N_("`top_feature` is a column's name, as text. In a Series the names are the index: once `importance` "
       "is sorted from the largest down, `importance.index[0]` is the name of its first row (`.head(1)` keeps "
       "a whole row, `.iloc[0]` gives the number)."),
    N_("`result.importances_mean` is a plain array of numbers, without names: "
       "`pd.Series(result.importances_mean, index=features)` gives each number the name of its column, in "
       "the order of `features`; `.sort_values(ascending=False)` puts the largest first."),
    N_("`importance = pd.Series(result.importances_mean, index=features).sort_values(ascending=False)` and "
       "`top_feature = importance.index[0]` (or `importance.idxmax()`)."),
])
pharmacy_stats = _q(9, "pharmacy_stats", N_("four numbers per pharmacy"), ("pharmacy_stats",), _check_pharmacy_stats, [
    N_("Add helper columns first: `settlements[\"night\"] = settlements[\"time\"].dt.hour.isin([2, 3])` and "
       "`settlements[\"hour\"] = settlements[\"time\"].dt.floor(\"h\")` (the day and the clock hour)."),
    N_("`by_pharmacy = settlements.groupby(\"pharmacy_id\")`: `.size()` counts, `[\"night\"].mean()` is a share, "
       "`[\"amount\"].agg(lambda a: a.value_counts(normalize=True).max())` the top-amount share."),
    N_("Patients per hour: `settlements.groupby([\"pharmacy_id\", \"hour\"])[\"patient_key\"].nunique()"
       ".groupby(\"pharmacy_id\").max()`. Put the four Series into `pd.DataFrame({...})`."),
])
rule_check = _q(10, "rule_check", N_("a hand rule, measured"), ("flagged", "rule_precision", "rule_recall"),
                _check_rule, [
    N_("Write each limit as its own True/False Series, e.g. `pharmacy_stats[\"night_share\"] >= 0.04`, and join "
       "the three with `|` (or). Then look at `rule.sum()`: if it is close to 60, one of the numbers of "
       "Question 9 is off (most often `max_patients_hour`, see `pharmacy_stats.describe()`), not the rule."),
    N_("`flagged = sorted(pharmacy_stats.index[rule])` keeps the ids where the rule holds. To measure it, mark "
       "them among the inspected pharmacies: `inspections[\"flagged\"] = inspections[\"pharmacy_id\"].isin(flagged)`."),
    N_("With `is_fraud = inspections[\"result\"] == \"fraud\"`, the true positives are "
       "`(inspections[\"flagged\"] & is_fraud).sum()`; precision divides them by `inspections[\"flagged\"].sum()`, "
       "recall by `is_fraud.sum()`."),
])
anomaly = _q(11, "anomaly", N_("anomaly scores per pharmacy"), ("anomaly", "pharmacy_stats"), _check_anomaly, [
    N_("The forest learns from a small table of the three columns only: `columns = [\"night_share\", "
       "\"top_amount_share\", \"max_patients_hour\"]`, then `pharmacy_stats[columns]`. The same table is "
       "what you score afterwards."),
    N_("`forest.score_samples(...)` is high for ordinary pharmacies and low for odd ones: put a minus in front."),
    N_("`anomaly = pd.Series(-forest.score_samples(pharmacy_stats[columns]), index=pharmacy_stats.index)`"),
])
digit_shares = _q(12, "digit_shares", N_("first digits per centre"), ("digit_shares",), _check_digit_shares, [
    N_("The first digit of `\"0.35\"` is 3: remove the leading zeros and the point first, "
       "`lines[\"amount\"].str.lstrip(\"0.\")`, then take `.str[0]` and make it a number with `.astype(int)`."),
    N_("`pd.crosstab(lines[\"clinic\"], lines[\"digit\"])` counts each centre-digit pair; add "
       "`normalize=\"index\"` and it divides each row by the row's total, so each centre's shares add up to 1. "
       "(Dividing the counts yourself: `counts.div(counts.sum(axis=1), axis=0)`; a plain `/` lines the "
       "sums up with the columns and leaves empty cells.)"),
    N_("`digit_shares = pd.crosstab(lines[\"clinic\"], lines[\"digit\"], normalize=\"index\")`"),
])
benford_mad = _q(13, "benford_mad", N_("MAD and Nigrini's verdict"), ("mad", "verdict", "digit_shares"), _check_mad, [
    N_("`(digit_shares - benford).abs()` gives the nine differences of each centre in its row. Average each "
       "row with `.mean(axis=1)`: without `axis=1`, pandas averages each column, over the centres."),
    N_("Benford's proportions must be a Series indexed by the digits 1 to 9, so that they line up with the "
       "columns of `digit_shares`: `benford = pd.Series(np.log10(1 + 1 / np.arange(1, 10)), index=range(1, 10))`."),
    N_("Write a small function with `if m < 0.006: return \"close\"`, then 0.012 acceptable, 0.015 marginal, "
       "else nonconforming, and apply it: `verdict = mad.map(that_function)`."),
])
benford_chart = _q(14, "benford_chart", N_("a chart for the inspectors"), ("fig",), _check_chart, [
    N_("The centre's nine shares are its row of the table, `digit_shares.loc[worst]`; Benford's proportions are "
       "`np.log10(1 + 1 / np.arange(1, 10))` (your `benford` of Question 13, if you made one). Draw both at "
       "the positions 1 to 9: `range(1, 10)`."),
    N_("`ax.bar(range(1, 10), digit_shares.loc[worst], color=\"#0072B2\", label=worst)` for the bars and "
       "`ax.plot(range(1, 10), np.log10(1 + 1 / np.arange(1, 10)), marker=\"o\", color=\"#D55E00\", label=\"Benford's law\")` for the "
       "line; each `label` becomes an entry of the legend."),
    N_("Finish with `ax.set_title(f\"First digits of claim amounts, {worst}\")`, "
       "`ax.set_xlabel(\"First digit\")`, `ax.set_ylabel(\"Share of claim lines\")` and `ax.legend()`."),
])

QUESTIONS = [base_rate, columns, split, valid_scores, precision_at_k, best_k, new_scores, top_feature,
             pharmacy_stats, rule_check, anomaly, digit_shares, benford_mad, benford_chart]
