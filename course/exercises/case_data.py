"""Checks and hints of assignment 01-case-data ("Case data with pandas").

In the notebook::

    from course.exercises import case_data as q
    q.normalise_id.check()   # after the answer cell
    q.normalise_id.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/01-case-data/mistakes.toml``.

The expected values are computed here from the generated data (`answer_key`), by code written
for checking, not copied from the reference solution.
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from course import data, idcard
from course.checking import CheckFailed, as_plain, call, expect_frame, expect_one_chart
from course.plain import same
from course.question import question_maker

ASSIGNMENT = "01-case-data"
DEATH_COLUMNS = ["report_no", "source", "id_number", "name", "death_date"]


# --- the answer key, computed from the data ---------------------------------------------

_DATE_FORMATS = ("%Y%m%d", "%Y/%m/%d", "%Y年%m月%d日")


def _date(text: str) -> pd.Timestamp:
    for fmt in _DATE_FORMATS:
        value = pd.to_datetime(text, format=fmt, errors="coerce")
        if not pd.isna(value):
            return value
    raise ValueError(text)


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks (`course.hidden.case_data` uses them too)."""
    deaths = data.load("deaths")
    clean = deaths.copy()
    clean["id_number"] = clean["id_number"].map(idcard.normalise)
    clean["death_date"] = pd.to_datetime(clean["death_date"].map(_date))
    clean["id_valid"] = clean["id_number"].map(idcard.is_valid).astype(bool)
    valid = clean[clean["id_valid"]]
    register = (valid.groupby("id_number")
                .agg(death_date=("death_date", "min"), n_reports=("report_no", "size"))
                .reset_index())
    pensions = data.load("pensions")
    joined = pensions.merge(register[["id_number", "death_date"]], on="id_number")
    # The pension stops from the month after death (从死亡次月起停发): a payment is a clue when
    # its month is later than the month of death; the death month's own payment is due.
    pay = pd.to_datetime(joined["pay_date"])
    pay_month = pay.dt.year * 12 + pay.dt.month
    death_month = joined["death_date"].dt.year * 12 + joined["death_date"].dt.month
    late = joined[pay_month > death_month]
    persons = data.load("persons")[["id_number", "township"]]
    late_t = late.merge(persons, on="id_number")
    by_town = late_t.groupby("township").agg(
        people=("id_number", "nunique"), amount=("amount", lambda s: s.astype(float).sum()))
    return {
        "deaths": deaths,
        "clean": clean,
        "register": register.set_index("id_number"),
        "late_ids": set(late["payment_id"]),
        "death_month_ids": set(joined.loc[pay_month == death_month, "payment_id"]),
        "joined_ids": set(joined["payment_id"]),
        "by_town": by_town,
        "per_source": deaths["source"].value_counts().to_dict(),
    }


def _text_column(df: pd.DataFrame, column: str, name: str) -> list:
    values = as_plain(df[column], f"column `{column}` of `{name}`")["values"]
    if not all(isinstance(v, str) for v in values):
        raise CheckFailed(f"Column `{column}` of `{name}` should hold text only, but some values "
                          "are numbers or empty. Read the file with `dtype=str`.")
    return values


# --- checks ------------------------------------------------------------------------------

def _check_load(deaths) -> str:
    df = expect_frame(deaths, "deaths")
    key = answer_key()["deaths"]
    cols = as_plain(list(df.columns), "the column names")
    if cols != DEATH_COLUMNS:
        raise CheckFailed("`deaths` should have exactly the file's five columns "
                          f"({', '.join(DEATH_COLUMNS)}), in that order. Yours: {', '.join(map(str, cols))}. "
                          "Did you use `index_col`, or skip the header?")
    if len(df) != len(key):
        raise CheckFailed(f"`deaths` has {len(df)} rows; the file has a different number. "
                          "Read the whole file, with its first line as the header.")
    for c in DEATH_COLUMNS:
        _text_column(df, c, "deaths")
    return f"`deaths` holds all {len(df)} reports, every column as text."


def _check_sources(reports_per_source) -> str:
    value = as_plain(reports_per_source, "`reports_per_source`")
    if isinstance(value, dict) and value.get("type") == "Series":
        value = dict(zip(value["index"], value["values"]))
    if not isinstance(value, dict):
        raise CheckFailed("`reports_per_source` should give one count per source (a Series, e.g. "
                          "from `value_counts()`, or a dictionary), not a single value.")
    expected = answer_key()["per_source"]
    if set(value) != set(expected):
        raise CheckFailed(f"`reports_per_source` should have one entry for each of the sources "
                          f"{', '.join(sorted(expected))}; yours has: {', '.join(map(str, value))}.")
    if not same(value, expected):
        raise CheckFailed("The sources are right but some counts are not. Count the rows of "
                          "`deaths` for each value of the `source` column.")
    return "one count per source."


def _id_examples() -> dict[str, list[str]]:
    """Raw IDs from the deaths file showing each kind of dirt (trainees can see them too)."""
    raw = answer_key()["deaths"]["id_number"]
    kinds = {
        "a lower-case x": raw[raw.str.endswith("x")],
        "full-width digits": raw[raw.str.contains("[０-９]")],
        "stray spaces": raw[raw.str.contains(" ")],
        "nothing wrong": raw[raw.str.fullmatch(r"\d{17}[\dX]")],
    }
    return {k: v.iloc[:3].tolist() for k, v in kinds.items()}


def _check_normalise(normalise_id) -> str:
    for kind, examples in _id_examples().items():
        for raw in examples:
            got = call(normalise_id, raw, what="normalise_id")
            got = as_plain(got, "what normalise_id returned")
            if not isinstance(got, str):
                raise CheckFailed(f"`normalise_id` should return text, but for {raw!r} it returned "
                                  f"a {type(got).__name__}. Use `return`, not `print`.")
            if got != idcard.normalise(raw):
                raise CheckFailed(f"`normalise_id({raw!r})` is not right yet: this ID has {kind}. "
                                  "A clean ID has 18 ordinary characters: no spaces anywhere, "
                                  "digits 0-9 and a capital X.")
    return "`normalise_id` cleans lower-case x, full-width digits and stray spaces."


def _check_valid(is_valid_id) -> str:
    good = answer_key()["register"].index[:3].tolist() + [i for i in answer_key()["register"].index if i.endswith("X")][:2]
    for raw in good:
        got = as_plain(call(is_valid_id, raw, what="is_valid_id"), "what is_valid_id returned")
        if got is not True:
            raise CheckFailed(f"`is_valid_id({raw!r})` should be True: that ID is valid. "
                              f"{'Remember that a remainder of 2 means the check character is X. ' if raw.endswith('X') else ''}"
                              "Check the weights and the remainder-to-character table.")
    for raw in good[:2]:
        broken = raw[:17] + ("0" if raw[17] != "0" else "1")
        got = as_plain(call(is_valid_id, broken, what="is_valid_id"), "what is_valid_id returned")
        if got is not False:
            raise CheckFailed(f"`is_valid_id({broken!r})` should be False: its last character does "
                              "not match the check character computed from the first 17 digits.")
    for bad in (good[0][:17], good[0] + "1"):
        got = as_plain(call(is_valid_id, bad, what="is_valid_id"), "what is_valid_id returned")
        if got is not False:
            raise CheckFailed(f"`is_valid_id({bad!r})` should be False: a resident ID has exactly "
                              "18 characters.")
    return "`is_valid_id` accepts valid IDs and rejects wrong check characters and lengths."


def _check_parse(parse_report_date) -> str:
    deaths = answer_key()["deaths"]
    for source in ("police", "hospital", "crematorium"):
        text = deaths.loc[deaths["source"] == source, "death_date"].iloc[0]
        got = call(parse_report_date, text, what="parse_report_date")
        if type(got) is not pd.Timestamp:
            raise CheckFailed(f"`parse_report_date({text!r})` should return a date (a pandas "
                              f"Timestamp, e.g. from `pd.to_datetime`), not a {type(got).__name__}.")
        if as_plain(got, "the date") != _date(text).strftime("%Y-%m-%d"):
            raise CheckFailed(f"`parse_report_date({text!r})` gives the wrong day. Check which part "
                              "is the year, the month and the day in this format.")
    return "`parse_report_date` reads all three date formats."


def _check_clean(deaths_clean) -> str:
    df = expect_frame(deaths_clean, "deaths_clean", DEATH_COLUMNS + ["id_valid"])
    key = answer_key()["clean"]
    if len(df) != len(key):
        raise CheckFailed(f"`deaths_clean` has {len(df)} rows but `deaths` has {len(key)}. Cleaning "
                          "changes values; it must not add or drop reports.")
    if df["death_date"].dtype.kind != "M":
        raise CheckFailed("Column `death_date` of `deaths_clean` should hold dates (dtype "
                          f"datetime64), but it holds {df['death_date'].dtype}. Apply "
                          "`parse_report_date` and convert with `pd.to_datetime`.")
    if df["id_valid"].dtype != bool:
        raise CheckFailed("Column `id_valid` should be True/False for each report (dtype bool).")
    mine = df.sort_values("report_no", kind="stable")
    theirs = key.sort_values("report_no")
    for col, advice in (("report_no", "Keep every report once."),
                        ("id_number", "Apply `normalise_id` to every ID."),
                        ("death_date", "Apply `parse_report_date` to every date."),
                        ("id_valid", "Apply `is_valid_id` to the cleaned IDs.")):
        if not same(as_plain(mine[col], col)["values"], as_plain(theirs[col], col)["values"]):
            raise CheckFailed(f"Some values in column `{col}` of `deaths_clean` are not right. {advice}")
    return "`deaths_clean` has clean IDs, real dates and a validity flag."


def _check_bad(bad_reports) -> str:
    df = expect_frame(bad_reports, "bad_reports", ["report_no"])
    key = answer_key()["clean"]
    expected = set(key.loc[~key["id_valid"], "report_no"])
    got = as_plain(df["report_no"], "report_no")["values"]
    if len(got) > len(expected) and set(got) >= expected:
        raise CheckFailed(f"`bad_reports` lists {len(got)} reports, more than fail the check. "
                          "Did you test the raw IDs before cleaning them? Use `deaths_clean`.")
    if not same(sorted(map(str, got)), sorted(expected)):
        raise CheckFailed(f"`bad_reports` lists {len(got)} report{'' if len(got) == 1 else 's'}, but they are not exactly the "
                          "ones whose cleaned ID fails the check. Keep the rows of `deaths_clean` "
                          "where `id_valid` is False.")
    return f"{len(got)} reports go back to their source for correction."


def _check_register(death_register) -> str:
    df = expect_frame(death_register, "death_register", ["id_number", "death_date", "n_reports"])
    key = answer_key()["register"]
    ids = as_plain(df["id_number"], "id_number")["values"]
    if len(set(ids)) != len(ids):
        raise CheckFailed("Some people appear more than once in `death_register`. Keep one row per "
                          "ID number.")
    if len(ids) != len(key):
        extra = "" if len(ids) < len(key) else " Did you drop the reports with invalid IDs?"
        raise CheckFailed(f"`death_register` has {len(ids)} people; that is not the number of "
                          f"different valid IDs among the reports.{extra}")
    return f"one row for each of the {len(ids)} people reported dead."


def _check_late(late_payments) -> str:
    df = expect_frame(late_payments, "late_payments", ["payment_id", "pay_date", "death_date"])
    key = answer_key()
    expected = key["late_ids"]
    got = as_plain(df["payment_id"], "payment_id")["values"]
    if len(got) != len(set(got)):
        raise CheckFailed("Some payments appear more than once in `late_payments`. Join the "
                          "pensions to the de-duplicated `death_register`, not to all the reports.")
    mine = set(map(str, got))
    if not mine <= key["joined_ids"]:
        raise CheckFailed("`late_payments` holds payments to people who are not in `death_register`. "
                          "Join the pensions to `death_register` on the ID number: many different "
                          "people share a name.")
    if mine & key["death_month_ids"]:
        raise CheckFailed("`late_payments` includes payments for the month of death. The pension "
                          "stops from the month after death (从死亡次月起停发): the payment of the "
                          "death month is due, even when it is paid after the day of death, and "
                          "the hand checkers would reject it as a clue. Compare months, not days: "
                          "`pay_date.dt.to_period(\"M\") > death_date.dt.to_period(\"M\")`.")
    if len(got) != len(expected):
        raise CheckFailed(f"`late_payments` has {len(got)} payments; that is not the number paid "
                          "for a month after the month of death. Convert `pay_date` to a date and "
                          "compare whole months, the year included: `.dt.to_period(\"M\")` turns "
                          "a date into its month, so that December 2023 comes before January 2024.")
    return f"{len(got)} payments were made for months after the month of the recipient's death."


def _check_town(overpaid_by_township) -> str:
    df = expect_frame(overpaid_by_township, "overpaid_by_township", ["people", "amount"])
    key = answer_key()["by_town"]
    got = as_plain(df[["people", "amount"]], "overpaid_by_township")
    towns = got["index"]
    if sorted(map(str, towns)) != sorted(key.index):
        raise CheckFailed("`overpaid_by_township` should have one row per township, with the "
                          f"township names as its index; yours has {towns}. Use `groupby('township')`.")
    mine = dict(zip(towns, zip(got["data"]["people"], got["data"]["amount"])))
    for town, row in key.iterrows():
        people, amount = mine[town]
        if not same(people, int(row["people"])):
            raise CheckFailed(f"The number of people for {town} is not right. Count each person "
                              "once (`nunique`), not each payment.")
        if not isinstance(amount, (int, float)) or abs(amount - row["amount"]) > 0.005:
            raise CheckFailed(f"The amount for {town} is not right. Convert `amount` to a number "
                              "(`astype(float)`) and add up the late payments.")
    return "overpayments summarised by township."


def _check_chart(fig) -> str:
    ax = expect_one_chart(fig)
    if not ax.bars:
        raise CheckFailed("The chart has no bars. Use `ax.bar(...)` (or `ax.barh`).")
    heights = sorted(round(abs(b["height"]), 2) for b in ax.bars)
    widths = sorted(round(abs(b["width"]), 2) for b in ax.bars)
    amounts = sorted(round(float(a), 2) for a in answer_key()["by_town"]["amount"])
    if not (same(heights, amounts) or same(widths, amounts)):
        raise CheckFailed("The bars do not show the amount overpaid in each township. Plot the "
                          "`amount` column of `overpaid_by_township`, one bar per township.")
    horizontal = same(widths, amounts) and not same(heights, amounts)
    value_label = ax.xlabel if horizontal else ax.ylabel
    if not ax.title.strip():
        raise CheckFailed("Give the chart a title that says what it shows, with `ax.set_title(...)`.")
    if not re.search(r"yuan|元|CNY|RMB", value_label, re.IGNORECASE):
        raise CheckFailed("Label the amount axis with its unit (yuan), e.g. "
                          "`ax.set_ylabel('Amount overpaid (yuan)')`.")
    return "the chart shows the right amounts, with a title and a unit."


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


load_deaths = _q(1, "load_deaths", "load the death reports", ("deaths",), _check_load, [
    "Use `pd.read_csv(...)` with the path that `course.data.path(\"deaths\")` gives you.",
    "Add `dtype=str` so pandas keeps every value exactly as written, as text.",
])
count_sources = _q(2, "count_sources", "reports per source", ("reports_per_source",), _check_sources, [
    "Take the `source` column: `deaths[\"source\"]`.",
    "`.value_counts()` counts how often each value appears.",
])
normalise_id = _q(3, "normalise_id", "clean an ID number", ("normalise_id",), _check_normalise, [
    "Work on one text value at a time: remove every space, make full-width characters ordinary, "
    "make `x` upper case.",
    "`unicodedata.normalize(\"NFKC\", raw)` turns full-width digits (３) into ordinary ones (3).",
    "`.replace(\" \", \"\")` removes spaces anywhere in the text; `.upper()` turns `x` into `X`. "
    "Spaces at the start and end count too.",
])
is_valid_id = _q(4, "is_valid_id", "the check character", ("is_valid_id",), _check_valid, [
    "First rule out anything that is not 17 digits followed by a digit or X (`len`, `isdigit`).",
    "Multiply each of the first 17 digits by its weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) "
    "and add the products up; `zip` pairs digits with weights.",
    "Take the sum modulo 11 (`total % 11`) and look the remainder up in `\"10X98765432\"`: "
    "remainder 0 gives `1`, remainder 2 gives `X`. Compare with the 18th character.",
])
parse_report_date = _q(5, "parse_report_date", "three date formats", ("parse_report_date",), _check_parse, [
    "There are three formats: `20230501`, `2023/5/1` and `2023年5月1日`.",
    "`pd.to_datetime(text, format=\"%Y%m%d\")` reads the first; `%Y/%m/%d` and `%Y年%m月%d日` "
    "read the others (`%m` and `%d` accept a single digit).",
    "Decide which format to use by looking at the text: does it contain `/`? `年`?",
])
clean_deaths = _q(6, "clean_deaths", "clean the whole table", ("deaths_clean",), _check_clean, [
    "Start from a copy: `deaths_clean = deaths.copy()`.",
    "`deaths_clean[\"id_number\"].map(normalise_id)` applies your function to every value of a column.",
    "The new `id_valid` column is `deaths_clean[\"id_number\"].map(is_valid_id)`; wrap the dates in "
    "`pd.to_datetime(...)` so the column has a date type.",
])
invalid_reports = _q(7, "invalid_reports", "reports to send back", ("bad_reports",), _check_bad, [
    "Keep the rows where `id_valid` is False: `deaths_clean[~deaths_clean[\"id_valid\"]]` "
    "(`~` means not).",
])
deduplicate = _q(8, "deduplicate", "one row per death", ("death_register",), _check_register, [
    "Keep only valid IDs first; a person may be reported by two or three sources.",
    "`groupby(\"id_number\")` collects each person's reports; `.agg(...)` summarises them.",
    "`.agg(death_date=(\"death_date\", \"min\"), n_reports=(\"report_no\", \"size\")).reset_index()` "
    "keeps the earliest date and counts the reports. Why is `drop_duplicates` not enough?",
])
paid_after_death = _q(9, "paid_after_death", "the first collision", ("late_payments",), _check_late, [
    "Load the pensions with `course.data.load(\"pensions\")` and join them to `death_register` "
    "with `merge(..., on=\"id_number\")`.",
    "Convert `pay_date` with `pd.to_datetime` before comparing it with `death_date`.",
    "The pension stops from the month after death, so compare months, not days: "
    "`joined[\"pay_date\"].dt.to_period(\"M\")` gives the month of each payment (for example 2024-03).",
    "The payment of the death month is due, even when it is paid after the day of death: keep the "
    "rows where the payment's month is later than the month of death, "
    "`pay_date.dt.to_period(\"M\") > death_date.dt.to_period(\"M\")`, not `pay_date > death_date`.",
])
summarise = _q(10, "summarise", "overpayment by township", ("overpaid_by_township",), _check_town, [
    "The township is in the `persons` table; join it to `late_payments` on `id_number`.",
    "`amount` is text: convert it with `.astype(float)` before adding.",
    "`groupby(\"township\").agg(people=(\"id_number\", \"nunique\"), amount=(\"amount\", \"sum\"))`",
])
chart = _q(11, "chart", "a chart for the report", ("fig",), _check_chart, [
    "`fig, ax = plt.subplots()` makes an empty chart; `ax.bar(labels, heights)` draws the bars.",
    "Use the township names as labels and the `amount` column as heights.",
    "Finish with `ax.set_title(...)` and `ax.set_ylabel(\"Amount overpaid (yuan)\")`.",
])

QUESTIONS = [load_deaths, count_sources, normalise_id, is_valid_id, parse_report_date, clean_deaths,
             invalid_reports, deduplicate, paid_after_death, summarise, chart]
