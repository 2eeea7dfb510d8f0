"""Module 03's city-sized data and the one collision model on three engines."""
import hashlib

import pytest

from course import bigdata
from course.data import bigpay


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return bigpay.build(tmp_path_factory.mktemp("bigpay") / "small", "small", quiet=True)


def test_same_seed_same_files(small, tmp_path):
    again = bigpay.build(tmp_path / "again", "small", quiet=True)
    assert _hashes(again) == _hashes(small)


def test_ids_valid_and_unique_and_partitioned_by_year(small):
    import pyarrow.dataset as ds

    from course import idcard

    table = ds.dataset(small / "payments", partitioning="hive").to_table()
    from collections import Counter

    per_id = Counter(table.column("id_number").to_pylist())
    ids = set(per_id)
    assert max(per_id.values()) <= bigpay.N_MONTHS, "two pensioners share an ID"
    assert len(ids) > 0.99 * bigpay.SIZES["small"]  # a few died before the first payday
    assert all(idcard.is_valid(i) for i in list(ids)[:2000])
    assert sorted((small / "payments").iterdir())[0].name == "year=2023"
    assert table.num_rows > 23 * bigpay.SIZES["small"]


def test_pandas_and_duckdb_find_the_same_clues(small):
    a, b = bigdata.overpaid_pandas(small), bigdata.overpaid_duckdb(small)
    assert a.equals(b)
    assert a["people"].sum() > 0


@pytest.mark.skipif(not bigdata.spark_available(), reason="PySpark or Java is not installed")
def test_spark_finds_the_same_clues(small):
    assert bigdata.overpaid_spark(small).equals(bigdata.overpaid_pandas(small))


def test_committed_data_card_matches_the_generator(small):
    from course import data

    from course.data import card

    for lang in ["en"] + card.languages():
        path = data._REPO / "datasets" / "bigpay" / card.file_name(lang)
        assert path.is_file() and path.read_text(encoding="utf-8") == bigpay.card_text(small, lang), \
            f"run `course data build` and commit datasets/bigpay/{path.name}"
