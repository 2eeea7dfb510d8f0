"""The shared checks say what was found and what to do next (issue 12, section 3)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from course.checking import (CheckFailed, expect_chart_words, expect_dates, expect_frame,  # noqa: E402
                             expect_numeric, expect_one_chart, expect_sorted)
from course.transport import materialize  # noqa: E402


def _fails(fn, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as err:
        fn(*args, **kwargs)
    return err.value.message


REGISTER = pd.DataFrame({"id_number": ["1", "2"], "death_date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
                         "n_reports": [1, 2]})


def test_expect_frame_says_the_column_is_in_the_index():
    message = _fails(expect_frame, REGISTER.set_index("id_number"), "death_register", ["id_number", "death_date"])
    assert "`id_number` in its index" in message and "`.reset_index()`" in message


def test_expect_frame_says_how_to_get_a_table_from_a_series():
    message = _fails(expect_frame, REGISTER["n_reports"], "scanners", ["n_reports"])
    assert "it is a Series" in message
    assert '`table[["a", "b"]]`' in message and "`.reset_index()`" in message and "`.to_frame()`" in message


def test_expect_frame_still_lists_the_columns_when_one_is_missing():
    message = _fails(expect_frame, REGISTER, "death_register", ["date_of_death"])
    assert "has no column date_of_death" in message and "id_number, death_date, n_reports" in message
    assert expect_frame(REGISTER, "death_register", ["id_number"]) is REGISTER


def test_expect_numeric_says_text_is_not_numbers():
    logs = pd.DataFrame({"port": ["80", "443"], "bytes": [1.5, 2.0]})
    expect_numeric(logs, "logs", "bytes")
    message = _fails(expect_numeric, logs, "logs", "port")
    assert "`port` of `logs` holds text, not numbers" in message and "`.astype(float)`" in message
    assert "should hold numbers" in _fails(expect_numeric, pd.DataFrame({"flag": [True]}), "t", "flag")
    assert "in its index" in _fails(expect_numeric, logs.set_index("port"), "logs", "port")


def test_expect_dates_says_text_is_not_dates():
    expect_dates(REGISTER, "death_register", "death_date")
    text = REGISTER.assign(death_date=["2024-01-01", "2024-02-01"])
    message = _fails(expect_dates, text, "death_register", "death_date")
    assert "holds text, not dates" in message and "`pd.to_datetime(...)`" in message and "format=" in message
    assert "should hold dates" in _fails(expect_dates, REGISTER, "death_register", "n_reports")
    zoned = pd.DataFrame({"t": pd.to_datetime(["2024-01-01"]).tz_localize("Asia/Shanghai")})
    expect_dates(zoned, "logins", "t")


def test_expect_sorted_both_ways():
    expect_sorted(pd.Series([1, 2, 2, 5]), True, "The `n` column")
    expect_sorted([5, 3, 3, None], False, "The `n` column")
    message = _fails(expect_sorted, pd.Series([3, 1, 2]), True, "The `n_reports` column of `top`")
    assert "from the smallest to the largest" in message and "3 comes before 1" in message
    message = _fails(expect_sorted, [1, 3], False, "The `amount` column")
    assert "from the largest to the smallest" in message and "ascending=False" in message
    assert "empty values" in _fails(expect_sorted, [None, 1], True, "x")
    assert "mixes text and numbers" in _fails(expect_sorted, ["a", 1], True, "x")


def _chart(**kw):
    fig, ax = plt.subplots()
    ax.bar(["Wuhan", "Yichang"], [3, 5], label=kw.get("label", "pension payments"))
    ax.set_title(kw.get("title", "Pension payments after death"))
    ax.set_xlabel(kw.get("xlabel", "City"))
    ax.set_ylabel(kw.get("ylabel", "Payments (yuan)"))
    if kw.get("legend", True):
        ax.legend()
    fig.canvas.draw()
    ax_plain = expect_one_chart(materialize(fig, "`fig`"))
    plt.close(fig)
    return ax_plain


def test_expect_chart_words_passes_a_chart_that_says_them_in_any_case():
    expect_chart_words(_chart(), title=["PENSION", "death"], ylabel=["yuan"], xticks=["wuhan", "Yichang"],
                       legend=["payments"])


@pytest.mark.parametrize("part, kwargs, words", [
    ("title", {"title": "Payments"}, ["The chart's title should mention “death”", "It reads: Payments."]),
    ("title", {"title": ""}, ["The chart has no title yet. It should mention “death”."]),
    ("ylabel", {"ylabel": "Payments"}, ["vertical axis should mention “yuan”"]),
    ("xticks", {}, ["labels under the horizontal axis should mention “Xiangyang”", "Wuhan; Yichang"]),
    ("legend", {"legend": False}, ["no legend yet", "`label=`"]),
])
def test_expect_chart_words_names_the_part_and_what_it_reads(part, kwargs, words):
    wanted = {"title": ["death"], "ylabel": ["yuan"], "xticks": ["Xiangyang"], "legend": ["pension"]}[part]
    message = _fails(expect_chart_words, _chart(**kwargs), **{part: wanted})
    for w in words:
        assert w in message, message


def test_expect_chart_words_refuses_an_unknown_part():
    with pytest.raises(TypeError):
        expect_chart_words(_chart(), subtitle=["x"])
