"""A model card (模型说明书) in the model-competition template, written from the data.

The prose (overview, legal basis, supervision point, screening rule, limits, reusability) is
the author's; everything that can be counted is taken from the objects the model used, so the
card cannot drift from the run:

- the **data elements** are the columns of the tables passed in `inputs`: pass each table as
  the model used it (only the columns it read);
- the **data sources** are the agencies named in `inputs`, with each table's row count;
- the **results** are computed from the clue list: clues, persons, amount, and precision (and
  recall) when hand-check results or confirmed clues are given.

`render` returns Markdown text. It refuses, with a message saying which, a card whose
required section is empty or a placeholder, because a card with a blank legal basis is not a
card.

    from course import modelcard
    card = modelcard.render(
        title="Disqualified company legal representatives", version="1.0",
        overview="...", legal_basis="...", supervision_point="...", screening_rule="...",
        inputs={"judgments": ("courts", judgments[["case_no", "id_number", "charge"]]), ...},
        clues=disqualified, key="credit_code", person="id_clean",
        hand_checks=hand_checks,            # optional: key column + `verdict`
        limits="...", reusability="...",
    )
    print(card)
"""
from __future__ import annotations

import pandas as pd

# (argument, heading) in the order of the competition template
SECTIONS = [
    ("overview", "1. Overview (模型概述)"),
    ("legal_basis", "2. Legal basis (法律依据)"),
    ("supervision_point", "3. Supervision point (监督点)"),
    ("screening_rule", "4. Screening rule (筛查规则)"),
    ("data_elements", "5. Data elements (数据要素)"),
    ("data_sources", "6. Data sources (数据来源)"),
    ("results", "7. Results (应用成效)"),
    ("limits", "8. Limits (局限与风险)"),
    ("reusability", "9. Reusability (推广价值)"),
]
HEADINGS = [h for _, h in SECTIONS]
PROSE = ("title", "version", "overview", "legal_basis", "supervision_point", "screening_rule",
         "limits", "reusability")
PLACEHOLDERS = {"", "todo", "tbd", "...", "…", "xxx", "n/a", "none", "-", "待补充", "无", "略"}


class CardIncomplete(ValueError):
    """The card cannot be made; the message says which section or table to fix."""


def _label(name: str) -> str:
    return name.replace("_", " ")


def _prose(name: str, value) -> str:
    if not isinstance(value, str):
        raise CardIncomplete(f"The section '{_label(name)}' should be text, not "
                             f"{type(value).__name__}.")
    text = value.strip()
    if text.lower().strip(" .。") in PLACEHOLDERS or text.lower() in PLACEHOLDERS:
        raise CardIncomplete(f"The section '{_label(name)}' is empty. A model card needs every "
                             f"section: write the {_label(name)} in a sentence or two.")
    return text


def _inputs(inputs) -> list[tuple[str, str, pd.DataFrame]]:
    if not isinstance(inputs, dict) or not inputs:
        raise CardIncomplete("`inputs` is empty. Give every table the model read, as "
                             "{\"table\": (\"agency\", table[[columns used]])}.")
    out = []
    for name, value in inputs.items():
        if not (isinstance(value, tuple) and len(value) == 2):
            raise CardIncomplete(f"`inputs[{name!r}]` should be a pair (agency, table), e.g. "
                                 "(\"courts\", judgments[[\"case_no\", \"charge\"]]).")
        source, frame = value
        source = _prose(f"source of {name}", source)
        if not isinstance(frame, pd.DataFrame) or frame.shape[1] == 0:
            raise CardIncomplete(f"`inputs[{name!r}]` should hold the table as the model used it "
                                 "(a DataFrame with the columns it read).")
        out.append((str(name), source, frame))
    return out


# Below this many hand-checked clues, the card says that the precision is only a rough estimate.
SMALL_SAMPLE = 30


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def results(clues: pd.DataFrame, key: str, person: str | None = None, amount: str | None = None,
            hand_checks: pd.DataFrame | None = None, confirmed=None) -> list[str]:
    """The lines of the Results section, computed from the clue list."""
    if not isinstance(clues, pd.DataFrame):
        raise CardIncomplete("`clues` should be the clue list, a pandas table (DataFrame).")
    for col, what in ((key, "key"), (person, "person"), (amount, "amount")):
        if col is not None and col not in clues.columns:
            raise CardIncomplete(f"The clue list has no column {col!r} (given as `{what}`). Its "
                                 f"columns are: {', '.join(map(str, clues.columns))}.")
    keys = clues[key].astype(str)
    if keys.duplicated().any():
        raise CardIncomplete(f"The clue list has {len(keys)} rows but only {keys.nunique()} "
                             f"different `{key}` values: one clue, one row. Remove the duplicates "
                             "before you describe the results.")
    lines = [f"- Clues: {len(clues)} (one per `{key}`)"]
    if person is not None:
        lines.append(f"- Persons: {clues[person].astype(str).nunique()}")
    if amount is not None:
        total = pd.to_numeric(clues[amount], errors="raise").sum()
        lines.append(f"- Amount: {total:,.2f} yuan")
    flagged = set(keys)
    if hand_checks is not None:
        if not isinstance(hand_checks, pd.DataFrame) or not {key, "verdict"} <= set(hand_checks.columns):
            raise CardIncomplete(f"`hand_checks` should be a table with the columns `{key}` and "
                                 "`verdict` (`confirmed` or `rejected`).")
        checked = hand_checks[hand_checks[key].astype(str).isin(flagged)]
        ok = int((checked["verdict"] == "confirmed").sum())
        lines.append(f"- Hand-checked clues: {len(checked)} of the {len(clues)}; confirmed: {ok}")
        lines.append(f"- Precision on the hand-checked sample: {ok} of {len(checked)} confirmed "
                     f"({_share(ok, len(checked))})")
        if 0 < len(checked) < SMALL_SAMPLE:
            lines.append(f"- Caution: {len(checked)} hand-checked clues are a small sample. The precision "
                         "above is a rough estimate: a few more checks, confirmed or rejected, could move "
                         "it far. Check more clues before you rely on it.")
        missed = hand_checks[(hand_checks["verdict"] == "confirmed")
                             & ~hand_checks[key].astype(str).isin(flagged)]
        lines.append(f"- Confirmed in the hand checks but not flagged: {len(missed)}")
    if confirmed is not None:
        truth = {str(c) for c in confirmed}
        hit = len(flagged & truth)
        lines.append(f"- Precision against the confirmed list: {hit} of {len(flagged)} "
                     f"({_share(hit, len(flagged))})")
        lines.append(f"- Recall against the confirmed list: {hit} of {len(truth)} "
                     f"({_share(hit, len(truth))})")
    return lines


def render(*, title: str, version: str, overview: str, legal_basis: str, supervision_point: str,
           screening_rule: str, inputs: dict, clues: pd.DataFrame, key: str,
           limits: str, reusability: str, person: str | None = None, amount: str | None = None,
           hand_checks: pd.DataFrame | None = None, confirmed=None) -> str:
    """The model card as Markdown text; raises CardIncomplete when a section would be empty."""
    given = {"title": title, "version": version, "overview": overview, "legal_basis": legal_basis,
             "supervision_point": supervision_point, "screening_rule": screening_rule,
             "limits": limits, "reusability": reusability}
    prose = {name: _prose(name, given[name]) for name in PROSE}
    tables = _inputs(inputs)
    result_lines = results(clues, key, person, amount, hand_checks, confirmed)

    elements = ["| table | data elements (columns used) |", "|---|---|"]
    elements += [f"| `{name}` | {', '.join(f'`{c}`' for c in frame.columns)} |" for name, _, frame in tables]
    # The rows of each table as passed: after the rule's filters when the table was filtered first.
    sources = ["| table | source | rows used by the model |", "|---|---|---|"]
    sources += [f"| `{name}` | {source} | {len(frame):,} |" for name, source, frame in tables]
    body = {**prose, "data_elements": "\n".join(elements), "data_sources": "\n".join(sources),
            "results": "\n".join(result_lines)}

    lines = [f"# Model card: {prose['title']}", "", f"Version {prose['version']}. The data elements, "
             "sources and results below were computed from the model's tables by "
             "`course.modelcard`, not typed by hand.", ""]
    for name, heading in SECTIONS:
        lines += [f"## {heading}", "", body[name], ""]
    return "\n".join(lines)
