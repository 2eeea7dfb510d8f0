"""Checks and hints of assignment 08-legal-text ("AI models for legal text").

In the notebook::

    from course.exercises import legal_text as q
    q.words.check()   # after the answer cell
    q.words.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/08-legal-text/mistakes.toml``.

The storyline: a procuratorate's data office reads first-instance criminal judgments
(structured like CAIL2018). It segments the facts, extracts the numbers a sentence turns on,
predicts charges, searches for similar cases, flags terms far from what the facts predict,
audits them for a court that treats non-local defendants more harshly, and explains one
prediction; a person decides on every flag.

Expected values are computed here from the published tables (`answer_key`): the labelled
cases, the annotated sample and the hand-found similar pairs. A model question is checked
against the trainee's own results (their cross-validated predictions, their ranks, their
residuals); the held-out labels and the planted truth are read only by the hidden tests
(`course.hidden.legal_text`), which run outside the grading sandbox.
"""
from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd

from course import data
from course.checking import CheckFailed, as_plain, call, expect_frame, value_kind
from course.i18n import N_, translator
from course.question import question_maker, written_question_maker

ASSIGNMENT = "08-legal-text"
_ = translator(ASSIGNMENT)

FLAT_COLUMNS = ["case_id", "court", "judgment_date", "fact", "household", "age_band", "gender"]
PROTECTED = ("household", "age_band", "gender")
NOT_TERM_FEATURES = {   # column -> why it is no feature of a term model (shown through _())
    "household": N_("household registration says where a defendant's household is registered, not what "
                    "the defendant did; the law forbids weighing it (Criminal Law art. 4: everyone is equal "
                    "before the law)"),
    "age_band": N_("an age band is not a circumstance of the offence that the sentencing guidance weighs "
                   "for adults, and the audit of Question 13 must be able to see any difference it makes"),
    "gender": N_("gender is not a circumstance of the offence, and the law forbids weighing it "
                 "(Criminal Law art. 4)"),
    "court": N_("the court is not a fact of the case: a model that knows the court learns each court's "
                "habits, and so hides the very differences between courts that Question 13 looks for"),
}
TERM_FEATURES = ("charge", "amount", "bac", "injury", "victims", "deaths", "escaped", "accident",
                 "surrender", "confession", "restitution", "forgiveness", "recidivist", "record")
FLAG_BUDGET = 120    # judgments the office can check by hand
EXAMPLE_TEXT = "醉酒驾驶机动车"


# --- the answer key, computed from the published data ------------------------------------------

def flat(table: pd.DataFrame) -> pd.DataFrame:
    """A judgments table as the notebook's setup cell makes it: the labels and the defendant's
    attributes as columns of their own."""
    out = table[["case_id", "court", "judgment_date", "fact"]].copy()
    out["judgment_date"] = out["judgment_date"].astype(str).str[:10]
    for key in PROTECTED:
        out[key] = table["defendant"].str[key]
    if "accusation" in table["meta"].iloc[0]:
        out["charge"] = table["meta"].str["accusation"].str[0]
        out["months"] = table["meta"].str["term_of_imprisonment"].str["imprisonment"].astype(int)
    return out


@functools.lru_cache(maxsize=1)
def tables() -> dict:
    cases = flat(pd.read_json(data.path("cases"), lines=True, dtype={"case_id": str}))
    heldout = flat(pd.read_json(data.path("heldout"), lines=True, dtype={"case_id": str}))
    return {"cases": cases, "heldout": heldout}


def _number_or_none(text: str):
    return float(text) if text.strip() else None


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks (the hidden tests use it too)."""
    from course.data.judgments import PROXY_PATTERN
    from course.text import segmenter

    t = tables()
    cases = t["cases"]
    fact = cases["fact"].iloc[0]
    annotated = data.load("annotated")
    pairs = data.load("similar_pairs")
    proxy = cases["fact"].str.contains(PROXY_PATTERN)
    return {
        "n_cases": len(cases),
        "case_ids": list(cases["case_id"]),
        "heldout_ids": list(t["heldout"]["case_id"]),
        "charges": sorted(cases["charge"].unique()),
        "courts": sorted(cases["court"].unique()),
        "first_fact": fact,
        "first_words": segmenter().lcut(fact),
        "facts": dict(zip(cases["case_id"], cases["fact"])),
        "months": dict(zip(cases["case_id"], cases["months"])),
        "court_of": dict(zip(cases["case_id"], cases["court"])),
        "household_of": dict(zip(cases["case_id"], cases["household"])),
        "charge_of": dict(zip(cases["case_id"], cases["charge"])),
        "annotated": {c: {"bac": _number_or_none(b), "amount": _number_or_none(a)}
                      for c, b, a in zip(annotated["case_id"], annotated["bac"], annotated["amount"])},
        "pairs": list(zip(pairs["case_a"], pairs["case_b"])),
        "proxy_share": {h: float(proxy[cases["household"] == h].mean()) for h in ("外地", "本地")},
    }


def cail(y_true, y_pred) -> float:
    """CAIL2018's score of charge predictions: the mean of micro-F1 and macro-F1."""
    from sklearn.metrics import f1_score

    return float((f1_score(y_true, y_pred, average="micro") + f1_score(y_true, y_pred, average="macro")) / 2)


def log_distance(months, predicted) -> np.ndarray:
    """CAIL's distance of a term from a prediction: |ln(months + 1) - ln(predicted + 1)|, signed."""
    return np.log1p(np.asarray(months, dtype=float)) - np.log1p(np.asarray(predicted, dtype=float))


# --- helpers --------------------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain_list(value, name: str) -> list:
    """A list, tuple, Series, Index or array of plain values, as a list."""
    if type(value) is np.ndarray:
        value = value.tolist()
    elif type(value) is pd.Index:
        value = value.tolist()
    got = as_plain(value, name)
    if isinstance(got, dict) and got.get("type") == "Series":
        return got["values"]
    if isinstance(got, dict) and got.get("type") == "DataFrame":
        raise CheckFailed(_("{name} should be a list of values, but it is a whole table (DataFrame). Take one "
                            "column: `table[\"column\"]`, or `list(table[\"column\"])`.", name=name))
    if not isinstance(got, list):
        raise CheckFailed(_("{name} should be a list of values, but it is {kind}.", name=name,
                            kind=value_kind(value)))
    return got


def _texts(value, name: str) -> list[str]:
    values = _plain_list(value, name)
    if not all(isinstance(v, str) for v in values):
        odd = next(v for v in values if not isinstance(v, str))
        raise CheckFailed(_("{name} should hold text only, but one of its values is {kind}.",
                            name=name, kind=value_kind(odd)))
    return values


def _number(value, name: str) -> float:
    got = as_plain(value, name)
    if isinstance(got, bool) or not isinstance(got, (int, float)) or math.isnan(got):
        raise CheckFailed(_("{name} should be one number, but it is {kind}.", name=name, kind=value_kind(value)))
    return float(got)


def _charges(values: list, name: str) -> None:
    known = set(answer_key()["charges"])
    odd = [v for v in values if v not in known]
    if odd:
        raise CheckFailed(_("{name} holds {value}, which is not one of the charges of `cases` (such as 盗窃 or "
                            "危险驾驶). Predict the charge names themselves, one per judgment.",
                            name=name, value=repr(odd[0])))


def _case_ids(values: list, name: str, expected: list, what: str) -> None:
    if len(set(values)) != len(values):
        raise CheckFailed(_("Some case numbers appear more than once in {name}.", name=name))
    if set(values) != set(expected):
        raise CheckFailed(_("{name} should have one row for each of the {count} judgments of `{table}`, and "
                            "no other.", name=name, count=len(expected), table=what))


# --- checks: words ----------------------------------------------------------------------------

def _check_words(words) -> str:
    key = answer_key()
    got = _texts(words, "`words`")
    fact = key["first_fact"]
    if len(got) == 1:
        raise CheckFailed(_("`words` has one element, the whole fact: Chinese has no spaces between words, so "
                            "`.split()` finds none. Cut it with the segmenter: `seg.lcut(first_fact)`."))
    if "".join(got) != fact:
        raise CheckFailed(_("Put back together, `words` does not give the fact again: a segmenter cuts the "
                            "text into pieces and loses nothing (not even the punctuation). Use "
                            "`seg.lcut(first_fact)`."))
    if all(len(w) == 1 for w in got):
        raise CheckFailed(_("`words` holds single characters (`list(first_fact)`), not words. Cut the fact "
                            "with the segmenter: `seg.lcut(first_fact)`."))
    return _("{count} words. Which of them would a legal dictionary keep whole?", count=len(got))


def _check_char_bigrams(char_bigrams) -> str:
    got = _texts(call(char_bigrams, EXAMPLE_TEXT, what="char_bigrams"), "`char_bigrams(\"醉酒驾驶机动车\")`")
    expected = [EXAMPLE_TEXT[i:i + 2] for i in range(len(EXAMPLE_TEXT) - 1)]
    if got == expected:
        return _("the overlapping character pairs, with no segmenter at all.")
    if got == [EXAMPLE_TEXT[i:i + 2] for i in range(0, len(EXAMPLE_TEXT), 2)]:
        raise CheckFailed(_("`char_bigrams` cuts the text into pairs side by side (醉酒, 驾驶, ...), so the pair "
                            "酒驾 is lost. Bigrams overlap: start a pair at every character, `range(len(text) - 1)`."))
    if got == expected[:-1]:
        raise CheckFailed(_("`char_bigrams` leaves out the last pair. A text of n characters has n − 1 "
                            "overlapping pairs: `range(len(text) - 1)`."))
    if any(len(g) != 2 for g in got):
        raise CheckFailed(_("Some elements that `char_bigrams` returns are not two characters long. Each bigram "
                            "is two neighbouring characters, `text[i:i + 2]`."))
    raise CheckFailed(_("On the text 醉酒驾驶机动车, `char_bigrams` does not return the overlapping pairs of "
                        "neighbouring characters in their order (醉酒, 酒驾, 驾驶, ...)."))


# --- checks: extraction ---------------------------------------------------------------------

# (fact, expected): small facts the visible checks try; the hidden tests try others
BAC_EXAMPLES = [
    ("经鉴定，王某血液中乙醇含量为156.3mg/100ml。", 156.3),
    ("经呼气酒精含量检测，李某呼气酒精含量为98mg/100ml。经鉴定，李某血液中乙醇含量为112.4mg/100ml。", 112.4),
    ("经抽取血样送检，张某血液中乙醇含量为91.5毫克/100毫升，属醉酒驾驶。", 91.5),
    ("被告人赵某在某超市窃取手机一部。经价格认定，上述财物价值3000元。", None),
]
AGREEMENT_NEEDED = 0.97   # with the hand annotation, as the hidden tests require on held-out facts
AMOUNT_EXAMPLES = [
    ("被告人赵某在某超市窃取手机一部。经价格认定，上述财物价值3000元。", 3000),
    ("经鉴定，涉案手机价值人民币4520元。后赵某被民警抓获归案。", 4520),
    ("经元和县价格认证中心认定，被盗财物价值27900余元。", 27900),
    ("经鉴定，王某血液中乙醇含量为156.3mg/100ml。", None),
    ("被告人孙某先后两次窃取他人财物，所得财物分别价值2000元、2500元，共计价值4500元。", 4500),
    ("经法医鉴定，被害人刘某所受损伤构成轻伤二级。刘某的亲属代为赔偿被害人人民币54800元，被害人对其表示谅解。", None),
]


def _shown(value) -> str:
    return "None" if value is None else repr(value)


def call_extractor(function, fact: str, name: str):
    """What the trainee's extractor returns for `fact`, as None or a number."""
    got = as_plain(call(function, fact, what=name), _("what `{name}` returned", name=name))
    if _missing(got):
        return None
    if isinstance(got, str):
        raise CheckFailed(_("`{name}` returns text ({value}), not a number: convert what the pattern found "
                            "with `float(...)` or `int(...)`.", name=name, value=repr(got)))
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        raise CheckFailed(_("`{name}` should return a number or None, but it returns {kind}.",
                            name=name, kind=value_kind(got)))
    return got


def extractor_failure(function, name: str, examples) -> str | None:
    """The message for the first example the extractor gets wrong, or None."""
    for fact, expected in examples:
        got = call_extractor(function, fact, name)
        if expected is None and got is not None:
            if got == 0:
                return _("On a fact without the value, `{name}` returns 0. Return None when there is nothing "
                         "to extract: 0 would be read as a value that was measured.", name=name)
            return _("On the fact \"{fact}\" `{name}` returns {got}, but the fact holds no value of the kind "
                     "the question asks for: it should return None.", name=name, fact=fact, got=_shown(got))
        if expected is not None and (got is None or abs(got - expected) > 1e-9):
            return _("On the fact \"{fact}\" `{name}` returns {got}, not the value the question asks for.",
                     name=name, fact=fact, got=_shown(got))
    return None


def _check_extract_bac(extract_bac) -> str:
    failure = extractor_failure(extract_bac, "extract_bac", BAC_EXAMPLES)
    if failure:
        raise CheckFailed(failure)
    return _("the blood level in four small facts; at 80 mg/100ml or more a driver is drunk (GB 19522, in its 2010 and 2024 editions).")


def _check_extract_amount(extract_amount) -> str:
    failure = extractor_failure(extract_amount, "extract_amount", AMOUNT_EXAMPLES)
    if failure:
        raise CheckFailed(failure)
    for fact, expected in AMOUNT_EXAMPLES:
        got = call_extractor(extract_amount, fact, "extract_amount")
        if got is not None and not float(got).is_integer():
            raise CheckFailed(_("`extract_amount` returns a number with decimals; amounts here are whole yuan: "
                                "`int(...)`."))
    return _("the amount in six small facts, a total and a compensation among them.")


def _column_values(frame: pd.DataFrame, column: str, name: str) -> list:
    what = _("column `{column}` of `{name}`", column=column, name=name)
    return [None if _missing(v) else v for v in as_plain(frame[column], what)["values"]]


def _check_extraction(extraction, extraction_accuracy, extract_bac, extract_amount) -> str:
    key = answer_key()
    df = expect_frame(extraction, "extraction", ["case_id", "bac", "amount"])
    ids = [str(v) for v in _column_values(df, "case_id", "extraction")]
    _case_ids(ids, "`extraction`", key["case_ids"], "cases")
    bac = dict(zip(ids, _column_values(df, "bac", "extraction")))
    amount = dict(zip(ids, _column_values(df, "amount", "extraction")))
    if any(isinstance(v, str) for v in list(bac.values()) + list(amount.values())):
        raise CheckFailed(_("`extraction` holds text in `bac` or `amount`; keep the numbers your functions "
                            "return, with empty cells (None or NaN) where there is nothing."))
    sample = key["case_ids"][:: max(1, len(ids) // 25)][:25]
    for case in sample:
        fact = key["facts"][case]
        for column, function, name in ((bac, extract_bac, "extract_bac"), (amount, extract_amount, "extract_amount")):
            expected = call_extractor(function, fact, name)
            got = column[case]
            if (expected is None) != (got is None) or (got is not None and abs(float(got) - float(expected)) > 1e-9):
                raise CheckFailed(_("For {case}, `extraction` does not hold what `{name}` returns for its fact. "
                                    "Make each column by applying your function to every fact: "
                                    "`cases[\"fact\"].map({name})`.", case=case, name=name))
    acc = as_plain(extraction_accuracy, "`extraction_accuracy`")
    if not isinstance(acc, dict) or sorted(acc) != ["amount", "bac"]:
        raise CheckFailed(_("`extraction_accuracy` should be a dict with two keys, \"bac\" and \"amount\", each "
                            "the share of annotated judgments where your extraction agrees with the annotation."))
    for column, values in (("bac", bac), ("amount", amount)):
        agree = [(values[c] is None and a[column] is None) or
                 (values[c] is not None and a[column] is not None and abs(float(values[c]) - a[column]) < 1e-6)
                 for c, a in key["annotated"].items()]
        expected = sum(agree) / len(agree)
        value = _number(acc[column], _("`extraction_accuracy[\"{column}\"]`", column=column))
        if value > 1:
            raise CheckFailed(_("`extraction_accuracy[\"{column}\"]` is more than 1: give the share, not the count.",
                                column=column))
        if expected < AGREEMENT_NEEDED:
            share = f"{expected:.1%}"
            raise CheckFailed(_("Your extraction agrees with the hand annotation on only {share} of the {count} "
                                "annotated judgments for `{column}`. Print some judgments where they disagree, read "
                                "their facts, and improve your function above.",
                                share=share, count=len(agree), column=column))
        if abs(value - expected) > 1e-9:
            raise CheckFailed(_("`extraction_accuracy[\"{column}\"]` is not the share of the {count} annotated "
                                "judgments where `extraction` agrees with the annotation. Count two empty values "
                                "as agreeing: in pandas `NaN == NaN` is False, so compare the empty cells "
                                "separately (`.isna()`), or fill both sides first.",
                                column=column, count=len(agree)))
    bac_share, amount_share = f"{acc['bac']:.1%}", f"{acc['amount']:.1%}"
    return _("agreement with the hand annotation: {bac} for the alcohol level, {amount} for the amount.",
             bac=bac_share, amount=amount_share)


# --- checks: the charge model ---------------------------------------------------------------

SCORE_CASE = (["盗窃", "盗窃", "盗窃", "诈骗", "诈骗", "抢夺", "危险驾驶", "危险驾驶"],
              ["盗窃", "盗窃", "诈骗", "诈骗", "盗窃", "盗窃", "危险驾驶", "危险驾驶"])


def call_score(cail_score, y_true, y_pred) -> float:
    got = call(cail_score, list(y_true), list(y_pred), what="cail_score")
    if got is None:
        raise CheckFailed(_("`cail_score` returned nothing (None). End it with `return ...`."))
    return _number(got, _("what `cail_score` returned"))


def _check_cail_score(cail_score) -> str:
    from sklearn.metrics import accuracy_score, f1_score

    y_true, y_pred = SCORE_CASE
    got = call_score(cail_score, y_true, y_pred)
    expected = cail(y_true, y_pred)
    if abs(got - expected) < 1e-9:
        shown = f"{got:.3f}"
        return _("on a small example of 8 judgments, {score}.", score=shown)
    if abs(got - accuracy_score(y_true, y_pred)) < 1e-9:
        raise CheckFailed(_("`cail_score` gives the accuracy (the share of right charges). CAIL averages two F1 "
                            "scores: `f1_score(..., average=\"micro\")` and `f1_score(..., average=\"macro\")`, so "
                            "that a rare charge counts as much as a common one."))
    if abs(got - f1_score(y_true, y_pred, average="macro")) < 1e-9:
        raise CheckFailed(_("`cail_score` gives the macro-F1 only; CAIL's score is the mean of micro-F1 and "
                            "macro-F1."))
    if abs(got - f1_score(y_true, y_pred, average="micro")) < 1e-9:
        raise CheckFailed(_("`cail_score` gives the micro-F1 only; CAIL's score is the mean of micro-F1 and "
                            "macro-F1."))
    shown = f"{got:.4f}"
    raise CheckFailed(_("On a small example of 8 judgments, `cail_score` returns {got}, which is not the mean of "
                        "micro-F1 and macro-F1.", got=shown))


def sample_table(n: int = 40) -> pd.DataFrame:
    """Judgments of `cases` as `heldout` has them: no labels."""
    cases = tables()["cases"]
    return cases[FLAT_COLUMNS].iloc[::max(1, len(cases) // n)].head(n).reset_index(drop=True)


def call_predict(predict_charges, table: pd.DataFrame) -> list[str]:
    got = call(predict_charges, table, what="predict_charges")
    if got is None:
        raise CheckFailed(_("`predict_charges` returned nothing (None). End it with `return ...`."))
    values = _texts(got, _("what `predict_charges` returned"))
    if len(values) != len(table):
        raise CheckFailed(_("Given a table of {count} judgments, `predict_charges` returned {got} values. Return "
                            "one charge per row of the table, in its order.", count=len(table), got=len(values)))
    _charges(values, _("what `predict_charges` returned"))
    return values


def _check_predict_charges(predict_charges) -> str:
    table = sample_table()
    got = call_predict(predict_charges, table)
    cases = tables()["cases"].set_index("case_id")
    truth = [cases.loc[c, "charge"] for c in table["case_id"]]
    score = cail(truth, got)
    if len(set(got)) == 1:
        raise CheckFailed(_("`predict_charges` gives the same charge to every judgment. Fit the pipeline on the "
                            "segmented facts of `cases`, and predict from the segmented facts of the table it is "
                            "given."))
    shown = f"{score:.2f}"
    return _("on {count} training judgments the CAIL score is {score}; the grader measures it on the held-out ones.",
             count=len(table), score=shown)


def _check_heldout_pred(heldout_pred) -> str:
    key = answer_key()
    df = expect_frame(heldout_pred, "heldout_pred", ["case_id", "accusation"])
    ids = [str(v) for v in _column_values(df, "case_id", "heldout_pred")]
    if set(ids) & set(key["case_ids"]):
        raise CheckFailed(_("`heldout_pred` holds judgments of `cases`: predict the judgments of `heldout`, whose "
                            "charges you do not know."))
    _case_ids(ids, "`heldout_pred`", key["heldout_ids"], "heldout")
    values = _column_values(df, "accusation", "heldout_pred")
    if any(isinstance(v, list) for v in values):
        raise CheckFailed(_("`accusation` holds lists (as CAIL writes its labels). Here give each judgment one "
                            "charge, as text: the value `predict_charges` returns."))
    _charges(values, "`heldout_pred[\"accusation\"]`")
    return _("a charge for each of the {count} held-out judgments; the grader scores them.", count=len(ids))


def _check_confused_pair(cv_pred, confused_pair) -> str:
    key = answer_key()
    values = _texts(cv_pred, "`cv_pred`")
    if len(values) != key["n_cases"]:
        raise CheckFailed(_("`cv_pred` should hold one prediction for each of the {count} judgments of `cases`, in "
                            "their order: what `cross_val_predict` returns.", count=key["n_cases"]))
    _charges(values, "`cv_pred`")
    pair = as_plain(confused_pair, "`confused_pair`")
    if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(v, str) for v in pair):
        raise CheckFailed(_("`confused_pair` should be two charge names, such as `(\"盗窃\", \"抢夺\")`."))
    _charges(pair, "`confused_pair`")
    if pair[0] == pair[1]:
        raise CheckFailed(_("`confused_pair` names the same charge twice: that is the diagonal of the confusion "
                            "matrix, the judgments predicted RIGHT. Leave the diagonal out and look for the largest "
                            "count between two different charges."))
    return _("{a} and {b}. Does the law give a reason why these two are hard to tell apart?", a=pair[0], b=pair[1])


def confusions(cv_pred) -> dict:
    """How often each unordered pair of different charges is confused in `cv_pred`."""
    from collections import Counter

    key = answer_key()
    truth = [key["charge_of"][c] for c in key["case_ids"]]
    return Counter(tuple(sorted((t, p))) for t, p in zip(truth, _texts(cv_pred, "`cv_pred`")) if t != p)


# --- checks: similar cases ------------------------------------------------------------------

def call_search(search, fact: str, k: int, name: str) -> list[str]:
    got = call(search, fact, k, what=name)
    values = _texts(got, _("what `{name}` returned", name=name))
    known = answer_key()["facts"]
    odd = [v for v in values if v not in known]
    if odd:
        raise CheckFailed(_("`{name}` returned {value}, which is not a case number of `cases`. Return the "
                            "`case_id` values of the judgments found.", name=name, value=repr(odd[0])))
    if len(values) != k:
        raise CheckFailed(_("`{name}(fact, {k})` returned {count} case numbers; it should return k of them.",
                            name=name, k=k, count=len(values)))
    if len(set(values)) != len(values):
        raise CheckFailed(_("`{name}` returns a judgment more than once.", name=name))
    return values


def _check_search(search, name: str) -> None:
    key = answer_key()
    for a, b in key["pairs"][:3]:
        found = call_search(search, key["facts"][a], 5, name)
        if a in found:
            raise CheckFailed(_("Searching with the fact of {case}, `{name}` returns {case} itself. A judgment is "
                                "always most similar to itself: leave out the judgment whose fact is the query.",
                                case=a, name=name))
        if b not in found:
            raise CheckFailed(_("Searching with the fact of {a}, `{name}` does not find {b} among the 5 most similar "
                                "judgments, although the data office found by hand that they tell the same facts. "
                                "Sort by similarity from the highest down, and compare segmented words, not whole "
                                "facts.", a=a, b=b, name=name))


def _check_search_tfidf(search_tfidf) -> str:
    _check_search(search_tfidf, "search_tfidf")
    return _("for three queries, the hand-found twin is among the 5 most similar judgments.")


def _check_search_bm25(search_bm25, bm25_ranks, mrr_bm25) -> str:
    key = answer_key()
    _check_search(search_bm25, "search_bm25")
    ranks = _plain_list(bm25_ranks, "`bm25_ranks`")
    if len(ranks) != len(key["pairs"]):
        raise CheckFailed(_("`bm25_ranks` should hold one rank for each of the {count} pairs of `similar_pairs`, "
                            "in their order.", count=len(key["pairs"])))
    if any(isinstance(r, bool) or not isinstance(r, (int, float)) for r in ranks):
        raise CheckFailed(_("`bm25_ranks` should hold numbers: the place of each twin in the results."))
    if min(ranks) < 1:
        raise CheckFailed(_("`bm25_ranks` holds 0: Python counts positions from 0, but a rank counts from 1 "
                            "(the first result has rank 1). Add 1 to the position: `found.index(b) + 1`."))
    for i in (0, len(ranks) // 2):
        a, b = key["pairs"][i]
        found = call_search(search_bm25, key["facts"][a], key["n_cases"] - 1, "search_bm25")
        if found.index(b) + 1 != ranks[i]:
            raise CheckFailed(_("The rank of {b} when searching with {a} is not the one in `bm25_ranks`: its place "
                                "in what `search_bm25(fact, len(cases) - 1)` returns, counted from 1.", a=a, b=b))
    value = _number(mrr_bm25, "`mrr_bm25`")
    expected = sum(1 / r for r in ranks) / len(ranks)
    if abs(value - expected) > 1e-9:
        if abs(value - 1 / (sum(ranks) / len(ranks))) < 1e-9:
            raise CheckFailed(_("`mrr_bm25` is one over the mean rank. The mean reciprocal rank is the mean of "
                                "the reciprocals: `(1 / bm25_ranks).mean()`."))
        raise CheckFailed(_("`mrr_bm25` is not the mean of 1 / rank over the pairs: `(1 / bm25_ranks).mean()`."))
    shown = f"{value:.3f}"
    return _("mean reciprocal rank {mrr} over the {count} hand-found pairs (1 would mean every twin came first).",
             mrr=shown, count=len(ranks))


# --- checks: sentencing ---------------------------------------------------------------------

def _check_term_flags(term_columns, term_pred, term_flags) -> str:
    key = answer_key()
    columns = _texts(term_columns, "`term_columns`")
    for column, why in NOT_TERM_FEATURES.items():
        if column in columns:
            raise CheckFailed(_("`{column}` must not be a feature of the term model: {why}. Take it out.",
                                column=column, why=_(why)))
    unknown = [c for c in columns if c not in TERM_FEATURES]
    if unknown:
        raise CheckFailed(_("{names} is not a column of `sentencing`. Choose from the circumstances the cell "
                            "builds.", names=", ".join(unknown)))
    missing = [c for c in TERM_FEATURES if c not in columns]
    if missing:
        raise CheckFailed(_("You left out {names}: a circumstance the law weighs in the sentence, so the model "
                            "needs it to tell a term that is far off from one that is merely heavy.",
                            names=", ".join(missing)))
    if type(term_pred) is not pd.Series:
        raise CheckFailed(_("`term_pred` should be a pandas Series with the case numbers as its index and the "
                            "predicted months as values, but it is {kind}.", kind=value_kind(term_pred)))
    got = as_plain(term_pred, "term_pred")
    ids = [str(i) for i in got["index"]]
    _case_ids(ids, "`term_pred`", key["case_ids"], "cases")
    predicted = dict(zip(ids, got["values"]))
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in predicted.values()):
        raise CheckFailed(_("`term_pred` should hold numbers of months, with no empty values."))
    if min(predicted.values()) < 0:
        raise CheckFailed(_("`term_pred` holds negative months. The model learns ln(months + 1): turn its "
                            "predictions back into months with `np.expm1(...)`."))
    if max(predicted.values()) < 6:
        raise CheckFailed(_("`term_pred` looks like ln(months + 1), not months: turn the model's predictions back "
                            "into months with `np.expm1(...)`."))
    flags = _texts(term_flags, "`term_flags`")
    if len(set(flags)) != len(flags) or not set(flags) <= set(key["case_ids"]):
        raise CheckFailed(_("`term_flags` should be case numbers of `cases`, each once."))
    if len(flags) != FLAG_BUDGET:
        raise CheckFailed(_("`term_flags` holds {count} judgments; the office can check {budget} by hand.",
                            count=len(flags), budget=FLAG_BUDGET))
    distance = dict(zip(key["case_ids"], log_distance([key["months"][c] for c in key["case_ids"]],
                                                        [predicted[c] for c in key["case_ids"]])))
    ranked = sorted(distance, key=lambda c: -abs(distance[c]))
    expected = set(ranked[:FLAG_BUDGET])
    if set(flags) != expected:
        if all(distance[c] > 0 for c in flags) or all(distance[c] < 0 for c in flags):
            raise CheckFailed(_("Every judgment in `term_flags` lies on the same side of the prediction. A term "
                                "far BELOW what the facts predict is as much a clue as one far above: sort by the "
                                "absolute distance, `.abs()`."))
        by_months = sorted(key["case_ids"], key=lambda c: -abs(key["months"][c] - predicted[c]))
        if set(flags) == set(by_months[:FLAG_BUDGET]):
            raise CheckFailed(_("`term_flags` are the largest differences in months. Five months too many weigh "
                                "more in a one-month sentence than in a ten-year one: measure the distance as "
                                "CAIL does, |ln(months + 1) − ln(predicted + 1)|."))
        raise CheckFailed(_("`term_flags` are not the {budget} judgments whose terms lie farthest from "
                            "`term_pred`, measured by |ln(months + 1) − ln(predicted + 1)|.", budget=FLAG_BUDGET))
    harsh = sum(1 for c in flags if distance[c] > 0)
    return _("{budget} judgments to check by hand: {harsh} with a term far above the prediction, {lenient} far "
             "below. A flag is a reason to read the file, not a finding.",
             budget=FLAG_BUDGET, harsh=harsh, lenient=FLAG_BUDGET - harsh)


def group_means(term_pred) -> dict:
    """{(court, household): mean of actual / predicted months} from the trainee's predictions."""
    key = answer_key()
    got = as_plain(term_pred, "term_pred")
    predicted = dict(zip((str(i) for i in got["index"]), got["values"]))
    sums: dict = {}
    for c in key["case_ids"]:
        group = (key["court_of"][c], key["household_of"][c])
        total, n = sums.get(group, (0.0, 0))
        sums[group] = (total + key["months"][c] / predicted[c], n + 1)
    return {g: total / n for g, (total, n) in sums.items()}


def _check_harsh_court(group_ratio, harsh_court, term_pred) -> str:
    key = answer_key()
    df = expect_frame(group_ratio, "group_ratio", ["外地", "本地"],
                      advice=_("Make it from the MetricFrame: `frame.by_group[\"mean_ratio\"].unstack()` (or "
                               "`frame.by_group.unstack()` when you gave `metrics` a single function) gives one "
                               "row per court and one column per household group."))
    got = as_plain(df[["外地", "本地"]], "group_ratio")
    courts = [str(c) for c in got["index"]]
    if sorted(courts) != key["courts"]:
        raise CheckFailed(_("`group_ratio` should have one row per court, with the court's name as its index."))
    expected = group_means(term_pred)
    for i, court in enumerate(courts):
        for h in ("外地", "本地"):
            value = got["data"][h][i]
            if not isinstance(value, (int, float)) or abs(value - expected[(court, h)]) > 1e-6:
                raise CheckFailed(_("The value of `group_ratio` for {court} and {household} is not the mean of "
                                    "the actual term divided by `term_pred` over those judgments.",
                                    court=court, household=h))
    court = as_plain(harsh_court, "`harsh_court`")
    if not isinstance(court, str) or court not in key["courts"]:
        raise CheckFailed(_("`harsh_court` should be the name of one court, as text, such as {example}.",
                            example=key["courts"][0]))
    gap = {c: expected[(c, "外地")] - expected[(c, "本地")] for c in key["courts"]}
    if court != max(gap, key=gap.get):
        raise CheckFailed(_("`harsh_court` is not the court where non-local (外地) defendants' terms exceed the "
                            "prediction most, compared with local (本地) defendants of the same court: take the "
                            "difference of the two columns, then `.idxmax()`."))
    shown = f"{gap[court] * 100:.0f}"
    return _("{court}: non-local defendants' terms stand {gap} percentage points of the prediction further above it "
             "than local ones'. "
             "A reason to read their judgments, not yet proof of bias.", court=court, gap=shown)


def _check_proxy_share(proxy_share) -> str:
    key = answer_key()["proxy_share"]
    got = as_plain(proxy_share, "`proxy_share`")
    if not isinstance(got, dict) or sorted(got) != sorted(key):
        raise CheckFailed(_("`proxy_share` should be a dict with two keys, \"外地\" and \"本地\", each the share "
                            "of that group's facts that contain a proxy phrase."))
    for group, expected in key.items():
        value = _number(got[group], _("`proxy_share[\"{group}\"]`", group=group))
        if value > 1:
            raise CheckFailed(_("`proxy_share[\"{group}\"]` is more than 1: give the share, not the count.",
                                group=group))
        if abs(value - expected) > 1e-9:
            raise CheckFailed(_("`proxy_share[\"{group}\"]` is not the share of the facts of {group} defendants that "
                                "match `PROXY_PATTERN`. Select that group's facts first, then take the `.mean()` of "
                                "`.str.contains(PROXY_PATTERN)`.", group=group))
    far, local = f"{key['外地']:.0%}", f"{key['本地']:.0%}"
    return _("{far} of the non-local defendants' facts and {local} of the local ones' say where the defendant "
             "comes from: dropping the household column does not hide it from a text model.", far=far, local=local)


def _check_top_words(top_words, contributions, explained_charge, predict_charges) -> str:
    heldout = tables()["heldout"]
    example = heldout[FLAT_COLUMNS].head(1).reset_index(drop=True)
    predicted = call_predict(predict_charges, example)[0]
    charge = as_plain(explained_charge, "`explained_charge`")
    if charge != predicted:
        raise CheckFailed(_("`explained_charge` is not the charge your model predicts for this judgment. Explain "
                            "the prediction itself: `charge_model.predict(...)[0]`, and the row of `coef_` of that "
                            "class."))
    if type(contributions) is not pd.Series:
        raise CheckFailed(_("`contributions` should be a pandas Series with the words as its index, but it is "
                            "{kind}.", kind=value_kind(contributions)))
    got = as_plain(contributions, "contributions")
    values = got["values"]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise CheckFailed(_("`contributions` should hold numbers only, with no empty values."))
    if any(a < b - 1e-12 for a, b in zip(values, values[1:])):
        raise CheckFailed(_("`contributions` is not sorted from the largest down: add "
                            "`.sort_values(ascending=False)`."))
    words = _texts(top_words, "`top_words`")
    if words != [str(i) for i in got["index"][:5]]:
        raise CheckFailed(_("`top_words` should be the first five words of `contributions`, the five that push "
                            "the prediction most: `list(contributions.index[:5])`."))
    return _("the words that weigh most for {charge}: {words}. Would a judge give these reasons?",
             charge=charge, words="、".join(words))


# --- the questions, in notebook order -------------------------------------------------------

_q = question_maker(ASSIGNMENT)


words = _q(1, "words", N_("cut a fact into words"), ("words",), _check_words, [
    N_("Chinese is written without spaces, so `first_fact.split()` finds one \"word\", the whole fact. The "
       "segmenter `seg` of the setup cell cuts it."),
    N_("`seg.lcut(text)` returns the words of `text` as a list."),
    N_("`words = seg.lcut(first_fact)`"),
])
char_bigrams = _q(2, "char_bigrams", N_("character bigrams"), ("char_bigrams",), _check_char_bigrams, [
    N_("A bigram is two neighbouring characters; they overlap: 醉酒驾驶 gives 醉酒, 酒驾, 驾驶."),
    N_("`text[i:i + 2]` is the pair that starts at position i; a text of n characters has pairs starting at "
       "0 to n − 2, that is `range(len(text) - 1)`."),
    N_("`return [text[i:i + 2] for i in range(len(text) - 1)]`"),
])
extract_bac = _q(3, "extract_bac", N_("the blood alcohol level"), ("extract_bac",), _check_extract_bac, [
    N_("Look for the number in the sentence of the blood test: it comes after 血液 or 血样, and before the unit. "
       "A breath test (呼气) comes earlier in some facts and does not count."),
    N_("`re.search(r\"(?:血液|血样)[^。]*?(\\d+(?:\\.\\d+)?)\\s*(?:mg/100m[lL]|毫克/100毫升)\", fact)`: `[^。]*?` "
       "stays within the sentence, the group `( )` keeps the number."),
    N_("`m = re.search(pattern, fact)`, then `return float(m.group(1)) if m else None`."),
])
extract_amount = _q(4, "extract_amount", N_("the amount"), ("extract_amount",), _check_extract_amount, [
    N_("A number followed by 元 (or 余元) is an amount. When the fact says 共计, the total after it is the amount "
       "that counts; a sentence about compensation (赔偿) is about another sum."),
    N_("`re.search(r\"共计(?:价值|获利)?(?:人民币)?(\\d+)余?元\", fact)` finds the total; otherwise go through "
       "`fact.split(\"。\")`, skip a sentence with 赔偿, and take the first `re.search(r\"(\\d+)余?元\", sentence)`."),
    N_("Return `int(m.group(1))` for the match you keep, and `None` when no sentence has an amount."),
])
extraction = _q(5, "extraction", N_("extract every fact, and measure it"),
                ("extraction", "extraction_accuracy", "extract_bac", "extract_amount"), _check_extraction, [
    N_("`cases[\"fact\"].map(extract_bac)` applies your function to every fact. Put `case_id` and the two "
       "columns into `pd.DataFrame({...})`."),
    N_("Merge `extraction` with `annotated` on `case_id`; the annotation's columns are text, so convert them "
       "with `pd.to_numeric(...)` (an empty cell becomes NaN)."),
    N_("`NaN == NaN` is False: count agreement as `(a == b) | (a.isna() & b.isna())`, and take its `.mean()` for "
       "each column."),
])
cail_score = _q(6, "cail_score", N_("CAIL's score"), ("cail_score",), _check_cail_score, [
    N_("CAIL scores charges with two F1 scores: micro-F1 counts every judgment alike, macro-F1 every charge "
       "alike."),
    N_("`f1_score(y_true, y_pred, average=\"micro\")` and `f1_score(y_true, y_pred, average=\"macro\")`."),
    N_("`return (f1_score(y_true, y_pred, average=\"micro\") + f1_score(y_true, y_pred, average=\"macro\")) / 2`"),
])
predict_charges = _q(7, "predict_charges", N_("a charge model"), ("predict_charges",), _check_predict_charges, [
    N_("The pipeline's TfidfVectorizer splits on spaces (`token_pattern=r\"\\S+\"`), so give it the segmented "
       "facts, `cases[\"segmented\"]`, not the raw facts."),
    N_("`charge_model.fit(cases[\"segmented\"], cases[\"charge\"])`: the facts only, nothing about the defendant."),
    N_("Inside `predict_charges`, segment the table's facts the same way: "
       "`charge_model.predict([segment(f) for f in table[\"fact\"]])`."),
])
heldout_pred = _q(8, "heldout_pred", N_("predict the held-out judgments"), ("heldout_pred",), _check_heldout_pred, [
    N_("`predict_charges(heldout)` gives one charge per held-out judgment, in the table's order."),
    N_("Put them next to the case numbers: `pd.DataFrame({\"case_id\": heldout[\"case_id\"], \"accusation\": ...})`."),
    N_("`heldout_pred = pd.DataFrame({\"case_id\": heldout[\"case_id\"], \"accusation\": predict_charges(heldout)})`"),
])
confused_pair = _q(9, "confused_pair", N_("the charges the model confuses"), ("cv_pred", "confused_pair"),
                   _check_confused_pair, [
    N_("`cross_val_predict(charge_model, cases[\"segmented\"], cases[\"charge\"], cv=5)` predicts each judgment "
       "with a model that never saw it."),
    N_("Keep the mistakes, `cases[\"charge\"] != cv_pred`, and write each as a sorted pair, so that (盗窃, 诈骗) "
       "and (诈骗, 盗窃) count together: `tuple(sorted([true, predicted]))`."),
    N_("Count the pairs with `pd.Series(pairs).value_counts()`; `confused_pair` is the first index: "
       "`.index[0]`."),
])
search_tfidf = _q(10, "search_tfidf", N_("similar cases by TF-IDF"), ("search_tfidf",), _check_search_tfidf, [
    N_("`search_vectorizer.transform([segment(fact)])` turns the query into a vector of the same words as "
       "`case_vectors`."),
    N_("The vectors are normalised, so `(case_vectors @ query.T).toarray().ravel()` is the cosine similarity of "
       "the query with every judgment."),
    N_("Put the similarities next to `cases`, sort from the highest down, drop the rows whose fact is the query, "
       "and return the first k `case_id` values as a list."),
])
search_bm25 = _q(11, "search_bm25", N_("similar cases by BM25"), ("search_bm25", "bm25_ranks", "mrr_bm25"),
                 _check_search_bm25, [
    N_("`bm25.get_scores(seg.lcut(fact))` gives one score per judgment of `cases`, in their order; then rank as "
       "in Question 10."),
    N_("For each pair, `found = search_bm25(facts[a], len(cases) - 1)` ranks every other judgment; the rank of b "
       "is `found.index(b) + 1` (ranks count from 1)."),
    N_("`bm25_ranks = pd.Series(ranks)` and `mrr_bm25 = (1 / bm25_ranks).mean()`."),
])
term_flags = _q(12, "term_flags", N_("terms far from the facts"), ("term_columns", "term_pred", "term_flags"),
                _check_term_flags, [
    N_("`term_columns` lists the circumstances of the offence, every column of `sentencing` except the court and "
       "the defendant's household, age band and gender."),
    N_("`np.expm1(cross_val_predict(GradientBoostingRegressor(random_state=0), X, np.log1p(cases[\"months\"]), "
       "cv=5))` predicts each term from a model that never saw it; make it a Series indexed by `cases[\"case_id\"]`."),
    N_("`distance = np.log1p(cases[\"months\"].to_numpy()) - np.log1p(term_pred.to_numpy())`; flag the 120 "
       "largest `abs(distance)`: `cases[\"case_id\"].iloc[np.argsort(-np.abs(distance))[:120]]`."),
])
harsh_court = _q(13, "harsh_court", N_("a court that sentences non-local defendants more harshly"),
                 ("group_ratio", "harsh_court", "term_pred"), _check_harsh_court, [
    N_("`MetricFrame(metrics={\"mean_ratio\": mean_ratio}, y_true=..., y_pred=..., sensitive_features="
       "cases[[\"court\", \"household\"]])` computes the metric for every court and household group."),
    N_("`frame.by_group[\"mean_ratio\"].unstack()` gives a table: one row per court, columns 外地 and 本地."),
    N_("`harsh_court = (group_ratio[\"外地\"] - group_ratio[\"本地\"]).idxmax()`"),
])
proxy_share = _q(14, "proxy_share", N_("words that stand for household registration"), ("proxy_share",),
                 _check_proxy_share, [
    N_("`cases[\"fact\"].str.contains(PROXY_PATTERN)` is True for the facts with a proxy phrase."),
    N_("Select one group first: `cases[\"household\"] == \"外地\"`; the `.mean()` of True/False is a share."),
    N_("`proxy_share = {h: cases.loc[cases[\"household\"] == h, \"fact\"].str.contains(PROXY_PATTERN).mean() "
       "for h in [\"外地\", \"本地\"]}`"),
])
top_words = _q(15, "top_words", N_("why the model chose this charge"),
               ("top_words", "contributions", "explained_charge", "predict_charges"), _check_top_words, [
    N_("A linear model adds up one number per word: the word's TF-IDF weight in this fact times the "
       "class's coefficient for it. Words absent from the fact weigh 0."),
    N_("`x = charge_model.named_steps[\"tfidf\"].transform([segment(example_fact)])` and "
       "`coef = charge_model.named_steps[\"classify\"].coef_[row]` with `row` the position of `explained_charge` "
       "in `.classes_`."),
    N_("`contributions = pd.Series(x.toarray()[0] * coef, index=vectorizer.get_feature_names_out())"
       ".sort_values(ascending=False)` and `top_words = list(contributions.index[:5])`."),
])

QUESTIONS = [words, char_bigrams, extract_bac, extract_amount, extraction, cail_score, predict_charges,
             heldout_pred, confused_pair, search_tfidf, search_bm25, term_flags, harsh_court, proxy_share,
             top_words]

# --- written answers, graded by the instructor in Formgrader against the rubric in the notebook

_w = written_question_maker(ASSIGNMENT)

ai_opinion = _w(16, "ai_opinion", N_("the note on the tool"), 4, [
    N_("Does it say what the tool did, on which judgments, and with which data?"),
    N_("Does it give the error you measured (a cross-validated score, the gap of Question 13), with its "
       "number?"),
    N_("Does it say that a flag is a reason to look at a file, not a finding, and who checked and decided?"),
    N_("Does it name the rules that bind the use of such a tool: assistive only (法发〔2022〕33号) and fair, "
       "explained automated decisions (PIPL art. 24)?"),
], [
    N_("Start with one sentence on what the tool is: which questions of this notebook it used, on which judgments."),
    N_("Your measured numbers are in the checks above: the CAIL score of Question 8 is measured by the grader, but "
       "your cross-validated score and the flags' counts are yours to quote."),
    N_("Think of the defendant whose judgment is flagged: what must a prosecutor read before anything is done, "
       "and who signs?"),
    N_("The Supreme People's Court's 2022 opinion on judicial AI says AI assists and never replaces the judge; "
       "PIPL art. 24 asks automated decisions to be transparent and their results fair and just."),
])

WRITTEN = [ai_opinion]
