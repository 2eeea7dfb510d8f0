"""The judgments of module 08: CAIL2018's structure, labels withheld from the held-out split,
facts that say what the truth says (amounts, alcohol levels, dates), and planted
near-duplicates, sentencing outliers and a disparity that the intended methods find."""
import json
import math
import random
import re

import pandas as pd
import pytest

from course.data import judgments

CAIL_META = {"relevant_articles", "accusation", "punish_of_money", "criminals", "term_of_imprisonment"}


@pytest.fixture(scope="module")
def tables():
    return judgments.generate(judgments.DEFAULT_SEED)


@pytest.fixture(scope="module")
def cases(tables):
    return [json.loads(line) for line in tables["cases"].splitlines()]


@pytest.fixture(scope="module")
def heldout(tables):
    return [json.loads(line) for line in tables["heldout"].splitlines()]


@pytest.fixture(scope="module")
def facts(tables, cases, heldout):
    """The truth of the facts, joined to the text and the term of each judgment."""
    truth = tables["facts_extracted"].set_index("case_id")
    labels = tables["heldout_labels"].set_index("case_id")
    truth["fact"] = pd.Series({r["case_id"]: r["fact"] for r in cases + heldout})
    truth["household"] = pd.Series({r["case_id"]: r["defendant"]["household"] for r in cases + heldout})
    truth["court"] = pd.Series({r["case_id"]: r["court"] for r in cases + heldout})
    months = {r["case_id"]: r["meta"]["term_of_imprisonment"]["imprisonment"] for r in cases}
    months.update(labels["imprisonment"].to_dict())
    truth["months"] = pd.Series(months)
    truth["formula"] = [judgments.formula_months(
        charge=row.charge, amount=float(row.amount) if row.amount != "" else None,
        bac=float(row.bac) if row.bac != "" else None, injury=row.injury, victims=int(row.victims),
        accident=row.accident == "yes", escaped=row.escaped == "yes", surrender=row.surrender == "yes",
        confession=row.confession == "yes", restitution=row.restitution, record=row.record)
        for row in truth.itertuples()]
    truth["residual"] = [math.log((m + 1) / (f + 1)) for m, f in zip(truth["months"], truth["formula"])]
    return truth


def test_generation_is_deterministic(tables):
    """(Its speed is measured by benchmarks/data_generation.py, not timed here.)"""
    again = judgments.generate(judgments.DEFAULT_SEED)
    for name, value in tables.items():
        if isinstance(value, str):
            assert value == again[name], name
        else:
            pd.testing.assert_frame_equal(value, again[name])
    assert judgments.generate(judgments.DEFAULT_SEED + 1)["cases"] != tables["cases"]


def test_every_truth_table_matches_its_description(tables):
    for t in judgments.TABLES:
        if t.columns:
            assert list(tables[t.name].columns) == [c.name for c in t.columns], t.name


def test_every_line_is_a_cail_object_and_the_heldout_has_no_labels(cases, heldout, tables):
    assert len(cases) == judgments.N_CASES and len(heldout) == judgments.N_HELDOUT
    for r in cases:
        assert set(r) == {"case_id", "court", "judgment_date", "fact", "meta", "defendant"}
        assert set(r["meta"]) == CAIL_META
        term = r["meta"]["term_of_imprisonment"]
        assert term["death_penalty"] is False and term["life_imprisonment"] is False
        assert isinstance(term["imprisonment"], int) and term["imprisonment"] >= 1
        assert r["meta"]["accusation"][0] in judgments.CHARGES
        assert r["meta"]["relevant_articles"] == [judgments.CHARGES[r["meta"]["accusation"][0]][0]]
        assert isinstance(r["meta"]["punish_of_money"], int)
    for r in heldout:
        assert set(r["meta"]) == {"criminals"}
    for r in cases + heldout:
        assert r["fact"].startswith(("经审理查明", "本院经审理查明"))
        assert re.fullmatch(r"[\u4e00-\u9fff]{1,2}某{1,2}", r["meta"]["criminals"][0])
        assert r["court"] in judgments.COURTS
        assert r["defendant"]["household"] in ("本地", "外地") and r["defendant"]["gender"] in ("男", "女")
        assert r["defendant"]["age_band"] in judgments.AGE_BANDS
    ids = [r["case_id"] for r in cases + heldout]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"（20\d\d）皖99\d\d刑初\d+号", i) for i in ids)
    assert set(tables["heldout_labels"]["case_id"]) == {r["case_id"] for r in heldout}


def test_charges_are_unbalanced_with_dangerous_driving_the_largest(cases):
    shares = pd.Series([r["meta"]["accusation"][0] for r in cases]).value_counts(normalize=True)
    assert shares.index[0] == "危险驾驶" and shares.iloc[0] > 0.30
    assert set(shares.index) == set(judgments.CHARGES)
    assert shares.min() < 0.04, "some charges are rare"


def test_every_drunk_driving_bac_is_at_least_80_and_extractable(facts):
    drunk = facts[facts["charge"] == "危险驾驶"]
    for fact, bac in zip(drunk["fact"], drunk["bac"]):
        found = re.findall(judgments.BAC_PATTERN, fact)
        assert len(found) == 1 and float(found[0]) == float(bac) >= 80, fact
        every = re.findall(r"(\d+(?:\.\d+)?)\s*(?:mg|毫克)/100", fact)
        assert all(float(v) >= 80 for v in every)
    traffic = facts[(facts["charge"] == "交通肇事") & (facts["bac"] != "")]
    assert len(traffic) > 10 and (traffic["bac"].astype(float) < 80).all(), "drinking, not drunk: a near miss"


def test_the_planted_amounts_and_dates_are_in_the_facts(facts):
    money = facts[facts["amount"] != ""]
    for fact, amount in zip(money["fact"], money["amount"]):
        assert re.search(rf"(?<!\d){amount}(?:余)?元", fact), fact
    simple = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
    hits = 0
    for fact, date in zip(facts["fact"], facts["date"]):
        m = re.search(simple, fact)
        if m:
            hits += 1
            assert "{}-{:02d}-{:02d}".format(*map(int, m.groups())) == date, fact
    assert 0.9 < hits / len(facts) < 1, "most dates in digits, a few in Chinese numerals"


def test_confusable_charges_share_their_words(facts):
    """A bag of words cannot always tell theft from fraud, or injury from picking quarrels."""
    def share(charge, word):
        return facts.loc[facts["charge"] == charge, "fact"].str.contains(word).mean()
    for charge in ("盗窃", "诈骗", "抢夺"):
        assert share(charge, "被害人") > 0.9 and share(charge, "手机") > 0.1
    assert share("盗窃", "为由") > 0.05 and share("抢夺", "趁被害人不备") > 0.2 and share("盗窃", "趁被害人不备") > 0.05
    for charge in ("故意伤害", "寻衅滋事"):
        assert share(charge, "因琐事|拳打脚踢") > 0.15 and share(charge, "轻伤二级") > 0.2


def _core(fact):
    """The sentence of the offence without its date, defendant and place, names masked: what
    tells one charge from another, if anything does."""
    first = re.sub(r"^(本院)?经审理查明[：，]", "", fact).split("。")[0]
    for word, synonym in judgments.SYNONYMS:   # a near-duplicate's rewording undone
        if synonym not in word:
            first = first.replace(synonym, word)
    return re.sub(r"[\u4e00-\u9fff]某某?", "X", "，".join(first.split("，")[2:]))


def test_borderline_facts_read_alike_for_both_charges_and_only_they_do(facts):
    """The planted borderline facts (theft or fraud; injury or picking quarrels) are written with
    the same sentences for both charges, so their charge is the court's alone; every other fact
    of those charges keeps the words of its own charge, and no rewording doubles a word."""
    for pair in (("盗窃", "诈骗"), ("故意伤害", "寻衅滋事")):
        cores = {c: set(facts.loc[(facts["charge"] == c) & (facts["borderline"] == "yes")]
                        .apply(lambda r: _core(r["fact"]), axis=1)) for c in pair}
        assert cores[pair[0]] and cores[pair[0]] == cores[pair[1]], pair
        others = facts.loc[facts["charge"].isin(pair) & (facts["borderline"] == "no")]
        assert not others.apply(lambda r: _core(r["fact"]) in cores[pair[0]], axis=1).any(), pair
        share = (facts.loc[facts["charge"].isin(pair), "borderline"] == "yes").mean()
        assert 0.04 < share < 0.25, (pair, share)
    assert (facts.loc[~facts["charge"].isin(judgments.BORDERLINE), "borderline"] == "no").all()
    assert not facts["fact"].str.contains("人民币人民币|价值价值").any()


def _bigrams(text):
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _jaccard(a, b):
    a, b = _bigrams(a), _bigrams(b)
    return len(a & b) / len(a | b)


def test_near_duplicates_are_far_more_alike_than_random_pairs(tables, facts):
    pairs = tables["near_duplicates"]
    assert len(pairs) == sum(judgments.DUPLICATES.values())
    assert set(zip(pairs["split_a"], pairs["split_b"])) == set(judgments.DUPLICATES)
    alike = [_jaccard(facts.at[a, "fact"], facts.at[b, "fact"]) for a, b in zip(pairs["case_a"], pairs["case_b"])]
    rng = random.Random(0)
    ids = list(facts.index)
    chance = [_jaccard(facts.at[a, "fact"], facts.at[b, "fact"]) for a, b in (rng.sample(ids, 2) for _ in range(3000))]
    assert min(alike) > 0.6 > max(chance) and sum(chance) / len(chance) < 0.25
    for a, b in zip(pairs["case_a"], pairs["case_b"]):
        assert facts.at[a, "fact"] != facts.at[b, "fact"]
        assert facts.at[a, "charge"] == facts.at[b, "charge"] and facts.at[a, "amount"] == facts.at[b, "amount"]


def test_planted_outliers_have_the_largest_residuals(tables, facts):
    outliers = tables["sentencing_outliers"]
    for split, size in (("cases", judgments.N_CASES), ("heldout", judgments.N_HELDOUT)):
        assert (outliers["split"] == split).sum() == round(size * judgments.OUTLIER_SHARE)
    assert set(outliers["direction"]) == {"harsh", "lenient"} and outliers["direction"].value_counts().min() > 40
    size = len(outliers)
    top = facts["residual"].abs().sort_values(ascending=False).index[:size]
    assert set(top) == set(outliers["case_id"])
    planted = facts.loc[outliers["case_id"], "residual"].to_numpy()
    assert ((planted > 0) == (outliers["direction"] == "harsh").to_numpy()).all()
    drunk = facts[facts["charge"] == "危险驾驶"]
    assert drunk["months"].between(1, 6).all(), "criminal detention of one to six months"


def test_the_disparity_is_visible_and_a_proxy_carries_household_registration(tables, facts):
    truth = tables["disparity"].iloc[0]
    ordinary = facts.drop(tables["sentencing_outliers"]["case_id"])
    ratio = ordinary["months"] / ordinary["formula"]
    here = (ordinary["court"] == truth["court"]) & (ordinary["household"] == "外地")
    elsewhere = (ordinary["court"] != truth["court"]) & (ordinary["household"] == "外地")
    local = (ordinary["court"] == truth["court"]) & (ordinary["household"] == "本地")
    assert here.sum() == int(truth["cases"]) > 100
    assert 1.18 < ratio[here].mean() < 1.32 and abs(ratio[elsewhere].mean() - 1) < 0.03
    assert abs(ratio[local].mean() - 1) < 0.03
    assert f"{ratio[here].mean():.3f}" == truth["mean_ratio"]
    proxy = facts["fact"].str.contains(judgments.PROXY_PATTERN)
    assert (proxy == (facts["proxy_phrase"] == "yes")).all()
    nonlocal_ = facts["household"] == "外地"
    assert proxy[nonlocal_].mean() > 0.6 and proxy[~nonlocal_].mean() < 0.1


def test_the_court_of_the_disparity_is_drawn_from_the_seed():
    courts = {judgments.generate(seed)["disparity"].iloc[0]["court"] for seed in range(1, 9)}
    assert len(courts) > 1


def test_no_real_identifier(tables):
    text = tables["cases"] + tables["heldout"]
    assert not re.search(r"\d{17}[\dXx]", text), "no ID number"
    assert not re.search(r"1[3-9]\d{9}", text), "no mobile number"
    assert not re.search(r"皖[A-Z]·?[A-Z0-9]{5}", text), "car plates are masked"


def test_what_the_data_office_did_by_hand_is_true_and_only_about_training_cases(tables, cases):
    """The annotated sample and the similar pairs are given to trainees: they must agree with
    the truth, and never name a held-out judgment (whose truth the grader keeps)."""
    training = {c["case_id"] for c in cases}
    annotated, truth = tables["annotated"], tables["facts_extracted"].set_index("case_id")
    assert len(annotated) == judgments.N_ANNOTATED and set(annotated["case_id"]) <= training
    for column in judgments.ANNOTATED_COLUMNS[1:]:
        assert annotated[column].tolist() == truth.loc[annotated["case_id"], column].tolist(), column
    pairs, planted = tables["similar_pairs"], tables["near_duplicates"]
    assert set(pairs["case_a"]) | set(pairs["case_b"]) <= training
    within = planted[(planted["split_a"] == "cases") & (planted["split_b"] == "cases")]
    assert sorted(zip(pairs["case_a"], pairs["case_b"])) == sorted(zip(within["case_a"], within["case_b"]))
    assert len(pairs) < len(planted)  # the pairs into and within the held-out split stay truth
