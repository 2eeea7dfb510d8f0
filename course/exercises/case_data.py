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
from course.checking import (CheckFailed, as_plain, bars_by_label, call, chart_texts, column_kind,
                             column_kinds, expect_frame, expect_one_chart, value_kind)
from course.i18n import N_, language, translator
from course.plain import same
from course.question import question_maker

ASSIGNMENT = "01-case-data"
_ = translator(ASSIGNMENT)
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
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    values = as_plain(df[column], _("column `{column}` of `{name}`", column=column, name=name))["values"]
    if all(isinstance(v, str) for v in values):
        return values
    if all(isinstance(v, (int, float)) for v in values):
        raise CheckFailed(_("Column `{column}` of `{name}` holds numbers, not text: pandas guessed "
                            "that it holds numbers and dropped the leading zeros (a report number "
                            "`0000417` became `417`). Read the file with `pd.read_csv(..., dtype=str)` "
                            "so that every value stays exactly as written.", column=column, name=name))
    raise CheckFailed(_("Column `{column}` of `{name}` should hold text only, but some values are "
                        "numbers or empty. Read the file with `pd.read_csv(..., dtype=str)`.",
                        column=column, name=name))


_ONE_VALUE = re.compile(r"'(str|Timestamp|NaTType|float|int)' object has no attribute "
                        r"'(str|fillna|dt|isna|map|apply|astype)'")


def _call_one_value(function, arg, what: str, advice: str):
    """`call`, but a crash from a column tool used on one value (`text.str.strip()`,
    `date.fillna(...)`) is explained as that: `.str`, `.dt` and `.fillna` belong to a column,
    and `advice` says which calls work on one value. (A generic form belongs in course.explain.)"""
    try:
        return call(function, arg, what=what)
    except CheckFailed as exc:
        found = _ONE_VALUE.search(exc.message)
        if not found:
            raise
        kind, attr = found.groups()
        noun = _(_ONE_VALUE_NOUNS[kind])
        raise CheckFailed(_("`{name}` receives ONE text, not a column, so what it works on are single "
                            "values: here {noun} (type `{kind}`), which has no `.{attr}`. `.{attr}` "
                            "belongs to a pandas column (a Series).", name=what, noun=noun, kind=kind,
                            attr=attr) + " " + advice + "\n" + exc.message) from None


_ONE_VALUE_NOUNS = {"str": N_("a text"), "Timestamp": N_("a date"), "NaTType": N_("a missing date (`NaT`)"),
                    "float": N_("a number"), "int": N_("a whole number")}


# --- checks ------------------------------------------------------------------------------

def _check_load(deaths) -> str:
    df = expect_frame(deaths, "deaths")
    key = answer_key()["deaths"]
    cols = as_plain(list(df.columns), _("the column names"))
    if cols != DEATH_COLUMNS:
        raise CheckFailed(_("`deaths` should have exactly the file's five columns ({expected}), in that "
                            "order. Yours: {yours}. Did you use `index_col`, or skip the header?",
                            expected=", ".join(DEATH_COLUMNS), yours=", ".join(map(str, cols))))
    if len(df) != len(key):
        raise CheckFailed(_("`deaths` has {count} rows; the file has a different number. "
                            "Read the whole file, with its first line as the header.", count=len(df)))
    for c in DEATH_COLUMNS:
        _text_column(df, c, "deaths")
    return _("`deaths` holds all {count} reports, every column as text.", count=len(df))


def _check_sources(reports_per_source) -> str:
    value = as_plain(reports_per_source, "`reports_per_source`")
    if isinstance(value, dict) and value.get("type") == "Series":
        value = dict(zip(value["index"], value["values"]))
    if not isinstance(value, dict):
        raise CheckFailed(_("`reports_per_source` should give one count per source (a Series, e.g. "
                            "from `value_counts()`, or a dictionary), not a single value."))
    expected = answer_key()["per_source"]
    if set(value) != set(expected):
        raise CheckFailed(_("`reports_per_source` should have one entry for each of the sources "
                            "{expected}; yours has: {yours}.", expected=", ".join(sorted(expected)),
                            yours=", ".join(map(str, value))))
    if not same(value, expected):
        raise CheckFailed(_("The sources are right but some counts are not. Count the rows of "
                            "`deaths` for each value of the `source` column."))
    return _("one count per source.")


def _id_examples() -> dict[str, list[str]]:
    """Raw IDs from the deaths file showing each kind of dirt (trainees can see them too)."""
    raw = answer_key()["deaths"]["id_number"]
    kinds = {   # keys: what "this ID has {kind}" says of the dirt (translated where shown)
        N_("a lower-case x"): raw[raw.str.endswith("x")],
        N_("full-width digits"): raw[raw.str.contains("[０-９]")],
        N_("stray spaces"): raw[raw.str.contains(" ")],
        N_("nothing wrong"): raw[raw.str.fullmatch(r"\d{17}[\dX]")],
    }
    return {k: v.iloc[:3].tolist() for k, v in kinds.items()}


def _id_edges() -> dict[str, list[str]]:
    """Other dirt that hand-typed or copied IDs carry (course.idcard.normalise is the standard):
    built from a clean ID of the file, so nothing here is a value a trainee could not type."""
    clean = answer_key()["register"].index
    plain = next(i for i in clean if i[-1].isdigit())
    with_x = next((i for i in clean if i.endswith("X")), plain)
    return {
        N_("a tab at the end (copied from a spreadsheet)"): [plain + "\t"],
        N_("a line break at the end"): [plain + "\n"],
        N_("a tab inside"): [plain[:6] + "\t" + plain[6:]],
        N_("a full-width space (　) inside"): [plain[:6] + "\u3000" + plain[6:]],
        N_("spaces inside and at both ends"): ["  " + plain[:6] + " " + plain[6:14] + " " + plain[14:] + " "],
        N_("full-width digits and a full-width lower-case ｘ"):
        [with_x[:17].translate(_FULL_WIDTH) + ("ｘ" if with_x.endswith("X") else with_x[17])],
        _LETTER_O: [plain[:8] + "O" + plain[9:]],
    }


_LETTER_O = N_("a letter O typed where a digit belongs")
_ONE_TEXT = N_("On one text, write the calls without `.str`: `unicodedata.normalize(\"NFKC\", raw)`, "
               "`re.sub(r\"\\s+\", \"\", text)` and `text.upper()`.")


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _check_normalise(normalise_id) -> str:
    for kind, examples in {**_id_examples(), **_id_edges()}.items():
        for raw in examples:
            got = _call_one_value(normalise_id, raw, "normalise_id", _(_ONE_TEXT))
            # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
            got = as_plain(got, _("what {name} returned", name="normalise_id"))
            shown = repr(raw)
            if not isinstance(got, str):
                raise CheckFailed(_("`normalise_id` should return text, but for {raw} it returned "
                                    "{kind}. Use `return`, not `print`.", raw=shown, kind=value_kind(got)))
            if kind == _LETTER_O and got != raw:
                raise CheckFailed(_("`normalise_id({raw})` returned {got}. This ID is already "
                                    "clean but has a letter O typed where a digit belongs, and the "
                                    "question forbids repairing or removing it: it must come back "
                                    "unchanged, so that `is_valid_id` rejects the ID and the report "
                                    "goes back to its source. Change nothing but spaces, full-width "
                                    "characters and the lower-case x.", raw=shown, got=repr(got)))
            if got != idcard.normalise(raw):
                raise CheckFailed(_("`normalise_id({raw})` is not right yet: this ID has {kind}. "
                                    "A clean ID has no space of any kind anywhere (ordinary, tab, "
                                    "line break, full-width), only ordinary digits 0-9 and a capital "
                                    "X. `unicodedata.normalize(\"NFKC\", ...)` folds full-width "
                                    "characters and `re.sub(r\"\\s+\", \"\", ...)` removes every "
                                    "kind of space.", raw=shown, kind=_(kind)))
    return _("`normalise_id` cleans lower-case x, full-width characters and every kind of space "
             "(ordinary, tab, line break, full-width), and leaves a mistyped letter alone.")


def _true_or_false(is_valid_id, raw: str, on_crash: str = ""):
    """What `is_valid_id(raw)` returns, insisting on True or False: a function that prints its
    answer returns nothing, and one that returns text or a number is not a condition.
    `on_crash`, when given, replaces the general advice on a crash (followed by Python's line)."""
    try:
        # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
        got = as_plain(call(is_valid_id, raw, what="is_valid_id"), _("what {name} returned", name="is_valid_id"))
    except CheckFailed as exc:
        if not on_crash:
            raise
        raise CheckFailed(on_crash + _python_line(exc.message)) from None
    shown = repr(raw)
    if got is None:
        raise CheckFailed(_("`is_valid_id({raw})` returned nothing (None). Use `return`, not "
                            "`print`: `print` only shows a value on the screen, and the function "
                            "then gives back nothing. End each step with `return True` or `return "
                            "False` (or `return` a comparison such as `... == id_number[17]`).", raw=shown))
    if not isinstance(got, bool):
        raise CheckFailed(_("`is_valid_id({raw})` returned {kind}, but it should return "
                            "True or False, so that `deaths_clean[\"id_valid\"]` can select rows. "
                            "Return the comparison itself, for example "
                            "`return CHECK_CHARACTERS[total % 11] == id_number[17]`, not a text or a "
                            "number.", raw=shown, kind=value_kind(got)))
    return got


def _python_line(message: str) -> str:
    """The line "Python's message: ..." of a crash message (in the trainee's language), to show
    after a diagnosis that already says what to do (the general advice on that kind of error
    would not apply)."""
    start = _("Python's message: {message}", message="").rstrip()   # as course.checking writes it
    lines = [line for line in message.splitlines() if line.startswith(start)]
    return ("\n" + lines[-1]) if lines else ""


def _check_valid(is_valid_id) -> str:
    good = answer_key()["register"].index[:3].tolist() + [i for i in answer_key()["register"].index if i.endswith("X")][:2]
    for raw in good:
        got = _true_or_false(is_valid_id, raw)
        if got is not True:
            if raw.endswith("X"):
                raise CheckFailed(_("`is_valid_id({raw})` should be True: that ID is valid. Remember that a "
                                    "remainder of 2 means the check character is X. Check the weights and "
                                    "the remainder-to-character table.", raw=repr(raw)))
            raise CheckFailed(_("`is_valid_id({raw})` should be True: that ID is valid. Check the weights "
                                "and the remainder-to-character table.", raw=repr(raw)))
    for raw in good[:2]:
        broken = raw[:17] + ("0" if raw[17] != "0" else "1")
        got = _true_or_false(is_valid_id, broken)
        if got is not False:
            raise CheckFailed(_("`is_valid_id({raw})` should be False: its last character does "
                                "not match the check character computed from the first 17 digits.",
                                raw=repr(broken)))
    letter = good[-1][:13] + "A" + good[-1][14:]   # a letter among the first 17, like 3499011932041A332X
    got = _true_or_false(is_valid_id, letter, on_crash=_(
        "`is_valid_id({raw})` should return False, but it stopped: this ID has a letter among "
        "its first 17 characters. Step 1 must rule it out before any digit is computed: "
        "`if len(id_number) != 18 or not id_number[:17].isdigit(): return False`.", raw=repr(letter)))
    if got is not False:
        raise CheckFailed(_("`is_valid_id({raw})` should be False: this ID has a letter among its "
                            "first 17 characters. Step 1 must return False when the first 17 "
                            "characters are not all digits (`id_number[:17].isdigit()`).", raw=repr(letter)))
    for bad in (good[0][:17], good[0] + "1"):
        got = _true_or_false(is_valid_id, bad)
        if got is not False:
            raise CheckFailed(_("`is_valid_id({raw})` should be False: a resident ID has exactly "
                                "18 characters.", raw=repr(bad)))
    return _("`is_valid_id` accepts valid IDs and rejects wrong check characters, letters among "
             "the digits and wrong lengths.")


_ONE_DATE = N_("On one text, `pd.to_datetime(text, format=...)` gives one date, or `NaT` (no date) "
               "with `errors=\"coerce\"`; `.fillna` and `.str` work only on a column. So pick the "
               "format first with `if`: `if \"年\" in text:` for the crematorium, `if \"/\" in text:` "
               "for the hospitals, and the police format for the rest.")


def _check_parse(parse_report_date) -> str:
    deaths = answer_key()["deaths"]
    for source in ("police", "hospital", "crematorium"):
        text = deaths.loc[deaths["source"] == source, "death_date"].iloc[0]
        got = _call_one_value(parse_report_date, text, "parse_report_date", _(_ONE_DATE))
        if type(got) is not pd.Timestamp:
            raise CheckFailed(_("`parse_report_date({text})` should return a date (a pandas "
                                "Timestamp, e.g. from `pd.to_datetime`), not {kind}.",
                                text=repr(text), kind=value_kind(got)))
        if as_plain(got, _("the date")) != _date(text).strftime("%Y-%m-%d"):
            raise CheckFailed(_("`parse_report_date({text})` gives the wrong day. Check which part "
                                "is the year, the month and the day in this format.", text=repr(text)))
    return _("`parse_report_date` reads all three date formats.")


def _check_clean(deaths_clean, deaths) -> str:
    df = expect_frame(deaths_clean, "deaths_clean", DEATH_COLUMNS + ["id_valid"])
    key = answer_key()["clean"]
    raw = expect_frame(deaths, "deaths")
    raw_ids = answer_key()["deaths"]["id_number"].tolist()
    if (as_plain(list(raw.columns), _("the column names of deaths")) != DEATH_COLUMNS
            or "id_number" not in raw.columns
            or as_plain(raw["id_number"], "id_number")["values"] != raw_ids):
        raise CheckFailed(_("`deaths` itself has changed: it no longer holds the reports as the "
                            "agencies sent them. `deaths_clean = deaths` does not copy a table, it "
                            "gives the same table a second name, so every change to `deaths_clean` "
                            "also changes `deaths`, and the evidence as received is lost. Start with "
                            "`deaths_clean = deaths.copy()`, then rerun the notebook from the top "
                            "(Run → Run All Cells) so that `deaths` is loaded afresh."))
    if len(df) != len(key):
        raise CheckFailed(_("`deaths_clean` has {count} rows but `deaths` has {expected}. Cleaning "
                            "changes values; it must not add or drop reports.", count=len(df), expected=len(key)))
    if df["death_date"].dtype.kind != "M":
        raise CheckFailed(_("Column `death_date` of `deaths_clean` should hold dates, but it holds "
                            "{kind}. Apply `parse_report_date` and convert with `pd.to_datetime`.",
                            kind=column_kind(df["death_date"])))
    if df["id_valid"].dtype != bool and column_kinds(df["id_valid"]) == ["True/False values"]:
        raise CheckFailed(_("Column `id_valid` of `deaths_clean` holds True/False values that may also be empty "
                            "(pandas' `boolean` kind). Every report has an answer: convert with `.astype(bool)`."))
    if df["id_valid"].dtype != bool:
        raise CheckFailed(_("Column `id_valid` of `deaths_clean` should hold True or False for each report, but "
                            "it holds {kind}. Apply `is_valid_id` to the cleaned IDs and keep its True/False "
                            "results as they come.", kind=column_kind(df["id_valid"])))
    mine = df.sort_values("report_no", kind="stable")
    theirs = key.sort_values("report_no")
    for col, advice in (("report_no", N_("Keep every report once.")),
                        ("id_number", N_("Apply `normalise_id` to every ID.")),
                        ("death_date", N_("Apply `parse_report_date` to every date.")),
                        ("id_valid", N_("Apply `is_valid_id` to the cleaned IDs."))):
        if not same(as_plain(mine[col], col)["values"], as_plain(theirs[col], col)["values"]):
            if col == "id_number" and "id_clean" in df.columns:
                advice = N_("Your cleaned IDs are in a new column `id_clean`, as in the lecture, and "
                            "`id_number` still holds the IDs as typed. This question wants the cleaned "
                            "ID in `id_number` itself (the originals stay in `deaths`): "
                            "`deaths_clean[\"id_number\"] = deaths_clean[\"id_number\"].map(normalise_id)`.")
            raise CheckFailed(_("Some values in column `{column}` of `deaths_clean` are not right.", column=col)
                              + " " + _(advice))
    return _("`deaths_clean` has clean IDs, real dates and a validity flag.")


def _check_bad(bad_reports) -> str:
    whole_rows = _("Keep whole rows: put the condition in the square brackets of "
                   "`deaths_clean[...]` and pick no column.")
    every = DEATH_COLUMNS + ["id_valid"]
    df = expect_frame(bad_reports, "bad_reports", [], whole_rows)
    have = [str(c) for c in df.columns]
    missing = [c for c in every if c not in have]
    in_index = [str(n) for n in df.index.names if n is not None]
    if missing and set(have) <= set(every) and not set(missing) & set(in_index):
        kept = ", ".join(f"`{c}`" for c in have) or _("none")
        raise CheckFailed(_("`bad_reports` keeps only some columns of `deaths_clean` ({kept}), but the "
                            "question asks for the rows with all their columns, so that the agency "
                            "sees each report as it was cleaned and why it fails. Keep every column: "
                            "`deaths_clean[condition]`, with no list of columns after it.", kept=kept))
    df = expect_frame(bad_reports, "bad_reports", ["report_no"], whole_rows)
    missing = [c for c in every if c not in df.columns]
    if missing:
        raise CheckFailed(_("`bad_reports` has no column {names}. Keep the whole rows "
                            "of `deaths_clean` (every column, `id_valid` included), so that the "
                            "agency sees the report as it was cleaned and why it fails.",
                            names=", ".join(missing)))
    key = answer_key()["clean"]
    expected = set(key.loc[~key["id_valid"], "report_no"])
    got = as_plain(df["report_no"], "report_no")["values"]
    if len(got) > len(expected) and set(got) >= expected:
        raise CheckFailed(_("`bad_reports` lists {count} reports, more than fail the check. "
                            "Did you test the raw IDs before cleaning them? Use `deaths_clean`.", count=len(got)))
    if not same(sorted(map(str, got)), sorted(expected)):
        if len(got) == 1:
            raise CheckFailed(_("`bad_reports` lists 1 report, but they are not exactly the ones whose "
                                "cleaned ID fails the check. Keep the rows of `deaths_clean` where "
                                "`id_valid` is False."))
        raise CheckFailed(_("`bad_reports` lists {count} reports, but they are not exactly the "
                            "ones whose cleaned ID fails the check. Keep the rows of `deaths_clean` "
                            "where `id_valid` is False.", count=len(got)))
    flags = as_plain(df["id_valid"], "id_valid")["values"]
    ids = as_plain(df["id_number"], "id_number")["values"]
    cleaned = dict(zip(key["report_no"], key["id_number"]))
    if any(v is not False for v in flags) or any(i != cleaned.get(r) for r, i in zip(got, ids)):
        raise CheckFailed(_("`bad_reports` has the right reports, but not as `deaths_clean` holds "
                            "them: take the rows from `deaths_clean` (cleaned IDs, real dates, "
                            "`id_valid` False), not from `deaths` or another table."))
    return _("{count} reports go back to their source for correction.", count=len(got))


def _check_register(death_register) -> str:
    df = expect_frame(death_register, "death_register", ["id_number", "death_date", "n_reports"],
                      _("`.agg(...)` with named results, e.g. `death_date=(\"death_date\", \"min\")`, "
                        "gives a table."))
    key = answer_key()["register"]
    ids = as_plain(df["id_number"], "id_number")["values"]
    if len(set(ids)) != len(ids):
        raise CheckFailed(_("Some people appear more than once in `death_register`. Keep one row per "
                            "ID number."))
    if len(ids) != len(key):
        message = _("`death_register` has {count} people; that is not the number of "
                    "different valid IDs among the reports.", count=len(ids))
        if len(ids) > len(key):
            message += " " + _("Did you drop the reports with invalid IDs?")
        raise CheckFailed(message)
    if set(map(str, ids)) != set(key.index):
        raise CheckFailed(_("`death_register` has the right number of people, but not the right ID "
                            "numbers. Group the cleaned IDs of the valid reports of `deaths_clean`."))
    if df["death_date"].dtype.kind != "M":
        raise CheckFailed(_("Column `death_date` of `death_register` should hold dates (dtype "
                            "datetime64), but it holds {dtype}. Take the dates from "
                            "`deaths_clean`, where they are real dates.", dtype=str(df["death_date"].dtype)))
    dates = dict(zip(ids, as_plain(df["death_date"], "death_date")["values"]))
    wrong_dates = sum(dates[i] != d.strftime("%Y-%m-%d") for i, d in key["death_date"].items())
    if wrong_dates:
        raise CheckFailed(_("For {wrong} of the {count} people, `death_date` is not the earliest "
                            "date reported for them. `drop_duplicates` keeps whichever report comes "
                            "first in the table, and the first row is not the earliest date: take the "
                            "smallest date of each person, `groupby(\"id_number\")` with "
                            "`death_date=(\"death_date\", \"min\")`.", wrong=wrong_dates, count=len(ids)))
    counts = as_plain(df["n_reports"], "n_reports")["values"]
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in counts):
        raise CheckFailed(_("Column `n_reports` of `death_register` should hold numbers (how many "
                            "reports mention each person)."))
    counts = dict(zip(ids, counts))
    wrong_counts = sum(counts[i] != n for i, n in key["n_reports"].items())
    if wrong_counts:
        if all(n == 1 for n in counts.values()):
            raise CheckFailed(_("For {wrong} of the {count} people, `n_reports` is not the number of their "
                                "valid reports. Every value is 1: one row per person no longer knows how many "
                                "reports there were. Count the rows of each person in the same `groupby`: "
                                "`n_reports=(\"report_no\", \"size\")`.", wrong=wrong_counts, count=len(ids)))
        raise CheckFailed(_("For {wrong} of the {count} people, `n_reports` is not the number "
                            "of their valid reports. Count the rows of each person in the same "
                            "`groupby`: `n_reports=(\"report_no\", \"size\")`.", wrong=wrong_counts, count=len(ids)))
    return _("one row for each of the {count} people reported dead, with the earliest date "
             "and the number of reports.", count=len(ids))


def _check_late(late_payments) -> str:
    df = expect_frame(late_payments, "late_payments", ["payment_id", "pay_date", "death_date"])
    key = answer_key()
    expected = key["late_ids"]
    got = as_plain(df["payment_id"], "payment_id")["values"]
    if len(got) != len(set(got)):
        raise CheckFailed(_("Some payments appear more than once in `late_payments`. Join the "
                            "pensions to the de-duplicated `death_register`, not to all the reports."))
    mine = set(map(str, got))
    if not mine <= key["joined_ids"]:
        raise CheckFailed(_("`late_payments` holds payments to people who are not in `death_register`. "
                            "Join the pensions to `death_register` on the ID number: many different "
                            "people share a name."))
    if mine & key["death_month_ids"]:
        raise CheckFailed(_("`late_payments` includes payments for the month of death. The pension "
                            "stops from the month after death (从死亡次月起停发): the payment of the "
                            "death month is due, even when it is paid after the day of death, and "
                            "the hand checkers would reject it as a clue. Compare months, not days: "
                            "`pay_date.dt.to_period(\"M\") > death_date.dt.to_period(\"M\")`."))
    if len(got) != len(expected):
        raise CheckFailed(_("`late_payments` has {count} payments; that is not the number paid "
                            "for a month after the month of death. Convert `pay_date` to a date and "
                            "compare whole months, the year included: `.dt.to_period(\"M\")` turns "
                            "a date into its month, so that December 2023 comes before January 2024.",
                            count=len(got)))
    return _("{count} payments were made for months after the month of the recipient's death.", count=len(got))


def _check_town(overpaid_by_township) -> str:
    df = expect_frame(overpaid_by_township, "overpaid_by_township", ["people", "amount"])
    key = answer_key()["by_town"]
    got = as_plain(df[["people", "amount"]], "overpaid_by_township")
    towns = got["index"]
    if "township" in df.columns and sorted(map(str, towns)) != sorted(key.index):
        raise CheckFailed(_("`overpaid_by_township` has `township` as a column and row numbers as its "
                            "index. Remove `.reset_index()`: the townships must stay the index."))
    if sorted(map(str, towns)) != sorted(key.index):
        raise CheckFailed(_("`overpaid_by_township` should have one row per township, with the "
                            "township names as its index; yours has {towns}. Use `groupby('township')`.",
                            towns=str(towns)))
    mine = dict(zip(towns, zip(got["data"]["people"], got["data"]["amount"])))
    for town, row in key.iterrows():
        people, amount = mine[town]
        if not same(people, int(row["people"])):
            raise CheckFailed(_("The number of people for {town} is not right. Count each person "
                                "once (`nunique`), not each payment.", town=town))
        if not isinstance(amount, (int, float)) or abs(amount - row["amount"]) > 0.005:
            raise CheckFailed(_("The amount for {town} is not right. Convert `amount` to a number "
                                "(`astype(float)`) and add up the late payments.", town=town))
    return _("overpayments summarised by township.")


def _bars_with_labels(ax, horizontal: bool) -> list[tuple[str, float]]:
    """(tick label, bar length) for each bar, in the order they stand on the axis.

    A bar chart of categories puts one tick under (or beside) each bar, in the bars' order;
    this pairs them so that a check can say what each bar claims to show."""
    named = bars_by_label(ax, horizontal)
    if named is None:
        labels = [t for t in (ax.yticklabels if horizontal else ax.xticklabels) if t.strip()]
        if horizontal:
            raise CheckFailed(_("The chart has {bars} bars but {labels} labels along its vertical axis. "
                                "Put each township's name under its bar: pass the names as the first "
                                "argument of `ax.bar` (`ax.bar(overpaid_by_township.index, ...)`).",
                                bars=len(ax.bars), labels=len(labels)))
        raise CheckFailed(_("The chart has {bars} bars but {labels} labels along its horizontal axis. "
                            "Put each township's name under its bar: pass the names as the first "
                            "argument of `ax.bar` (`ax.bar(overpaid_by_township.index, ...)`).",
                            bars=len(ax.bars), labels=len(labels)))
    return [(label, abs(value)) for label, value in named]


_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")   # as in course.exercises.joining
_CHART_PLACES = {"title": N_("the title"), "xlabel": N_("the label of the horizontal axis"),
                 "ylabel": N_("the label of the vertical axis"),
                 "xticks": N_("the labels under the horizontal axis"),
                 "yticks": N_("the labels beside the vertical axis"),
                 "legend": N_("the legend"), "notes": N_("the numbers or notes written on the chart")}
# The amount axis names its unit with one of these words (any case); an edition adds its own
# word for the yuan, the one its notebook asks for (Chinese: 元).
_UNIT_WORDS = ("yuan", "CNY", "RMB")


def _check_chart(fig) -> str:
    ax = expect_one_chart(fig)
    if not ax.bars:
        raise CheckFailed(_("The chart has no bars. Use `ax.bar(...)` (or `ax.barh`)."))
    heights = sorted(round(abs(b["height"]), 2) for b in ax.bars)
    widths = sorted(round(abs(b["width"]), 2) for b in ax.bars)
    amounts = sorted(round(float(a), 2) for a in answer_key()["by_town"]["amount"])
    if not (same(heights, amounts) or same(widths, amounts)):
        raise CheckFailed(_("The bars do not show the amount overpaid in each township. Plot the "
                            "`amount` column of `overpaid_by_township`, one bar per township."))
    horizontal = same(widths, amounts) and not same(heights, amounts)
    value_label = ax.xlabel if horizontal else ax.ylabel
    if not ax.title.strip():
        raise CheckFailed(_("Give the chart a title that says what it shows, with `ax.set_title(...)`."))
    # The English edition's printer may lack a Chinese font; an edition in Chinese has one in the
    # course's chart style (`course.style`), and its charts speak Chinese.
    for part, shown in chart_texts(ax).items():
        if not language().startswith("zh") and any(_CHINESE.search(str(t)) for t in shown):
            raise CheckFailed(_("There are Chinese characters in {place}. The computer that "
                                "prints the report may lack a Chinese font and show empty boxes: write "
                                "every text inside the chart in English or pinyin (for example `yuan`, "
                                "not `元`).", place=_(_CHART_PLACES[part])))
    # TRANSLATORS: the unit word that the amount axis's label must contain (the notebook's word)
    unit = _("yuan")
    words = dict.fromkeys([*_UNIT_WORDS, unit])
    if not re.search("|".join(map(re.escape, words)), value_label, re.IGNORECASE):
        # TRANSLATORS: an example of an amount axis's label, with the unit word above
        label = _("Amount overpaid (yuan)")
        raise CheckFailed(_("Label the amount axis with its unit ({unit}), e.g. "
                            "`ax.set_ylabel('{label}')`.", unit=unit, label=label))
    by_town = {str(t): float(a) for t, a in answer_key()["by_town"]["amount"].items()}
    for label, length in _bars_with_labels(ax, horizontal):
        if label not in by_town:
            raise CheckFailed(_("A bar is labelled {label}, which is not a township. Label each "
                                "bar with a township name from the index of `overpaid_by_township`.",
                                label=repr(label)))
        if abs(length - by_town[label]) > 0.005:
            raise CheckFailed(_("The bar labelled {label} is not that township's amount: the names "
                                "and the amounts are in different orders. Take both from the same "
                                "table, `ax.bar(table.index, table[\"amount\"])`; if you sort, sort "
                                "the table, not one of them.", label=label))
    colours = {b["color"] for b in ax.bars}
    if len(colours) > 1:
        raise CheckFailed(_("The bars have {count} different colours. The township is already "
                            "written under each bar, so colour adds nothing and is lost in black and "
                            "white print: give all bars one colour, e.g. the lecture's blue `color=\"#0072B2\"`.",
                            count=len(colours)))
    return _("each bar shows its township's amount, in one colour, with a title and a unit.")


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


load_deaths = _q(1, "load_deaths", N_("load the death reports"), ("deaths",), _check_load, [
    N_("Use `pd.read_csv(...)` with the path that `course.data.path(\"deaths\")` gives you."),
    N_("Add `dtype=str` so pandas keeps every value exactly as written, as text."),
])
count_sources = _q(2, "count_sources", N_("reports per source"), ("reports_per_source",), _check_sources, [
    N_("Take the `source` column: `deaths[\"source\"]`."),
    N_("`.value_counts()` counts how often each value appears."),
])
normalise_id = _q(3, "normalise_id", N_("clean an ID number"), ("normalise_id",), _check_normalise, [
    N_("`raw` is ONE text, not a column, so the `.str` tools of the lecture's column cleaning do not "
       "work on it (a text has no `.str`). The same three steps exist for one text: "
       "`unicodedata.normalize(\"NFKC\", raw)`, `re.sub(r\"\\s+\", \"\", text)` and `text.upper()`."),
    N_("Look at the raw values as Python sees them: `deaths[\"id_number\"].head(30).tolist()` shows "
       "each ID between quotes, so a space at the end or a tab (`\\t`) becomes visible, which the "
       "table display hides. `unicodedata.normalize(\"NFKC\", raw)` turns the full-width digit ３ "
       "into 3, ｘ into x, and the full-width space into an ordinary space."),
    N_("`re.sub(r\"\\s+\", \"\", text)` removes every kind of space (ordinary, tab, line break) wherever "
       "it is, where `.replace(\" \", \"\")` removes only the ordinary one. End with `.upper()` for the X, "
       "and change nothing else: a letter O typed for a 0 stays an O."),
])
is_valid_id = _q(4, "is_valid_id", N_("the check character"), ("is_valid_id",), _check_valid, [
    N_("Start with the cases that are not IDs at all, and `return False` for them before anything "
       "else: `len(id_number) != 18`, or first 17 characters that are not all digits "
       "(`id_number[:17].isdigit()`). Reading `id_number[17]` from a shorter text stops with an "
       "`IndexError`, and `int(\"X\")` with a `ValueError`."),
    N_("Multiply each of the first 17 digits by its weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) "
       "and add the products up; `zip` pairs digits with weights."),
    N_("Take the sum modulo 11 (`total % 11`) and look the remainder up in `\"10X98765432\"`: "
       "remainder 0 gives `1`, remainder 2 gives `X`. Compare with the 18th character."),
])
parse_report_date = _q(5, "parse_report_date", N_("three date formats"), ("parse_report_date",), _check_parse, [
    N_("Let the text say which format it is in: one character tells the formats apart. Write "
       "`if \"年\" in text:` for the crematorium, `if \"/\" in text:` for the hospitals, and the rest "
       "is the police."),
    N_("In each branch, `pd.to_datetime(text, format=...)` reads exactly one format: `%Y` stands for "
       "the year, `%m` the month, `%d` the day, and every other character is written as it appears. "
       "`%m` and `%d` accept `5` as well as `05`."),
    N_("The three formats are `\"%Y%m%d\"`, `\"%Y/%m/%d\"` and `\"%Y年%m月%d日\"`; each branch "
       "`return`s its `pd.to_datetime(...)`. Try your function on `\"2023/10/1\"` and `\"20231001\"`: "
       "both must give 1 October."),
])
clean_deaths = _q(6, "clean_deaths", N_("clean the whole table"), ("deaths_clean", "deaths"), _check_clean, [
    N_("Start from a copy, `deaths_clean = deaths.copy()`: `deaths_clean = deaths` would only give "
       "`deaths` a second name, and cleaning one would change both."),
    N_("`deaths_clean[\"id_number\"].map(normalise_id)` applies your function to every value of a column."),
    N_("The new `id_valid` column is `deaths_clean[\"id_number\"].map(is_valid_id)`; wrap the dates in "
       "`pd.to_datetime(...)` so the column has a date type."),
])
invalid_reports = _q(7, "invalid_reports", N_("reports to send back"), ("bad_reports",), _check_bad, [
    N_("Keep the rows where `id_valid` is False: `deaths_clean[~deaths_clean[\"id_valid\"]]` "
       "(`~` means not)."),
])
deduplicate = _q(8, "deduplicate", N_("one row per death"), ("death_register",), _check_register, [
    N_("Keep only valid IDs first; a person may be reported by two or three sources."),
    N_("`groupby(\"id_number\")` collects each person's reports; `.agg(...)` summarises them."),
    N_("`.agg(death_date=(\"death_date\", \"min\"), n_reports=(\"report_no\", \"size\")).reset_index()` "
       "keeps the earliest date and counts the reports. `drop_duplicates` is not enough: it keeps "
       "whichever report comes first and forgets how many there were."),
])
paid_after_death = _q(9, "paid_after_death", N_("the first collision"), ("late_payments",), _check_late, [
    N_("Load the pensions with `course.data.load(\"pensions\")` and join them to `death_register` "
       "with `merge(..., on=\"id_number\")`."),
    N_("Convert `pay_date` with `pd.to_datetime` before comparing it with `death_date`."),
    N_("The pension stops from the month after death, so compare months, not days: "
       "`joined[\"pay_date\"].dt.to_period(\"M\")` gives the month of each payment (for example 2024-03)."),
    N_("The payment of the death month is due, even when it is paid after the day of death: keep the "
       "rows where the payment's month is later than the month of death, "
       "`pay_date.dt.to_period(\"M\") > death_date.dt.to_period(\"M\")`, not `pay_date > death_date`. "
       "End with `.copy()`, so that Question 10 may change a column of `late_payments`."),
])
summarise = _q(10, "summarise", N_("overpayment by township"), ("overpaid_by_township",), _check_town, [
    N_("The township is in the `persons` table; join it to `late_payments` on `id_number`."),
    N_("Convert `amount` in the joined table, before the `groupby`: "
       "`joined_table[\"amount\"] = joined_table[\"amount\"].astype(float)` (with your table's name). "
       "Converting `pensions` now would not change `late_payments`, which was made from it earlier."),
    N_("`groupby(\"township\").agg(people=(\"id_number\", \"nunique\"), amount=(\"amount\", \"sum\"))`"),
])
chart = _q(11, "chart", N_("a chart for the report"), ("fig",), _check_chart, [
    N_("`fig, ax = plt.subplots()` makes an empty chart; `ax.bar(labels, heights)` draws the bars."),
    N_("Take the labels and the heights from the same table, so that each bar stands over its own "
       "township's name: `overpaid_by_township.index` and `overpaid_by_township[\"amount\"]`, with "
       "one colour for all bars, `color=\"#0072B2\"`."),
    N_("Finish with `ax.set_title(...)` and `ax.set_ylabel(\"Amount overpaid (yuan)\")`."),
])

QUESTIONS = [load_deaths, count_sources, normalise_id, is_valid_id, parse_report_date, clean_deaths,
             invalid_reports, deduplicate, paid_after_death, summarise, chart]
