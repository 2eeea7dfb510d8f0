"""Generator for module 06 (supervision models I: rules): the company register of Yuanhe County.

The fourth classic collision model asks whether a person convicted of corruption, bribery,
embezzlement or an economic-order crime was made the legal representative (法定代表人) of a
company within five years of completing the sentence. The county data (`county.py`) hold
the judgments and the custody records; this generator derives from them, deterministically,
what the model needs besides:

- `sentence_ends`: when each sentence ended (release from custody, or the last day of
  probation), from the judicial administration bureau;
- `companies`: the market regulator's register, one row per company with its current legal
  representative and the day he or she was appointed;
- `hand_checks`: the outcome of the hand check of a random sample of clues of a first,
  careless version of the model (regular data, as a data office would have it);
- truth tables of the disqualified representatives and of the near-misses planted to trap
  a careless rule.

It calls `county.generate` with the county data's own seed and never changes the county data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from course.data import county
from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "3"
DEFAULT_SEED = 20240606
BASED_ON = "county"  # built on the county data: build() passes their seed as base_seed

EXTRACT_DATE = pd.Timestamp("2026-06-30")   # the day the register was exported
BAR_YEARS = 5                               # the 5-year bar, counted from the end of the sentence
PROBATION_SAFE_YEARS = 2                    # see LISTED_CHARGES: planted probation cases stay inside 2 years

# Charges in the county's judgments that fall under Company Law (2023) Art. 178(2) and the
# Regulations on the Registration of Market Entities Art. 12(2): corruption (贪污), bribery
# (受贿), taking property (职务侵占). Fraud (诈骗), theft, dangerous driving and intentional
# injury do not. Since 1 July 2024 a suspended sentence bars for 2 years after probation:
# the planted suspended-sentence cases are all inside 2 years, so both readings agree.
LISTED_CHARGES = ("embezzlement", "bribe-taking", "job encroachment")

N_BACKGROUND = 1150
STATUS = {"active": 0.85, "deregistered": 0.10, "revoked": 0.05}

# GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters.
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)      # GB 11714 organisation code, 8 digits + check

NAME_CHARS = list("华兴盛达丰源隆昌鑫泰安康宏远恒瑞祥和嘉信诚德万通金辉腾飞新宇博众")
TRADES = ["商贸", "建筑工程", "农业科技", "物流", "餐饮管理", "建材", "电子科技", "劳务服务",
          "房地产开发", "茶叶", "纺织", "汽车服务"]

NEAR_MISS_KINDS = {
    "off_list": "crime not on the list",
    "too_late": "appointed more than 5 years after the sentence ended",
    "before": "appointed before the conviction",
    "namesake": "same name as a convict, different ID number",
}


TABLES = [
    Table("sentence_ends", "Sentence completion records (刑满释放 / 缓刑考验期满)",
          "judicial administration bureau (司法局)", [
              Column("record_no", "text", "record number"),
              Column("case_no", "text", "the judgment, as in `judgments`"),
              Column("id_number", "text, 18 chars", "the convict's ID number; clean"),
              Column("end_type", "text", "`release` (served in custody, 刑满释放) or `probation` "
                     "(suspended sentence, the probation period ended, 缓刑考验期满)"),
              Column("end_date", "text, `2023/5/1`", "the day the sentence ends or ended: day of "
                     "release, or last day of probation; a date after the export is the scheduled end"),
          ]),
    Table("companies", "Company register (企业登记): current legal representatives",
          "market regulation bureau (市场监督管理局)", [
              Column("credit_code", "text, 18 chars", "unified social credit code (统一社会信用代码); "
                     "fictional region codes, valid GB 32100 check character"),
              Column("company_name", "text", "registered name"),
              Column("legal_rep_id", "text, dirty", "legal representative's ID number, as typed at "
                     "registration"),
              Column("legal_rep_name", "text", "legal representative's name"),
              Column("founded_date", "text, YYYY-MM-DD", "the day the company was registered"),
              Column("appointed_date", "text, YYYY-MM-DD", "the day the current legal representative "
                     "was registered (on or after `founded_date`)"),
              Column("status", "text", "`active` (存续), `deregistered` (注销) or `revoked` (吊销)"),
          ], dirt=[
              "About 4 in 10 IDs that end in `X` are typed with a lower-case `x`.",
              "About 1 in 25 IDs carry a stray space (before, after or inside).",
              "Names repeat: a representative may share a name with a convict and be someone else.",
          ]),
    Table("hand_checks", "Hand check of a sample of clues of the model's first version (人工核查结果)",
          "the procuratorate's data office", [
              Column("check_no", "text", "number of the check"),
              Column("credit_code", "text", "the company flagged by the first version"),
              Column("checked_on", "text, YYYY-MM-DD", "day the clue was checked by hand"),
              Column("verdict", "text", "`confirmed` (a disqualified person was appointed) or "
                     "`rejected`"),
              Column("note", "text", "the checker's reason, in words"),
          ]),
    Table("disqualified_reps", "Truth: companies whose legal representative was disqualified when appointed",
          "planted", [
              Column("credit_code", "text", "the company"),
              Column("id_number", "text", "the representative, clean ID"),
              Column("case_no", "text", "the judgment that disqualifies"),
              Column("appointed_date", "text, YYYY-MM-DD", "day of appointment"),
              Column("note", "text", "what makes this clue easy to miss, if anything"),
          ], truth=True),
    Table("company_near_misses", "Truth: companies planted to trap a careless rule (not clues)", "planted", [
        Column("credit_code", "text", "the company"),
        Column("kind", "text", "which trap: " + "; ".join(f"`{v}`" for v in NEAR_MISS_KINDS.values())),
    ], truth=True),
]


# --- small helpers --------------------------------------------------------------------------

def credit_check_char(first17: str) -> str:
    """GB 32100 check character of the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def _org_code(digits: str) -> str:
    """8 digits + GB 11714 check character."""
    c = 11 - sum(int(d) * w for d, w in zip(digits, ORG_WEIGHTS)) % 11
    return digits + ("X" if c == 10 else "0" if c == 11 else str(c))


def _slash(day: pd.Timestamp) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def _uniform_day(rng: np.random.Generator, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Timestamp:
    days = max((hi - lo).days, 0)
    return lo + pd.Timedelta(days=int(rng.integers(0, days + 1)))


def _clean(raw: str) -> str:
    return "".join(raw.split()).upper()


# --- the generator ---------------------------------------------------------------------------

def _sentence_ends(rng, judgments: pd.DataFrame, custody: pd.DataFrame) -> pd.DataFrame:
    release = dict(zip(custody["id_number"], custody["end_date"]))
    ids = judgments["id_number"].map(_clean)
    jdate = pd.to_datetime(judgments["judgment_date"], format="%Y年%m月%d日")
    months = judgments["sentence_months"].astype(int).to_numpy()
    drunk = (judgments["charge"] == "dangerous driving").to_numpy()
    # Criminal Law Art. 73: probation at least the term; 2 months to 1 year for criminal
    # detention (拘役), 1 to 5 years for fixed-term imprisonment.
    short = np.clip(months + rng.integers(0, 4, size=len(months)), 2, 12)
    long = np.clip(np.maximum(months, 12) + rng.choice([0, 6, 12], size=len(months)), 12, 60)
    prob_months = np.where(drunk, short, long)
    end_type, end_date = [], []
    for i, (ident, prob) in enumerate(zip(ids, judgments["probation"])):
        if prob == "yes":
            end_type.append("probation")
            end_date.append(_slash(jdate.iloc[i] + pd.DateOffset(months=int(prob_months[i]))))
        else:
            end_type.append("release")
            end_date.append(release[ident])
    out = pd.DataFrame({"case_no": judgments["case_no"].to_numpy(), "id_number": ids.to_numpy(),
                        "end_type": end_type, "end_date": end_date})
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out.insert(0, "record_no", [f"SF{i + 1:05d}" for i in range(len(out))])
    return out


def _credit_codes(rng, regions: list[str]) -> list[str]:
    codes, seen = [], set()
    for region in regions:
        while True:
            body = "91" + region + _org_code("".join(rng.choice(list("0123456789"), size=8)))
            code = body + credit_check_char(body)
            if code not in seen:
                seen.add(code)
                codes.append(code)
                break
    return codes


def generate(seed: int = DEFAULT_SEED, base_seed: int = county.DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build every table (see TABLES) on the county data of `base_seed`; keys are table names."""
    base = county.generate(base_seed)
    persons, judgments, custody = base["persons"], base["judgments"], base["custody"]
    rng = np.random.default_rng(seed)

    ends = _sentence_ends(rng, judgments, custody)
    end_of = {c: pd.Timestamp(pd.to_datetime(d, format="%Y/%m/%d")) for c, d in zip(ends["case_no"], ends["end_date"])}
    conv = judgments.assign(
        id_clean=judgments["id_number"].map(_clean),
        jdate=pd.to_datetime(judgments["judgment_date"], format="%Y年%m月%d日"),
    )
    conv["end"] = conv["case_no"].map(end_of)
    conv["bar"] = [e + pd.DateOffset(years=BAR_YEARS) for e in conv["end"]]
    conv["listed"] = conv["charge"].isin(LISTED_CHARGES)
    conv = conv.reset_index(drop=True)

    birth = dict(zip(persons["id_number"], pd.to_datetime(persons["birth_date"])))
    name_of = dict(zip(persons["id_number"], persons["name"]))
    defendants = set(conv["id_clean"])

    planted: list[dict] = []      # one dict per planted company row

    def plant(ident: str, day: pd.Timestamp, group: str, case_no: str = "", note: str = "") -> None:
        planted.append({"id": ident, "appointed": day, "group": group, "case_no": case_no, "note": note})

    # -- truth: disqualified representatives -------------------------------------------------
    listed = conv[conv["listed"]]
    order = rng.permutation(len(listed))
    listed = listed.iloc[order]
    used: set[str] = set()

    def window(row) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        if row.probation == "yes":
            lo = row.jdate + pd.Timedelta(days=30)
            hi = min(row.end + pd.DateOffset(years=PROBATION_SAFE_YEARS), EXTRACT_DATE)
        else:
            lo = row.end + pd.Timedelta(days=1)   # after release
            hi = min(row.bar, EXTRACT_DATE)
        return (lo, hi) if lo <= hi else None

    # Sentences that ended early enough for the 5 years to be over by the export: one
    # representative appointed on the last day (still barred, "未逾五年"), the others later.
    early = [r for r in listed.itertuples() if r.probation == "no" and r.bar + pd.Timedelta(days=1) <= EXTRACT_DATE]
    for k, r in enumerate(early[:3]):
        if k == 0:
            plant(r.id_clean, r.bar, "truth", r.case_no, "on the last day of the 5 years")
        else:
            day = r.bar + pd.Timedelta(days=1) if k == 1 else _uniform_day(rng, r.bar + pd.Timedelta(days=2), EXTRACT_DATE)
            plant(r.id_clean, day, "too_late", r.case_no)
        used.add(r.id_clean)
    # later than 5 years after the judgment, within 5 years of the end (a judgment-date rule misses them)
    late_ok = [r for r in listed.itertuples() if r.probation == "no" and r.id_clean not in used
               and r.jdate + pd.DateOffset(years=BAR_YEARS) + pd.Timedelta(days=1) <= min(r.bar, EXTRACT_DATE)]
    for r in late_ok[:4]:
        lo = max(r.jdate + pd.DateOffset(years=BAR_YEARS) + pd.Timedelta(days=1), r.end + pd.Timedelta(days=1))
        plant(r.id_clean, _uniform_day(rng, lo, min(r.bar, EXTRACT_DATE)), "truth", r.case_no,
              "more than 5 years after the judgment date")
        used.add(r.id_clean)
    # the rest: ordinary cases, custodial and suspended, with a few IDs ending in X
    rest = [r for r in listed.itertuples() if r.id_clean not in used and window(r) is not None]
    with_x = [r for r in rest if r.id_clean.endswith("X")][:3]
    others = [r for r in rest if not r.id_clean.endswith("X")]
    for r in with_x + others[:13]:
        lo, hi = window(r)
        plant(r.id_clean, _uniform_day(rng, lo, hi), "truth", r.case_no)
        used.add(r.id_clean)
    # two of them run a second company
    truth_rows = [p for p in planted if p["group"] == "truth"]
    for p in truth_rows[5:7]:
        r = conv[conv["id_clean"] == p["id"]].iloc[0]
        lo, hi = window(r) or (r.jdate, min(r.bar, EXTRACT_DATE))
        plant(p["id"], _uniform_day(rng, lo, hi), "truth", p["case_no"])

    # -- near-misses --------------------------------------------------------------------------
    off = conv[~conv["listed"] & (conv["probation"] == "no")].iloc[rng.permutation((~conv["listed"] & (conv["probation"] == "no")).sum())]
    for charge, n in (("fraud", 5), ("theft", 5), ("dangerous driving", 4), ("intentional injury", 2)):
        for r in [r for r in off.itertuples() if r.charge == charge and r.end + pd.Timedelta(days=1) <= EXTRACT_DATE][:n]:
            plant(r.id_clean, _uniform_day(rng, r.end + pd.Timedelta(days=1), min(r.bar, EXTRACT_DATE)),
                  "off_list", r.case_no)
            used.add(r.id_clean)
    def before_window(row) -> tuple[pd.Timestamp, pd.Timestamp]:
        return (max(pd.Timestamp("2008-01-01"), birth[row.id_clean] + pd.DateOffset(years=22)),
                row.jdate - pd.Timedelta(days=60))

    # only convicts old enough to have run a company before the judgment: a young one's
    # appointment would fall after it, inside the bar, and be a clue rather than a trap
    windows = [(r, before_window(r)) for r in listed.itertuples() if r.id_clean not in used]
    for r, (lo, hi) in [(r, w) for r, w in windows if w[0] <= w[1]][:6]:
        day = _uniform_day(rng, lo, hi)
        if day >= r.jdate:  # a generator bug, never a data condition (as _assert_rule_finds_exactly)
            raise AssertionError(f"a trap 'before the conviction' falls after it: {r.case_no}")
        plant(r.id_clean, day, "before", r.case_no)
        used.add(r.id_clean)
    # namesakes of listed convicts, appointed inside the convict's window
    by_name: dict[str, list[str]] = {}
    for ident, name in zip(persons["id_number"], persons["name"]):
        by_name.setdefault(name, []).append(ident)
    namesakes = 0
    for r in listed.itertuples():
        if namesakes == 6:
            break
        others_same = [i for i in by_name[r.name] if i not in defendants and i not in used
                       and birth[i] <= pd.Timestamp("1995-01-01")]
        if not others_same or window(r) is None:
            continue
        ident = others_same[int(rng.integers(0, len(others_same)))]
        lo, hi = window(r)
        plant(ident, _uniform_day(rng, lo, hi), "namesake", r.case_no)
        used.add(ident)
        namesakes += 1

    # -- background: ordinary representatives (never a convict) -----------------------------
    adults = persons[(pd.to_datetime(persons["birth_date"]) <= pd.Timestamp("1990-12-31"))
                     & (pd.to_datetime(persons["birth_date"]) >= pd.Timestamp("1945-01-01"))]
    pool = np.array([i for i in adults["id_number"] if i not in defendants and i not in used])
    people = rng.choice(pool, size=N_BACKGROUND - 200, replace=False)
    reps = np.concatenate([people, rng.choice(people, size=200, replace=True)])
    for ident in reps:
        lo = max(pd.Timestamp("2008-01-01"), birth[ident] + pd.DateOffset(years=22))
        plant(str(ident), _uniform_day(rng, lo, EXTRACT_DATE), "background")

    # -- the register ---------------------------------------------------------------------------
    n = len(planted)
    order = rng.permutation(n)
    planted = [planted[i] for i in order]
    ids = [p["id"] for p in planted]
    appointed = [p["appointed"] for p in planted]
    # founded on the appointment day (first representative) or earlier (a later change)
    founded = [a if rng.random() < 0.6 else _uniform_day(rng, pd.Timestamp("2005-01-01"), a - pd.Timedelta(days=1))
               for a in appointed]
    regions = [i[:6] for i in ids]
    codes = _credit_codes(rng, regions)
    combos = [a + b + t for a in NAME_CHARS for b in NAME_CHARS if a != b for t in TRADES]
    names = ["元和县" + combos[i] + "有限公司" for i in rng.choice(len(combos), size=n, replace=False)]
    status = rng.choice(list(STATUS), size=n, p=list(STATUS.values()))

    # dirt: lower-case x and stray spaces, with a few guaranteed among the clues
    typed = list(ids)
    truth_pos = [k for k, p in enumerate(planted) if p["group"] == "truth"]
    forced_x = [k for k in truth_pos if ids[k].endswith("X")][:2]
    forced_space = [k for k in truth_pos if not ids[k].endswith("X")][:3]
    for k in range(n):
        if ids[k].endswith("X") and (k in forced_x or rng.random() < 0.4):
            typed[k] = typed[k][:-1] + "x"
    spaces = rng.random(n) < 0.04
    where = rng.integers(0, 3, size=n)
    for k in range(n):
        if spaces[k] or k in forced_space:
            s, w = typed[k], (1 + k % 2 if k in forced_space else where[k])
            typed[k] = (" " + s) if w == 0 else (s + " ") if w == 1 else (s[:6] + " " + s[6:])

    companies = pd.DataFrame({
        "credit_code": codes,
        "company_name": names,
        "legal_rep_id": typed,
        "legal_rep_name": [name_of[i] for i in ids],
        "founded_date": [d.strftime("%Y-%m-%d") for d in founded],
        "appointed_date": [d.strftime("%Y-%m-%d") for d in appointed],
        "status": status,
    })

    # -- truth tables ---------------------------------------------------------------------------
    notes = []
    for k in truth_pos:
        parts = [planted[k]["note"]] if planted[k]["note"] else []
        if typed[k] != ids[k]:
            parts.append("ID typed with a lower-case x" if typed[k].strip().endswith("x")
                         else "ID typed with a space")
        notes.append("; ".join(parts))
    disqualified = pd.DataFrame({
        "credit_code": [codes[k] for k in truth_pos],
        "id_number": [ids[k] for k in truth_pos],
        "case_no": [planted[k]["case_no"] for k in truth_pos],
        "appointed_date": [appointed[k].strftime("%Y-%m-%d") for k in truth_pos],
        "note": notes,
    }).sort_values("credit_code").reset_index(drop=True)
    misses = pd.DataFrame([(codes[k], NEAR_MISS_KINDS[p["group"]]) for k, p in enumerate(planted)
                           if p["group"] in NEAR_MISS_KINDS], columns=["credit_code", "kind"])
    misses = misses.sort_values(["kind", "credit_code"]).reset_index(drop=True)
    _assert_rule_finds_exactly(companies, conv, set(disqualified["credit_code"]))

    hand_checks = _hand_checks(rng, companies, conv, set(disqualified["credit_code"]))
    return {
        "sentence_ends": ends,
        "companies": companies,
        "hand_checks": hand_checks,
        "disqualified_reps": disqualified,
        "company_near_misses": misses,
    }


def _rule(companies: pd.DataFrame, conv: pd.DataFrame) -> pd.DataFrame:
    """The careful rule: listed charge, cleaned ID, judgment day <= appointed <= end + 5 years."""
    reps = companies.assign(id_clean=companies["legal_rep_id"].map(_clean),
                            appointed=pd.to_datetime(companies["appointed_date"]))
    hits = reps.merge(conv[conv["listed"]], on="id_clean")
    return hits[(hits["appointed"] >= hits["jdate"]) & (hits["appointed"] <= hits["bar"])]


def _assert_rule_finds_exactly(companies, conv, truth: set) -> None:
    found = set(_rule(companies, conv)["credit_code"])
    if found != truth:  # a generator bug, never a data condition
        raise AssertionError(f"planted truth and rule disagree: {sorted(found ^ truth)[:5]}")


def _hand_checks(rng, companies: pd.DataFrame, conv: pd.DataFrame, truth: set) -> pd.DataFrame:
    """A random sample of the clues of version 1: joined on the name, every charge."""
    reps = companies.assign(id_clean=companies["legal_rep_id"].map(_clean),
                            appointed=pd.to_datetime(companies["appointed_date"]))
    v1 = reps.merge(conv, left_on="legal_rep_name", right_on="name", suffixes=("", "_conv"))
    v1 = v1[(v1["appointed"] >= v1["jdate"]) & (v1["appointed"] <= v1["bar"])]
    flagged = sorted(set(v1["credit_code"]))
    sample = sorted(rng.choice(flagged, size=min(60, len(flagged)), replace=False))
    rows = []
    for k, code in enumerate(sample):
        hits = v1[v1["credit_code"] == code]
        if code in truth:
            verdict, note = "confirmed", "convicted of " + hits[hits["listed"] & (hits["id_clean"] == hits["id_clean_conv"])]["charge"].iloc[0]
        elif (hits["id_clean"] == hits["id_clean_conv"]).any():
            verdict, note = "rejected", "same person, but the crime is not on the list"
        else:
            verdict, note = "rejected", "different person with the same name"
        day = pd.Timestamp("2026-07-06") + pd.Timedelta(days=int(rng.integers(0, 50)))
        rows.append((f"HC{k + 1:03d}", code, day.strftime("%Y-%m-%d"), verdict, note))
    out = pd.DataFrame(rows, columns=["check_no", "credit_code", "checked_on", "verdict", "note"])
    return out.sort_values(["checked_on", "check_no"]).reset_index(drop=True)


TITLE = "Yuanhe County company register and sentence records"
DESCRIPTION = """\
The market regulator's register of companies in Yuanhe County (元和县), with each company's
current legal representative (法定代表人), and the judicial administration bureau's records of
when each sentence in the county's judgments ended. With the criminal judgments of the
`county` dataset they make the fourth classic collision model of module 06: persons sentenced
for corruption, bribery, encroachment on or misappropriation of property, or undermining the
socialist market economic order may not be appointed legal representative within five years
of completing the sentence (市场主体登记管理条例 art. 12). A third table holds the result
of a hand check of a sample of clues produced by a first, careless version of that model.

Derived from the `county` data built beside it: the same ID numbers, names and judgments.
Credit codes use the fictional region codes 349901-349903 and carry a valid GB 32100 check
character; no code belongs to a real company. Every company, person and record is invented."""

HOW = """\
`course/data/registers.py` rebuilds the county data from its seed, then draws everything else
from one NumPy generator seeded with the seed above. Each judgment gets the day its sentence
ended: the custody record's day of release, or for a suspended sentence the judgment day plus
a probation period within the limits of Criminal Law Art. 73. About 1,150 companies get an
ordinary representative who has no conviction. Convicts are then planted as representatives:
disqualified ones (appointed after the judgment and at most 5 years after the sentence ended;
suspended sentences only within 2 years of the end of probation, so that the Company Law of
2023 and the earlier rule agree), and near-misses that a careless rule flags or misses (see
below). The register is shuffled and made dirty. The first version of the model joined the
register to the judgments on the name and kept every charge; 60 of its clues were checked by
hand, with the verdicts that the truth gives."""

PLANTED = {
    "disqualified_reps": "convicts of embezzlement, bribe-taking or job encroachment made legal "
                         "representative after the judgment and at most 5 years after the sentence "
                         "ended; some more than 5 years after the judgment, some on the last day, "
                         "some with a lower-case x or a space in the typed ID, two running two companies",
    "company_near_misses": "representatives a careless rule confuses with clues: convicted of fraud, "
                           "theft, dangerous driving or injury; appointed more than 5 years after the "
                           "sentence ended (one on the first day after); appointed before the "
                           "conviction; a namesake of a convict with another ID number",
}
