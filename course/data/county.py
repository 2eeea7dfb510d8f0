"""Generator for the registry data of Yuanhe County, a fictional county in Anhui.

Six agency exports that the early modules and the supervision models join on the
resident ID number, plus ground-truth tables of the anomalies planted in them.
Everything is drawn from one seeded NumPy generator and vectorised, so the same seed
gives byte-identical files in about a second.

The generator is the single source of truth for what the data contain: the column
descriptions below feed the data card (``datasets/county/README.md``), so the card can
never drift from the files.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from course import idcard
from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "7"
DEFAULT_SEED = 20240101

N_PERSONS = 12_000
FIRST_MONTH = pd.Timestamp("2023-01-01")
N_MONTHS = 24  # monthly pensions, January 2023 to December 2024
PAY_DAY = 15

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
SURNAME_WEIGHTS = np.array([7.2, 7.1, 6.8, 5.4, 4.5, 3.1, 2.2, 2.1, 2.0, 1.9,
                            1.7, 1.5, 1.4, 1.3, 1.3, 1.2, 1.1, 1.0, 1.0, 0.9])
GIVEN_CHARS = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂")

CHARGES = {
    # charge: share of judgments
    "dangerous driving": 0.40,
    "theft": 0.24,
    "fraud": 0.14,
    "intentional injury": 0.10,
    "embezzlement": 0.05,
    "bribe-taking": 0.04,
    "job encroachment": 0.03,
}

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


TABLES = [
    Table("persons", "Household registration (户籍人口)", "public security bureau", [
        Column("id_number", "text, 18 chars", "resident ID number; clean in this table"),
        Column("name", "text", "name in Chinese characters; many people share a name"),
        Column("sex", "text", "`M` or `F` (matches the parity of ID digit 17)"),
        Column("birth_date", "text, YYYY-MM-DD", "date of birth (matches ID digits 7-14)"),
        Column("township", "text", "Chengguan, Hexi or Shanbei (matches the ID's region code)"),
    ]),
    Table("deaths", "Death reports (死亡信息), three sources stacked", "police, hospitals, crematorium", [
        Column("report_no", "text, 7 digits", "the county's intake number of the report, unique in this "
               "file; its leading zeros (`0000417`) are part of it, and pandas drops them unless the "
               "file is read with `dtype=str`"),
        Column("source", "text", "`police` (户籍注销), `hospital` (死亡医学证明) or `crematorium` (火化记录)"),
        Column("id_number", "text, dirty", "ID number as typed by the source; see the dirt list"),
        Column("name", "text", "name of the deceased"),
        Column("death_date", "text, three formats", "police `20230501`, hospital `2023/5/1`, "
               "crematorium `2023年5月1日`"),
    ], dirt=[
        "Most deaths are reported by two or three sources: one person, several rows.",
        "About 2 in 100 later reports give a death date one day later than the first report.",
        "Hospitals type the final `X` in lower case (`x`).",
        "About 1 in 15 crematorium rows use full-width digits (`３４９９…`).",
        "About 1 in 20 rows have stray spaces before, after or inside the ID.",
        "About 2 in 100 rows have a mistyped digit, so the check character fails.",
        "`report_no` looks like a number: read without `dtype=str`, `0000417` becomes 417.",
    ]),
    Table("pensions", "Monthly pension payments (养老金发放)", "social insurance agency", [
        Column("payment_id", "text", "unique payment number"),
        Column("id_number", "text, 18 chars", "recipient's ID number; clean"),
        Column("name", "text", "recipient's name"),
        Column("pay_date", "text, YYYY-MM-DD", "date the payment was made (the 15th of each month)"),
        Column("amount", "number, yuan", "amount paid, two decimals; raised 3% in January 2024"),
    ]),
    Table("judgments", "Criminal judgments (刑事判决)", "courts", [
        Column("case_no", "text", "court case number"),
        Column("id_number", "text, dirty", "defendant's ID number; some with a lower-case `x`"),
        Column("name", "text", "defendant's name"),
        Column("charge", "text", "the charge convicted of, in English"),
        Column("judgment_date", "text, `2023年5月1日`", "date of the judgment (delivered); a first-instance judgment takes effect later, when no appeal or protest is lodged in time"),
        Column("sentence_months", "integer", "term of imprisonment or criminal detention in months"),
        Column("probation", "text", "`yes` when the sentence is suspended (缓刑)"),
    ], dirt=["Some IDs end in a lower-case `x`."]),
    Table("custody", "Custody and prison records (羁押/服刑)", "detention centre and prison", [
        Column("custody_id", "text", "record number"),
        Column("id_number", "text, 18 chars", "ID number; clean"),
        Column("facility", "text", "detention centre or prison"),
        Column("start_date", "text, `2023/5/1`", "first day in custody"),
        Column("end_date", "text, `2023/5/1`", "day of release"),
    ]),
    Table("licences", "Driving licence register (驾驶证)", "traffic police", [
        Column("licence_no", "text", "licence number"),
        Column("id_number", "text, dirty", "holder's ID number; some with stray spaces"),
        Column("licence_class", "text", "licence class (C1, C2, B2, A2)"),
        Column("issue_date", "text, YYYY-MM-DD", "first issued"),
        Column("status", "text", "`normal`, `revoked`, `cancelled` or `expired`"),
    ], dirt=["About 1 in 30 IDs carry a stray space."]),
    Table("payments_after_death", "Truth: pension payments for months after the month of the recipient's death",
          "planted", [
        Column("payment_id", "text", "the payment in `pensions`"),
        Column("id_number", "text", "recipient"),
        Column("true_death_date", "text, YYYY-MM-DD", "when the person really died"),
    ], truth=True),
    Table("payments_in_custody", "Truth: pension payments made while the recipient was in custody", "planted", [
        Column("payment_id", "text", "the payment in `pensions`"),
        Column("id_number", "text", "recipient"),
    ], truth=True),
    Table("licensed_drunk_drivers", "Truth: dangerous-driving convicts whose licence is still normal", "planted", [
        Column("id_number", "text", "the convict"),
        Column("case_no", "text", "the judgment"),
        Column("licence_no", "text", "the licence that should have been revoked"),
    ], truth=True),
    Table("true_deaths", "Truth: every death, once, with the real date", "planted", [
        Column("id_number", "text", "the deceased"),
        Column("death_date", "text, YYYY-MM-DD", "real date of death"),
        Column("reported_ok", "text", "`yes` when at least one report carries an ID that passes the check"),
    ], truth=True),
]


def _iso(dates: np.ndarray) -> np.ndarray:
    return pd.DatetimeIndex(dates).strftime("%Y-%m-%d").to_numpy()


def _fmt_dates(dates: pd.DatetimeIndex, style: str) -> np.ndarray:
    if style == "compact":
        return dates.strftime("%Y%m%d").to_numpy()
    y, m, d = dates.year.astype(str), dates.month.astype(str), dates.day.astype(str)
    if style == "slash":
        return (y + "/" + m + "/" + d).to_numpy()
    if style == "chinese":
        return (y + "年" + m + "月" + d + "日").to_numpy()
    raise ValueError(style)


def _persons(rng: np.random.Generator) -> pd.DataFrame:
    n = N_PERSONS
    regions = np.array(list(idcard.FICTIONAL_REGIONS))
    region = rng.choice(regions, size=n, p=[0.5, 0.3, 0.2])
    # Ages skew old: the pension models need many pensioners.
    birth = pd.Timestamp("1930-01-01") + pd.to_timedelta(
        (rng.beta(1.6, 1.3, size=n) * (pd.Timestamp("2005-12-31") - pd.Timestamp("1930-01-01")).days).astype(int),
        unit="D")
    birth = pd.DatetimeIndex(birth)
    male = rng.random(n) < 0.5
    # Sequence numbers: odd for men, even for women; unique within (region, birth date).
    seq = rng.integers(0, 500, size=n) * 2 + male.astype(int)
    seq = np.where(seq == 0, 2, seq)
    first17 = region + birth.strftime("%Y%m%d").to_numpy() + np.char.zfill(seq.astype(str), 3)
    first17, keep = np.unique(first17, return_index=True)
    keep_sorted = np.sort(keep)
    first17 = first17[np.argsort(keep)]
    ids = first17 + idcard.check_chars_vectorised(first17)
    surname = rng.choice(SURNAMES, size=len(ids), p=SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum())
    g1 = rng.choice(GIVEN_CHARS, size=len(ids))
    g2 = np.where(rng.random(len(ids)) < 0.45, rng.choice(GIVEN_CHARS, size=len(ids)), "")
    return pd.DataFrame({
        "id_number": ids,
        "name": surname + g1 + g2,
        "sex": np.where(male[keep_sorted], "M", "F"),
        "birth_date": birth[keep_sorted].strftime("%Y-%m-%d"),
        "township": [idcard.FICTIONAL_REGIONS[r] for r in region[keep_sorted]],
    })


def _dirty_ids(ids: np.ndarray, rng: np.random.Generator, *, lower_x: float, full_width: float,
               spaces: float, typos: float) -> np.ndarray:
    out = ids.astype(object).copy()
    n = len(out)
    typo = rng.random(n) < typos
    for i in np.flatnonzero(typo):
        pos = rng.integers(6, 17)
        s = out[i]
        new_digit = str((int(s[pos]) + rng.integers(1, 10)) % 10)
        out[i] = s[:pos] + new_digit + s[pos + 1:]
    low = rng.random(n) < lower_x
    out[low] = [s.replace("X", "x") for s in out[low]]
    fw = rng.random(n) < full_width
    out[fw] = [s.translate(FULL_WIDTH) for s in out[fw]]
    sp = np.flatnonzero(rng.random(n) < spaces)
    where = rng.integers(0, 3, size=len(sp))
    for i, w in zip(sp, where):
        s = out[i]
        out[i] = (" " + s) if w == 0 else (s + "  ") if w == 1 else (s[:6] + " " + s[6:])
    return out.astype(str), typo


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build every table of the county; keys are table names (see TABLES)."""
    rng = np.random.default_rng(seed)
    persons = _persons(rng)
    n = len(persons)
    birth = pd.to_datetime(persons["birth_date"]).to_numpy()

    # --- deaths: true deaths, then one to three reports each ---------------------------
    pension_age = np.where(persons["sex"] == "M", 60, 55)
    age_2023 = 2023 - pd.DatetimeIndex(birth).year.to_numpy()
    pensioner = age_2023 >= pension_age
    death_prob = np.where(pensioner, 0.09, 0.006)
    dies = rng.random(n) < death_prob
    dead_idx = np.flatnonzero(dies)
    last_day = FIRST_MONTH + pd.DateOffset(months=N_MONTHS) - pd.Timedelta(days=40)
    span = (last_day - FIRST_MONTH).days
    death_date = FIRST_MONTH + pd.to_timedelta(rng.integers(0, span, size=len(dead_idx)), unit="D")
    death_date = pd.DatetimeIndex(death_date)

    sources = np.array(["police", "hospital", "crematorium"])
    reported = rng.random((len(dead_idx), 3)) < np.array([0.85, 0.55, 0.65])
    reported[~reported.any(axis=1), 0] = True
    rep_person, rep_source = np.nonzero(reported)
    rep_ids = persons["id_number"].to_numpy()[dead_idx[rep_person]]
    rep_dates = death_date[rep_person]
    # A later source sometimes records the next day (a death after midnight, a late form).
    first_of_person = np.r_[True, rep_person[1:] != rep_person[:-1]]
    late = (~first_of_person) & (rng.random(len(rep_person)) < 0.02)
    rep_dates = rep_dates + pd.to_timedelta(late.astype(int), unit="D")
    src = sources[rep_source]
    dirty, typo = _dirty_ids(
        rep_ids, rng, lower_x=0.0, full_width=0.0, spaces=0.05, typos=0.02)
    # Source habits: hospitals write a lower-case x; the crematorium sometimes full-width digits.
    hosp = src == "hospital"
    dirty = dirty.astype(object)
    dirty[hosp] = [s.replace("X", "x") for s in dirty[hosp]]
    crem_fw = (src == "crematorium") & (rng.random(len(src)) < 0.07)
    dirty[crem_fw] = [s.translate(FULL_WIDTH) for s in dirty[crem_fw]]
    date_text = np.empty(len(src), dtype=object)
    for source, style in (("police", "compact"), ("hospital", "slash"), ("crematorium", "chinese")):
        m = src == source
        date_text[m] = _fmt_dates(pd.DatetimeIndex(rep_dates[m]), style)
    order = rng.permutation(len(src))
    # Intake numbers are digits with leading zeros, so that a file read without `dtype=str`
    # loses them (module 01, Question 1).
    deaths = pd.DataFrame({
        "report_no": [f"{i:07d}" for i in range(len(src))],
        "source": src,
        "id_number": dirty,
        "name": persons["name"].to_numpy()[dead_idx[rep_person]],
        "death_date": date_text,
    }).iloc[order].reset_index(drop=True)
    ok_report = ~typo
    reported_ok = np.zeros(len(dead_idx), dtype=bool)
    np.logical_or.at(reported_ok, rep_person, ok_report)
    true_deaths = pd.DataFrame({
        "id_number": persons["id_number"].to_numpy()[dead_idx],
        "death_date": death_date.strftime("%Y-%m-%d"),
        "reported_ok": np.where(reported_ok, "yes", "no"),
    })

    # --- judgments and custody -------------------------------------------------------------
    # Judgments go back to 2019: 24 in 2023 means an adult on any judgment date.
    adult = (age_2023 >= 24) & (age_2023 <= 75)
    n_judg = 700
    defendants = rng.choice(np.flatnonzero(adult), size=n_judg, replace=False)
    charge_names = np.array(list(CHARGES))
    charge = rng.choice(charge_names, size=n_judg, p=np.array(list(CHARGES.values())))
    jdate = pd.DatetimeIndex(pd.Timestamp("2019-01-01")
                             + pd.to_timedelta(rng.integers(0, 6 * 365, size=n_judg), unit="D")).sort_values()
    # Case numbers count up within each year, as courts number them.
    case_seq = pd.Series(jdate.year).groupby(jdate.year).cumcount().to_numpy() + 1
    drunk = charge == "dangerous driving"
    sentence = np.where(drunk, rng.integers(1, 7, size=n_judg), rng.integers(6, 61, size=n_judg))
    probation = np.where(drunk, rng.random(n_judg) < 0.6, rng.random(n_judg) < 0.3)
    # Older pensioners are over-represented among the custodial cases so that the
    # "pension paid in custody" model has something to find.
    judg_ids = persons["id_number"].to_numpy()[defendants]
    judg_ids_dirty = np.where(rng.random(n_judg) < 0.5, [s.replace("X", "x") for s in judg_ids], judg_ids)
    judgments = pd.DataFrame({
        "case_no": [f"({d.year})皖9901刑初{k}号" for d, k in zip(jdate, case_seq)],
        "id_number": judg_ids_dirty,
        "name": persons["name"].to_numpy()[defendants],
        "charge": charge,
        "judgment_date": _fmt_dates(jdate, "chinese"),
        "sentence_months": sentence,
        "probation": np.where(probation, "yes", "no"),
    })
    jailed = np.flatnonzero(~probation)
    cust_start = jdate[jailed] - pd.to_timedelta(rng.integers(20, 120, size=len(jailed)), unit="D")
    cust_end = pd.DatetimeIndex([s + pd.DateOffset(months=int(m)) for s, m in zip(cust_start, sentence[jailed])])
    custody = pd.DataFrame({
        "custody_id": [f"JY{i:05d}" for i in range(len(jailed))],
        "id_number": judg_ids[jailed],
        "facility": np.where(sentence[jailed] > 6, "Yuanhe Prison", "Yuanhe Detention Centre"),
        "start_date": _fmt_dates(cust_start, "slash"),
        "end_date": _fmt_dates(cust_end, "slash"),
    })

    # --- pensions ---------------------------------------------------------------------------
    pay_dates = pd.DatetimeIndex([FIRST_MONTH + pd.DateOffset(months=k, days=PAY_DAY - 1)
                                  for k in range(N_MONTHS)])
    pens_idx = np.flatnonzero(pensioner)
    base = np.round(rng.uniform(1600, 4200, size=len(pens_idx)), -1)
    death_of = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    death_of[dead_idx] = death_date.to_numpy()
    # Planted: the agency keeps paying some dead pensioners for 1-12 months.
    keeps_paying = rng.random(n) < 0.15
    extra_months = rng.integers(1, 13, size=n)
    # Custody: no payments while held (stopped for the sentence, suspended in detention);
    # planted failures keep paying some.
    in_custody_pay = rng.random(n) < 0.35
    # Planted in every seed rather than left to chance (a class's own data too): payments on the
    # day of arrival and on the day of release, the boundary lesson of modules 02 and 06. Two
    # living pensioners who are paid inside get a custody that starts on a pay day, so that it
    # also ends on one (a sentence is whole months), both within the two years of payments.
    plant = np.random.default_rng([seed, 2])  # a stream of its own: the other tables stay as drawn
    person_of = dict(zip(persons["id_number"], range(n)))
    jailed_person = np.array([person_of[i] for i in judg_ids[jailed]])
    on_pay_day = pd.DatetimeIndex([(t if t.day >= PAY_DAY else t - pd.DateOffset(months=1)).replace(day=PAY_DAY)
                                   for t in cust_start])
    until = pd.DatetimeIndex([t + pd.DateOffset(months=int(m)) for t, m in zip(on_pay_day, sentence[jailed])])
    fits = np.flatnonzero(pensioner[jailed_person] & ~dies[jailed_person] & in_custody_pay[jailed_person]
                          & (on_pay_day > pay_dates[0]) & (until < pay_dates[-1]))
    moved = plant.choice(fits, size=min(2, len(fits)), replace=False)
    cust_start, cust_end = cust_start.to_numpy().copy(), cust_end.to_numpy().copy()
    cust_start[moved], cust_end[moved] = on_pay_day.to_numpy()[moved], until.to_numpy()[moved]
    cust_start, cust_end = pd.DatetimeIndex(cust_start), pd.DatetimeIndex(cust_end)
    custody["start_date"] = _fmt_dates(cust_start, "slash")
    custody["end_date"] = _fmt_dates(cust_end, "slash")
    p_rep = np.repeat(pens_idx, N_MONTHS)
    k_rep = np.tile(np.arange(N_MONTHS), len(pens_idx))
    d_rep = np.tile(pay_dates.to_numpy(), len(pens_idx))
    amount = np.repeat(base, N_MONTHS) * np.where(k_rep >= 12, 1.03, 1.0)
    # The basic pension is stopped from the month after death (从死亡次月起停发): the death
    # month's payment is due even when it is paid after the day of death. `after` marks the
    # payments of later months, which an agency that learns of the death does not make.
    death_month = np.full(n, N_MONTHS, dtype=int)
    death_month[dead_idx] = (death_date.year - FIRST_MONTH.year) * 12 + death_date.month - FIRST_MONTH.month
    after = k_rep > death_month[p_rep]
    # How many unlawful payments came before this one (0 = the first month after the death month).
    months_after = k_rep - (death_month[p_rep] + 1)
    paid_after = after & keeps_paying[p_rep] & (months_after < extra_months[p_rep])
    keep = ~after | paid_after
    # Custody periods of pensioners.
    cust_person = pd.Series(judg_ids[jailed]).map(dict(zip(persons["id_number"], range(n)))).to_numpy()
    in_cust = np.zeros(len(p_rep), dtype=bool)
    pos_of_pensioner = np.full(n, -1)
    pos_of_pensioner[pens_idx] = np.arange(len(pens_idx))
    for person, s, e in zip(cust_person, cust_start, cust_end):
        j = pos_of_pensioner[person]
        if j < 0:
            continue
        rows = slice(j * N_MONTHS, (j + 1) * N_MONTHS)
        in_cust[rows] |= (d_rep[rows] >= np.datetime64(s)) & (d_rep[rows] <= np.datetime64(e))
    paid_in_cust = in_cust & in_custody_pay[p_rep]
    keep &= ~in_cust | paid_in_cust
    p_rep, d_rep, amount = p_rep[keep], d_rep[keep], amount[keep]
    paid_after, paid_in_cust = paid_after[keep], paid_in_cust[keep]
    pensions = pd.DataFrame({
        "payment_id": [f"YL{i:07d}" for i in range(len(p_rep))],
        "id_number": persons["id_number"].to_numpy()[p_rep],
        "name": persons["name"].to_numpy()[p_rep],
        "pay_date": _iso(d_rep),
        "amount": np.char.mod("%.2f", np.round(amount, 2)),
    })
    payments_after_death = pd.DataFrame({
        "payment_id": pensions["payment_id"].to_numpy()[paid_after],
        "id_number": pensions["id_number"].to_numpy()[paid_after],
        "true_death_date": _iso(death_of[p_rep[paid_after]]),
    })
    # Planted in every seed: one dead pensioner still being paid whose every death report has a
    # space typed into the ID, so that a join on the IDs as typed always misses a clue.
    paid_dead = np.unique(p_rep[paid_after])
    reported_well = set(persons["id_number"].to_numpy()[dead_idx[reported_ok]])
    ids_all = persons["id_number"].to_numpy()
    choice = [i for i in paid_dead if ids_all[i] in reported_well]
    if choice:
        who = ids_all[int(plant.choice(choice))]
        mine = deaths["id_number"].map(idcard.normalise) == who
        deaths.loc[mine, "id_number"] = [t if " " in t else t[:6] + " " + t[6:] for t in deaths.loc[mine, "id_number"]]
    # Planted in every seed: one dead pensioner still being paid with a later report in the
    # month after the death, dated after that month's pay day. Only the earliest report finds
    # the payment made between the two reports; a rule on the latest report (`.max()`) misses it.
    late_plant = np.random.default_rng([seed, 3])  # its own stream: every other table stays as drawn
    row_of_report = np.empty(len(order), dtype=int)
    row_of_report[order] = np.arange(len(order))
    true_day = death_date[rep_person]
    exact = ~typo & (rep_dates == true_day)
    paid_dead_set = set(paid_dead.tolist())
    options = []
    for pos, person in enumerate(dead_idx):
        if person not in paid_dead_set or death_month[person] + 1 >= N_MONTHS:
            continue
        mine = np.flatnonzero(rep_person == pos)
        good = [r for r in mine if not typo[r]]
        if len(good) >= 2 and exact[good].any():
            keep_first = good[int(np.flatnonzero(exact[good])[0])]
            options += [(pos, r) for r in good if r != keep_first]
    if options:
        pos, r = options[int(late_plant.integers(len(options)))]
        later = (death_date[pos] + pd.offsets.MonthBegin(1)).replace(day=PAY_DAY + 5)
        style = {"police": "compact", "hospital": "slash", "crematorium": "chinese"}[src[r]]
        deaths.loc[row_of_report[r], "death_date"] = _fmt_dates(pd.DatetimeIndex([later]), style)[0]
    payments_in_custody = pd.DataFrame({
        "payment_id": pensions["payment_id"].to_numpy()[paid_in_cust],
        "id_number": pensions["id_number"].to_numpy()[paid_in_cust],
    })

    # --- driving licences ------------------------------------------------------------------
    drivers = np.flatnonzero(adult & (rng.random(n) < 0.45))
    drivers = np.union1d(drivers, defendants[drunk])
    lic_ids = persons["id_number"].to_numpy()[drivers]
    charge_of = dict(zip(defendants, charge))
    # First issued between the 18th birthday (or 1995) and 2022, and before any conviction.
    earliest = np.maximum(birth[drivers] + np.timedelta64(18 * 366, "D"), np.datetime64("1995-01-01"))
    latest = np.full(len(drivers), np.datetime64("2022-12-31"), dtype="datetime64[ns]")
    judged = pd.Series(jdate.to_numpy(), index=defendants).reindex(drivers).to_numpy()
    latest = np.where(np.isnat(judged), latest, np.minimum(latest, judged - np.timedelta64(30, "D")))
    days = np.maximum((latest - earliest).astype("timedelta64[D]").astype(int), 1)
    issue = pd.DatetimeIndex(earliest + (rng.random(len(drivers)) * days).astype("timedelta64[D]"))
    # Planted in every seed: one licence issued while its holder was in custody (module 02's
    # date-window clue), for a convict who was held long enough before the judgment.
    cust_of = dict(zip(jailed_person, cust_start))
    judged_on = dict(zip(defendants, jdate))
    held = [k for k, d in enumerate(drivers) if d in cust_of and charge_of.get(d) != "dangerous driving"
            and (judged_on[d] - cust_of[d]).days >= 45]
    if held:
        k = held[int(plant.integers(len(held)))]
        room = (judged_on[drivers[k]] - cust_of[drivers[k]]).days - 30
        issue = issue.to_numpy().copy()
        issue[k] = np.datetime64(cust_of[drivers[k]] + pd.Timedelta(days=int(plant.integers(1, room))))
        issue = pd.DatetimeIndex(issue)
    status = rng.choice(["normal", "expired", "cancelled"], size=len(drivers), p=[0.9, 0.07, 0.03])
    status = status.astype(object)
    status[np.isin(drivers, dead_idx)] = "cancelled"
    drunk_people = defendants[drunk]
    drunk_pos = np.searchsorted(drivers, drunk_people)
    still_normal = rng.random(len(drunk_people)) < 0.12
    status[drunk_pos] = np.where(still_normal, "normal", "revoked")
    lic_no = np.array([f"3499{i:08d}" for i in range(len(drivers))])
    licences = pd.DataFrame({
        "licence_no": lic_no,
        "id_number": _dirty_ids(lic_ids, rng, lower_x=0, full_width=0, spaces=1 / 30, typos=0)[0],
        "licence_class": rng.choice(["C1", "C2", "B2", "A2"], size=len(drivers), p=[0.7, 0.15, 0.1, 0.05]),
        "issue_date": issue.strftime("%Y-%m-%d"),
        "status": status.astype(str),
    })
    # Planted in every seed: among the drunk drivers who kept a licence, one whose ID the court
    # typed with a lower-case x and one whose ID has a space in the licence register, so that a
    # model joining on the IDs as typed always misses someone (module 06).
    with_x = np.flatnonzero(np.char.endswith(judg_ids[drunk].astype(str), "X"))
    if len(with_x):
        j = int(plant.choice(with_x))
        still_normal[j] = True
        row = np.flatnonzero(drunk)[j]
        judgments.loc[row, "id_number"] = judg_ids[row].replace("X", "x")
    others = np.flatnonzero(still_normal)
    j = int(plant.choice(others))
    spaced = licences.loc[drunk_pos[j], "id_number"]
    if " " not in spaced:
        licences.loc[drunk_pos[j], "id_number"] = spaced[:6] + " " + spaced[6:]
    status_now = licences["status"].to_numpy().copy()
    status_now[drunk_pos] = np.where(still_normal, "normal", "revoked")
    # Planted in every seed: one drunk driver whose licence had already expired, so there was
    # nothing left to revoke. A rule written as "not revoked" instead of "normal" flags him
    # (module 06). Chosen without drawing, so that the other tables stay as drawn.
    lapsed = np.flatnonzero(~still_normal)
    if len(lapsed):
        status_now[drunk_pos[lapsed[len(lapsed) // 2]]] = "expired"
    licences["status"] = status_now
    drunk_case = judgments["case_no"].to_numpy()[drunk]
    licensed_drunk = pd.DataFrame({
        "id_number": persons["id_number"].to_numpy()[drunk_people[still_normal]],
        "case_no": drunk_case[still_normal],
        "licence_no": lic_no[drunk_pos[still_normal]],
    })

    return {
        "persons": persons,
        "deaths": deaths,
        "pensions": pensions,
        "judgments": judgments,
        "custody": custody,
        "licences": licences,
        "payments_after_death": payments_after_death,
        "payments_in_custody": payments_in_custody,
        "licensed_drunk_drivers": licensed_drunk,
        "true_deaths": true_deaths,
    }


TITLE = "Yuanhe County registry data"
DESCRIPTION = """\
Six agency exports of Yuanhe County (元和县), a fictional county in Anhui, for the
early modules and the supervision models. The agencies share one key, the 18-character
resident ID number, and nothing else: names repeat, dates come in each agency's own
format, and the IDs are typed by hand in some of them.

All ID numbers use the region codes 349901 (Chengguan), 349902 (Hexi) and 349903
(Shanbei). Province 34 has no prefecture 99, so no generated number belongs to a real
person. Every person, name and record is invented."""

HOW = """\
`course/data/county.py` draws every table from one NumPy generator seeded with the seed
above. Each person gets a birth date (ages skew old), a sex and a fictional region, and
from them a valid ID number (GB 11643 check character). About 9% of pensioners and 0.6%
of the others die between January 2023 and late 2024; each death is reported by the
police, a hospital and/or the crematorium. Pensioners (men from 60, women from 55) are
paid on the 15th of every month of 2023-2024; payments stop from the month after death
(the month of death is still due) and are not made while a convict is held (pre-trial
detention, then the sentence), except where the anomalies below are planted. 700 criminal
judgments (2019-2024) go to adults; those not on probation have a custody record. About 45% of
adults and every dangerous-driving convict hold a driving licence. Whatever the seed, two
pensioners paid in custody arrive and leave on a pay day, and one licence is issued while
its holder is in custody, so that the boundary days and the date window always matter. One
dead pensioner still being paid always has a later report in the month after the death, dated
after that month's pay day: only the earliest report finds the payment between the two."""

PLANTED = {
    "payments_after_death": "15% of dead pensioners keep being paid for 1-12 months after the month of death",
    "payments_in_custody": "35% of pensioners in custody keep being paid while inside",
    "licensed_drunk_drivers": "12% of dangerous-driving convicts keep a `normal` licence (revocation is required)",
    "true_deaths": "every death once, with its real date, to check de-duplication against",
}
