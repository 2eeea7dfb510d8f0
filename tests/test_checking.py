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
    assert "has no column `date_of_death`" in message and "`.rename(columns=" in message and "id_number, death_date, n_reports" in message
    assert expect_frame(REGISTER, "death_register", ["id_number"]) is REGISTER


def test_expect_frame_says_a_condition_is_not_the_rows():
    message = _fails(expect_frame, REGISTER["n_reports"] > 1, "bad_reports", ["id_number"])
    assert "a condition, not the rows it selects" in message and "`table[condition]`" in message


def test_expect_frame_turns_a_grouped_series_into_the_table_asked_for():
    counts = pd.Series([3, 1], index=pd.Index(["1.2.3.4", "5.6.7.8"], name="ip"), name="size")
    message = _fails(expect_frame, counts, "scanners", ["ip", "not_found"])
    assert "Its index holds `ip`" in message and '`.reset_index(name="not_found")`' in message
    advice = _fails(expect_frame, counts, "scanners", ["ip", "not_found"], advice="Use `.agg(...)`.")
    assert advice.endswith("Use `.agg(...)`.") and "reset_index(name" not in advice


def test_expect_frame_names_what_came_instead_of_a_table():
    assert "it is a list. Build it with pandas" in _fails(expect_frame, [1, 2], "t")
    assert "it is nothing (None)" in _fails(expect_frame, None, "t") and "`inplace=True`" in _fails(expect_frame, None, "t")
    assert _fails(expect_frame, "x", "t", advice="Keep the table.").endswith("it is text. Keep the table.")


def test_expect_frame_says_a_merge_kept_two_copies_of_a_column():
    merged = REGISTER.rename(columns={"death_date": "death_date_x"}).assign(death_date_y=REGISTER["death_date"])
    message = _fails(expect_frame, merged, "judged", ["id_number", "death_date"])
    assert "`death_date_x`, `death_date_y`" in message and 'on="death_date"' in message and "`.rename(" in message
    custom = REGISTER.rename(columns={"death_date": "death_date_left"}).assign(death_date_right=1)
    assert "kept a copy of each" in _fails(expect_frame, custom, "judged", ["death_date"])
    assert "kept a copy" not in _fails(expect_frame, REGISTER.rename(columns={"id_number": "id_number_clean"}),
                                      "judged", ["id_number"])


def test_expect_frame_says_a_name_differs_by_a_space_or_capitals():
    message = _fails(expect_frame, REGISTER.rename(columns={"n_reports": "N_reports "}), "t", ["n_reports"])
    assert "'N_reports '" in message and "spaces or capitals" in message and "`.rename(columns=" in message


def test_kinds_are_said_in_a_lawyers_words():
    from course.checking import column_kind

    assert column_kind(pd.Series(["a", None])) == "text"
    assert column_kind(pd.Series([1, 2.5])) == "numbers"
    assert column_kind(pd.Series([True])) == "True/False values"
    assert column_kind(REGISTER["death_date"]) == "dates"
    assert column_kind(pd.Series(["a", 1])) == "a mix of numbers and text"
    import datetime

    assert column_kind(pd.Series([datetime.date(2024, 1, 1)])) == "dates"
    assert "durations" in column_kind(REGISTER["death_date"] - REGISTER["death_date"])


def test_expect_numeric_says_text_is_not_numbers():
    logs = pd.DataFrame({"port": ["80", "443"], "bytes": [1.5, 2.0]})
    expect_numeric(logs, "logs", "bytes")
    message = _fails(expect_numeric, logs, "logs", "port")
    assert "`port` of `logs` holds text, not numbers" in message and "`.astype(float)`" in message
    flag = _fails(expect_numeric, pd.DataFrame({"flag": [True]}), "t", "flag")
    assert "should hold numbers, but it holds True/False values" in flag and "`.sum()`" in flag
    assert "object" not in _fails(expect_numeric, pd.DataFrame({"m": ["1", 2]}), "t", "m")
    assert "in its index" in _fails(expect_numeric, logs.set_index("port"), "logs", "port")


def test_expect_dates_says_text_is_not_dates():
    expect_dates(REGISTER, "death_register", "death_date")
    text = REGISTER.assign(death_date=["2024-01-01", "2024-02-01"])
    message = _fails(expect_dates, text, "death_register", "death_date")
    assert "holds text, not dates" in message and "`pd.to_datetime(...)`" in message and "format=" in message
    assert "should hold dates, but it holds numbers" in _fails(expect_dates, REGISTER, "death_register", "n_reports")
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


def _bars(draw):
    fig, ax = plt.subplots()
    draw(ax)
    fig.canvas.draw()
    ax_plain = expect_one_chart(materialize(fig, "`fig`"))
    plt.close(fig)
    return ax_plain


def test_bars_by_label_says_what_each_bar_shows():
    from course.checking import bars_by_label

    named = _bars(lambda ax: ax.bar(["Wuhan", "Yichang"], [3, 5]))
    assert bars_by_label(named, False) == [("Wuhan", 3), ("Yichang", 5)]
    sideways = _bars(lambda ax: ax.barh(["Wuhan", "Yichang"], [3, 5]))
    assert bars_by_label(sideways, True) == [("Wuhan", 3), ("Yichang", 5)]
    year = lambda t: int(float(t)) if float(t) in (2023, 2024) else None  # noqa: E731
    at_years = _bars(lambda ax: ax.bar([2023, 2024], [1, 2]))
    assert bars_by_label(at_years, False, year) == [(2023, 1), (2024, 2)]
    unnamed = _bars(lambda ax: ax.bar([0, 1, 2], [1, 2, 3]))
    assert bars_by_label(unnamed, False, year) is None


def test_an_answer_holding_a_function_or_tuples_says_what_the_trainee_did():
    import pandas as pd
    from course.checking import as_plain
    from course.transport import materialize

    deaths = pd.DataFrame({"source": ["police", "hospital", "police"]})
    with pytest.raises(CheckFailed) as err:
        as_plain(deaths[["source"]].value_counts(), "`source_counts`")      # double brackets
    assert "pairs of values (tuples)" in err.value.message and "single brackets" in err.value.message
    with pytest.raises(CheckFailed) as err:
        as_plain(materialize(deaths["source"].value_counts, "`source_counts`"), "`source_counts`")  # no ()
    assert "a function instead of its result: add `()`" in err.value.message
    assert "LocalFunction" not in err.value.message and ".." not in err.value.message
