"""Generator for module 07 (supervision models II: learning): clues to rank, pharmacy
settlements to screen for anomalies, and claim lines to test against Benford's law.

Three independent parts, all drawn from one seeded NumPy generator:

- `clue_features`: clues of the pension collision models (paid after a death report, paid
  in custody, two accounts for one person). The clues of 2023 were checked by hand and carry
  the verdict (`verified`); the new clues of 2024 do not: their verdicts are the truth table
  `clue_outcomes`, against which a ranking of the new clues is measured. The table holds a
  leakage trap (`recovered_amount`, known only after the check) and a proxy trap (`hukou`,
  household registration, which has no effect of its own on the verdict but travels with
  the report delay).
- `settlements`: one month of medical-insurance card settlements at the county's
  pharmacies, with a few fraudulent pharmacies planted (night swipes of identical amounts,
  bursts of many cards in one hour), honest pharmacies that look odd for a lawful reason,
  and `pharmacy_inspections`, the published result of past inspections of some pharmacies.
- `claim_lines`: the amounts of claim lines of the township health centres. Honest amounts
  are log-uniform over five orders of magnitude, so their first digits follow Benford's law;
  some centres have fabricated lines (just below the 5,000-yuan approval threshold, round
  numbers).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "2"
# A class's build rearranges what the source scripts (generate(secret=True)); see build.py.
SECRET_ARRANGEMENT = True
DEFAULT_SEED = 20240707

# --- clues ---------------------------------------------------------------------------------

N_CHECKED = 4000            # clues of 2023, checked by hand
N_NEW = 2000                # clues of 2024, not yet checked
RULES = {"death": 0.55, "custody": 0.25, "two_accounts": 0.20}
RULE_EFFECT = {"death": 0.0, "custody": 0.35, "two_accounts": -0.45}
TOWNSHIPS = {"Chengguan": 0.34, "Hexi": 0.24, "Shanbei": 0.18, "Donghu": 0.14, "Lishan": 0.10}
TOWNSHIP_EFFECT = {"Chengguan": 0.0, "Hexi": 0.1, "Shanbei": -0.1, "Donghu": 0.05, "Lishan": 0.0}
NONLOCAL_SHARE = 0.22       # household registered in another county (外地户籍)
INTERCEPT = -2.80           # tuned so that about a quarter of the checked clues are verified

# --- settlements ---------------------------------------------------------------------------

N_PHARMACIES = 60
MONTH_START = pd.Timestamp("2024-03-01")
MONTH_DAYS = 31
NIGHT_HOURS = (2, 3)        # 02:00-03:59
# planted fraud: pharmacy number -> pattern
FRAUD = {5: "night", 12: "night", 19: "burst", 27: "night", 33: "burst", 41: "mixed",
         48: "burst", 56: "mixed"}
HONEST_ODD = {8: "24-hour", 22: "24-hour", 37: "promotion", 44: "health day", 51: "24-hour", 15: "market day"}
# The market-day pharmacy serves exactly this many patients in one hour: it sits on the bar of
# module 07's hand rule ("25 or more"), so that a rule written with > misses it.
MARKET_CROWD = 25
MARKET_SLOT = (8, 9)        # day 8 of the month (Saturday 9 March), 09:00-09:59
INSPECTED = [2, 5, 8, 11, 12, 16, 19, 22, 24, 29, 31, 35, 37, 39, 41, 44, 46, 50, 53, 58]

# --- claim lines ---------------------------------------------------------------------------

N_CLINICS = 12
APPROVAL_THRESHOLD = 5000   # lines of 5,000 yuan or more need a second signature
FABRICATING = {4: ("below threshold", 0.30), 9: ("round numbers", 0.25), 11: ("mixed", 0.085)}
ROUND_AMOUNTS = np.array([50, 60, 80, 90, 500, 600, 800, 900])


TABLES = [
    Table("clue_features", "Clues of the pension collision models, with the features known when each clue was made",
          "procuratorate's data office (from the social insurance agency, police and courts)", [
        Column("clue_id", "text", "clue number, unique"),
        Column("person_key", "text", "pseudonymised person key (keyed hash of the ID number); one person may have several clues"),
        Column("status", "text", "`checked` (2023, checked by hand, verdict known) or `new` (2024, not yet checked)"),
        Column("rule", "text", "the rule that made the clue: `death` (paid after a death report), "
               "`custody` (paid while in custody) or `two_accounts` (paid on two accounts)"),
        Column("township", "text", "township of the pension office that pays"),
        Column("hukou", "text", "household registration (户籍): `local` or `other` county"),
        Column("age", "integer", "age of the person when the event happened"),
        Column("n_sources", "integer", "how many agencies report the event (1-3)"),
        Column("report_lag_days", "integer", "days between the event and the day its report reached the pension office"),
        Column("months_after", "integer", "monthly payments made after the event"),
        Column("amount_after", "number, yuan", "total paid after the event, two decimals"),
        Column("account_changed", "text", "`yes` when the bank account was changed after the event"),
        Column("id_cleaned", "text", "`yes` when the join needed a cleaned ID (lower-case x, spaces): a weaker match"),
        Column("verified", "text", "hand-check verdict: `yes` (unlawful payment confirmed) or `no`; empty for new clues"),
        Column("recovered_amount", "number, yuan", "money recovered after the check; empty for new clues. "
               "Known only after the verdict: never a feature"),
    ], dirt=[
        "`verified` and `recovered_amount` are empty for the new clues of 2024.",
        "`recovered_amount` is known only after the hand check (a leakage trap).",
        "`hukou` is household registration: it has no effect of its own on the verdict but travels with the report delay, so a model that uses it treats people differently for where they are registered.",
    ]),
    Table("settlements", "Medical-insurance card settlements at pharmacies, March 2024 (医保结算)",
          "medical insurance bureau", [
        Column("settlement_id", "text", "settlement number, unique"),
        Column("pharmacy_id", "text", "designated retail pharmacy (定点零售药店), `PH01` to `PH60`"),
        Column("patient_key", "text", "pseudonymised insurance card"),
        Column("time", "text, `YYYY-MM-DD HH:MM`", "when the card was swiped"),
        Column("amount", "number, yuan", "amount settled, two decimals"),
        Column("drug_count", "integer", "number of drugs on the receipt"),
    ]),
    Table("pharmacy_inspections", "Result of past on-site inspections of 20 pharmacies",
          "medical insurance bureau", [
        Column("pharmacy_id", "text", "the pharmacy"),
        Column("result", "text", "`fraud` (fraudulent settlements found) or `clean`"),
    ]),
    Table("claim_lines", "Claim lines of the township health centres, 2023 (报销明细)",
          "medical insurance bureau", [
        Column("line_id", "text", "line number, unique"),
        Column("clinic", "text", "health centre, `HC01` to `HC12`"),
        Column("month", "text, `YYYY-MM`", "month of the claim"),
        Column("amount", "number, yuan", "amount of the line, two decimals (from 0.10 to 9,999.99)"),
    ]),
    Table("clue_outcomes", "Truth: the hand-check verdict of every new clue of 2024", "planted", [
        Column("clue_id", "text", "the clue in `clue_features`"),
        Column("verified", "text", "`yes` or `no`"),
    ], truth=True),
    Table("fraud_pharmacies", "Truth: the pharmacies with planted fraudulent settlements", "planted", [
        Column("pharmacy_id", "text", "the pharmacy"),
        Column("pattern", "text", "`night` (identical amounts swiped at 2-4 a.m.), `burst` (many cards "
               "in one hour, identical amounts) or `mixed` (a little of both)"),
    ], truth=True),
    Table("fabricating_clinics", "Truth: health centres with fabricated claim lines", "planted", [
        Column("clinic", "text", "the health centre"),
        Column("pattern", "text", "`below threshold` (just under 5,000 yuan), `round numbers` or `mixed`"),
        Column("share", "number", "share of the centre's lines that are fabricated"),
    ], truth=True),
]


# --- clues ---------------------------------------------------------------------------------

def _people(rng: np.random.Generator, n_clues: int) -> np.ndarray:
    """Person number of each clue: most people have one clue, some two or three."""
    sizes = rng.choice([1, 2, 3], size=n_clues, p=[0.70, 0.22, 0.08])
    owner = np.repeat(np.arange(n_clues), sizes)[:n_clues]
    return owner


def _clues(rng: np.random.Generator, n: int, first_person: int, year_shift: float) -> pd.DataFrame:
    owner = _people(rng, n)
    n_people = owner.max() + 1
    # what belongs to the person
    p_town = rng.choice(list(TOWNSHIPS), size=n_people, p=list(TOWNSHIPS.values()))
    p_other = rng.random(n_people) < NONLOCAL_SHARE
    p_age = np.clip(np.round(58 + rng.gamma(3.0, 6.5, size=n_people)), 55, 99).astype(int)
    p_effect = rng.normal(0.0, 0.9, size=n_people)
    p_bad = rng.random(n_people) < 0.10          # someone else collects the pension
    town, other, age = p_town[owner], p_other[owner], p_age[owner]

    rule = rng.choice(list(RULES), size=n, p=list(RULES.values()))
    # Reports of events elsewhere reach the office late: the proxy trap.
    lag = np.round(rng.exponential(np.where(other, 75.0, 28.0))).astype(int) + rng.integers(0, 8, size=n)
    n_sources = np.where(rule == "two_accounts", 1,
                         1 + rng.binomial(2, np.where(other, 0.30, 0.55)))
    months = np.clip(np.round(lag / 30.4 + rng.gamma(1.3, 1.6, size=n)), 1, 24).astype(int)
    monthly = np.round(rng.uniform(1150, 3600, size=n) * (1 + year_shift), 2)
    amount = np.round(months * monthly, 2)
    changed = (rng.random(n) < np.where(p_bad[owner], 0.60, 0.07))
    cleaned = rng.random(n) < 0.17

    z = (INTERCEPT
         + np.vectorize(RULE_EFFECT.get)(rule)
         + np.vectorize(TOWNSHIP_EFFECT.get)(town)
         + 0.60 * (n_sources - 1)
         + 0.55 * np.log(months)
         - 0.90 * (months == 1)
         + 0.012 * np.clip(lag - 30, 0, 200) / 2
         + 2.30 * changed
         - 1.50 * cleaned
         + 0.025 * (age - 75)
         + 1.10 * p_bad[owner]
         + p_effect[owner])
    verified = rng.random(n) < 1 / (1 + np.exp(-z))
    recovered = np.where(verified & (rng.random(n) < 0.85), np.round(amount * rng.uniform(0.4, 1.0, size=n), 2), 0.0)

    return pd.DataFrame({
        "person": owner + first_person, "rule": rule, "township": town,
        "hukou": np.where(other, "other", "local"), "age": age, "n_sources": n_sources,
        "report_lag_days": lag, "months_after": months, "amount_after": amount,
        "account_changed": np.where(changed, "yes", "no"), "id_cleaned": np.where(cleaned, "yes", "no"),
        "verified": np.where(verified, "yes", "no"), "recovered_amount": recovered,
    })


def _clue_tables(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    checked = _clues(rng, N_CHECKED, 0, 0.0)
    new = _clues(rng, N_NEW, int(checked["person"].max()) + 1, 0.03)
    checked["status"], new["status"] = "checked", "new"
    clues = pd.concat([checked, new], ignore_index=True)
    n_people = int(clues["person"].max()) + 1
    keys = rng.choice(16 ** 7, size=n_people * 2, replace=False)[:n_people]
    person_key = np.array([f"p{k:07x}" for k in keys])
    clues["person_key"] = person_key[clues["person"]]
    clues["clue_id"] = [f"CL{i:05d}" for i in range(1, len(clues) + 1)]
    is_new = clues["status"] == "new"
    outcomes = clues.loc[is_new, ["clue_id", "verified"]].reset_index(drop=True)
    clues["amount_after"] = clues["amount_after"].map("{:.2f}".format)
    clues["recovered_amount"] = clues["recovered_amount"].map("{:.2f}".format)
    clues.loc[is_new, ["verified", "recovered_amount"]] = ""
    order = ["clue_id", "person_key", "status", "rule", "township", "hukou", "age", "n_sources",
             "report_lag_days", "months_after", "amount_after", "account_changed", "id_cleaned",
             "verified", "recovered_amount"]
    return clues[order], outcomes


# --- settlements ---------------------------------------------------------------------------

OPEN_HOURS = np.arange(8, 22)
OPEN_WEIGHTS = np.array([3, 6, 8, 8, 6, 5, 5, 6, 7, 8, 8, 6, 4, 2], dtype=float)


def _stamps(rng, days, hours) -> np.ndarray:
    minutes = rng.integers(0, 60, size=len(days))
    t = MONTH_START + pd.to_timedelta(days, unit="D") + pd.to_timedelta(hours, unit="h") \
        + pd.to_timedelta(minutes, unit="m")
    return np.asarray(t, dtype="datetime64[m]")


def _pharmacy(rng, number: int, patient_base: int, label: int) -> tuple[pd.DataFrame, int]:
    kind = FRAUD.get(number) or HONEST_ODD.get(number) or "ordinary"
    low, high = {"24-hour": (1200, 2600), "health day": (2000, 3500)}.get(kind, (300, 1000))
    n = int(rng.integers(low, high))
    pool = max(60, n // 3)
    days = rng.integers(0, MONTH_DAYS, size=n)
    hours = rng.choice(OPEN_HOURS, size=n, p=OPEN_WEIGHTS / OPEN_WEIGHTS.sum())
    if kind == "24-hour":
        late = rng.random(n) < 0.07
        hours = np.where(late, rng.choice([22, 23, 0, 1, 2, 3, 4, 5, 6, 7], size=n), hours)
    amount = np.round(np.exp(rng.normal(4.1, 0.75, size=n)), 1)
    drugs = 1 + rng.poisson(1.2, size=n)
    patient = patient_base + rng.integers(0, pool, size=n)
    if kind == "promotion":                       # a flu package sold at one price
        promo = rng.random(n) < 0.16
        amount = np.where(promo, 39.8, amount)
        drugs = np.where(promo, 2, drugs)
    parts = [(days, hours, amount, drugs, patient)]
    if kind == "health day":                      # a free check-up day: a crowd in two hours
        k = int(rng.integers(30, 38))
        parts.append((np.full(k, 14), np.full(k, 9), np.round(np.exp(rng.normal(3.2, 0.5, size=k)), 1),
                      np.ones(k, dtype=int), patient_base + pool + np.arange(k)))
    fake_cards = patient_base + pool + 100 + np.arange(int(rng.integers(50, 90)))
    if kind in ("night", "mixed"):
        k = int(n * (rng.uniform(0.12, 0.20) if kind == "night" else rng.uniform(0.02, 0.034)))
        price = float(rng.choice([268.0, 298.0, 356.0, 388.0]))
        parts.append((rng.integers(0, MONTH_DAYS, size=k), rng.choice(NIGHT_HOURS, size=k),
                      np.where(rng.random(k) < 0.8, price, price - 30.0), np.full(k, 3),
                      rng.choice(fake_cards, size=k)))
    if kind in ("burst", "mixed"):
        bursts = int(rng.integers(3, 6)) if kind == "burst" else 1
        for _ in range(bursts):
            k = int(rng.integers(28, 45)) if kind == "burst" else int(rng.integers(17, 22))
            parts.append((np.full(k, int(rng.integers(0, MONTH_DAYS))), np.full(k, int(rng.integers(9, 20))),
                          np.full(k, 198.0), np.full(k, 4), rng.choice(fake_cards, size=k, replace=False)))
    d, h, a, c, p = (np.concatenate(x) for x in zip(*parts))
    if kind == "market day":   # its own customers of that hour come an hour later that day
        h = np.where((d == MARKET_SLOT[0]) & (h == MARKET_SLOT[1]), MARKET_SLOT[1] + 1, h)
    df = pd.DataFrame({"pharmacy_id": f"PH{label:02d}", "patient": p, "time": _stamps(rng, d, h),
                       "amount": a, "drug_count": c})
    if kind == "market day":   # drawn without the generator, so that every other pharmacy stays as drawn
        k = MARKET_CROWD
        start = MONTH_START + pd.Timedelta(days=MARKET_SLOT[0], hours=MARKET_SLOT[1])
        crowd = pd.DataFrame({"pharmacy_id": f"PH{label:02d}", "patient": patient_base + pool + np.arange(k),
                              "time": np.asarray(start + pd.to_timedelta(np.arange(k) * 2, unit="m"),
                                                 dtype="datetime64[m]"),
                              "amount": np.round(np.exp(np.linspace(3.0, 4.8, k)), 1),
                              "drug_count": 1 + np.arange(k) % 3})
        df = pd.concat([df, crowd], ignore_index=True)
    return df, patient_base + pool + 200


def _settlement_tables(rng: np.random.Generator, label: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frames, base = [], 0
    for number in range(1, N_PHARMACIES + 1):
        df, base = _pharmacy(rng, number, base, label[number])
        frames.append(df)
    s = pd.concat(frames, ignore_index=True).sort_values(["time", "pharmacy_id"], kind="stable")
    s = s.reset_index(drop=True)
    cards = rng.choice(10 ** 7, size=base, replace=False)
    s["patient_key"] = np.array([f"M{c:07d}" for c in cards])[s["patient"]]
    s["settlement_id"] = [f"S{i:06d}" for i in range(1, len(s) + 1)]
    s["time"] = pd.DatetimeIndex(s["time"]).strftime("%Y-%m-%d %H:%M")
    s["amount"] = s["amount"].map("{:.2f}".format)
    settlements = s[["settlement_id", "pharmacy_id", "patient_key", "time", "amount", "drug_count"]]
    inspected = sorted(INSPECTED, key=label.get)
    inspections = pd.DataFrame({"pharmacy_id": [f"PH{label[i]:02d}" for i in inspected],
                                "result": ["fraud" if i in FRAUD else "clean" for i in inspected]})
    planted = sorted(FRAUD, key=label.get)
    fraud = pd.DataFrame({"pharmacy_id": [f"PH{label[i]:02d}" for i in planted],
                          "pattern": [FRAUD[i] for i in planted]})
    return settlements, inspections, fraud


# --- claim lines ---------------------------------------------------------------------------

def _claim_tables(rng: np.random.Generator, label: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames = []
    for number in range(1, N_CLINICS + 1):
        n = int(rng.integers(1500, 4000))
        # log-uniform between 0.10 and 10,000 yuan: the first digits follow Benford's law
        amount = np.floor(10 ** rng.uniform(-1, 4, size=n) * 100) / 100
        amount = np.clip(amount, 0.10, 9999.99)
        if number in FABRICATING:
            pattern, share = FABRICATING[number]
            fake = rng.random(n) < share
            below = np.round(rng.uniform(4500, APPROVAL_THRESHOLD - 0.01, size=n), 2)
            rounded = rng.choice(ROUND_AMOUNTS, size=n).astype(float)
            kind = {"below threshold": np.ones(n, bool), "round numbers": np.zeros(n, bool),
                    "mixed": rng.random(n) < 0.5}[pattern]
            amount = np.where(fake, np.where(kind, below, rounded), amount)
        month = rng.integers(1, 13, size=n)
        frames.append(pd.DataFrame({"clinic": f"HC{label[number]:02d}", "month": [f"2023-{m:02d}" for m in month],
                                    "amount": amount}))
    lines = pd.concat(frames, ignore_index=True)
    lines = lines.iloc[rng.permutation(len(lines))].sort_values("month", kind="stable").reset_index(drop=True)
    lines.insert(0, "line_id", [f"L{i:06d}" for i in range(1, len(lines) + 1)])
    lines["amount"] = lines["amount"].map("{:.2f}".format)
    planted = sorted(FABRICATING, key=label.get)
    truth = pd.DataFrame({"clinic": [f"HC{label[i]:02d}" for i in planted],
                          "pattern": [FABRICATING[i][0] for i in planted],
                          "share": [f"{FABRICATING[i][1]:.2f}" for i in planted]})
    return lines, truth


def _labels(n: int, secret: np.random.Generator | None) -> dict[int, int]:
    """The number each pharmacy (or health centre) is printed with. Which ones commit fraud is
    scripted above (FRAUD, FABRICATING) for anyone to read; a class's build prints them under
    numbers drawn from its seed, so that only its data show which they are."""
    shown = np.arange(1, n + 1) if secret is None else secret.permutation(np.arange(1, n + 1))
    return {i: int(shown[i - 1]) for i in range(1, n + 1)}


def generate(seed: int = DEFAULT_SEED, *, secret: bool = False) -> dict[str, pd.DataFrame]:
    """Build every table (see TABLES). `secret`: a class's build (see _labels)."""
    rng = np.random.default_rng(seed)
    relabel = np.random.default_rng([seed, 1]) if secret else None  # a stream of its own
    clues, outcomes = _clue_tables(rng)
    settlements, inspections, fraud = _settlement_tables(rng, _labels(N_PHARMACIES, relabel))
    lines, fabricating = _claim_tables(rng, _labels(N_CLINICS, relabel))
    return {
        "clue_features": clues,
        "settlements": settlements,
        "pharmacy_inspections": inspections,
        "claim_lines": lines,
        "clue_outcomes": outcomes,
        "fraud_pharmacies": fraud,
        "fabricating_clinics": fabricating,
    }


TITLE = "Clues to rank, pharmacy settlements and claim lines"
DESCRIPTION = """\
Four synthetic tables for module 07, where rules give more clues than staff can check and
a model has to rank them. The clues come from the pension collision models of the earlier
modules, with a few features each and, for the clues of 2023, the verdict of the hand
check; the new clues of 2024 are to be ranked. The settlements are one month of
medical-insurance card swipes at 60 pharmacies of Yuanhe County (元和县, fictional), with the
results of past on-site inspections of 20 of them; the claim lines are one year of claims of
its 12 township health centres.

Persons and insurance cards appear only as pseudonymised keys; no ID number, name or
address is in these tables. Every record is invented."""

HOW = """\
`course/data/learning.py` draws everything from one NumPy generator seeded with the seed
above. Each clue belongs to a person (most have one clue, some two or three); the person's
age, township, household registration and a hidden propensity are shared by all of that
person's clues. The verdict is drawn from a logistic model of the features: a changed bank
account, more reporting agencies and more months paid after the event make a verified clue
more likely, a match that needed a cleaned ID less likely; one payment after the event is
often a timing artefact. Household registration has no effect of its own, but reports of events in
another county arrive later. Honest settlements happen in opening hours (a few pharmacies
are open 24 hours) at log-normal amounts; a promotion, a health day and a market day (exactly 25 patients in one hour)
make three honest
pharmacies look odd. Honest claim amounts are log-uniform between 0.10 and 10,000 yuan, so
their first digits follow Benford's law."""

PLANTED = {
    "clue_outcomes": "the verdicts of the 2,000 new clues, drawn from the same model as the checked ones (about a quarter verified)",
    "fraud_pharmacies": "8 of 60 pharmacies add fake settlements: identical amounts swiped at 2-4 a.m. "
                        "with collected cards, bursts of 30-45 cards in one hour, or a little of both",
    "fabricating_clinics": "3 of 12 health centres replace part of their lines with amounts just below the "
                           "5,000-yuan approval threshold, round numbers, or a few of both",
}
