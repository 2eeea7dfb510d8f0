"""The generated county data: deterministic, valid where it should be, dirty where promised."""
import hashlib
import json
import re

import pandas as pd
import pytest

from course import data, idcard
from course.data import build, county

REPO_CARD = data.data_dir() / "county" / "README.md"


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_another_seed_gives_other_data(tmp_path):
    # byte-identical rebuilds and the committed card are tested for every dataset in test_datasets.py
    a = build.build(tmp_path / "a", quiet=True)
    c = build.build(tmp_path / "c", seed=7, quiet=True)
    assert _hashes(c)["deaths.csv"] != _hashes(a)["deaths.csv"]


def test_card_documents_every_column_and_row_count():
    text = REPO_CARD.read_text(encoding="utf-8")
    for t in county.TABLES:
        df = data.load(t.name)
        assert list(df.columns) == [c.name for c in t.columns]
        assert f"Rows: {len(df):,}" in text or f"| `{t.name}` | {len(df):,} |" in text


@pytest.fixture(scope="module")
def persons():
    return data.load("persons")


def test_person_ids_are_valid_unique_fictional_and_consistent(persons):
    ids = persons["id_number"]
    assert ids.is_unique
    assert ids.map(idcard.is_valid).all()
    assert ids.str[:6].isin(list(idcard.FICTIONAL_REGIONS)).all()
    assert (ids.str[6:14] == persons["birth_date"].str.replace("-", "")).all()
    male = ids.str[16].astype(int) % 2 == 1
    assert ((persons["sex"] == "M") == male).all()
    assert persons["name"].duplicated().sum() > 100, "names must repeat: join on ID, never on name"


def test_death_reports_carry_the_promised_dirt():
    deaths = data.load("deaths")
    raw = deaths["id_number"]
    assert raw[deaths["source"] == "hospital"].str.contains("x").any()
    assert not raw[deaths["source"] == "hospital"].str.contains("X").any()
    assert raw.str.contains("[０-９]").any()
    assert raw.str.contains(" ").any()
    clean = raw.map(lambda s: re.sub(r"\s+", "", __import__("unicodedata").normalize("NFKC", s)).upper())
    bad = ~clean.map(idcard.is_valid)
    assert 0 < bad.sum() < 0.05 * len(deaths)
    formats = {"police": r"\d{8}", "hospital": r"\d{4}/\d{1,2}/\d{1,2}", "crematorium": r"\d{4}年\d{1,2}月\d{1,2}日"}
    for source, pattern in formats.items():
        assert deaths.loc[deaths["source"] == source, "death_date"].str.fullmatch(pattern).all()
    per_person = clean[~bad].value_counts()
    assert (per_person >= 2).mean() > 0.4, "most deaths are reported by several sources"


def test_planted_payments_after_death_match_the_true_deaths():
    pensions = data.load("pensions")
    truth = data.load("payments_after_death")
    deaths = data.load("true_deaths")
    joined = pensions.merge(deaths, on="id_number")
    # The pension stops from the month after death: the death month's payment is due.
    pay_month = pd.to_datetime(joined["pay_date"]).dt.to_period("M")
    death_month = pd.to_datetime(joined["death_date"]).dt.to_period("M")
    after = joined[pay_month > death_month]
    assert set(after["payment_id"]) == set(truth["payment_id"])
    assert len(truth) > 50
    paid_in_death_month_after_the_day = joined[(pay_month == death_month)
                                               & (pd.to_datetime(joined["pay_date"]) > pd.to_datetime(joined["death_date"]))]
    assert len(paid_in_death_month_after_the_day) > 0, "the day rule and the month rule must differ"


def test_planted_licences_and_custody_payments():
    judgments = data.load("judgments")
    licences = data.load("licences")
    truth = data.load("licensed_drunk_drivers")
    drunk = judgments[judgments["charge"] == "dangerous driving"]
    lic = licences.assign(id_number=licences["id_number"].str.replace(" ", ""))
    j = drunk.assign(id_number=drunk["id_number"].str.upper()).merge(lic, on="id_number")
    assert set(j.loc[j["status"] == "normal", "licence_no"]) == set(truth["licence_no"])
    assert set(j.loc[j["status"] != "revoked", "licence_no"]) > set(truth["licence_no"]), \
        "an expired licence of a drunk driver tells 'normal' from 'not revoked'"
    custody = data.load("custody")
    pay = data.load("pensions").merge(custody, on="id_number")
    inside = pay[(pd.to_datetime(pay["pay_date"]) >= pd.to_datetime(pay["start_date"], format="%Y/%m/%d"))
                 & (pd.to_datetime(pay["pay_date"]) <= pd.to_datetime(pay["end_date"], format="%Y/%m/%d"))]
    assert set(inside["payment_id"]) == set(data.load("payments_in_custody")["payment_id"])


def test_missing_file_is_rebuilt_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    path = data.path("deaths")
    assert path.is_file() and path.parent.parent == tmp_path
    path.unlink()
    assert data.path("deaths").is_file()
    manifest = json.loads((tmp_path / "county" / "manifest.json").read_text())
    assert manifest["version"] == county.VERSION


def test_unknown_table_names_the_real_ones():
    with pytest.raises(data.TableNotFound, match="deaths"):
        data.path("death")


def test_describe_gives_a_tables_columns_without_the_planted_truth():
    text = data.describe("clue_features")
    assert "| `recovered_amount` |" in text and "Rows: 6,000" in text
    assert "Planted" not in text and "ground truth" not in text and "fraud_pharmacies" not in text
    assert text._repr_markdown_() == str(text)          # JupyterLab shows it formatted
    from course import i18n

    with i18n.speaking("zh_CN"):     # a Chinese edition's notebook reads it in Chinese
        zh = data.describe("clue_features")
    assert "| `recovered_amount` |" in zh and "行数：6,000" in zh and "Rows" not in zh
    with pytest.raises(data.TableNotFound, match="ground truth"):
        data.describe("fraud_pharmacies")
    with pytest.raises(data.TableNotFound):
        data.describe("no_such_table")
