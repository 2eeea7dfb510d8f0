"""The `registers` dataset (module 06): derived from the county data, consistent with it, and
planted so that the careful rule finds exactly the truth while each careless rule does not."""
import functools
import re

import pandas as pd
import pytest

from course import idcard
from course.data import county, registers


@functools.lru_cache(maxsize=1)
def _data():
    return registers.generate(registers.DEFAULT_SEED), county.generate(county.DEFAULT_SEED)


def _clean(s: pd.Series) -> pd.Series:
    return s.str.normalize("NFKC").str.replace(r"\s+", "", regex=True).str.upper()


@functools.lru_cache(maxsize=1)
def _convicts() -> pd.DataFrame:
    reg, base = _data()
    conv = base["judgments"].merge(reg["sentence_ends"][["case_no", "end_type", "end_date"]], on="case_no",
                                   validate="one_to_one")
    conv["id_clean"] = _clean(conv["id_number"])
    conv["judgment_date"] = pd.to_datetime(conv["judgment_date"], format="%Y年%m月%d日")
    conv["end_date"] = pd.to_datetime(conv["end_date"], format="%Y/%m/%d")
    conv["barred_until"] = conv["end_date"] + pd.DateOffset(years=5)
    return conv


def _rule(charges=registers.LISTED_CHARGES, on="id", until="barred_until", last_day=True, lower=True,
          probation_years=None) -> set:
    reg, _ = _data()
    companies = reg["companies"].assign(id_clean=lambda d: _clean(d["legal_rep_id"]),
                                        appointed=lambda d: pd.to_datetime(d["appointed_date"]))
    conv = _convicts()[lambda d: d["charge"].isin(charges)].copy()
    conv["from_judgment"] = conv["judgment_date"] + pd.DateOffset(years=5)
    if probation_years is not None:
        conv.loc[conv["end_type"] == "probation", "barred_until"] = \
            conv["end_date"] + pd.DateOffset(years=probation_years)
    if on == "name":
        hits = companies.merge(conv, left_on="legal_rep_name", right_on="name", suffixes=("", "_c"))
    elif on == "raw":
        hits = companies.merge(conv, left_on="legal_rep_id", right_on="id_number")
    else:
        hits = companies.merge(conv, on="id_clean")
    day = hits["appointed"]
    keep = (day <= hits[until]) if last_day else (day < hits[until])
    if lower:
        keep &= day >= hits["judgment_date"]
    return set(hits.loc[keep, "credit_code"])


def _truth() -> set:
    return set(_data()[0]["disqualified_reps"]["credit_code"])


def test_tables_match_their_description():
    reg, _ = _data()
    for t in registers.TABLES:
        assert list(reg[t.name].columns) == [c.name for c in t.columns], t.name
        assert all(reg[t.name].map(lambda v: isinstance(v, str)).all()), f"{t.name}: text only"


def test_generation_leaves_the_county_data_as_they_are():
    """(Its speed is measured by benchmarks/data_generation.py, not timed here.)"""
    registers.generate(registers.DEFAULT_SEED)
    _, base = _data()
    again = county.generate(county.DEFAULT_SEED)
    assert all(again[name].equals(base[name]) for name in again)


def test_credit_codes_are_fictional_valid_and_unique():
    companies = _data()[0]["companies"]
    codes = companies["credit_code"]
    assert codes.is_unique and codes.str.len().eq(18).all()
    assert codes.str.match(r"^91(349901|349902|349903)").all()
    assert all(registers.credit_check_char(c[:17]) == c[17] for c in codes)
    assert registers.credit_check_char("91350100M000100Y4") == "3"   # the example of GB 32100 itself
    assert companies["company_name"].is_unique


def test_company_dates_and_status_are_sound():
    companies = _data()[0]["companies"]
    founded = pd.to_datetime(companies["founded_date"])
    appointed = pd.to_datetime(companies["appointed_date"])
    assert (founded <= appointed).all() and (appointed <= registers.EXTRACT_DATE).all()
    assert set(companies["status"]) == set(registers.STATUS)


def test_every_representative_is_a_person_of_the_county_and_ids_carry_the_promised_dirt():
    reg, base = _data()
    companies = reg["companies"]
    clean = _clean(companies["legal_rep_id"])
    people = dict(zip(base["persons"]["id_number"], base["persons"]["name"]))
    assert clean.map(people).eq(companies["legal_rep_name"]).all()
    assert clean.map(idcard.is_valid).all()
    assert companies["legal_rep_id"].str.endswith("x").sum() >= 10
    assert companies["legal_rep_id"].str.contains(" ").sum() >= 20


def test_sentence_ends_match_custody_and_the_probation_limits():
    reg, base = _data()
    ends = reg["sentence_ends"]
    judgments = base["judgments"]
    assert ends["case_no"].is_unique and set(ends["case_no"]) == set(judgments["case_no"])
    conv = _convicts()
    released = conv[conv["end_type"] == "release"]
    assert set(released["probation"]) == {"no"} and set(conv.loc[conv["end_type"] == "probation", "probation"]) == {"yes"}
    custody_end = dict(zip(base["custody"]["id_number"], base["custody"]["end_date"]))
    assert (released["id_clean"].map(custody_end)
            == released["end_date"].map(lambda d: f"{d.year}/{d.month}/{d.day}")).all()
    probation = conv[conv["end_type"] == "probation"]
    months = (probation["end_date"].dt.year - probation["judgment_date"].dt.year) * 12 + \
        (probation["end_date"].dt.month - probation["judgment_date"].dt.month)
    assert (months >= probation["sentence_months"].astype(int)).all()
    assert months.between(2, 60).all()


def test_the_careful_rule_finds_exactly_the_truth_under_either_reading_of_the_law():
    truth = _truth()
    assert len(truth) >= 20
    assert _rule() == truth
    assert _rule(probation_years=2) == truth, "suspended sentences: the 2023 Company Law agrees"
    reps = _data()[0]["disqualified_reps"]
    assert reps["id_number"].nunique() < len(reps), "someone runs two barred companies"


@pytest.mark.parametrize("careless, direction", [
    (dict(on="name"), "over"),
    (dict(charges=(*registers.LISTED_CHARGES, "fraud")), "over"),
    (dict(charges=(*registers.LISTED_CHARGES, "theft", "dangerous driving")), "over"),
    (dict(lower=False), "over"),
    (dict(on="raw"), "under"),
    (dict(until="from_judgment"), "under"),
    (dict(last_day=False), "under"),
])
def test_each_careless_rule_over_flags_or_misses(careless, direction):
    found, truth = _rule(**careless), _truth()
    if direction == "over":
        assert found > truth
    else:
        assert found < truth


def test_every_kind_of_near_miss_and_hard_clue_is_planted():
    reg, _ = _data()
    kinds = reg["company_near_misses"]["kind"].value_counts()
    assert set(kinds.index) == set(registers.NEAR_MISS_KINDS.values())
    assert kinds.min() >= 2
    assert not set(reg["company_near_misses"]["credit_code"]) & _truth()
    notes = " ".join(reg["disqualified_reps"]["note"])
    for what in ("lower-case x", "space", "more than 5 years after the judgment", "last day"):
        assert what in notes
    # the namesakes really are other people with a convict's name
    conv = _convicts()
    near = reg["company_near_misses"].merge(reg["companies"], on="credit_code")
    names = near[near["kind"].str.startswith("same name")]
    assert names["legal_rep_name"].isin(conv["name"]).all()
    assert not _clean(names["legal_rep_id"]).isin(conv["id_clean"]).any()


def test_hand_checks_are_a_sample_of_version_one_with_verdicts_from_the_truth():
    reg, _ = _data()
    checks = reg["hand_checks"]
    v1 = _rule(charges=tuple(_convicts()["charge"].unique()), on="name")
    assert len(checks) == 60 and checks["credit_code"].is_unique
    assert set(checks["credit_code"]) <= v1
    confirmed = set(checks.loc[checks["verdict"] == "confirmed", "credit_code"])
    assert confirmed == set(checks["credit_code"]) & _truth()
    assert 0 < len(confirmed) < 30
    assert (pd.to_datetime(checks["checked_on"]) > registers.EXTRACT_DATE).all()
    assert all(re.fullmatch(r"HC\d{3}", c) for c in checks["check_no"])
