"""Checks and hints of assignment 06-rule-models ("Supervision models I: rules").

In the notebook::

    from course.exercises import rule_models as q
    q.disqualified.check()   # after the answer cell
    q.disqualified.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/06-rule-models/mistakes.toml``.

Four classic collision models: pensions paid to the dead, pensions paid in custody,
dangerous-driving convicts still licensed, and disqualified company legal representatives;
then precision, a pseudonymised export, an audit record and a model card.

`answer_key()` computes the expected values from the data, with plain loops and dictionaries
written for checking (not the merges of the reference solution); the visible checks use it and
never the truth tables. The planted ground truth, and the expected values only hidden tests
compare with, are in `course.hidden.rule_models`.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re

import pandas as pd

from course import data, idcard
from course.checking import CheckFailed, as_plain, call, texts
from course.i18n import N_, translator
from course.question import question_maker, written_question_maker

ASSIGNMENT = "06-rule-models"
_ = translator(ASSIGNMENT)

# The key the notebook's Question 10 gives; in real work the data officer keeps it elsewhere.
TRAINING_KEY = "yuanhe-data-office-training-key-2026"

# The Regulations on the Registration of Market Entities Art. 12 (and Company Law (2023) Art. 178,
# item (二)): corruption (贪污), bribery (贿赂: 受贿 and 行贿), taking property (侵占财产: 职务侵占),
# misappropriation, economic-order crimes (Criminal Law, Chapter 3 of the special provisions).
# The county's judgments contain these three of them.
LISTED = {"embezzlement", "bribe-taking", "job encroachment"}
OFF_LIST_REASON = {
    "fraud": N_("Fraud (诈骗罪) is a crime against property (Criminal Law, Chapter 5), not one of the "
                "listed crimes; only its cousin contract fraud (合同诈骗罪) is an economic-order crime "
                "(Chapter 3), and the judgments here say fraud."),
    "theft": N_("Theft (盗窃罪) is a crime against property (Criminal Law, Chapter 5), not an economic-order "
                "crime (Chapter 3), and it is not the taking (侵占) or misappropriation (挪用) of property that "
                "the list names."),
    "dangerous driving": N_("Dangerous driving (危险驾驶罪) endangers public safety; it bars a person from "
                            "driving, not from running a company."),
    "intentional injury": N_("Intentional injury (故意伤害罪) is a crime against the person, not on the list."),
}
MISSING_REASON = {
    "embezzlement": N_("embezzlement (贪污, corruption by a public official)"),
    "bribe-taking": N_("bribe-taking (受贿, bribery)"),
    "job encroachment": N_("job encroachment (职务侵占, taking the employer's property: 侵占财产)"),
}
CARD_FILES = ("judgments", "sentence_ends", "companies")
EXPORT_COLUMNS = ["credit_code", "company_name", "rep_key", "case_no", "appointed_date", "barred_until"]


# --- the answer key, computed from the data ---------------------------------------------

def _day(text: str) -> _dt.date:
    """A date written 2023-05-01, 2023/5/1, 20230501 or 2023年5月1日."""
    parts = re.findall(r"\d+", text)
    if len(parts) == 1:
        s = parts[0]
        return _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    return _dt.date(*(int(p) for p in parts))


def _plus_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> 28 February, as pandas' DateOffset does
        return day.replace(year=day.year + years, day=28)


@functools.lru_cache(maxsize=None)
def _table(name: str) -> pd.DataFrame:
    return data.load(name)


@functools.lru_cache(maxsize=1)
def _pension_rows() -> list[tuple[str, str, _dt.date]]:
    """(payment_id, id_number, pay day) of every payment, parsed once."""
    p = _table("pensions")
    days = pd.to_datetime(p["pay_date"], format="%Y-%m-%d").dt.date
    return list(zip(p["payment_id"], p["id_number"], days))


def _first_deaths(clean: bool = True, latest: bool = False) -> dict:
    """ID -> earliest reported day of death (the latest with `latest=True`)."""
    first = {}
    for raw, text in zip(*(_table("deaths")[c] for c in ("id_number", "death_date"))):
        ident, day = (idcard.normalise(raw) if clean else raw), _day(text)
        if ident not in first or (day > first[ident] if latest else day < first[ident]):
            first[ident] = day
    return first


def _month(day: _dt.date) -> tuple[int, int]:
    return day.year, day.month


# How a rule compares a payment with the earliest reported death: the careful rule compares
# months (the pension stops from the month after death, 从死亡次月起停发); the careless ones
# compare days, or let the death month in.
_DEATH_RULES = {
    "month": lambda pay, died: _month(pay) > _month(died),
    "death_month": lambda pay, died: _month(pay) >= _month(died),
    "day": lambda pay, died: pay > died,
    "same_day": lambda pay, died: pay >= died,
}


def _payments_after_death(rule: str = "month", clean: bool = True, latest: bool = False) -> set:
    first = _first_deaths(clean, latest)
    flags = _DEATH_RULES[rule]
    out = set()
    for pid, ident, day in _pension_rows():
        died = first.get(ident)
        if died is not None and flags(day, died):
            out.add(pid)
    return out


def _payments_in_custody(first_day: bool = True, last_day: bool = True) -> set:
    stay = {}
    for row in _table("custody").itertuples(index=False):
        stay[row.id_number] = (_day(row.start_date), _day(row.end_date))
    out = set()
    for pid, ident, day in _pension_rows():
        if ident in stay:
            start, end = stay[ident]
            after = day >= start if first_day else day > start
            before = day <= end if last_day else day < end
            if after and before:
                out.add(pid)
    return out


def _licensed_drunk(clean: bool = True) -> dict:
    """licence_no -> case_no of dangerous-driving convicts whose licence is still normal."""
    key = idcard.normalise if clean else (lambda s: s)
    normal = {}
    for row in _table("licences").itertuples(index=False):
        if row.status == "normal":
            normal[key(row.id_number)] = row.licence_no
    out = {}
    for row in _table("judgments").itertuples(index=False):
        if row.charge == "dangerous driving" and key(row.id_number) in normal:
            out[normal[key(row.id_number)]] = row.case_no
    return out


def _windows(charges: set, from_judgment: bool = False, clean: bool = True) -> dict:
    """ID -> (case_no, judgment day, end of the bar) for the judgments on `charges`; the ID
    cleaned, or as the court typed it (`clean=False`)."""
    ends = {r.case_no: _day(r.end_date) for r in _table("sentence_ends").itertuples(index=False)}
    out = {}
    for row in _table("judgments").itertuples(index=False):
        if row.charge in charges:
            judged = _day(row.judgment_date)
            start = judged if from_judgment else ends[row.case_no]
            out[idcard.normalise(row.id_number) if clean else row.id_number] = (row.case_no, judged, _plus_years(start, 5))
    return out


def _disqualified(charges=frozenset(LISTED), *, clean=True, by_name=False, last_day=True,
                  from_judgment=False, lower_bound=True, date_column="appointed_date") -> dict:
    """credit_code -> case_no of the companies a rule flags; the keyword arguments are the
    careless variants the checks recognise."""
    windows = _windows(set(charges), from_judgment, clean)
    names = {}
    if by_name:
        name_of = dict(zip(_table("judgments")["id_number"].map(idcard.normalise), _table("judgments")["name"]))
        for ident, w in windows.items():
            names.setdefault(name_of[ident], []).append(w)
    out = {}
    for row in _table("companies").itertuples(index=False):
        if by_name:
            candidates = names.get(row.legal_rep_name, [])
        else:
            w = windows.get(idcard.normalise(row.legal_rep_id) if clean else row.legal_rep_id)
            candidates = [w] if w else []
        day = _day(getattr(row, date_column))
        for case_no, judged, bar in candidates:
            inside = (day <= bar) if last_day else (day < bar)
            if inside and (day >= judged or not lower_bound):
                out[row.credit_code] = case_no
    return out


@functools.lru_cache(maxsize=1)
def _company_facts() -> tuple[dict, dict, set, set]:
    """The register's cleaned representative IDs, the careful clue list, and which companies
    were hand-checked and which of those confirmed (shared with `course.hidden.rule_models`)."""
    companies = _table("companies")
    rep_id = {c: idcard.normalise(i) for c, i in zip(companies["credit_code"], companies["legal_rep_id"])}
    hand = _table("hand_checks")
    checked = set(hand["credit_code"])
    confirmed = set(hand.loc[hand["verdict"] == "confirmed", "credit_code"])
    return rep_id, _disqualified(), checked, confirmed


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks, from the data (`course.hidden.rule_models` uses them too)."""
    rep_id, careful, checked, confirmed = _company_facts()
    windows = _windows(LISTED)
    ends = {r.case_no: _day(r.end_date) for r in _table("sentence_ends").itertuples(index=False)}
    return {
        "dead_paid": _payments_after_death(),
        "dead_paid_day": _payments_after_death("day"),
        "dead_paid_same_day": _payments_after_death("same_day"),
        "dead_paid_death_month": _payments_after_death("death_month"),
        "dead_paid_raw": _payments_after_death(clean=False),
        "dead_paid_latest": _payments_after_death(latest=True),
        "custody_paid": _payments_in_custody(),
        "custody_paid_open_end": _payments_in_custody(last_day=False),
        "custody_paid_open_start": _payments_in_custody(first_day=False),
        "licensed": _licensed_drunk(),
        "licensed_raw": _licensed_drunk(clean=False),
        "barred": {case: (judged, ends[case], bar) for case, judged, bar in windows.values()},
        "disqualified": careful,
        "variants": {
            "raw": _disqualified(clean=False),
            "name": _disqualified(by_name=True),
            "open_end": _disqualified(last_day=False),
            "from_judgment": _disqualified(from_judgment=True),
            "no_lower_bound": _disqualified(lower_bound=False),
            "founded": _disqualified(date_column="founded_date"),
        },
        "persons": len({rep_id[c] for c in careful}),
        "checked": checked,
        "confirmed": confirmed,
        "v1": {"precision": len(confirmed) / len(checked), "recall": 1.0},
        "mine": _measure(set(careful) & checked, confirmed),
        "hashes": {name: hashlib.sha256(data.path(name).read_bytes()).hexdigest() for name in CARD_FILES},
    }


# --- helpers -----------------------------------------------------------------------------

def _table_with(value, name: str, columns: list[str] | None = None,
                how: dict[str, str] | None = None) -> pd.DataFrame:
    """`expect_frame`, with a next step for the usual slips: a single column (Series) instead of a
    table, a needed column left in the index, a column renamed by a merge's suffixes. `how` gives,
    per column, how to make it when the trainee never made it (else: keep it when selecting).
    (Generic: a candidate for `course.checking`.)"""
    if type(value) is pd.Series:
        raise CheckFailed(_("`{name}` is a single column (a pandas Series), not a table. Selecting one "
                            "column with `table[\"column\"]` gives a Series; select a list of columns with "
                            "`table[[\"a\", \"b\"]]`, or keep the whole filtered table (`table[mask]`). "
                            "After a `groupby`, `.reset_index()` turns the result back into a table.",
                            name=name))
    if type(value) is not pd.DataFrame:
        raise CheckFailed(_("`{name}` should be a pandas table (DataFrame), but it is a "
                            "{kind}. Build it from the loaded tables (merge, filter) and "
                            "assign the table to `{name}`.", name=name, kind=type(value).__name__))
    have = [str(c) for c in value.columns]
    in_index = [str(n) for n in value.index.names if n is not None]
    for col in columns or []:
        if col in have:
            continue
        if col in in_index:
            raise CheckFailed(_("`{column}` is in the index of `{name}`, not a column: add "
                                "`.reset_index()` (or `as_index=False` in the `groupby`).",
                                column=col, name=name))
        renamed = [c for c in have if c.startswith(col + "_")]
        if renamed:
            shown = ", ".join(f"`{c}`" for c in renamed)
            raise CheckFailed(_("`{name}` has no column `{column}`, but it has {renamed}: "
                                "a merge of two tables that both have this column renamed it. Join on it "
                                "(`on=...`), or rename the one you mean back to `{column}` with "
                                "`.rename(columns={{...}})`.", name=name, column=col, renamed=shown))
        step = (how or {}).get(col) or _("Keep `{column}` when you select columns, or join the table it "
                                         "comes from.", column=col)
        raise CheckFailed(_("`{name}` has no column `{column}`. Its columns are: {columns}. {step}",
                            name=name, column=col, columns=", ".join(have), step=step))
    return value


def _texts(df: pd.DataFrame, column: str, name: str) -> list[str]:
    return texts(df[column], _("column `{column}` of `{name}`", column=column, name=name))


def _dates(df: pd.DataFrame, columns, name: str, hint: str) -> None:
    for col in columns:
        if df[col].dtype.kind != "M":
            raise CheckFailed(_("Column `{column}` of `{name}` holds {dtype}, not dates. As text, "
                                "\"2023/10/1\" comes before \"2023/9/30\", so text cannot say which day "
                                "came first. {advice}", column=col, name=name, dtype=df[col].dtype, advice=hint))


def _unique(ids: list[str], repeated: str, why: str) -> None:
    """`repeated`: the whole sentence saying which rows repeat, `why`: what to do about it."""
    if len(ids) != len(set(ids)):
        raise CheckFailed(f"{repeated} {why}")


def _number(value, what: str) -> float:
    value = as_plain(value, what)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(_("{what} should be a number, but it is {kind}.", what=what, kind=type(value).__name__))
    return float(value)


_MEASURE_IN = {"precision": N_("The precision in `{name}`"), "recall": N_("The recall in `{name}`")}


def _measures(value, name: str) -> dict:
    value = as_plain(value, f"`{name}`")
    if not isinstance(value, dict) or set(value) != {"precision", "recall"}:
        raise CheckFailed(_("`{name}` should be a dictionary with two entries, \"precision\" and "
                            "\"recall\", as `precision_recall` returns it.", name=name))
    return {k: _number(v, _(_MEASURE_IN[k], name=name)) for k, v in value.items()}


# --- checks: the four models -------------------------------------------------------------

# The course's one standard for a typed ID number is `course.idcard.normalise` (module 01 holds
# the same): full-width characters folded (NFKC), every kind of whitespace removed wherever it
# is, upper case. Each example is one kind of dirt the agencies type; the expected text is
# always `normalise(raw)`, never typed in here.
ID_EXAMPLES = [
    ("34990119320413332x", N_("a lower-case x")),
    (" 349902198512120413", N_("a space in front")),
    ("349903 19750607262X", N_("a space inside")),
    ("３４９９０１１９６８０５０５９５９５", N_("full-width digits")),
    ("３４９９０２１９３８０７２４０２６ｘ", N_("a full-width lower-case ｘ")),
    ("34990119570314001X\t", N_("a tab at the end")),
    ("349902198408187660\r\n", N_("a line break at the end (as pasted from a spreadsheet)")),
    ("349901\u300019320413332X", N_("a full-width space inside (from a Chinese input method)")),
    ("349901\xa0198707256287", N_("a non-breaking space inside (as copied from a web page)")),
]
_ID_TIPS = {
    "a lower-case x": N_("Turn a lower-case x into X with `.upper()`."),
    "full-width digits": N_("Full-width digits (３４９９) look like digits but are other characters: "
                            "`unicodedata.normalize(\"NFKC\", raw)` turns them into 3499."),
    "a full-width lower-case ｘ": N_("A full-width ｘ is neither x nor X: fold it with "
                                    "`unicodedata.normalize(\"NFKC\", raw)` first, then `.upper()` makes it X."),
}
_SPACE_TIP = N_("Remove every kind of space, wherever it is: ordinary spaces, tabs, line breaks, full-width "
                "and non-breaking spaces. `re.sub(r\"\\s+\", \"\", text)` removes them all at once; "
                "`.strip()` or `.replace(\" \", \"\")` leaves some behind.")


def _check_clean_id(clean_id) -> str:
    for raw, what in ID_EXAMPLES:
        want = idcard.normalise(raw)
        got = call(clean_id, raw, what="clean_id")
        shown = f"clean_id({raw!r})"
        got = as_plain(got, _("what `{call}` returned", call=shown))
        if got is None:
            raise CheckFailed(_("`{call}` returned nothing (None). End the function with "
                                "`return` and the cleaned text.", call=shown))
        if not isinstance(got, str):
            raise CheckFailed(_("`{call}` returned {kind}, not text. An ID "
                                "number must stay text: a number would lose the X at the end.",
                                call=shown, kind=type(got).__name__))
        if got != want:
            raise CheckFailed(_("`clean_id` does not clean an ID with {what}: `{call}` returned "
                                "{got}. {tip}", what=_(what), call=shown, got=repr(got),
                                tip=_(_ID_TIPS.get(what, _SPACE_TIP))))
    return _("`clean_id` cleans lower-case x, full-width characters and every kind of space (tabs, line "
             "breaks, full-width and non-breaking spaces).")


def _check_dead_paid(dead_paid) -> str:
    df = _table_with(dead_paid, "dead_paid", ["payment_id", "id_number", "pay_date", "death_date", "amount"])
    _dates(df, ["pay_date", "death_date"], "dead_paid",
           _("Convert `pay_date` with `pd.to_datetime` and the death dates with `parse_report_date`."))
    key = answer_key()
    ids = _texts(df, "payment_id", "dead_paid")
    _unique(ids, _("Some payments appear more than once in `{name}`.", name="dead_paid"),
            _("A person reported dead by two or three sources must count once: keep one death date per "
              "person (the earliest) before joining."))
    got, want = set(ids), key["dead_paid"]
    if got == want:
        return _("{count} payments were made for months after the month in which the recipient died.",
                 count=len(got))
    month_rule = _("The pension stops from the month after death (从死亡次月起停发): the payment for the month "
                   "in which the person died is still due, even when it is paid after the day of death. Compare "
                   "months, not days: keep the rows where the month of `pay_date` is later than the month of "
                   "`death_date` (`.dt.to_period(\"M\")` turns a date into its month).")
    if got in (key["dead_paid_day"], key["dead_paid_same_day"]):
        raise CheckFailed(_("`dead_paid` has {count} payments, too many: it compares days, so it flags "
                            "payments for the month of death made after the person died. {rule}",
                            count=len(got), rule=month_rule))
    if got == key["dead_paid_latest"]:
        raise CheckFailed(_("`dead_paid` has {count} payments: some are missing. It counts from the "
                            "**latest** report of each death, but a person is dead from the first report "
                            "on: a payment made between two reports is a clue too. Keep the earliest date "
                            "of each person with `.min()`, not `.max()`.", count=len(got)))
    if got == key["dead_paid_death_month"]:
        raise CheckFailed(_("`dead_paid` has {count} payments, too many: it flags the payment for the month "
                            "in which the person died. {rule} Use `>`, not `>=`.", count=len(got), rule=month_rule))
    if len(got) > 3 * len(want):
        raise CheckFailed(_("`dead_paid` has {count} payments, far too many. Join on the cleaned ID "
                            "number, never on the name: many people share a name.", count=len(got)))
    if got < want:
        raise CheckFailed(_("`dead_paid` has {count} payments: some are missing. Clean the IDs of the "
                            "death reports with `clean_id` before joining (hospitals type a lower-case x, "
                            "the crematorium full-width digits), and use the earliest reported date.",
                            count=len(got)))
    raise CheckFailed(_("`dead_paid` has {count} payments, but not exactly those for a month later than the "
                        "month of the earliest reported death. Join the pensions to one death date per cleaned "
                        "ID and keep the rows where the pay month is later than the death month.", count=len(got)))


def _check_custody_paid(custody_paid) -> str:
    df = _table_with(custody_paid, "custody_paid",
                      ["payment_id", "id_number", "pay_date", "facility", "start_date", "end_date"])
    _dates(df, ["pay_date", "start_date", "end_date"], "custody_paid",
           _("Convert `pay_date` with `pd.to_datetime`, and `start_date` and `end_date` with "
             "`pd.to_datetime(..., format=\"%Y/%m/%d\")`."))
    key = answer_key()
    ids = _texts(df, "payment_id", "custody_paid")
    _unique(ids, _("Some payments appear more than once in `{name}`.", name="custody_paid"),
            _("The custody table has one row per person: add "
              "`validate=\"many_to_one\"` to the merge to be sure."))
    got, want = set(ids), key["custody_paid"]
    if got == want:
        return _("{count} payments were made while the recipient was in custody.", count=len(got))
    if got in (key["custody_paid_open_end"], key["custody_paid_open_start"]):
        raise CheckFailed(_("`custody_paid` has {count} payments: payments on a boundary day "
                            "are missing. A person is in custody on the first day and on the day of release too: keep "
                            "`start_date <= pay_date <= end_date` (`>=` and `<=`, or `between`).", count=len(got)))
    if len(got) > 2 * len(want):
        raise CheckFailed(_("`custody_paid` has {count} payments, far too many. Keep only the payments "
                            "dated on or after `start_date` and on or before `end_date`.", count=len(got)))
    raise CheckFailed(_("`custody_paid` has {count} payments; that is not the number dated inside a "
                        "custody period. Compare real dates, and keep `start_date <= pay_date <= end_date`.",
                        count=len(got)))


def _check_licensed(licensed_drunk) -> str:
    df = _table_with(licensed_drunk, "licensed_drunk", ["case_no", "licence_no", "charge", "status"])
    key = answer_key()
    if set(_texts(df, "charge", "licensed_drunk")) - {"dangerous driving"}:
        raise CheckFailed(_("`licensed_drunk` holds judgments for other charges too. Only a conviction for "
                            "dangerous driving requires the licence to be revoked: keep "
                            "`charge == \"dangerous driving\"`."))
    if set(_texts(df, "status", "licensed_drunk")) - {"normal"}:
        raise CheckFailed(_("`licensed_drunk` holds licences whose status is not `normal`. A revoked, "
                            "expired or cancelled licence cannot be used: keep `status == \"normal\"`."))
    lic = _texts(df, "licence_no", "licensed_drunk")
    _unique(lic, _("Some licences appear more than once in `{name}`.", name="licensed_drunk"),
            _("Each convict holds one licence: check the join."))
    got, want = set(lic), set(key["licensed"])
    if got == want:
        return _("{count} dangerous-driving convicts still hold a normal licence.", count=len(got))
    if got == set(key["licensed_raw"]) or got < want:
        raise CheckFailed(_("`licensed_drunk` has {count} licences: some convicts are missing. The court "
                            "types a lower-case x and the traffic police add stray spaces: clean both ID "
                            "columns with `clean_id` and join on the cleaned IDs.", count=len(got)))
    if len(got) > 3 * len(want):
        raise CheckFailed(_("`licensed_drunk` has {count} licences, far too many. Join on the cleaned "
                            "ID number, never on the name.", count=len(got)))
    raise CheckFailed(_("`licensed_drunk` has {count} licences, not exactly those of dangerous-driving "
                        "convicts with a normal licence. Join on the cleaned ID.", count=len(got)))


def _check_listed(listed_charges) -> str:
    value = as_plain(listed_charges, "`listed_charges`")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckFailed(_("`listed_charges` should be a list of charges, written as text exactly as in "
                            "`judgments[\"charge\"]`, e.g. `[\"embezzlement\", ...]`."))
    spaced = [v for v in value if v != v.strip()]
    if spaced:
        raise CheckFailed(_("{charge} has a space at an end. `.isin(listed_charges)` compares texts "
                            "exactly, so it would find no judgment for it: remove the space.",
                            charge=repr(spaced[0])))
    got = set(value)
    known = set(_table("judgments")["charge"])
    unknown = sorted(got - known)
    if unknown:
        raise CheckFailed(_("{charges} is not a charge in the judgments. Copy the "
                            "charges exactly as `judgments[\"charge\"].unique()` writes them.",
                            charges=", ".join(map(repr, unknown))))
    extra = sorted(got - LISTED)
    if extra:
        raise CheckFailed(_("{reason} Take it off the list: a rule wider than the law "
                            "sends innocent people's companies to the hand checkers.",
                            reason=_(OFF_LIST_REASON[extra[0]])))
    missing = sorted(LISTED - got)
    if missing:
        raise CheckFailed(_("One listed crime is missing: {crime}. Read the law's list "
                            "again: corruption, bribery, taking or misappropriating property, "
                            "economic-order crimes.", crime=_(MISSING_REASON[missing[0]])))
    return _("the three charges in the judgments that the Regulations' Art. 12 lists.")


def _check_barred(barred) -> str:
    df = _table_with(barred, "barred", ["case_no", "id_clean", "charge", "judgment_date", "end_date",
                                         "barred_until"], how={
        "id_clean": _("Make it from the court's typed IDs, before you filter or after: "
                      "`barred[\"id_clean\"] = barred[\"id_number\"].map(clean_id)`. (A table loaded again "
                      "with `course.data.load` has only the columns of its file: the `id_clean` of "
                      "Question 4 is not in it.)"),
        "barred_until": _("Add it as a new column: `barred[\"barred_until\"] = barred[\"end_date\"] + "
                          "pd.DateOffset(years=5)`."),
    })
    _dates(df, ["judgment_date", "end_date", "barred_until"], "barred",
           _("Convert the dates with `pd.to_datetime` and the right `format`."))
    key = answer_key()["barred"]
    cases = _texts(df, "case_no", "barred")
    _unique(cases, _("Some judgments appear more than once in `{name}`.", name="barred"),
            _("Join `sentence_ends` on `case_no` with `validate=\"one_to_one\"`: one end per judgment."))
    if set(_texts(df, "charge", "barred")) - LISTED:
        raise CheckFailed(_("`barred` holds judgments for charges that are not on the list. Keep "
                            "`judgments[\"charge\"].isin(listed_charges)`."))
    if set(cases) != set(key):
        raise CheckFailed(_("`barred` has {count} judgments, not every judgment for a listed charge. "
                            "Filter the judgments on `listed_charges`, then join `sentence_ends` on `case_no`.",
                            count=len(cases)))
    dirty = [v for v in _texts(df, "id_clean", "barred") if idcard.normalise(v) != v]
    if dirty:
        raise CheckFailed(_("The `id_clean` column of `barred` holds IDs that are not cleaned, such as "
                            "{example}. Make it with your function: "
                            "`barred[\"id_clean\"] = barred[\"id_number\"].map(clean_id)`.", example=repr(dirty[0])))
    got = as_plain(df[["case_no", "judgment_date", "end_date", "barred_until"]], "barred")["data"]
    rows = list(zip(got["case_no"], got["judgment_date"], got["end_date"], got["barred_until"]))
    for case, judged, end, until in rows:
        j, e, b = key[case]
        if end != e.isoformat():
            raise CheckFailed(_("The `end_date` of {case} is not the day its sentence ended. Take it from "
                                "`sentence_ends`, joined on `case_no`.", case=case))
        if until == _plus_years(j, 5).isoformat() and until != b.isoformat():
            raise CheckFailed(_("`barred_until` is counted from the judgment date. The law counts five "
                                "years from the day the sentence was completed (执行期满): add them to "
                                "`end_date`."))
        if until == (e + _dt.timedelta(days=5 * 365)).isoformat() and until != b.isoformat():
            raise CheckFailed(_("`barred_until` adds 5 × 365 days. Five years are not always 1,825 days "
                                "(leap years): add calendar years with `pd.DateOffset(years=5)`."))
        if until != b.isoformat():
            raise CheckFailed(_("The `barred_until` of {case} is not five years after its `end_date`. Use "
                                "`barred[\"end_date\"] + pd.DateOffset(years=5)`.", case=case))
    done = _("{count} judgments for a listed charge, each with the last day of its 5-year bar.", count=len(cases))
    copies = _merge_suffixed(df)
    if copies:
        base, found = next(iter(copies.items()))
        shown = _(" and ").join(f"`{c}`" for c in found)
        done += " " + _("One thing to fix before you go on: `barred` has {copies} "
                        "instead of `{base}`. You merged the whole `sentence_ends`, which has its own `{base}`, so "
                        "the merge kept both copies and renamed them. Merge only the columns you need, "
                        "`sentence_ends[[\"case_no\", \"end_date\"]]`, and rerun this cell: Question 12 asks "
                        "for `barred[[..., \"{base}\", ...]]`.", copies=shown, base=base)
    return done


def _merge_suffixed(df: pd.DataFrame) -> dict[str, list[str]]:
    """column -> its copies renamed by a merge's default suffixes (`id_number_x`, `id_number_y`)."""
    have = [str(c) for c in df.columns]
    out: dict[str, list[str]] = {}
    for c in have:
        m = re.fullmatch(r"(.+)_[xy]", c)
        if m and m.group(1) not in have:
            out.setdefault(m.group(1), []).append(c)
    return out


def _window_from_barred(df: pd.DataFrame) -> None:
    """When the window's end in `disqualified` is not five calendar years after the end of the
    sentence, the cause is Question 6 (`barred`), not the comparison of Question 7: say so."""
    bars = answer_key()["barred"]
    plain = as_plain(df[["case_no", "barred_until"]], "disqualified")["data"]
    for case, until in zip(plain["case_no"], plain["barred_until"]):
        if case not in bars or until == bars[case][2].isoformat():
            continue
        judged, end = bars[case][:2]
        if until == (end + _dt.timedelta(days=5 * 365)).isoformat():
            cause = _("it adds 5 × 365 days, and five years are not always 1,825 days (leap years)")
        elif until == _plus_years(judged, 5).isoformat():
            cause = _("it counts the five years from the judgment date, not from the end of the sentence")
        else:
            cause = _("it is not `end_date` plus five calendar years")
        raise CheckFailed(_("The `barred_until` of {case} in `disqualified` is not the last day of the bar: "
                            "{cause}. Your comparisons here may well be right: the column most likely comes "
                            "wrong from `barred` in Question 6 (unless a line of this cell changed it). Fix "
                            "it there, `barred[\"barred_until\"] = barred[\"end_date\"] + "
                            "pd.DateOffset(years=5)`, check Question 6 again, then rerun this cell.",
                            case=case, cause=cause))


def _check_disqualified(disqualified) -> str:
    df = _table_with(disqualified, "disqualified", ["credit_code", "id_clean", "case_no", "appointed_date",
                                                     "judgment_date", "barred_until"])
    _dates(df, ["appointed_date", "judgment_date", "barred_until"], "disqualified",
           _("Convert `appointed_date` with `pd.to_datetime`."))
    key = answer_key()
    codes = _texts(df, "credit_code", "disqualified")
    got, want, var = set(codes), set(key["disqualified"]), key["variants"]
    if got == set(var["name"]) or len(got) > 2 * len(want):
        raise CheckFailed(_("`disqualified` has {count} companies, far too many. Join on the cleaned ID "
                            "number, never on the name: a namesake is another person.", count=len(got)))
    _unique(codes, _("Some companies appear more than once in `{name}`.", name="disqualified"),
            _("One company, one clue: a representative has one "
              "judgment here, so a repeated company means the join multiplied rows."))
    if got == want:
        return _("{count} companies were given a disqualified legal representative.", count=len(got))
    _window_from_barred(df)
    if got == set(var["open_end"]):
        raise CheckFailed(_("`disqualified` has {count} companies: a representative appointed on the very "
                            "last day of the five years is missing. \"Not more than five years\" (未逾五年) includes that "
                            "day: use `<=`.", count=len(got)))
    if got == set(var["from_judgment"]):
        raise CheckFailed(_("`disqualified` has {count} companies: some are missing. The five years run "
                            "from the end of the sentence, not from the judgment: use `barred_until` from "
                            "Question 6.", count=len(got)))
    if got == set(var["no_lower_bound"]):
        raise CheckFailed(_("`disqualified` has {count} companies, too many: some representatives were "
                            "appointed **before** they were convicted. They were not barred then; keep "
                            "`appointed_date >= judgment_date` as well.", count=len(got)))
    if got == set(var["founded"]):
        raise CheckFailed(_("`disqualified` has {count} companies, not the right ones. The rule is about "
                            "the day the representative was appointed (`appointed_date`), not the day the "
                            "company was founded (`founded_date`): a company may change its representative.",
                            count=len(got)))
    if got == set(var["raw"]) or got < want:
        raise CheckFailed(_("`disqualified` has {count} companies: some are missing. The register types "
                            "some IDs with a lower-case x or a space: clean `legal_rep_id` with `clean_id` "
                            "into `id_clean` before joining.", count=len(got)))
    raise CheckFailed(_("`disqualified` has {count} companies, not exactly those whose representative was "
                        "appointed on or after the judgment and on or before `barred_until`. Check the "
                        "charge list, the cleaned IDs and both ends of the window.", count=len(got)))


# --- checks: measuring, protecting, recording, describing --------------------------------

PR_CASES = [
    (["A", "B", "C", "D"], ["A", "B", "E"], 2 / 4, 2 / 3),
    (["A", "A", "B"], ["A"], 1 / 2, 1.0),
    (["A", "B"], ["C"], 0.0, 0.0),
    ([], ["A", "B"], 0.0, 0.0),
    (["B"], [], 0.0, 0.0),
]
def _pr_case(fn, flagged, confirmed, p, r) -> None:
    shown = f"precision_recall({flagged!r}, {confirmed!r})"
    try:
        got = call(fn, list(flagged), list(confirmed), what="precision_recall")
    except CheckFailed as exc:
        if "ZeroDivisionError" not in str(exc):
            raise
        empty = "`flagged`" if not flagged else "`confirmed`"
        raise CheckFailed(_("`{call}` stopped with ZeroDivisionError: your function divides by the "
                            "number of keys in {empty}, which is 0 here. Python cannot divide by zero. "
                            "Test for an empty list before you divide: `hits / len(flagged) if flagged "
                            "else 0.0` (and the same for `confirmed`), as the question asks.",
                            call=shown, empty=empty)) from None
    got = _measures(got, shown)
    if abs(got["precision"] - r) < 1e-9 and abs(got["recall"] - p) < 1e-9 and p != r:
        raise CheckFailed(_("`{call}` swaps the two: precision is the share of **flagged** clues that "
                            "are confirmed, recall the share of **confirmed** cases that were flagged.", call=shown))
    if abs(got["precision"] - p) > 1e-9 or abs(got["recall"] - r) > 1e-9:
        values = (got["precision"], got["recall"])
        if _right_once_deduplicated(fn, flagged, confirmed, p, r):
            hint = _("A key listed twice counts once: make sets of both lists first (`set(flagged)`, "
                     "`set(confirmed)`) and count from the sets. Without duplicates your function gives "
                     "the right numbers.")
        elif abs(got["precision"] - 100 * p) < 1e-6 and abs(got["recall"] - 100 * r) < 1e-6:
            hint = _("Precision and recall are shares between 0 and 1 (0.5 for half), not percentages "
                     "(50): do not multiply by 100.")
        elif any(v > 1 for v in values):
            hint = _("A share is never more than 1: something is counted more often than it should be. "
                     "Count the hits once each, the keys that are both flagged and confirmed (`set(flagged) "
                     "& set(confirmed)`), and divide by the number of different keys.")
        elif (abs(got["precision"] - round(p, 2)) < 1e-9 and abs(got["recall"] - round(r, 2)) < 1e-9):
            hint = _("Do not round inside the function: 2 of 3 is 0.666…, and a rounded 0.67 is another "
                     "number. Round only when you show it, e.g. `f\"{value:.0%}\"`.")
        elif len(set(flagged)) != len(flagged) or len(set(confirmed)) != len(confirmed):
            hint = _("A key listed twice counts once: make sets of both lists first (`set(...)`).")
        elif not flagged or not confirmed:
            hint = _("When nothing is flagged (or nothing confirmed), the question asks for 0.0.")
        else:
            hint = _("Count the hits, the keys that are both flagged and confirmed; divide them by the "
                     "number of flagged keys for precision and by the number of confirmed keys for recall.")
        precision, recall = f"{got['precision']:.3f}", f"{got['recall']:.3f}"
        raise CheckFailed(_("`{call}` returned precision {precision} and recall {recall}; that is not right.",
                            call=shown, precision=precision, recall=recall) + " " + hint)

def _right_once_deduplicated(fn, flagged, confirmed, p, r) -> bool:
    """True when the lists hold a key twice and `fn` gets them right once each key is listed once:
    the only thing wrong is that duplicates are counted."""
    once_f, once_c = list(dict.fromkeys(flagged)), list(dict.fromkeys(confirmed))
    if (once_f, once_c) == (list(flagged), list(confirmed)):
        return False
    try:
        got = _measures(call(fn, once_f, once_c, what="precision_recall"), "precision_recall")
    except CheckFailed:
        return False
    return abs(got["precision"] - p) < 1e-9 and abs(got["recall"] - r) < 1e-9


def _check_precision_recall(precision_recall) -> str:
    for case in PR_CASES:
        _pr_case(precision_recall, *case)
    return _("`precision_recall` measures a clue list.")


def _check_checked_precision(v1_checked, mine_checked) -> str:
    key = answer_key()
    v1 = _measures(v1_checked, "v1_checked")
    if abs(v1["precision"] - (1 - key["v1"]["precision"])) < 1e-9:
        raise CheckFailed(_("The precision in `v1_checked` is the share of **rejected** clues. Count the "
                            "clues whose verdict is `confirmed`."))
    if abs(v1["precision"] - key["v1"]["precision"]) > 1e-9:
        raise CheckFailed(_("The precision in `v1_checked` is not the share of hand-checked clues that were "
                            "confirmed. Flagged: every `credit_code` in `hand_checks`; confirmed: those with "
                            "`verdict == \"confirmed\"`."))
    if abs(v1["recall"] - key["v1"]["recall"]) > 1e-9:
        raise CheckFailed(_("The recall in `v1_checked` is not right. Within the sample, every confirmed "
                            "clue was flagged by the first version (that is how it got into the sample)."))
    mine = _measures(mine_checked, "mine_checked")
    checked, confirmed, careful = key["checked"], key["confirmed"], set(key["disqualified"])
    if _same_measures(mine, _measure(careful, confirmed)) and not _same_measures(mine, key["mine"]):
        raise CheckFailed(_("`mine_checked` counts every company of `disqualified` as flagged, also those "
                            "nobody checked by hand. An unchecked clue is neither confirmed nor rejected: "
                            "keep only your credit codes that appear in `hand_checks` "
                            "(`code in set(hand_checks[\"credit_code\"])`), and pass those as `flagged`."))
    if _same_measures(mine, _measure(confirmed, careful & checked)) and not _same_measures(mine, key["mine"]):
        raise CheckFailed(_("`mine_checked` has the two lists the wrong way round: the first argument of "
                            "`precision_recall` is what your model flagged, the second what the checkers "
                            "confirmed."))
    if not _same_measures(mine, key["mine"]):
        raise CheckFailed(_("`mine_checked` does not measure your clue list on the hand-checked sample. "
                            "Flagged: the credit codes of `disqualified` that appear in `hand_checks`; "
                            "confirmed: the same confirmed codes as for `v1_checked`. If `disqualified` "
                            "failed its check, fix Question 7 first and rerun the cells below it."))
    first, yours = f"{v1['precision']:.0%}", f"{mine['precision']:.0%}"
    return _("the first version: {first} of its hand-checked clues were confirmed; yours: "
             "{yours} of the hand-checked ones among your clues.", first=first, yours=yours)


def _measure(flagged: set, confirmed: set) -> dict:
    hits = len(flagged & confirmed)
    return {"precision": hits / len(flagged) if flagged else 0.0,
            "recall": hits / len(confirmed) if confirmed else 0.0}


def _same_measures(a: dict, b: dict) -> bool:
    return all(abs(a[k] - b[k]) < 1e-9 for k in ("precision", "recall"))


def _check_export(export) -> str:
    df = _table_with(export, "export")
    cols = [str(c) for c in df.columns]
    plainframe = as_plain(df, "export")
    # a resident ID of the county (region 3499..), not part of a longer code such as a credit code
    id_like = re.compile(r"(?<![0-9A-Za-z])3499\d{13}[\dXx](?![0-9A-Za-z])")
    for col in cols:
        values = [v for v in plainframe["data"][col] if isinstance(v, str)]
        if any(id_like.search(re.sub(r"\s+", "", v)) for v in values):
            raise CheckFailed(_("Column `{column}` of `export` holds ID numbers. The export must not carry a "
                                "single real ID number: keep only the pseudonym `rep_key`.", column=col))
    extra = [c for c in cols if c not in EXPORT_COLUMNS]
    if extra:
        raise CheckFailed(_("`export` has columns the hand checkers do not need: {extra}. Keep "
                            "only the minimum (最小必要): {columns}.", extra=", ".join(extra),
                            columns=", ".join(EXPORT_COLUMNS)))
    missing = [c for c in EXPORT_COLUMNS if c not in cols]
    if missing:
        raise CheckFailed(_("`export` lacks {missing}. It needs exactly: {columns}.",
                            missing=", ".join(missing), columns=", ".join(EXPORT_COLUMNS)))
    keys = _texts(df, "rep_key", "export")
    plain = _plain_hashes()
    if any(k.strip().lower() in plain for k in keys):
        raise CheckFailed(_("`rep_key` is a plain hash (SHA-256) of the ID number, made without the key. "
                            "Anyone can undo it: there are only so many ID numbers in a county, and hashing "
                            "each one finds the person behind every pseudonym. Use the keyed hash: "
                            "`pseudonym.pseudonymise_column(disqualified[\"id_clean\"], KEY)`."))
    if any(k.strip().lower() in _keyed_raw_hashes() for k in keys):
        raise CheckFailed(_("`rep_key` was made from the ID as the register typed it (`legal_rep_id`), with a "
                            "lower-case x or a space left in. The same person typed two ways would get two "
                            "pseudonyms: make it from the cleaned ID, `disqualified[\"id_clean\"]`."))
    if not all(re.fullmatch(r"[0-9a-f]{16}", k) for k in keys):
        raise CheckFailed(_("`rep_key` should hold 16 hexadecimal characters per row, as "
                            "`pseudonym.pseudonymise_column` makes them."))
    return _("{count} rows, only the needed columns, and no ID number in sight.", count=len(df))


@functools.lru_cache(maxsize=1)
def _plain_hashes() -> frozenset:
    """Unkeyed SHA-256 of every representative's ID, as typed and cleaned, whole and cut to 16."""
    out = set()
    for raw in _table("companies")["legal_rep_id"]:
        for text in {raw, raw.strip(), idcard.normalise(raw)}:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            out |= {digest, digest[:16]}
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _keyed_raw_hashes() -> frozenset:
    """Keyed pseudonyms of the representatives' IDs as typed, where typing made them dirty."""
    import hmac

    out = set()
    for raw in _table("companies")["legal_rep_id"]:
        if idcard.normalise(raw) != raw:
            digest = hmac.new(TRAINING_KEY.encode(), raw.encode("utf-8"), hashlib.sha256).hexdigest()
            out |= {digest, digest[:16]}
    return frozenset(out)


def _check_audit(audit_entry, export) -> str:
    value = as_plain(audit_entry, "`audit_entry`")
    if not isinstance(value, dict):
        raise CheckFailed(_("`audit_entry` should be the dictionary that `audit.record_run` returns."))
    need = ["who", "model", "version", "run_at", "inputs", "n_clues", "columns"]
    missing = [f for f in need if f not in value]
    if missing:
        raise CheckFailed(_("`audit_entry` lacks {missing}. Make it with `audit.record_run`.",
                            missing=", ".join(missing)))
    for f in ("who", "model", "version"):
        if not isinstance(value[f], str) or not value[f].strip():
            raise CheckFailed(_("`audit_entry` does not say {field}. Fill in `{field}=`.", field=f))
    files = value["inputs"]
    if not isinstance(files, list) or not all(isinstance(f, dict) and "sha256" in f for f in files):
        raise CheckFailed(_("The `inputs` of `audit_entry` should list each file with its `sha256`, as "
                            "`audit.record_run` writes them."))
    want = answer_key()["hashes"]
    got = {f.get("sha256") for f in files}
    for name, digest in want.items():
        if digest not in got:
            raise CheckFailed(_("The record does not hold the SHA-256 of the `{name}` file. The model read "
                                "{files}: give all three paths, "
                                "`course.data.path(...)`, as `inputs`.", name=name, files=", ".join(CARD_FILES)))
    if len(got) != len(want):
        raise CheckFailed(_("The record lists input files the model did not read. Give exactly the files of "
                            "{files}.", files=", ".join(CARD_FILES)))
    df = _table_with(export, "export")
    if value["columns"] != [str(c) for c in df.columns] or value["n_clues"] != len(df):
        raise CheckFailed(_("The record does not describe `export`: its `columns` or `n_clues` differ. Pass "
                            "`clues=export`, the table that leaves the office."))
    return _("who, what, when, which files (with their SHA-256), how many clues and which columns.")




# Question 12: the columns of the source files that the company rule used, per input table of
# the card. `barred` stands for the judgments; a column the trainee computed (`id_clean`,
# `barred_until`) is not a data element: the source column it was computed from is.
# `credit_code` is the key the clue list carries (allowed, not required).
CARD_READ = {
    "judgments": {"case_no", "id_number", "charge", "judgment_date"},
    "sentence_ends": {"case_no", "end_date"},
    "companies": {"credit_code", "legal_rep_id", "appointed_date"},
}
CARD_NEEDED = {
    "judgments": ["case_no", "id_number", "charge", "judgment_date"],
    "sentence_ends": ["case_no", "end_date"],
    "companies": ["legal_rep_id", "appointed_date"],
}
# Computed columns: (table, column) -> the source column to list instead.
_COMPUTED = {
    ("judgments", "id_clean"): N_("`id_clean` is computed (with `clean_id`) from `id_number`, the column of the "
                                  "court's file: list `id_number` instead"),
    ("companies", "id_clean"): N_("`id_clean` is computed (with `clean_id`) from `legal_rep_id`, the column of "
                                  "the register: list `legal_rep_id` instead"),
    ("judgments", "barred_until"): N_("`barred_until` is computed from `end_date` of `sentence_ends`, which the "
                                      "card lists under `sentence_ends`: leave it out"),
    ("judgments", "end_date"): N_("`end_date` is a column of the `sentence_ends` file: list it there, not under "
                                  "`judgments`"),
}
_NOT_READ_WHY = {
    "name": N_("the rule joins on the cleaned ID, never on the name"),
    "legal_rep_name": N_("the rule joins on the cleaned ID, never on the name"),
    "company_name": N_("the rule never compares the company's name; it only travels with the clue"),
    "founded_date": N_("the rule compares `appointed_date`, not the day the company was founded"),
    "end_type": N_("the window is five years after `end_date` whatever the kind of end"),
}
# The legal basis names a law or regulation and an article number.
_LAW_WORD = re.compile(r"法|条例|规定|\bLaw\b|\bRegulations?\b|\bCode\b", re.I)
# (In Chinese the article may be written 第十二条, 第一百七十八条, 第12条 or 第１２条, and "Art. 12"
# may follow a Chinese title without a space: 条例Art. 12.)
_ARTICLE = re.compile(r"(?<![A-Za-z])Art(?:icle|\.)?\s*\d+|第\s*[\d一二三四五六七八九十百千零〇两]+\s*条", re.I)


def _card_elements(text: str) -> dict[str, list[str]] | None:
    """table -> columns, as the card's Data elements section lists them (None: no such section)."""
    from course import modelcard

    section = modelcard.sections(text)["data_elements"]
    if not section:
        return None
    out = {}
    for name, cols in re.findall(r"^\| `([^`|]+)` \| ([^|\n]*) \|$", section, re.M):
        out[name] = re.findall(r"`([^`]+)`", cols)
    return out


def _check_card_inputs(text: str) -> None:
    elements = _card_elements(text) or {}
    missing = [t for t in CARD_READ if t not in elements]
    if missing:
        raise CheckFailed(_("The card's data elements have no table `{table}`. Give `inputs` the three "
                            "tables the rule read, under the names `judgments`, `sentence_ends` and "
                            "`companies`.", table=missing[0]))
    extra = [t for t in elements if t not in CARD_READ]
    if extra:
        raise CheckFailed(_("The card lists a table `{table}` that the company rule did not read. Give "
                            "`inputs` only `judgments` (as `barred`), `sentence_ends` and `companies`.",
                            table=extra[0]))
    for table, cols in elements.items():
        var = "barred" if table == "judgments" else table
        unread = [c for c in cols if c not in CARD_READ[table]]
        if unread:
            col = unread[0]
            base = re.fullmatch(r"(.+)_[xy]", col)
            if table == "judgments" and base and base.group(1) in CARD_READ[table]:
                base = base.group(1)
                raise CheckFailed(_(
                    "The card lists `{column}` as a data element of `{table}`: that is `{base}`, renamed by a "
                    "merge. In Question 6 both `judgments` and `sentence_ends` have a column `{base}`, so "
                    "merging the whole `sentence_ends` kept both copies, as `{base}_x` (from the table on "
                    "the left of `.merge`) and `{base}_y` (from the one on the right). The card must name "
                    "the court's column as its file does, `{base}`. Either rename it back when you pass it, "
                    "`{var}.rename(columns={{\"{base}_x\": \"{base}\"}})[[...]]` (with the judgments on the "
                    "left, as in `listed.merge(sentence_ends, ...)`), or, simpler, go back to Question 6, "
                    "merge only `sentence_ends[[\"case_no\", \"end_date\"]]`, and rerun the cells below it.",
                    column=col, table=table, base=base, var=var))
            if (table, col) in _COMPUTED:
                raise CheckFailed(_("The card lists `{column}` as a data element of `{table}`, but "
                                    "{why}. The data elements are the columns of the "
                                    "source files that the rule used, not the columns you computed from them.",
                                    column=col, table=table, why=_(_COMPUTED[(table, col)])))
            why = _(_NOT_READ_WHY.get(col, N_("the rule never looked at it")))
            raise CheckFailed(_("The card lists `{column}` as a data element of `{table}`, but the rule did not "
                                "use it: {why}. Pass `{var}[[...]]` with only the columns the rule used: a "
                                "card that lists a column says the model processed it, and personal "
                                "information a rule does not need should not be processed (个人信息保护法, "
                                "minimum necessary).", column=col, table=table, why=why, var=var))
        for col in CARD_NEEDED[table]:
            if col not in cols:
                message = _("The card's data elements of `{table}` lack `{column}`, a column of the "
                            "source file that the rule used. Add it to the list you pass, "
                            "`{var}[[...]]`.", table=table, column=col, var=var)
                if table == "judgments" and col == "id_number":
                    message += " " + _("If `barred[[...]]` says there is no column `id_number`, look at "
                                       "`barred.columns`: a merge of the whole `sentence_ends` in Question 6, which has "
                                       "its own `id_number`, renamed the court's copy `id_number_x`. Pass "
                                       "`barred.rename(columns={\"id_number_x\": \"id_number\"})[[...]]`, or merge "
                                       "only `sentence_ends[[\"case_no\", \"end_date\"]]` in Question 6 and rerun the "
                                       "cells below it.")
                raise CheckFailed(message)


def _card_section(text: str, name: str) -> str:
    from course import modelcard

    return modelcard.sections(text)[name]


def _substance(text: str) -> int:
    """Words of a prose section: English words, plus one per two Chinese characters."""
    return len(re.findall(r"[A-Za-z0-9]+", text)) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 2


def _check_card_prose(text: str) -> None:
    basis = _card_section(text, "legal_basis")
    if not _LAW_WORD.search(basis) or not _ARTICLE.search(basis):
        raise CheckFailed(_("The legal basis says {text}: name the law or regulation and its article, "
                            "as Questions 5 and 6 quote them, e.g. \"市场主体登记管理条例 Art. 12\". A reader "
                            "must be able to look the rule up.", text=repr(basis)))
    point = _card_section(text, "supervision_point")
    if _substance(point) < 6:
        raise CheckFailed(_("The supervision point says only {text}. Write a whole sentence that a "
                            "colleague can check: which agency did what the law forbids, to whom, and when.",
                            text=repr(point)))
    rule = _card_section(text, "screening_rule")
    if _substance(rule) < 6:
        raise CheckFailed(_("The screening rule says only {text}. Write a whole sentence that a colleague "
                            "can check: which charges, joined on which key, and which dates inside which window.",
                            text=repr(rule)))


def _check_card(card, disqualified) -> str:
    from course import modelcard

    text = as_plain(card, "`card`")
    if not isinstance(text, str):
        raise CheckFailed(_("`card` should be the text that `modelcard.render(...)` returns."))
    missing = [h for h in modelcard.headings() if f"## {h}" not in text]
    if missing:
        raise CheckFailed(_("The card lacks the section '{section}'. Make it with `modelcard.render`, "
                            "which writes every section of the template.", section=missing[0]))
    _check_card_inputs(text)
    _check_card_prose(text)
    df = _table_with(disqualified, "disqualified", ["credit_code", "id_clean"])
    clues = modelcard.result_number(text, "clues")
    if clues is None:
        raise CheckFailed(_("The Results section does not give the number of clues. Let "
                            "`modelcard.render` compute it: pass `clues=disqualified`."))
    if clues != len(df):
        raise CheckFailed(_("The card reports {clues} clues, but `disqualified` has {rows}. The results "
                            "must come from the clue list itself: pass `clues=disqualified`, never type them.",
                            clues=clues, rows=len(df)))
    persons = modelcard.result_number(text, "persons")
    n_persons = len(set(_texts(df, "id_clean", "disqualified")))
    if persons != n_persons:
        raise CheckFailed(_("The card does not report the number of persons in `disqualified`. Pass "
                            "`person=\"id_clean\"`: one person may run two companies."))
    if modelcard.result_number(text, "precision_sample") is None:
        raise CheckFailed(_("The card gives no precision. Pass `hand_checks=hand_checks` so that the card "
                            "measures the clue list against the hand checks."))
    return _("every section is there, the data elements are the source-file columns the rule used, and "
             "the results match `disqualified` ({clues} clues).", clues=clues)


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


clean_id = _q(1, "clean_id", N_("the key every model starts with"), ("clean_id",), _check_clean_id, [
    N_("Work on the text in three steps, each making a new text from the last: fold the full-width "
       "characters, remove the spaces, raise the x. Try each step on one dirty example, such as "
       "`\"３４９９ 01\\t\"`, before you run the check."),
    N_("`unicodedata.normalize(\"NFKC\", raw)` folds full-width characters (and turns a full-width space "
       "into an ordinary one); `re.sub(r\"\\s+\", \"\", text)` removes every kind of space: ordinary, "
       "tab, line break, full-width, non-breaking."),
    N_("`return re.sub(r\"\\s+\", \"\", unicodedata.normalize(\"NFKC\", raw)).upper()`"),
])
dead_paid = _q(2, "dead_paid", N_("pensions paid to the dead"), ("dead_paid",), _check_dead_paid, [
    N_("Two or three reports describe one death, each with the ID typed its own way and the date in one of "
       "three formats. So, inside `deaths`, make the ID comparable (`.map(clean_id)`) and the date a real "
       "date (`.map(parse_report_date)`) before you pick one date per person."),
    N_("`first_death = deaths.groupby(\"id_clean\", as_index=False)[\"death_date\"].min()` keeps the "
       "earliest reported date of each person, as a table with the columns `id_clean` and `death_date`."),
    N_("`paid = pensions.merge(first_death, left_on=\"id_number\", right_on=\"id_clean\", validate=\"many_to_one\")`, "
       "then compare months, not days: keep the rows where `paid[\"pay_date\"].dt.to_period(\"M\") > "
       "paid[\"death_date\"].dt.to_period(\"M\")`. The month of death is still paid."),
])
custody_paid = _q(3, "custody_paid", N_("pensions paid in custody"), ("custody_paid",), _check_custody_paid, [
    N_("Convert `start_date` and `end_date` of `custody` with `pd.to_datetime(..., format=\"%Y/%m/%d\")`."),
    N_("`paid = pensions.merge(custody, on=\"id_number\", validate=\"many_to_one\")`: both tables have clean IDs."),
    N_("With `paid` the merged table: `custody_paid = paid[paid[\"pay_date\"].between(paid[\"start_date\"], "
       "paid[\"end_date\"])]`; `between` includes both ends."),
])
licensed_drunk = _q(4, "licensed_drunk", N_("drunk drivers still licensed"), ("licensed_drunk",), _check_licensed, [
    N_("A new column is made from an old one with `.map`: `judgments[\"id_clean\"] = "
       "judgments[\"id_number\"].map(clean_id)`, and the same for `licences`. Then "
       "`licences[\"status\"].unique()` shows how the traffic police write each status."),
    N_("Keep the dangerous-driving judgments, join them to `licences` on `id_clean`, keep `status == "
       "\"normal\"`."),
    N_("`judgments[judgments[\"charge\"] == \"dangerous driving\"].merge(licences, on=\"id_clean\", "
       "suffixes=(\"_court\", \"_licence\"))`, then filter on `status`."),
])
listed_charges = _q(5, "listed_charges", N_("the crimes the law lists"), ("listed_charges",), _check_listed, [
    N_("Being a crime about money is not enough. For each of the seven charges ask: does the list name its "
       "kind (the Criminal Law's special provisions: Chapter 3, the economic order; Chapter 8, corruption "
       "and bribery), or does it name the act itself (taking, 侵占, or misappropriating, 挪用, property)?"),
    N_("Art. 12 lists corruption (贪污), bribery (贿赂: taking or offering bribes), taking property "
       "(侵占财产), misappropriation (挪用财产) and crimes disrupting the socialist market economy "
       "(破坏社会主义市场经济秩序)."),
    N_("Which of the seven is 贪污, which 受贿, which 职务侵占? Theft (盗窃) and fraud (诈骗) are crimes against "
       "property (Criminal Law, Chapter 5), not economic-order crimes (Chapter 3)."),
])
barred = _q(6, "barred", N_("the 5-year window"), ("barred",), _check_barred, [
    N_("`judgments` was loaded again, so it has only the columns of its file: make `id_clean` as in "
       "Question 4. Then keep the judgments whose charge is in `listed_charges` (`.isin`) and join only "
       "the columns you need of `sentence_ends`, `sentence_ends[[\"case_no\", \"end_date\"]]`, on "
       "`case_no`: the whole table would bring a second `id_number`, and the merge would rename both copies "
       "`id_number_x` and `id_number_y`."),
    N_("Convert `judgment_date` (`format=\"%Y年%m月%d日\"`) and `end_date` (`format=\"%Y/%m/%d\"`) to dates."),
    N_("`barred[\"barred_until\"] = barred[\"end_date\"] + pd.DateOffset(years=5)`: five calendar years "
       "from the end of the sentence."),
])
disqualified = _q(7, "disqualified", N_("disqualified legal representatives"), ("disqualified",),
                  _check_disqualified, [
    N_("Before you filter, count: `companies[\"legal_rep_id\"].map(clean_id).isin(barred[\"id_clean\"]).sum()` "
       "companies have a convict of a listed crime as representative. The window decides which of them are "
       "clues: appointed too early or too late, the person was not barred then."),
    N_("`hits = companies.merge(barred[[\"case_no\", \"id_clean\", \"charge\", \"judgment_date\", "
       "\"barred_until\"]], on=\"id_clean\")` pairs each company with its representative's judgment, if any."),
    N_("Keep `(hits[\"appointed_date\"] >= hits[\"judgment_date\"]) & (hits[\"appointed_date\"] <= "
       "hits[\"barred_until\"])`: both ends of the window count."),
])
precision_recall = _q(8, "precision_recall", N_("precision and recall"), ("precision_recall",),
                      _check_precision_recall, [
    N_("A clue listed twice is one clue: turn both lists into sets first (`set(flagged)`), and count from "
       "the sets. Then try your function on an empty list, `precision_recall([], [\"A\"])`: it must "
       "return 0.0 for precision, not stop with ZeroDivisionError."),
    N_("The hits are the keys in both sets: `flagged & confirmed`. Precision divides the number of hits by "
       "the number of flagged keys, recall by the number of confirmed ones. Dividing by `len(...)` of an "
       "empty set is dividing by zero: test it first with `if flagged else 0.0`."),
    N_("`return {\"precision\": hits / len(flagged) if flagged else 0.0, \"recall\": hits / len(confirmed) "
       "if confirmed else 0.0}`"),
])
checked_precision = _q(9, "checked_precision", N_("measured against the hand checks"),
                       ("v1_checked", "mine_checked"), _check_checked_precision, [
    N_("Start with the confirmed codes: `hand_checks.loc[hand_checks[\"verdict\"] == \"confirmed\", "
       "\"credit_code\"]` is one column of them, and `list(...)` turns it into the list "
       "`precision_recall` takes: `confirmed = list(...)`."),
    N_("Version 1 flagged every company that was checked: `v1_checked = "
       "precision_recall(list(hand_checks[\"credit_code\"]), confirmed)`. For your own list, a clue nobody "
       "checked can be counted neither right nor wrong: leave it out."),
    N_("`mine = [code for code in disqualified[\"credit_code\"] if code in set(hand_checks[\"credit_code\"])]`, "
       "then `mine_checked = precision_recall(mine, confirmed)`."),
])
pseudonymised_export = _q(10, "pseudonymised_export", N_("a pseudonymised export"), ("export",), _check_export, [
    N_("Make the pseudonym from the **cleaned** ID, never from `legal_rep_id` as typed: the same person "
       "typed two ways would get two pseudonyms. `pseudonym.pseudonymise_column(disqualified[\"id_clean\"], "
       "KEY)` makes one per row; `KEY` is the variable, not the text \"KEY\". A plain "
       "`hashlib.sha256` without the key will not do: anyone can hash every ID number and undo it."),
    N_("Add it as a column `rep_key` with `disqualified.assign(rep_key=...)`: `.assign` makes a new table, so "
       "pandas does not warn (SettingWithCopyWarning) that you may be changing a part of `disqualified`."),
    N_("Then keep only the six columns, in a list: `[[\"credit_code\", \"company_name\", \"rep_key\", "
       "\"case_no\", \"appointed_date\", \"barred_until\"]]`."),
])
audit_record = _q(11, "audit_record", N_("an audit record"), ("audit_entry", "export"), _check_audit, [
    N_("The record must say which files went in and what came out. Go back over Questions 6 and 7: which "
       "three tables did `course.data.load` read for the company model? `course.data.path(name)` gives the "
       "file of each."),
    N_("The inputs are the files the model read: `[course.data.path(\"judgments\"), "
       "course.data.path(\"sentence_ends\"), course.data.path(\"companies\")]`."),
    N_("`clues=export`: the record says what left the office."),
])
model_card = _q(12, "model_card", N_("the model card"), ("card", "disqualified"), _check_card, [
    N_("Start with the data elements. Look back at your cells for Questions 6 and 7: each column of a file "
       "that a filter (`.isin`, `>=`, `<=`), a join (`on=...`) or a computation (`.map(clean_id)`, "
       "`+ pd.DateOffset`) used is a data element. A column you computed is not: list the file's column it "
       "came from (`end_date`, not `barred_until`). A name, or a date never compared, only travelled along."),
    N_("Pass each table with a list of those columns, e.g. `barred[[\"case_no\", ...]]`, and the same for "
       "`sentence_ends[[...]]` and `companies[[...]]`. The cleaned IDs were computed from `id_number` and "
       "`legal_rep_id`. The legal basis names the regulation and its article, as Questions 5 and 6 quote them."),
    N_("`inputs={\"judgments\": (\"county court\", barred[[\"case_no\", \"id_number\", \"charge\", "
       "\"judgment_date\"]]), \"sentence_ends\": (\"judicial administration bureau\", "
       "sentence_ends[[\"case_no\", \"end_date\"]]), \"companies\": (\"market regulation bureau\", "
       "companies[[\"credit_code\", \"legal_rep_id\", \"appointed_date\"]])}`. If your `barred` has "
       "`id_number_x` and `id_number_y` instead of `id_number` (Question 6 merged the whole `sentence_ends`), "
       "write `barred.rename(columns={\"id_number_x\": \"id_number\"})[[\"case_no\", \"id_number\", "
       "\"charge\", \"judgment_date\"]]` in place of `barred[[...]]`."),
])

QUESTIONS = [clean_id, dead_paid, custody_paid, licensed_drunk, listed_charges, barred, disqualified,
             precision_recall, checked_precision, pseudonymised_export, audit_record, model_card]

# --- written answers, graded by the instructor in Formgrader against the rubric in the notebook

_w = written_question_maker(ASSIGNMENT)

recommendation_memo = _w(13, "recommendation_memo", N_("the recommendation in your own words"), 4, [
    N_("Does it say who did what the law forbids: which agency registered whom, and in which window of time?"),
    N_("Does it name the regulation and its article, and the kinds of crime the article lists?"),
    N_("Does it say what a person must confirm by hand before the clue is used, and that a clue is not a finding?"),
    N_("Does it say which action follows, addressed to which agency, and who takes the decision?"),
], [
    N_("Start from your `disqualified` table: pick one row and say in one sentence what went wrong and who let it happen."),
    N_("The legal basis is in the text of Questions 5 and 6: the article, the kinds of crime, and the five years counted from the day the sentence was completed."),
    N_("Think of the people at the market regulator who will check your clue: what could make it a false alarm?"),
    N_("A procuratorial recommendation asks the agency to act; it is the agency that decides. Say which agency and what you ask of it."),
])

WRITTEN = [recommendation_memo]
