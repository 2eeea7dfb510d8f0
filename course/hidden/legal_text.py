"""Hidden tests of assignment 08-legal-text: what only they use.

The labels of the held-out judgments and the planted truth (`heldout_labels`,
`facts_extracted`, `near_duplicates`, `sentencing_outliers`, `disparity`), the reference
methods that set each bar, and the no-skill baselines the bars must stand above. Every bar is
computed from this class's data: the reference's figure minus a slack, never a typed-in value.
"""
from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd

from course import data
from course.checking import CheckFailed, as_plain, call
from course.exercises.legal_text import (ASSIGNMENT, FLAG_BUDGET, FLAT_COLUMNS, _texts, answer_key, cail,
                                         call_extractor, call_predict, call_score, call_search, confusions,
                                         extractor_failure, log_distance, tables)
from course.i18n import translator

_ = translator(ASSIGNMENT)   # its messages belong to the assignment's catalog

# How far below the reference a trainee's figure may fall. Measured on the published data and a
# class's own: the reference scores about 0.99 (CAIL score on the held-out judgments), finds every
# planted twin, and flags terms with a precision of about 0.94; the no-skill baselines (the most
# frequent charge, a random ranking, 120 judgments drawn at random) reach about 0.19, 0.00 and 0.03.
CHARGE_SLACK = 0.05
EXTRACT_SLACK = 0.03
RECALL_SLACK = 0.2
FLAG_SLACK = 0.15
BM25_QUERIES = 10


def _truth(name: str) -> pd.DataFrame:
    return data.load(name)


@functools.lru_cache(maxsize=1)
def segmented() -> dict:
    """Every fact of both tables, segmented with the legal dictionary and joined by spaces."""
    from course.text import segmenter

    seg = segmenter()
    return {f: " ".join(seg.lcut(f)) for t in tables().values() for f in t["fact"]}


def reference_extract_bac(fact: str):
    m = re.search(r"(?:血液|血样)[^。]*?(\d+(?:\.\d+)?)\s*(?:mg/100m[lL]|毫克/100毫升)", fact)
    return float(m.group(1)) if m else None


def reference_extract_amount(fact: str):
    total = re.search(r"共计(?:价值|获利)?(?:人民币)?(\d+)余?元", fact)
    if total:
        return int(total.group(1))
    for sentence in fact.split("。"):
        if "赔偿" not in sentence:
            m = re.search(r"(\d+)余?元", sentence)
            if m:
                return int(m.group(1))
    return None


# --- words and bigrams -----------------------------------------------------------------------

def compare_words(words) -> None:
    """Hidden test: the words of the segmenter with the course's legal dictionary."""
    from course.text import segmenter

    got = _texts(words, "`words`")
    key = answer_key()
    if got == segmenter(legal_words=False).lcut(key["first_fact"]) and got != key["first_words"]:
        raise CheckFailed(_("`words` are jieba's words without the course's legal dictionary, so legal terms and "
                            "place names are cut into pieces. Use the segmenter of the setup cell, `seg`, which "
                            "loads it."))
    if got != key["first_words"]:
        raise CheckFailed(_("`words` are not the words that the segmenter of the setup cell, `seg`, gives for "
                            "`first_fact`."))


BIGRAM_CASES = ["", "酒", "盗窃。", "a，b", "被告人某某某"]


def more_bigrams(char_bigrams) -> None:
    """Hidden test: short texts, punctuation, repeated characters."""
    for text in BIGRAM_CASES:
        got = _texts(call(char_bigrams, text, what="char_bigrams"), _("what `char_bigrams` returned"))
        if got != [text[i:i + 2] for i in range(len(text) - 1)]:
            raise CheckFailed(_("On a short text, `char_bigrams` does not return every overlapping pair of "
                                "neighbouring characters, in order: check a text of 0, 1 or 2 characters, and a "
                                "text with punctuation or a character repeated."))


# --- extraction ------------------------------------------------------------------------------

HIDDEN_BAC = [
    ("经鉴定，刘某血液中乙醇含量为123.5mg/100mL。", 123.5),
    ("经呼气酒精含量检测，周某呼气酒精含量为140mg/100ml。经司法鉴定，周某血样中乙醇含量为151mg/100ml。", 151.0),
    ("经交管大队认定，吴某负事故全部责任。经鉴定，吴某血液中乙醇含量为45.2mg/100ml，系饮酒后驾驶。", 45.2),
    ("经鉴定，被害人的损伤程度为轻伤二级。", None),
]
HIDDEN_AMOUNTS = [
    ("被告人孙某于2023年3月1日起，先后两次在某路等地扒窃他人财物，所得财物分别价值1200元、2300元，共计价值人民币3500元。", 3500),
    ("经法医鉴定，被害人所受损伤构成轻伤二级。孙某的亲属代为赔偿被害人人民币20000元，被害人对其表示谅解。", None),
    ("经价格认定，上述手机价值人民币2600元。案发后，孙某已退赔被害人经济损失2600元。", 2600),
    ("被告人钱某建立微信群，组织群成员以抢红包的方式进行赌博，并从中抽头渔利，共计获利8300余元。", 8300),
]


def more_bac(extract_bac) -> None:
    """Hidden test: other units, a breath test first, a level below 80, no level at all."""
    failure = extractor_failure(extract_bac, "extract_bac", HIDDEN_BAC)
    if failure:
        raise CheckFailed(failure)


def more_amounts(extract_amount) -> None:
    """Hidden test: a total (共计), a compensation, a repayment, 余元."""
    failure = extractor_failure(extract_amount, "extract_amount", HIDDEN_AMOUNTS)
    if failure:
        raise CheckFailed(failure)


def _agreement(function, facts: list, truth: list, name: str) -> float:
    agree = 0
    for fact, expected in zip(facts, truth):
        got = call_extractor(function, fact, name)
        agree += (got is None and expected is None) or (
            got is not None and expected is not None and abs(float(got) - expected) < 1e-6)
    return agree / len(facts)


@functools.lru_cache(maxsize=1)
def extraction_bars() -> dict:
    """{column: (bar, no-skill baseline)} on the held-out facts."""
    truth = _truth("facts_extracted").set_index("case_id")
    heldout = tables()["heldout"]
    out = {}
    for column, reference in (("bac", reference_extract_bac), ("amount", reference_extract_amount)):
        expected = [float(v) if v else None for v in truth.loc[heldout["case_id"], column]]
        ref = _agreement(reference, list(heldout["fact"]), expected, column)
        baseline = sum(v is None for v in expected) / len(expected)   # "nothing found", every time
        bar = ref - EXTRACT_SLACK
        assert bar > baseline + 0.2, (column, ref, baseline)
        out[column] = (bar, expected)
    return out


def measure_extraction(extract_bac, extract_amount) -> None:
    """Hidden test: the two functions on the 1,000 held-out facts, against the facts they were written from."""
    facts = list(tables()["heldout"]["fact"])
    for column, function, name in (("bac", extract_bac, "extract_bac"), ("amount", extract_amount, "extract_amount")):
        bar, expected = extraction_bars()[column]
        if _agreement(function, facts, expected, name) < bar:
            raise CheckFailed(_("On the held-out judgments, `{name}` too often misses the value the fact was "
                                "written from, or finds one where there is none. Look at facts your function gets "
                                "wrong in `cases`: other units, a breath test, a total, a compensation.", name=name))


# --- charges -----------------------------------------------------------------------------

HIDDEN_SCORE_CASE = (["开设赌场", "盗窃", "盗窃", "诈骗", "诈骗", "诈骗", "寻衅滋事", "故意伤害", "故意伤害", "危险驾驶"],
              ["盗窃", "盗窃", "盗窃", "诈骗", "盗窃", "诈骗", "故意伤害", "故意伤害", "寻衅滋事", "危险驾驶"])


def more_scores(cail_score) -> None:
    """Hidden test: a charge that is never predicted, and another example."""
    y_true, y_pred = HIDDEN_SCORE_CASE
    if abs(call_score(cail_score, y_true, y_pred) - cail(y_true, y_pred)) > 1e-9:
        raise CheckFailed(_("On another example, with a charge the model never predicts, `cail_score` does not "
                            "return the mean of micro-F1 and macro-F1."))


def heldout_truth() -> dict:
    labels = _truth("heldout_labels")
    return dict(zip(labels["case_id"], labels["accusation"]))


@functools.lru_cache(maxsize=1)
def charge_bar() -> float:
    """The reference pipeline's CAIL score on the held-out judgments, minus the slack; it must stand
    well above the no-skill baseline (the most frequent charge of `cases` for every judgment)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    t, seg = tables(), segmented()
    model = Pipeline([("tfidf", TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), max_features=20000,
                                                sublinear_tf=True)), ("classify", LinearSVC())])
    model.fit([seg[f] for f in t["cases"]["fact"]], t["cases"]["charge"])
    truth = heldout_truth()
    y = [truth[c] for c in t["heldout"]["case_id"]]
    ref = cail(y, model.predict([seg[f] for f in t["heldout"]["fact"]]))
    baseline = cail(y, [t["cases"]["charge"].mode()[0]] * len(y))
    assert ref - CHARGE_SLACK > baseline + 0.5, (ref, baseline)
    return ref - CHARGE_SLACK


def _heldout_score(predicted: list) -> float:
    truth = heldout_truth()
    return cail([truth[c] for c in tables()["heldout"]["case_id"]], predicted)


def measure_charges(predict_charges) -> None:
    """Hidden test: the model's CAIL score on the held-out judgments, and the same charges whatever the
    defendant's household registration."""
    table = tables()["heldout"][FLAT_COLUMNS].reset_index(drop=True)
    predicted = call_predict(predict_charges, table)
    if _heldout_score(predicted) < charge_bar():
        raise CheckFailed(_("On the held-out judgments, the charges `predict_charges` gives score too low (CAIL's "
                            "score). Fit the pipeline on the segmented facts of all of `cases`, and segment the "
                            "facts of the table it is given the same way."))
    flipped = table.assign(household=table["household"].map({"外地": "本地", "本地": "外地"}))
    if call_predict(predict_charges, flipped) != predicted:
        raise CheckFailed(_("When only the defendants' household registration is changed, `predict_charges` "
                            "gives some of them another charge. A charge follows from what was done, never from "
                            "where the defendant's household is registered: leave the defendant's attributes out "
                            "of the model."))


def measure_heldout_pred(heldout_pred) -> None:
    """Hidden test: the predicted charges against the court's charges."""
    rows = dict(zip(heldout_pred["case_id"].astype(str), heldout_pred["accusation"].astype(str)))
    predicted = [rows[c] for c in tables()["heldout"]["case_id"]]
    if _heldout_score(predicted) < charge_bar():
        raise CheckFailed(_("The charges of `heldout_pred` score too low against the courts' charges (CAIL's "
                            "score). Predict them with your model of Question 7."))


def compare_confused_pair(cv_pred, confused_pair) -> None:
    """Hidden test: the pair most often confused in `cv_pred`, both directions counted together."""
    counts = confusions(cv_pred)
    pair = tuple(sorted(str(v) for v in as_plain(confused_pair, "`confused_pair`")))
    if not counts or counts.get(pair, 0) < max(counts.values()):
        raise CheckFailed(_("`confused_pair` is not the pair of different charges that `cv_pred` confuses most "
                            "often. Count the mistakes of both directions together (盗窃 predicted as 诈骗 and "
                            "诈骗 predicted as 盗窃) and take the largest count."))


# --- similar cases -------------------------------------------------------------------------

def twins() -> list[tuple[str, str]]:
    """(held-out copy's fact, original in cases) for the planted copies of training judgments."""
    dup = _truth("near_duplicates")
    dup = dup[(dup["split_a"] == "cases") & (dup["split_b"] == "heldout")]
    facts = dict(zip(tables()["heldout"]["case_id"], tables()["heldout"]["fact"]))
    return [(facts[b], a) for a, b in zip(dup["case_a"], dup["case_b"])]


def _recall(search, name: str, pairs) -> float:
    return sum(original in call_search(search, fact, 5, name) for fact, original in pairs) / len(pairs)


@functools.lru_cache(maxsize=1)
def tfidf_bar() -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer

    cases, seg = tables()["cases"], segmented()
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([seg[f] for f in cases["fact"]])
    ids = list(cases["case_id"])
    pairs = twins()
    hits = 0
    for fact, original in pairs:
        sims = (matrix @ vectorizer.transform([seg[fact]]).T).toarray().ravel()
        hits += original in [ids[i] for i in np.argsort(-sims, kind="stable")[:5]]
    ref = hits / len(pairs)
    baseline = 5 / len(ids)   # a random ranking
    assert ref - RECALL_SLACK > baseline + 0.5, (ref, baseline)
    return ref - RECALL_SLACK


def measure_tfidf(search_tfidf) -> None:
    """Hidden test: the planted copies of training judgments among the held-out ones."""
    if _recall(search_tfidf, "search_tfidf", twins()) < tfidf_bar():
        raise CheckFailed(_("Searching with held-out judgments that were copied from training judgments and "
                            "lightly reworded, `search_tfidf` too often misses the original among its 5 results. "
                            "Compare the segmented words with TF-IDF vectors and cosine similarity, from the "
                            "highest down."))


@functools.lru_cache(maxsize=1)
def bm25_bar() -> float:
    from rank_bm25 import BM25Okapi

    cases, seg = tables()["cases"], segmented()
    bm25 = BM25Okapi([seg[f].split() for f in cases["fact"]])
    ids = list(cases["case_id"])
    pairs = twins()[:BM25_QUERIES]
    hits = sum(original in [ids[i] for i in np.argsort(-bm25.get_scores(seg[fact].split()), kind="stable")[:5]]
               for fact, original in pairs)
    ref = hits / len(pairs)
    assert ref - RECALL_SLACK > 5 / len(ids) + 0.5, ref
    return ref - RECALL_SLACK


def measure_bm25(search_bm25) -> None:
    """Hidden test: ten planted copies of training judgments among the held-out ones."""
    if _recall(search_bm25, "search_bm25", twins()[:BM25_QUERIES]) < bm25_bar():
        raise CheckFailed(_("Searching with held-out judgments that were copied from training judgments and "
                            "lightly reworded, `search_bm25` too often misses the original among its 5 results. "
                            "Score the segmented words with `bm25.get_scores(...)` and sort from the highest down."))


# --- sentencing ----------------------------------------------------------------------------

def sentencing_table(cases: pd.DataFrame) -> pd.DataFrame:
    """The circumstances the notebook's cell builds, as numbers, with the charge one-hot."""
    fact = cases["fact"]
    table = pd.DataFrame({
        "amount": fact.map(reference_extract_amount).astype(float).fillna(0),
        "bac": fact.map(reference_extract_bac).astype(float).fillna(0),
        "injury": fact.str.extract("(轻微伤|轻伤二级|轻伤一级|重伤二级)")[0]
                      .map({"轻微伤": 1, "轻伤二级": 2, "轻伤一级": 3, "重伤二级": 4}).fillna(0),
        "victims": fact.str.count("某、") + 1,
        "deaths": fact.str.extract("造成(.)人死亡")[0].map({"一": 1, "二": 2, "三": 3}).fillna(0),
        "escaped": fact.str.contains("驾车逃离"),
        "accident": fact.str.contains("碰撞"),
        "surrender": fact.str.contains("投案"),
        "confession": fact.str.contains("如实供述|如实交代|坦白"),
        "restitution": fact.str.contains("退赃|退赔|追回|退缴"),
        "forgiveness": fact.str.contains("谅解"),
        "recidivist": fact.str.contains("累犯|刑满释放"),
        "record": fact.str.contains("曾因犯"),
    }).astype(float)
    return pd.concat([table, pd.get_dummies(cases["charge"], dtype=float)], axis=1)


def planted_outliers() -> set:
    out = _truth("sentencing_outliers")
    return set(out.loc[out["split"] == "cases", "case_id"])


@functools.lru_cache(maxsize=1)
def flag_bar() -> float:
    """Precision of the reference's 120 flags minus the slack, above 120 judgments drawn at random."""
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.model_selection import cross_val_predict

    cases = tables()["cases"]
    pred = np.expm1(cross_val_predict(GradientBoostingRegressor(random_state=0), sentencing_table(cases),
                                      np.log1p(cases["months"]), cv=5))
    distance = np.abs(log_distance(cases["months"], pred))
    flags = cases["case_id"].iloc[np.argsort(-distance, kind="stable")[:FLAG_BUDGET]]
    planted = planted_outliers()
    ref = sum(c in planted for c in flags) / FLAG_BUDGET
    baseline = len(planted) / len(cases)   # the precision of 120 judgments drawn at random
    assert ref - FLAG_SLACK > baseline + 0.4, (ref, baseline)
    return ref - FLAG_SLACK


def measure_flags(term_flags) -> None:
    """Hidden test: the share of the flags that are terms planted far from the formula."""
    flags = _texts(term_flags, "`term_flags`")
    planted = planted_outliers()
    if sum(c in planted for c in flags) / len(flags) < flag_bar():
        raise CheckFailed(_("Too few of your 120 flags are terms that really lie far from what the facts and the "
                            "sentencing guidance give. Predict each term from the circumstances with "
                            "`cross_val_predict` (a model that never saw the judgment it predicts), and flag the "
                            "largest |ln(months + 1) − ln(predicted + 1)|, in both directions."))


def compare_harsh_court(harsh_court) -> None:
    """Hidden test: the court the data were built with."""
    court = as_plain(harsh_court, "`harsh_court`")
    if court != _truth("disparity")["court"].iloc[0]:
        raise CheckFailed(_("`harsh_court` is not the court whose non-local defendants are sentenced more "
                            "harshly than its local ones for the same facts. Compare the two household groups "
                            "within each court, not the courts' overall ratios or their numbers of cases."))


def compare_top_words(top_words, contributions) -> None:
    """Hidden test: the five words are in the fact, and push towards the predicted charge."""
    fact = tables()["heldout"]["fact"].iloc[0].lower()   # TfidfVectorizer lowers its words by default
    words = _texts(top_words, "`top_words`")
    if any(w.replace(" ", "").lower() not in fact for w in words):
        raise CheckFailed(_("Some of `top_words` do not occur in this judgment's fact. A word weighs in a "
                            "prediction only when it is in the fact: multiply the class's coefficients by the "
                            "fact's TF-IDF weights, not the coefficients alone."))
    got = dict(zip((str(i) for i in contributions.index), (float(v) for v in contributions.to_numpy())))
    if any(abs(v) > 1e-12 and w.replace(" ", "").lower() not in fact for w, v in got.items()):
        raise CheckFailed(_("`contributions` gives weight to words that do not occur in this judgment's fact. A "
                            "word's contribution is its TF-IDF weight in the fact (0 when it is absent) times the "
                            "class's coefficient: multiply the two, not the coefficients alone."))
    if any(not got.get(w, 0) > 0 for w in words):
        raise CheckFailed(_("Some of `top_words` push AGAINST the predicted charge (their contribution is not "
                            "positive). Take the largest contributions."))
