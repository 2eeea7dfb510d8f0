"""Checks and hints of assignment 03-big-data ("Big data at scale").

The assignment works on the small city-sized dataset (`course.data.bigpay_dir("small")`,
about 240,000 payment rows in Parquet) so that it runs fast in class; the lecture shows the
10-million-row run. Expected values are computed here with pyarrow and pandas, independently
of the DuckDB SQL that trainees write.

The rule is the month rule: the employees' basic pension stops from the month after death
(从死亡次月起停发, 劳社厅发〔2001〕8号: 死亡离退休人员从次月起停发基本养老金; provincial rules say
the same for the residents' pension, e.g. Hubei's), so a payment is a clue when its month is later
than the month of death. The day rule (`pay_date > death_date`) is kept here only to recognise that mistake.
"""
from __future__ import annotations

import datetime as _dt
import functools

import pandas as pd

from course import data
from course.checking import CheckFailed, as_plain, column_kind, expect_frame, value_kind
from course.i18n import N_, translator
from course.plain import same
from course.question import question_maker

ASSIGNMENT = "03-big-data"
_ = translator(ASSIGNMENT)


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks (`course.hidden.big_data` uses them too)."""
    import pyarrow.dataset as ds

    folder = data.bigpay_dir("small")
    table = ds.dataset(folder / "payments", partitioning="hive").to_table()
    payments = table.to_pandas()
    payments["township"] = payments["township"].astype(str)
    deaths = pd.read_parquet(folder / "deaths.parquet")
    joined = payments.merge(deaths, on="id_number")
    pay_month = pd.to_datetime(joined["pay_date"]).dt.to_period("M")
    death_month = pd.to_datetime(joined["death_date"]).dt.to_period("M")
    late = joined[pay_month > death_month]
    # The mistake of comparing the day: it also counts the death month's payment, which is due.
    by_day = joined[pd.to_datetime(joined["pay_date"]) > pd.to_datetime(joined["death_date"])]
    return {"rows": len(payments), "late": len(late), "late_by_day": len(by_day),
            # counts a visible check recognises as mistakes: the other year, and one township's
            # count (what a leftover GROUP BY with `.fetchone()[0]` gives)
            "rows_2023": int((payments["year"].astype(int) == 2023).sum()),
            "late_town_counts": sorted(set(late.groupby("township").size().tolist()
                                           + by_day.groupby("township").size().tolist())),
            "by_town": _by_town(late), "by_town_by_day": _by_town(by_day),
            "monthly": _monthly(late), "monthly_by_day": _monthly(by_day)}


def _by_town(late: pd.DataFrame) -> pd.DataFrame:
    by_town = (late.groupby("township").agg(people=("id_number", "nunique"), amount=("amount", "sum"))
               .sort_index())
    by_town["amount"] = by_town["amount"].round(2)
    return by_town


def _monthly(late: pd.DataFrame) -> pd.Series:
    late_month = pd.to_datetime(late["pay_date"]).dt.to_period("M").dt.to_timestamp()
    return late.groupby(late_month)["amount"].sum().round(2)


# The day rule's mistake, said of a count (`n_late`) and of a table (`{name}`).
DAY_NOT_MONTH_COUNT = N_("`n_late` is {count}: your condition compares the day of payment with the day of death. "
                         "The pension stops from the month after death (从死亡次月起停发): the payment of the "
                         "month of death is still due, even when it is paid after the day of death. Compare "
                         "months: `date_trunc('month', p.pay_date) > date_trunc('month', d.death_date)` in SQL, "
                         "`.dt.to_period(\"M\")` in pandas.")
DAY_NOT_MONTH_TABLE = N_("`{name}` comes from a condition that compares the day of payment with the day of death. "
                         "The pension stops from the month after death (从死亡次月起停发): the payment of the "
                         "month of death is still due, even when it is paid after the day of death. Compare "
                         "months: `date_trunc('month', p.pay_date) > date_trunc('month', d.death_date)` in SQL, "
                         "`.dt.to_period(\"M\")` in pandas.")


def _int(value, name: str) -> int:
    v = as_plain(value, f"`{name}`")
    if isinstance(v, bool) or not isinstance(v, int):
        raise CheckFailed(_("`{name}` should be a whole number, but it is {kind}. A query result comes back "
                            "as a table: take the single value out of it, e.g. with `.fetchone()[0]`.",
                            name=name, kind=value_kind(value)))
    return v


def _index_names(value) -> list[str]:
    return [str(n) for n in value.index.names if n is not None]


def _holds_dates(column: pd.Series) -> bool:
    """True when a column holds dates (a datetime column, or date objects as Parquet's DATE gives),
    not text or numbers that look like dates."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return True
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, _dt.date) for v in values)


NOT_DATES = N_("Column `{column}` of `{name}` holds {kind}, not dates, so months and days cannot be compared "
               "or sorted as dates. Keep the column as the file or the query gives it (do not turn it into "
               "text), or convert it: `{name}[\"{column}\"] = pd.to_datetime({name}[\"{column}\"])`.")
NOT_DATES_SQL = N_("Column `{column}` of `{name}` holds {kind}, not dates, so months and days cannot be compared "
                   "or sorted as dates. Keep the column as the file or the query gives it (do not turn it into "
                   "text), or convert it: `{name}[\"{column}\"] = pd.to_datetime({name}[\"{column}\"])`. "
                   "In SQL, `date_trunc('month', p.pay_date)` gives each month as a date.")


def _not_dates(name: str, column: str, column_values: pd.Series, message: str = NOT_DATES) -> str:
    return _(message, name=name, column=column, kind=column_kind(column_values))


def _check_count(n_payments) -> str:
    n = _int(n_payments, "n_payments")
    count = f"{n:,}"
    if n != answer_key()["rows"]:
        raise CheckFailed(_("`n_payments` is {count}, which is not the number of rows in all the Parquet "
                            "files. Count over `payments/*/*.parquet` (both years).", count=count))
    return _("{count} payments, the number of rows in all the Parquet files. Counted with DuckDB, this "
             "number comes straight from the files, without loading them into pandas.", count=count)


def _check_columns(payments) -> str:
    expect_frame(payments, "payments", advice=_("Read the Parquet files into a pandas table, with "
                 "`pd.read_parquet(..., columns=[...])` or a DuckDB query ending in `.df()`."))
    if set(_index_names(payments)) & {"id_number", "pay_date", "amount"}:
        raise CheckFailed(_("`payments` has {names} in its index, not as a column: add `.reset_index()`, or "
                            "leave out `.set_index(...)`.", names=", ".join(_index_names(payments))))
    cols = sorted(map(str, payments.columns))
    if cols != ["amount", "id_number", "pay_date"]:
        raise CheckFailed(_("`payments` should have exactly the columns id_number, pay_date and amount (the "
                            "minimum the model needs); it has: {columns}. Use `columns=[...]`.",
                            columns=", ".join(cols)))
    if len(payments) != answer_key()["rows"]:
        count = f"{len(payments):,}"
        raise CheckFailed(_("`payments` has {count} rows; read the whole `payments` folder, both years.",
                            count=count))
    if not pd.api.types.is_numeric_dtype(payments["amount"].dtype):
        raise CheckFailed(_("Column `amount` of `payments` holds {kind}, not numbers, so the amounts cannot "
                            "be added up. Keep the amounts as the file stores them (do not turn them into "
                            "text), or convert them with `.astype(float)`.", kind=column_kind(payments["amount"])))
    if not _holds_dates(payments["pay_date"]):
        raise CheckFailed(_not_dates("payments", "pay_date", payments["pay_date"]))
    return _("only the three columns the model needs, for every payment.")


def _check_2024(payments_2024) -> str:
    n = _int(payments_2024, "payments_2024")
    count = f"{n:,}"
    key = answer_key()
    if n == key["rows"]:
        raise CheckFailed(_("`payments_2024` counts every payment. Add `WHERE year = 2024`."))
    if n == key["rows_2023"]:
        raise CheckFailed(_("`payments_2024` is {count}, the number of payments of 2023, not 2024. "
                            "Check the year in `WHERE year = 2024`.", count=count))
    if not key["rows"] / 4 <= n <= key["rows"] * 3 / 4:
        total = f"{key['rows']:,}"
        raise CheckFailed(_("`payments_2024` is {count}, but the two years hold about the same number of "
                            "payments, so one year should be roughly half of all {total} payments. "
                            "Count payment rows with `count(*)` (not persons, not files), and keep only "
                            "`WHERE year = 2024`.", count=count, total=total))
    return _("about half of all the payments (the hidden check compares it with 2024 exactly).")


def _check_files(files_scanned) -> str:
    v = as_plain(files_scanned, "`files_scanned`")
    if isinstance(v, str):
        raise CheckFailed(_("`files_scanned` is text (in quotes), but it should be a number typed by hand. "
                            "Type the first number of `Scanning Files: a/b` without quotes, e.g. "
                            "`files_scanned = 3`."))
    if isinstance(v, bool) or not isinstance(v, int):
        raise CheckFailed(_("`files_scanned` should be a whole number typed by hand, but it is a {kind}. "
                            "Type the first number of `Scanning Files: a/b`, e.g. `files_scanned = 3`.",
                            kind=type(files_scanned).__name__))
    n = v
    if n != 1:
        raise CheckFailed(_("Look again at the line `Scanning Files: …` in the `Read Parquet` box of the "
                            "plan: the first number is how many files DuckDB actually reads."))
    return _("one file of two: the other year's folder was skipped (partition pruning).")


def _check_late(n_late) -> str:
    n = _int(n_late, "n_late")
    key = answer_key()
    count = f"{n:,}"
    if n < 0:
        raise CheckFailed(_("`n_late` is {count}, below zero, but a count of payments cannot be negative. Take "
                            "the number straight from the query: `SELECT count(*) ...` and `.fetchone()[0]`.",
                            count=count))
    if n == 0:
        raise CheckFailed(_("`n_late` is zero: the join or the date condition keeps nothing. Join on "
                            "`id_number` and compare the month of `pay_date` with the month of `death_date`."))
    if n == key["late_by_day"] != key["late"]:
        raise CheckFailed(_(DAY_NOT_MONTH_COUNT, count=count))
    if n != key["late"] and n in key["late_town_counts"]:
        raise CheckFailed(_("`n_late` is {count}, the count of a single township: the query groups the "
                            "payments (`GROUP BY`), and `.fetchone()[0]` takes only the first group's count. "
                            "Remove the `GROUP BY` line: `n_late` is one number for all payments.", count=count))
    if n > 1.5 * key["late"]:
        raise CheckFailed(_("`n_late` is {count}: too many. Join on `id_number` and keep only the payments "
                            "whose month is later than the month of death.", count=count))
    if n < 0.5 * key["late"]:
        raise CheckFailed(_("`n_late` is {count}: too few for all the payments. Count over both years "
                            "(`payments_glob`), with no `GROUP BY` and no other condition than the month "
                            "comparison.", count=count))
    return _("{count} payments for months after the month of death looks plausible (the hidden check "
             "compares it exactly).", count=count)


def _town_frame(value, name: str) -> pd.DataFrame:
    expect_frame(value, name, advice=_("Make it a table, e.g. with `.df()` at the end of the query, or with "
                 "`.reset_index()` after a pandas `groupby`."))
    if "township" not in map(str, value.columns) and "township" in _index_names(value):
        raise CheckFailed(_("In `{name}`, `township` is in the index, not a column: a `.set_index(...)` "
                            "or a `groupby` puts it there. The question asks for `township` as a column. "
                            "Remove `.set_index(...)`, or add `.reset_index()` at the end (after a pandas "
                            "`groupby`, `groupby(\"township\", as_index=False)` works too).", name=name))
    return expect_frame(value, name, ["township", "people", "amount"])


def _same_towns(got: dict, key: pd.DataFrame) -> bool:
    return sorted(got) == sorted(key.index) and all(
        same(got[t][0], int(row["people"])) and isinstance(got[t][1], (int, float))
        and abs(got[t][1] - row["amount"]) <= 0.01 for t, row in key.iterrows())


def _compare_towns(df: pd.DataFrame, name: str) -> None:
    key = answer_key()["by_town"]
    got = {str(t): (p, a) for t, p, a in zip(as_plain(df["township"], "township")["values"],
                                            as_plain(df["people"], "people")["values"],
                                            as_plain(df["amount"], "amount")["values"])}
    if _same_towns(got, answer_key()["by_town_by_day"]) and not _same_towns(got, key):
        raise CheckFailed(_(DAY_NOT_MONTH_TABLE, name=name))
    if sorted(got) != sorted(key.index):
        raise CheckFailed(_("`{name}` should have one row per township ({towns}).", name=name,
                            towns=", ".join(key.index)))
    for town, row in key.iterrows():
        people, amount = got[town]
        if not same(people, int(row["people"])):
            raise CheckFailed(_("The number of people for {town} is not right: count each person once "
                                "(`count(DISTINCT id_number)` or `nunique`).", town=town))
        if not isinstance(amount, (int, float)) or abs(amount - row["amount"]) > 0.01:
            raise CheckFailed(_("The amount for {town} is not right: add up the amounts of the payments "
                                "for months after the month of death.", town=town))


def _check_by_township(overpaid) -> str:
    _compare_towns(_town_frame(overpaid, "overpaid"), "overpaid")
    return _("DuckDB's clue summary per township is right.")


def _check_pandas(overpaid_pandas) -> str:
    _compare_towns(_town_frame(overpaid_pandas, "overpaid_pandas"), "overpaid_pandas")
    return _("`overpaid_pandas` has the right people and amounts for every township. With question 6 "
             "passing too, pandas and DuckDB agree: the same model, found by two engines.")


def _check_monthly(monthly_overpaid) -> str:
    expect_frame(monthly_overpaid, "monthly_overpaid", ["month", "amount"],
                 advice=_("Make it a table with the columns month and amount, e.g. from a query ending in `.df()`."))
    key = answer_key()["monthly"]
    if not _holds_dates(monthly_overpaid["month"]):
        raise CheckFailed(_not_dates("monthly_overpaid", "month", monthly_overpaid["month"], NOT_DATES_SQL))
    months = pd.to_datetime(pd.Series(monthly_overpaid["month"]), errors="coerce")
    if months.isna().any():
        raise CheckFailed(_("Column `month` should hold dates (the first day of each month): use "
                            "`date_trunc('month', pay_date)`."))
    got = dict(zip(months.dt.strftime("%Y-%m"), as_plain(monthly_overpaid["amount"], "amount")["values"]))

    def agrees(series: pd.Series) -> bool:
        expected = {k.strftime("%Y-%m"): float(v) for k, v in series.items()}
        return sorted(got) == sorted(expected) and all(
            isinstance(got[m], (int, float)) and abs(got[m] - expected[m]) <= 0.01 for m in expected)

    if agrees(answer_key()["monthly_by_day"]) and not agrees(key):
        raise CheckFailed(_(DAY_NOT_MONTH_TABLE, name="monthly_overpaid"))
    want = {k.strftime("%Y-%m"): float(v) for k, v in key.items()}
    if sorted(got) != sorted(want):
        raise CheckFailed(_("`monthly_overpaid` has {count} months; it should have one row for each month "
                            "in which something was paid for a month after the month of death, and no others.",
                            count=len(got)))
    if any(not isinstance(got[m], (int, float)) or abs(got[m] - want[m]) > 0.01 for m in want):
        raise CheckFailed(_("Some monthly amounts are not right: sum the amounts of late payments per month."))
    order = list(months)
    if order != sorted(order) and order == sorted(order, reverse=True):
        raise CheckFailed(_("The rows of `monthly_overpaid` run newest month first, but the question asks for "
                            "date order, earliest month first: remove `DESC` from `ORDER BY month` (in pandas, "
                            "`.sort_values(\"month\")` without `ascending=False`)."))
    if order != sorted(order):
        raise CheckFailed(_("The rows of `monthly_overpaid` are not in date order (earliest month first): add "
                            "`ORDER BY month` at the end of the query (or `.sort_values(\"month\")` in pandas)."))
    return _("late payments summed by month, earliest month first.")


_q = question_maker(ASSIGNMENT)


count_rows = _q(1, "count_rows", N_("count without loading"), ("n_payments",), _check_count, [
    N_("`duckdb.execute(\"SELECT count(*) FROM read_parquet('...')\")` counts rows straight from the files."),
    N_("The files are `payments/year=2023/*.parquet` and `payments/year=2024/*.parquet`: the pattern "
       "`f\"{folder}/payments/*/*.parquet\"` matches both."),
    N_("`.fetchone()[0]` takes the single number out of the result."),
])
read_columns = _q(2, "read_columns", N_("only the columns you need"), ("payments",), _check_columns, [
    N_("`pd.read_parquet(folder / \"payments\", columns=[...])` reads only the listed columns."),
    N_("The model needs `id_number`, `pay_date` and `amount`: nothing else."),
])
partition_count = _q(3, "partition_count", N_("one year only"), ("payments_2024",), _check_2024, [
    N_("The folder names `year=2023` and `year=2024` become a column `year`; `hive_partitioning = true` "
       "inside `read_parquet(...)` makes that explicit."),
    N_("Then `WHERE year = 2024`."),
])
files_scanned = _q(4, "files_scanned", N_("read a query plan"), ("files_scanned",), _check_files, [
    N_("Run the EXPLAIN cell and look for the box called `Read Parquet`."),
    N_("The line `Scanning Files: a/b` says DuckDB reads a of the b files."),
])
late_count = _q(5, "late_count", N_("the collision in SQL"), ("n_late",), _check_late, [
    N_("Inside an f-string, `read_parquet('{deaths_file}') AS d` reads the deaths; join it to the payments "
       "with `JOIN ... ON p.id_number = d.id_number`."),
    N_("The pension stops from the month after death: the month of death is still due. Compare months, "
       "not days: `date_trunc('month', ...)` gives the first day of a date's month."),
    N_("No GROUP BY: one number for all payments. Keep `SELECT count(*)` and `WHERE date_trunc('month', "
       "p.pay_date) > date_trunc('month', d.death_date)`, and take the number out with `.fetchone()[0]`."),
])
by_township = _q(6, "by_township", N_("clues per township"), ("overpaid",), _check_by_township, [
    N_("Start from the query of question 5 (the same month condition) and add `GROUP BY p.township`."),
    N_("Select `p.township, count(DISTINCT p.id_number) AS people, sum(p.amount) AS amount`; `.df()` turns "
       "the result into a pandas table."),
])
pandas_same = _q(7, "pandas_same", N_("the same model in pandas"), ("overpaid_pandas",), _check_pandas, [
    N_("Read the payments (with `township`) into `pay` and `deaths_file` into `deaths` with `pd.read_parquet`, "
       "then put them side by side: `joined = pay.merge(deaths, on=\"id_number\")`."),
    N_("Compare months, not days: `pd.to_datetime(joined[\"pay_date\"]).dt.to_period(\"M\")` is the month of "
       "payment; do the same with `death_date` and keep the rows where the payment's month is later."),
    N_("Call the rows you kept `late`, then `late.groupby(\"township\", observed=True).agg(people=(\"id_number\", \"nunique\"), amount=(\"amount\", \"sum\"))`, "
       "and `.reset_index()` at the end: `groupby` puts township in the index, and the table needs it as a column."),
])
monthly = _q(8, "monthly", N_("late payments by month"), ("monthly_overpaid",), _check_monthly, [
    N_("`date_trunc('month', p.pay_date) AS month` gives the first day of each payment's month."),
    N_("Keep the month condition of question 5; group by month, sum the amount, order by month (earliest "
       "first) and finish with `.df()`."),
])

QUESTIONS = [count_rows, read_columns, partition_count, files_scanned, late_count, by_township,
             pandas_same, monthly]
