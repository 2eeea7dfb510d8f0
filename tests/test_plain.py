"""Answers are turned into plain data before any comparison, so they cannot cheat on ==."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from course.plain import NotPlain, plain, same


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class SneakyFrame(pd.DataFrame):
    def __eq__(self, other):
        return True


class SneakyStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("value", [AlwaysEqual(), SneakyFrame({"a": [1]}), SneakyStr("x"),
                                   [1, AlwaysEqual()], {"k": AlwaysEqual()},
                                   pd.Series([AlwaysEqual()]), pd.DataFrame({"a": [AlwaysEqual()]}),
                                   pd.Series([1], index=[AlwaysEqual()])])
def test_objects_that_claim_equality_are_refused(value):
    with pytest.raises(NotPlain):
        plain(value)


def test_scalars_and_containers():
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(float("nan")) is None
    assert plain(pd.Timestamp("2023-05-01")) == "2023-05-01"
    assert plain(dt.date(2023, 5, 1)) == "2023-05-01"
    assert plain((1, "a")) == [1, "a"]
    assert plain({"b", "a"}) == ["a", "b"]


def test_frames_and_series_keep_values_index_and_types():
    df = pd.DataFrame({"id": ["1", "2"], "n": [1, 2], "d": pd.to_datetime(["2023-01-01", "2024-02-29"])})
    p = plain(df)
    assert p["columns"] == ["id", "n", "d"]
    assert p["data"]["d"] == ["2023-01-01", "2024-02-29"]
    assert p["dtypes"]["n"] == "int64"
    s = plain(df.set_index("id")["n"])
    assert s["index"] == ["1", "2"] and s["values"] == [1, 2]
    cat = plain(pd.Series(["a", "b"], dtype="category"))
    assert cat["values"] == ["a", "b"]


def test_same_is_strict_on_types_but_tolerant_on_float_noise():
    assert same(1, 1.0)
    assert same(0.1 + 0.2, 0.3)
    assert not same(True, 1)
    assert not same("1", 1)
    assert not same([1, 2], [1, 2, 3])
    assert not same({"a": 1}, {"a": 1, "b": 2})
