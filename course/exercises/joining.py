"""Checks and hints of assignment 02-joining ("Joining and aggregating").

In the notebook::

    from course.exercises import joining as q
    q.in_custody.check()   # after the answer cell
    q.in_custody.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/02-joining/mistakes.toml``.

The storyline: pensions paid while the recipient was in custody. The expected values are
computed here from the generated data (`answer_key`), by code written for checking (plain
dictionaries and loops, not the merges of the reference solution). The truth tables are never
used: they are for measuring a model, and they are absent where the notebook is graded.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

import pandas as pd

from course import data, idcard
from course.checking import (CheckFailed, as_plain, bars_by_label, chart_texts, column_kind, expect_frame,
                             expect_one_chart, expect_printable_text, texts, too_pale, value_kind)
from course.i18n import N_, language, translator
from course.plain import same
from course.question import question_maker

ASSIGNMENT = "02-joining"
_ = translator(ASSIGNMENT)


# --- the answer key, computed from the data ---------------------------------------------

def _slash_date(text: str) -> _dt.date:
    y, m, d = (int(p) for p in text.split("/"))
    return _dt.date(y, m, d)


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks (`course.hidden.joining` uses them too)."""
    judgments = data.load("judgments")
    custody = data.load("custody")
    pensions = data.load("pensions")
    persons = data.load("persons")

    stay = {}  # cleaned ID -> (custody_id, facility, first day, last day)
    for row in custody.itertuples(index=False):
        stay[idcard.normalise(row.id_number)] = (row.custody_id, row.facility,
                                       _slash_date(row.start_date), _slash_date(row.end_date))

    matched, unmatched, clean = {}, set(), {}
    for row in judgments.itertuples(index=False):
        clean[row.case_no] = idcard.normalise(row.id_number)
        hit = stay.get(clean[row.case_no])
        if hit:
            matched[row.case_no] = hit[0]
        else:
            unmatched.add(row.case_no)

    share = {}
    for (charge, prob), n in judgments.groupby(["charge", "probation"]).size().items():
        share.setdefault(charge, {})[prob] = n
    share = {c: {p: float(n / sum(d.values())) for p, n in d.items()} for c, d in share.items()}

    paid_ids, inside, days = set(), [], {}
    arrival_day, release_day = set(), set()
    for row in pensions.itertuples(index=False):
        hit = stay.get(row.id_number)
        if hit is None:
            continue
        paid_ids.add(row.payment_id)
        day = _dt.date.fromisoformat(row.pay_date)
        days[row.payment_id] = (day.isoformat(), hit[2].isoformat(), hit[3].isoformat())
        if hit[2] <= day <= hit[3]:
            inside.append((row.payment_id, row.id_number, hit[1], day.year, float(row.amount)))
            if day == hit[2]:
                arrival_day.add(row.payment_id)
            if day == hit[3]:
                release_day.add(row.payment_id)
    inside = pd.DataFrame(inside, columns=["payment_id", "id_number", "facility", "year", "amount"])

    facility = {}
    for f, part in inside.groupby("facility"):
        facility[f] = {"payments": len(part), "people": int(part["id_number"].nunique()),
                       "amount": round(float(part["amount"].sum()), 2)}

    town = dict(zip(persons["id_number"], persons["township"]))
    pivot, pivot_count = {}, {}
    for ident, day, amount in zip(pensions["id_number"], pensions["pay_date"], pensions["amount"]):
        cell = (town[ident], int(day[:4]))
        pivot[cell] = pivot.get(cell, 0.0) + float(amount)
        pivot_count[cell] = pivot_count.get(cell, 0) + 1

    return {
        "n_judgments": len(judgments),
        "clean": clean,                         # case_no -> the judgment's ID, cleaned
        "matched": matched,                     # case_no -> custody_id
        "unmatched": unmatched,                 # case_no of judgments without custody
        "share": share,                         # charge -> {probation: share of the row}
        "paid_ids": paid_ids,                   # payments to anyone with a custody record
        "days": days,                           # payment_id -> (pay day, first day, last day), ISO
        "inside_ids": set(inside["payment_id"]),
        "arrival_day_ids": arrival_day,         # payments in custody made on the day of arrival
        "release_day_ids": release_day,         # ... and on the day of release
        "n_people": int(inside["id_number"].nunique()),
        "facility": facility,
        "per_year": {int(y): round(float(v), 2) for y, v in inside.groupby("year")["amount"].sum().items()},
        "per_year_count": {int(y): int(v) for y, v in inside.groupby("year").size().items()},
        "pivot": {k: round(float(v), 2) for k, v in pivot.items()},
        "pivot_count": pivot_count,             # (township, year) -> number of payments
        "largest_payment": max(float(a) for a in pensions["amount"]),
    }


# --- helpers -----------------------------------------------------------------------------

def _column(column: str, name: str) -> str:
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    return _("column `{column}` of `{name}`", column=column, name=name)


def _texts(df: pd.DataFrame, column: str, name: str) -> list[str]:
    return texts(df[column], _column(column, name))


def _year(label) -> int | None:
    """A year written as 2023, 2023.0 or '2023'."""
    label = as_plain(label, _("a year label"))
    if isinstance(label, bool):
        return None
    if isinstance(label, (int, float)) and float(label).is_integer():
        return int(label)
    if isinstance(label, str) and label.strip().isascii() and label.strip().isdigit():
        return int(label)
    return None


def _number(value, what: str) -> float:
    value = as_plain(value, what)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(_("{what} should be a number, but it is {kind}. Convert `amount` with "
                            "`.astype(float)` before adding it up.", what=what, kind=value_kind(value)))
    return float(value)


def _index_is(df: pd.DataFrame, column: str, name: str, how: str) -> None:
    """The rows of `df` should be labelled by `column`; say so when it is a column instead (`how`,
    a whole sentence in the trainee's language, says how to do it)."""
    if column in [str(c) for c in df.columns] and column not in [str(n) for n in df.index.names]:
        raise CheckFailed(_("`{column}` is a column of `{name}`, but it should be the index (the row "
                            "labels). {how}", column=column, name=name, how=how))


_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# What the chart of Question 9 shows, in the words a title may use for it: pensions paid
# while in custody. A title that names only the place ("Yuanhe County") says none of them.
_SUBJECT = re.compile(r"pension|paid|pay|benefit|custody|custodial|detain|detention|prison|inmate|"
                      r"jail|overpa|amount", re.IGNORECASE)
_PLACE = re.compile(r"yuan\s*he", re.IGNORECASE)             # the county, Yuanhe
_UNIT = re.compile(r"yuan|CNY|RMB", re.IGNORECASE)           # the unit of the amounts

# The same words in the trainee's language, which a chart of a Chinese edition speaks (the
# English words above count there too). Each a list of words separated by commas, any one of
# which will do; a word counts wherever it appears in the text (case-insensitive).
# The notebook asks the trainee for one of them.
# TRANSLATORS: words separated by commas; any one in a chart's title says it shows pension paid in custody
SUBJECT_WORDS = N_("pension, paid, pay, benefit, custody, detention, prison, jail, amount")
# TRANSLATORS: the county's name as a chart's title writes it (words separated by commas)
PLACE_WORDS = N_("Yuanhe")
# TRANSLATORS: the unit of the amounts as an axis label writes it (words separated by commas)
UNIT_WORDS = N_("yuan, CNY, RMB")


def _says(text: str, pattern: re.Pattern, words: str) -> bool:
    """Whether `text` holds the English `pattern` or one of `words` in the trainee's language."""
    if pattern.search(text):
        return True
    found = text.casefold()
    return any(word.strip() and word.strip().casefold() in found for word in re.split(r"[,，、]", _(words)))


def _scaled_down(bars, amounts: list[float]) -> int | None:
    """The power of ten (10 to 1,000,000) by which every bar is smaller than the amounts, if any."""
    for sizes in ([abs(b["height"]) for b in bars], [abs(b["width"]) for b in bars]):
        sizes = sorted(sizes)
        if len(sizes) != len(amounts):
            continue
        for power in range(1, 7):
            factor = 10 ** power
            if all(abs(size * factor - amount) <= 0.005 * abs(amount)   # rounded after dividing
                   for size, amount in zip(sizes, amounts)):
                return factor
    return None


_CHART_PLACES = {"title": N_("the title"), "xlabel": N_("the x-axis label"), "ylabel": N_("the y-axis label"),
                 "xticks": N_("the tick labels under the bars or beside them"),
                 "yticks": N_("the tick labels under the bars or beside them"),
                 "legend": N_("the legend"), "notes": N_("the notes written on the chart")}


def _chart_words(ax) -> dict[str, list[str]]:
    """Every text a reader sees on a chart, keyed by where it is, in (English) words for a message."""
    words: dict[str, list[str]] = {}
    for part, shown in chart_texts(ax).items():
        words.setdefault(_CHART_PLACES[part], []).extend(shown)
    return words


# --- checks ------------------------------------------------------------------------------

def _check_match(judged) -> str:
    df = expect_frame(judged, "judged", ["case_no"],
                _("Keep the whole result of `judgments.merge(custody, ...)`, not one column of it."))
    key = answer_key()
    if "_merge" not in df.columns:
        raise CheckFailed(_("`judged` has no `_merge` column, so you cannot tell matched judgments "
                            "from unmatched ones. Add `indicator=True` to the merge."))
    if "id_clean" not in df.columns:
        raise CheckFailed(_("`judged` has no column `id_clean`. Add the cleaned ID to both tables as a "
                            "column called `id_clean`, and join on it (`on=\"id_clean\"`)."))
    if len(df) < key["n_judgments"]:
        raise CheckFailed(_("`judged` has {count} rows, fewer than there are judgments. The list "
                            "must keep every judgment, also those without a custody record: use "
                            "`how=\"left\"` with the judgments on the left.", count=len(df)))
    if len(df) > key["n_judgments"]:
        raise CheckFailed(_("`judged` has {count} rows, more than there are judgments. Keep the "
                            "judgments on the left and use `how=\"left\"`, not `\"outer\"` or "
                            "`\"right\"`; and check that no ID appears twice in `custody`.", count=len(df)))
    cases = _texts(df, "case_no", "judged")
    if sorted(cases) != sorted(key["clean"]):
        raise CheckFailed(_("`judged` has as many rows as there are judgments, but some judgments appear "
                            "twice and others not at all. Start from the whole `judgments` table and "
                            "merge once, with `how=\"left\"`."))
    expect_frame(df, "judged", ["custody_id", "facility", "start_date", "end_date"])
    cleaned = _texts(df, "id_clean", "judged")
    for case, value in zip(cases, cleaned):
        if value != key["clean"][case]:
            raise CheckFailed(_("The `id_clean` of judgment {case} is {value}, which is not a cleaned ID "
                                "number. A cleaned ID has no spaces, ordinary (half-width) digits and an "
                                "upper-case X: clean with `.str.normalize(\"NFKC\")`, "
                                "`.str.replace(r\"\\s+\", \"\", regex=True)` and `.str.upper()`.",
                                case=case, value=repr(value)))
    flags = [str(v) for v in as_plain(df["_merge"], _("column `_merge`"))["values"]]
    both = flags.count("both")
    if both < len(key["matched"]):
        raise CheckFailed(_("Only {count} judgments found a custody record. Some convicts who are in "
                            "custody were missed because their ID is typed differently in the two "
                            "tables (look at the last character). Join on a cleaned ID column.", count=both))
    if both > len(key["matched"]):
        raise CheckFailed(_("{count} judgments found a custody record; that is more than the custody "
                            "table can explain. Join on the ID number, not on another column.", count=both))
    return _("all {count} judgments kept; {matched} matched a custody record.", count=len(df), matched=both)


def _check_no_custody(no_custody) -> str:
    df = expect_frame(no_custody, "no_custody", ["case_no", "probation"],
                _("Keep whole rows of `judged`: put the condition inside `judged[...]`, as in "
                  "`judged[judged[\"_merge\"] == ...]`."))
    expected = answer_key()["unmatched"]
    got = _texts(df, "case_no", "no_custody")
    if not got:
        raise CheckFailed(_("`no_custody` is empty. Keep the rows of `judged` whose `_merge` value "
                            "says the judgment was found only in the left table, and filter on no "
                            "other column: the `probation` of these rows is what you look at next."))
    if set(got) & set(answer_key()["matched"]):
        raise CheckFailed(_("`no_custody` contains judgments that do have a custody record. Keep "
                            "only the rows where `_merge` is `\"left_only\"`."))
    if sorted(got) != sorted(expected):
        raise CheckFailed(_("`no_custody` lists {count} judgments, but not exactly those without "
                            "a custody record. Keep every row of `judged` whose `_merge` is "
                            "`\"left_only\"`, whatever its `probation`, and join on the cleaned ID "
                            "in Question 1.", count=len(got)))
    return _("{count} judgments have no custody record; look at their `probation` column.", count=len(got))


def _check_share(probation_share) -> str:
    df = expect_frame(probation_share, "probation_share", (),
                _("`groupby(...).value_counts(normalize=True)` gives one long list; `.unstack()` turns "
                  "it into a table with one column per value of `probation`. Or use `pd.crosstab`."))
    _index_is(df, "charge", "probation_share", _("Leave out `.reset_index()`, or add "
              "`.set_index(\"charge\")`."))
    key = answer_key()["share"]
    got = as_plain(df, "probation_share")
    rows = [str(i) for i in got["index"]]
    cols = [str(c) for c in got["columns"]]
    if sorted(rows) != sorted(key):
        if sorted(cols) == sorted(key):
            raise CheckFailed(_("The charges are the columns of `probation_share`; put them in the "
                                "rows (first argument of `pd.crosstab`) and probation in the columns."))
        raise CheckFailed(_("`probation_share` should have one row per charge (the charges as its "
                            "index) and no other row; yours has: {rows}. Did you add margins?",
                            rows=", ".join(rows)))
    if sorted(cols) != ["no", "yes"]:
        raise CheckFailed(_("`probation_share` should have two columns, `no` and `yes` (the values of "
                            "`probation`); yours has: {columns}. Did you add margins?", columns=", ".join(cols)))
    for c in cols:
        if df[c].dtype.kind not in "iuf":
            raise CheckFailed(_("The `{column}` column of `probation_share` holds {kind}, not numbers. "
                                "Keep the shares as numbers (do not format them as text such as "
                                "\"45%\"); `.round(2)` only changes how they are shown.",
                                column=c, kind=column_kind(df[c])))
    values = {c: [v if v is not None else 0.0 for v in got["data"][c]] for c in cols}
    if any(v > 1.0 + 1e-9 for c in cols for v in values[c]):
        raise CheckFailed(_("`probation_share` holds numbers above 1: counts or percentages, not "
                            "shares. Add `normalize=\"index\"` so that each charge's row is split into "
                            "shares between 0 and 1 (do not multiply by 100)."))
    sums = [values["no"][i] + values["yes"][i] for i in range(len(rows))]
    if not all(abs(s - 1) < 1e-6 for s in sums):
        raise CheckFailed(_("The shares in each row of `probation_share` do not add up to 1 (100%). "
                            "Each charge's judgments must be split into `no` and `yes`: use "
                            "`normalize=\"index\"` (not `\"columns\"` or `True`)."))
    return _("one row per charge, each split into shares that add up to 1.")


def _check_paid(paid_custody) -> str:
    need = ["payment_id", "id_number", "pay_date", "amount", "facility", "start_date", "end_date"]
    df = expect_frame(paid_custody, "paid_custody", need,
                _("Keep the whole result of `pensions.merge(custody, ...)`, not one column of it."))
    key = answer_key()
    ids = _texts(df, "payment_id", "paid_custody")
    if any(v in ("None", "nan", "") for v in ids):
        raise CheckFailed(_("Some rows of `paid_custody` have no payment: custody records of people "
                            "who receive no pension. Keep only rows found in both tables "
                            "(`how=\"inner\"`)."))
    if any(v in ("None", "nan", "") for v in _texts(df, "facility", "paid_custody")):
        raise CheckFailed(_("Some rows of `paid_custody` have no custody record: you kept every "
                            "pension payment. Keep only rows found in both tables (`how=\"inner\"`)."))
    if len(ids) != len(set(ids)):
        raise CheckFailed(_("Some payments appear more than once in `paid_custody`. The custody "
                            "table must have one row per person (`validate=\"many_to_one\"` checks it)."))
    if len(ids) < len(key["paid_ids"]) and set(ids) <= key["paid_ids"]:
        raise CheckFailed(_("`paid_custody` has {count} payments, but some payments to people who "
                            "have a custody record are missing. Keep every payment of those people: "
                            "merge all of `pensions` with `custody`, and drop no rows afterwards.",
                            count=len(ids)))
    if len(ids) != len(key["paid_ids"]):
        raise CheckFailed(_("`paid_custody` has {count} payments; that is not the number of "
                            "payments to people who have a custody record. Join `pensions` and "
                            "`custody` on `id_number`.", count=len(ids)))
    return _("{count} payments went to people who have a custody record.", count=len(ids))


def _iso_days(df: pd.DataFrame, column: str, name: str) -> list:
    return as_plain(df[column], _column(column, name))["values"]


# The payments in custody that a strict comparison (`>`, `<`) loses: those of the day of arrival,
# of release, or of both.
_BOUNDARY_DAYS = {
    (True, False): N_("`in_custody` misses the payments made on the day of arrival (`start_date`). A "
                      "person is in custody on the day they arrive and on the day they are released too: "
                      "use `>=` and `<=` (or `between`), not `>` or `<`."),
    (False, True): N_("`in_custody` misses the payments made on the day of release (`end_date`). A "
                      "person is in custody on the day they arrive and on the day they are released too: "
                      "use `>=` and `<=` (or `between`), not `>` or `<`."),
    (True, True): N_("`in_custody` misses the payments made on the day of arrival (`start_date`) and "
                     "release (`end_date`). A person is in custody on the day they arrive and on the day "
                     "they are released too: use `>=` and `<=` (or `between`), not `>` or `<`."),
}


def _check_inside(in_custody) -> str:
    need = ["payment_id", "id_number", "pay_date", "amount", "facility", "start_date", "end_date"]
    df = expect_frame(in_custody, "in_custody", need,
                _("Keep whole rows of `paid_custody`: put the condition inside `paid_custody[...]`."))
    key = answer_key()
    for col in ("pay_date", "start_date", "end_date"):
        if df[col].dtype.kind != "M":
            raise CheckFailed(_("Column `{column}` of `in_custody` holds {kind}, not dates. As "
                                "text, \"2023/10/1\" comes before \"2023/9/30\", so text cannot say "
                                "which day came first. Convert the three date columns of "
                                "`paid_custody` with `pd.to_datetime`, replacing the text (for example "
                                "`paid_custody[\"pay_date\"] = pd.to_datetime(paid_custody[\"pay_date\"])`), "
                                "before comparing.", column=col, kind=column_kind(df[col])))
    ids = _texts(df, "payment_id", "in_custody")
    if len(ids) != len(set(ids)):
        raise CheckFailed(_("Some payments appear more than once in `in_custody`."))
    unknown = [i for i in ids if i not in key["days"]]
    if unknown:
        raise CheckFailed(_("`in_custody` holds payments that are not in `paid_custody` (for example "
                            "{example}). Select its rows from `paid_custody`.", example=unknown[0]))
    columns = {c: _iso_days(df, c, "in_custody") for c in ("pay_date", "start_date", "end_date")}
    for j, (col, source) in enumerate((("pay_date", "pensions"), ("start_date", "custody"),
                                       ("end_date", "custody"))):
        for payment, day in zip(ids, columns[col]):
            if day != key["days"][payment][j]:
                if not day:
                    raise CheckFailed(_("In `in_custody`, the `{column}` of payment {payment} is empty, "
                                        "which is not the date written in `{source}`. Custody dates are "
                                        "written year/month/day: convert them with "
                                        "`pd.to_datetime(..., format=\"%Y/%m/%d\")`.",
                                        column=col, payment=payment, source=source))
                raise CheckFailed(_("In `in_custody`, the `{column}` of payment {payment} is {day}, "
                                    "which is not the date written in `{source}`. Custody dates are "
                                    "written year/month/day: convert them with "
                                    "`pd.to_datetime(..., format=\"%Y/%m/%d\")`.",
                                    column=col, payment=payment, day=day, source=source))
    got, expected = set(ids), key["inside_ids"]
    n = len(ids)
    if n > 2 * len(expected):
        raise CheckFailed(_("`in_custody` has {count} payments, far too many. Keep only the payments "
                            "dated on or after `start_date` **and** on or before `end_date` (both "
                            "conditions, joined with `&`).", count=n))
    outside = got - expected
    if outside:
        raise CheckFailed(_("`in_custody` holds {count} payments made before the person arrived "
                            "or after they were released. Keep only the payments dated on or after "
                            "`start_date` and on or before `end_date`: both conditions, joined with `&`.",
                            count=len(outside)))
    missing = expected - got
    on_arrival, on_release = missing & key["arrival_day_ids"], missing & key["release_day_ids"]
    if missing and missing <= (on_arrival | on_release):
        raise CheckFailed(_(_BOUNDARY_DAYS[(bool(on_arrival), bool(on_release))]))
    if missing:
        raise CheckFailed(_("`in_custody` has {count} payments: some payments made inside a custody period "
                            "are missing. Keep every row of `paid_custody` with "
                            "`start_date <= pay_date <= end_date`.", count=n))
    return _("{count} payments were made while the recipient was in custody.", count=n)


def _check_people(n_people) -> str:
    if type(n_people).__name__ in ("ndarray", "list", "tuple", "set", "Series", "DataFrame", "Index"):
        raise CheckFailed(_("`n_people` is a list of values ({kind}), not one number. "
                            "Count the different ID numbers instead of listing them: `.nunique()` gives "
                            "their number directly.", kind=value_kind(n_people)))
    value = as_plain(n_people, "`n_people`")
    if isinstance(value, str):
        raise CheckFailed(_("`n_people` is text ({value}), not a number. Keep only the number, "
                            "without words around it; write the sentence for the report separately.",
                            value=repr(value)))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise CheckFailed(_("`n_people` should be one whole number, the number of persons."))
    if isinstance(value, float):
        raise CheckFailed(_("`n_people` is a number with a decimal point (such as 12.0), but a number of "
                            "persons is one whole number. Keep the count as `.nunique()` gives it, "
                            "without `float(...)` or a division, or wrap it in `int(...)`."))
    key = answer_key()
    if int(value) == len(key["inside_ids"]):
        raise CheckFailed(_("`n_people` is the number of payments, not of persons: one person is paid "
                            "every month. Count the different ID numbers with `.nunique()`."))
    if int(value) != key["n_people"]:
        raise CheckFailed(_("`n_people` is not the number of different persons in `in_custody`. Count "
                            "the different values of `in_custody[\"id_number\"]` (`.nunique()`); "
                            "names repeat, so do not count names."))
    return _("{count} persons were paid while in custody.", count=int(value))


def _check_facility(per_facility) -> str:
    wanted = ["payments", "people", "amount"]
    df = expect_frame(per_facility, "per_facility", (),
                _("Ask for the three summaries at once: `.groupby(\"facility\").agg(payments=..., "
                  "people=..., amount=...)`."))
    _index_is(df, "facility", "per_facility", _("Leave out `as_index=False` (or `.reset_index()`), or "
              "add `.set_index(\"facility\")`."))
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        names = ", ".join(f"`{c}`" for c in missing)
        raise CheckFailed(_("`per_facility` has no column {names}. Its columns "
                            "are: {columns}. Name the summaries in `.agg(...)`: "
                            "`payments=(\"payment_id\", \"count\")` makes a column called `payments`.",
                            names=names, columns=", ".join(map(str, df.columns))))
    extra = [str(c) for c in df.columns if c not in wanted]
    if extra:
        names = ", ".join(f"`{c}`" for c in extra)
        raise CheckFailed(_("`per_facility` should have exactly three columns, `payments`, `people` and "
                            "`amount`; it also has {names}. Leave the others out.", names=names))
    key = answer_key()["facility"]
    got = as_plain(df[wanted], "per_facility")
    places = [str(i) for i in got["index"]]
    if sorted(places) != sorted(key):
        raise CheckFailed(_("`per_facility` should have one row per facility, with the facility names "
                            "as its index; yours has: {rows}. Use `groupby(\"facility\")`.",
                            rows=", ".join(places)))
    for c in wanted:
        if df[c].dtype.kind not in "iuf":
            if c == "amount":
                raise CheckFailed(_("The `amount` column of `per_facility` does not hold numbers. `amount` is "
                                    "text in the pension table, and adding up text glues it together: "
                                    "convert it with `.astype(float)` before the `groupby`."))
            raise CheckFailed(_("The `{column}` column of `per_facility` holds {kind}, not numbers. "
                                "Count with `\"count\"` or `\"nunique\"` in `.agg(...)`, and keep the result "
                                "as it is.", column=c, kind=column_kind(df[c])))
    for i, place in enumerate(places):
        if not same(got["data"]["payments"][i], key[place]["payments"]):
            raise CheckFailed(_("The number of payments for {place} is not right. Count the rows of "
                                "`in_custody` for each facility.", place=place))
    for i, place in enumerate(places):
        if (same(got["data"]["people"][i], key[place]["payments"])
                and key[place]["people"] != key[place]["payments"]):
            raise CheckFailed(_("The `people` of {place} is the number of its payments (rows), not of "
                                "different persons: one person is paid every month, so counting rows "
                                "counts each person once per payment. Count the different ID numbers: "
                                "`people=(\"id_number\", \"nunique\")`.", place=place))
    return _("one row per facility; the payment counts are right, and people are not counted as payments.")


def _check_per_year(per_year) -> str:
    if type(per_year) is not pd.Series:
        raise CheckFailed(_("`per_year` should be a Series (one number per year), but it is "
                            "{kind}. Pick one column after `groupby`: "
                            "`...groupby(...)[\"amount\"].sum()`, with single brackets.",
                            kind=value_kind(per_year)))
    got = as_plain(per_year, "per_year")
    years = [_year(y) for y in got["index"]]
    key = answer_key()
    if sorted(y for y in years if y is not None) != sorted(key["per_year"]) or None in years:
        raise CheckFailed(_("`per_year` should have one entry per year of payment, the years as its "
                            "index. Group by the year of `pay_date` (`in_custody[\"pay_date\"].dt.year`), "
                            "not by the whole date or by another date."))
    values = dict(zip(years, got["values"]))
    if all(same(values[y], key["per_year_count"][y]) for y in years):
        raise CheckFailed(_("`per_year` counts the payments; the question asks for the amount paid "
                            "(yuan). Add up the `amount` column (`.sum()`)."))
    for y in years:
        amount = _number(values[y], _("The amount for {year}", year=y))
        if abs(amount - key["per_year"][y]) > 0.005:
            raise CheckFailed(_("The amount for {year} is not right. Add up `amount` (as a number) of the "
                                "payments in `in_custody` (not `paid_custody`) made in that year.", year=y))
    return _("the amount paid in custody, year by year.")


def _check_chart(fig) -> str:
    ax = expect_one_chart(fig)
    if not ax.bars:
        raise CheckFailed(_("The chart has no bars. Use `ax.bar(...)` (or `ax.barh`)."))
    per_year = answer_key()["per_year"]
    amounts = sorted(per_year.values())
    heights = sorted(round(abs(b["height"]), 2) for b in ax.bars)
    widths = sorted(round(abs(b["width"]), 2) for b in ax.bars)
    if not (same(heights, amounts) or same(widths, amounts)):
        factor = _scaled_down(ax.bars, amounts)
        if factor:
            shown = f"{factor:,}"
            if factor == 10_000:
                raise CheckFailed(_("Your bars are {factor} times smaller than the amounts of `per_year`: "
                                    "the amounts were divided by {factor} (as the lecture's township chart "
                                    "does, in \"10,000 yuan\"). This question asks for the heights in yuan, "
                                    "to agree with the unit the amount axis must show, \"(yuan)\": plot "
                                    "`per_year.values` as they are, without dividing.", factor=shown))
            raise CheckFailed(_("Your bars are {factor} times smaller than the amounts of `per_year`: "
                                "the amounts were divided by {factor}. This question asks for the heights "
                                "in yuan, to agree with the unit the amount axis must show, \"(yuan)\": "
                                "plot `per_year.values` as they are, without dividing.", factor=shown))
        raise CheckFailed(_("The bars do not show the amount paid in custody in each year. Plot "
                            "`per_year`: one bar per year, its height the amount in yuan."))
    horizontal = same(widths, amounts) and not same(heights, amounts)
    value_label = ax.xlabel if horizontal else ax.ylabel
    expect_printable_text(ax, _("Give the chart a title that says what it shows, with `ax.set_title(...)`."))
    # A chart of a Chinese edition speaks Chinese: its style carries a Chinese font (course.style).
    for where, words in ({} if language().startswith("zh") else _chart_words(ax)).items():
        if any(_CHINESE.search(w) for w in words):
            raise CheckFailed(_("There are Chinese characters in {where}. The computer that prints the "
                                "report may lack a Chinese font and show empty boxes: write every text "
                                "inside the chart in English or pinyin (for example `2023`, not `2023年`).",
                                where=_(where)))
    named = bars_by_label(ax, horizontal, lambda t: _year(t) if _year(t) in per_year else None)
    if named is None:
        ticks = ", ".join(t for t in (ax.yticklabels if horizontal else ax.xticklabels) if t.strip())
        if horizontal:
            raise CheckFailed(_("The labels beside the bars do not say which year each bar shows (they "
                                "read: {ticks}). Give each bar its year as its label: "
                                "`ax.bar(per_year.index.astype(str), per_year.values)`.",
                                ticks=ticks or _("nothing")))
        raise CheckFailed(_("The labels under the bars do not say which year each bar shows (they "
                            "read: {ticks}). Give each bar its year as its label: "
                            "`ax.bar(per_year.index.astype(str), per_year.values)`.",
                            ticks=ticks or _("nothing")))
    ticks = [t.strip() for t in (ax.yticklabels if horizontal else ax.xticklabels) if t.strip()]
    between = [t for t in ticks if _year(t.replace("\u2212", "-")) not in per_year]
    if between:
        raise CheckFailed(_("The year axis shows marks that are not years of `per_year` "
                            "({marks}): a reader may take them for dates in between. "
                            "Label each bar with its year only: draw the years as text, "
                            "`ax.bar(per_year.index.astype(str), per_year.values)`, or set the marks "
                            "with `ax.set_xticks(per_year.index)`.", marks=", ".join(between[:4])))
    for year, value in named:
        if abs(abs(value) - per_year[year]) > 0.005:
            raise CheckFailed(_("The bar labelled {year} does not show the amount paid in {year}: the labels "
                                "and the bars are not in the same order. Draw labels and heights from "
                                "`per_year` together, so that each year keeps its own amount.", year=year))
    colours = {b.get("color") for b in ax.bars}
    if len(colours) > 1:
        raise CheckFailed(_("The bars have different colours. They all show the same thing (an amount), "
                            "so give them one colour, e.g. `color=\"#0072B2\"`: a reader looks for a "
                            "meaning in each colour, and red next to green looks the same to about one "
                            "man in twelve."))
    if too_pale(colours.pop()):
        raise CheckFailed(_("The bars are too pale to read on paper. Choose a darker colour, e.g. "
                            "`color=\"#0072B2\"` (blue)."))
    if not _says(value_label, _UNIT, UNIT_WORDS):
        other = ax.ylabel if horizontal else ax.xlabel
        if _says(other, _UNIT, UNIT_WORDS):
            if horizontal:
                raise CheckFailed(_("The unit (yuan) is on the axis of the years. The amounts run along the "
                                    "x-axis: put the unit there, e.g. `ax.set_xlabel(\"Amount paid "
                                    "(yuan)\")`, and label the other axis with the year."))
            raise CheckFailed(_("The unit (yuan) is on the axis of the years. The amounts run along the "
                                "y-axis: put the unit there, e.g. `ax.set_ylabel(\"Amount paid "
                                "(yuan)\")`, and label the other axis with the year."))
        if horizontal:
            raise CheckFailed(_("Label the amount axis with its unit (yuan), e.g. "
                                "`ax.set_xlabel(\"Amount paid (yuan)\")`."))
        raise CheckFailed(_("Label the amount axis with its unit (yuan), e.g. "
                            "`ax.set_ylabel(\"Amount paid (yuan)\")`."))
    if not _says(ax.title + " " + fig.suptitle, _SUBJECT, SUBJECT_WORDS):
        raise CheckFailed(_("The title does not say what the chart shows: a reader of the report must "
                            "see that the bars are pension paid while in custody. Say so in the title, "
                            "next to the place, e.g. \"Pension paid while in custody, Yuanhe County\"."))
    if not _says(ax.title + " " + fig.suptitle, _PLACE, PLACE_WORDS):
        raise CheckFailed(_("The title says what the chart shows but not where: a reader of the report "
                            "must see which county it is about. Name Yuanhe County in the title."))
    return _("the chart shows the right amount for each year, with a title, a place and a unit.")


def _check_pivot(pension_pivot) -> str:
    df = expect_frame(pension_pivot, "pension_pivot", (),
                _("`groupby([\"township\", \"year\"])` gives one long list; `.unstack()` turns its years "
                  "into columns. Or use `.pivot_table(index=..., columns=..., values=..., aggfunc=...)`."))
    _index_is(df, "township", "pension_pivot", _("Leave out `.reset_index()`, or add "
              "`.set_index(\"township\")`."))
    key = answer_key()["pivot"]
    towns = sorted({t for t, _y in key})
    years = sorted({y for _t, y in key})
    got = as_plain(df, "pension_pivot")
    rows = [str(i) for i in got["index"]]
    cols = [_year(c) for c in got["columns"]]
    if sorted(rows) != towns:
        if sorted(str(c) for c in got["columns"]) == towns:
            raise CheckFailed(_("The townships are the columns of `pension_pivot`; put them in the rows "
                                "(`index=\"township\"`) and the years in the columns."))
        raise CheckFailed(_("`pension_pivot` should have one row per township (the township names as "
                            "its index) and no other row; yours has: {rows}. Did you add "
                            "margins?", rows=", ".join(rows[:6])))
    if None in cols or sorted(cols) != years:
        raise CheckFailed(_("`pension_pivot` should have one column per year of payment (2023, 2024: "
                            "the years in the data), and no other column. Use `columns=\"year\"` with "
                            "a `year` column taken from `pay_date`, and no margins."))
    cells = {}
    for c_label, year in zip(got["columns"], cols):
        for town, value in zip(rows, got["data"][str(c_label)]):
            cells[(town, year)] = _number(value, _("A value in the {year} column", year=year))
    largest = answer_key()["largest_payment"]
    if (all(v <= largest + 0.005 for v in cells.values())
            and any(key[cell] > largest for cell in cells)):
        raise CheckFailed(_("Every value in `pension_pivot` is no larger than one single monthly payment, "
                            "so it cannot be a whole year's total for a township: it looks like an "
                            "average payment. Without `aggfunc=`, `pivot_table` takes the mean: add "
                            "`aggfunc=\"sum\"` to add up every payment."))
    counts = answer_key()["pivot_count"]
    if all(same(v, counts[cell]) for cell, v in cells.items()):
        raise CheckFailed(_("The values in `pension_pivot` are the numbers of payments, not the amounts "
                            "paid. Add up the `amount` column (`values=\"amount\", aggfunc=\"sum\"`), "
                            "after converting it with `.astype(float)`."))
    return _("one row per township, one column per year, and the values are totals, not averages or counts.")


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


match_judgments = _q(1, "match_judgments", N_("judgments and custody side by side"), ("judged",), _check_match, [
    N_("Clean the key in both tables first: `.str.normalize(\"NFKC\")`, "
       "`.str.replace(r\"\\s+\", \"\", regex=True)`, `.str.upper()`, into a new column `id_clean`."),
    N_("`judgments.merge(custody, on=\"id_clean\", how=...)`: which `how` keeps every judgment, "
       "matched or not?"),
    N_("`how=\"left\", indicator=True` keeps every judgment and adds the `_merge` column; add "
       "`validate=\"one_to_one\"` so pandas stops if an ID is repeated."),
])
no_custody = _q(2, "no_custody", N_("judgments without a custody record"), ("no_custody",), _check_no_custody, [
    N_("`judged[\"_merge\"].value_counts()` shows the three possible values and how often each occurs."),
    N_("`left_only` means: found in the left table (the judgments) but not in the right one (custody)."),
    N_("`no_custody = judged[judged[\"_merge\"] == \"left_only\"]`"),
])
probation_share = _q(3, "probation_share", N_("probation by charge"), ("probation_share",), _check_share, [
    N_("`pd.crosstab(rows, columns)` counts each combination: rows `judgments[\"charge\"]`, columns "
       "`judgments[\"probation\"]`."),
    N_("`normalize=` turns counts into shares. Which direction should add up to 1: each charge (row) "
       "or each probation value (column)?"),
    N_("`pd.crosstab(judgments[\"charge\"], judgments[\"probation\"], normalize=\"index\")`"),
])
paid_custody = _q(4, "paid_custody", N_("pensions of people with a custody record"), ("paid_custody",), _check_paid, [
    N_("Put the payments on the left: `pensions.merge(custody, on=\"id_number\", ...)`."),
    N_("`how=` decides which rows survive the merge: `\"left\"` keeps every payment, also those of "
       "people never in custody; `\"inner\"` keeps only the rows found in both tables."),
    N_("`how=\"inner\", validate=\"many_to_one\"`: many payments per person, one custody record per "
       "person."),
])
in_custody = _q(5, "in_custody", N_("paid while in custody"), ("in_custody",), _check_inside, [
    N_("First convert: `pd.to_datetime(paid_custody[\"start_date\"], format=\"%Y/%m/%d\")`, the same "
       "for `end_date`; `pay_date` (`2023-05-15`) converts without a format."),
    N_("A payment is a clue when `start_date <= pay_date` **and** `pay_date <= end_date`; combine "
       "two conditions with `&`, each in round brackets."),
    N_("`paid_custody[\"pay_date\"].between(paid_custody[\"start_date\"], paid_custody[\"end_date\"])` "
       "includes both ends; use it inside `paid_custody[...]`."),
])
n_people = _q(6, "n_people", N_("persons, not payments"), ("n_people",), _check_people, [
    N_("A person's ID number appears in as many rows of `in_custody` as they had payments; names are "
       "no help, since two persons can share a name. What you want is the number of different ID numbers."),
    N_("`in_custody[\"id_number\"].nunique()` counts the different ID numbers, and gives one whole number."),
])
per_facility = _q(7, "per_facility", N_("clues per facility"), ("per_facility",), _check_facility, [
    N_("`amount` is text: convert it first, "
       "`in_custody[\"amount\"] = in_custody[\"amount\"].astype(float)`."),
    N_("`groupby(\"facility\").agg(name=(column, how), ...)` makes one named column per summary, and "
       "puts the facility names in the index."),
    N_("`.agg(payments=(\"payment_id\", \"count\"), people=(\"id_number\", \"nunique\"), "
       "amount=(\"amount\", \"sum\"))`"),
])
per_year = _q(8, "per_year", N_("amount per year"), ("per_year",), _check_per_year, [
    N_("The year of a date column: `in_custody[\"pay_date\"].dt.year`."),
    N_("You can group by a Series: `in_custody.groupby(in_custody[\"pay_date\"].dt.year)`."),
    N_("`...[\"amount\"].astype(float)` first, then `.groupby(...).sum()`."),
])
chart = _q(9, "chart", N_("a chart for the report"), ("fig",), _check_chart, [
    N_("`fig, ax = plt.subplots()` makes an empty chart; `ax.bar(labels, heights)` draws the bars."),
    N_("Use the years as labels (as text: `per_year.index.astype(str)`) and `per_year.values` as "
       "heights."),
    N_("Finish with a title that says what and where, e.g. `ax.set_title(\"Pension paid while in custody, "
       "Yuanhe County\")`, then `ax.set_xlabel(\"Year of payment\")` and "
       "`ax.set_ylabel(\"Amount paid (yuan)\")`."),
])
pension_pivot = _q(10, "pension_pivot", N_("pension by township and year"), ("pension_pivot",), _check_pivot, [
    N_("Bring the township from `persons` to every payment: `pensions.merge(persons[[\"id_number\", "
       "\"township\"]], on=\"id_number\", how=\"left\", validate=\"many_to_one\")`."),
    N_("Add a `year` column (`pd.to_datetime(...).dt.year`) and make `amount` a number "
       "(`.astype(float)`)."),
    N_("`.pivot_table(index=\"township\", columns=\"year\", values=\"amount\", aggfunc=\"sum\")`: "
       "without `aggfunc`, pivot_table takes the mean."),
])

QUESTIONS = [match_judgments, no_custody, probation_share, paid_custody, in_custody, n_people,
             per_facility, per_year, chart, pension_pivot]
