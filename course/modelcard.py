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

import re

import pandas as pd

from course.i18n import N_, language, translator

_ = translator()

# (argument, heading) in the order of the competition template
SECTIONS = [
    ("overview", N_("1. Overview (模型概述)")),
    ("legal_basis", N_("2. Legal basis (法律依据)")),
    ("supervision_point", N_("3. Supervision point (监督点)")),
    ("screening_rule", N_("4. Screening rule (筛查规则)")),
    ("data_elements", N_("5. Data elements (数据要素)")),
    ("data_sources", N_("6. Data sources (数据来源)")),
    ("results", N_("7. Results (应用成效)")),
    ("limits", N_("8. Limits (局限与风险)")),
    ("reusability", N_("9. Reusability (推广价值)")),
]
HEADINGS = [h for _name, h in SECTIONS]        # in English; `headings()` in the current language
PROSE = ("title", "version", "overview", "legal_basis", "supervision_point", "screening_rule",
         "limits", "reusability")
PLACEHOLDERS = {"", "todo", "tbd", "...", "…", "xxx", "n/a", "none", "-", "待补充", "无", "略"}
# the labels of the Results section's lines, which checks read back (`result_number`)
LABELS = {"clues": N_("Clues"), "persons": N_("Persons"), "amount": N_("Amount"),
          "checked": N_("Hand-checked clues"), "precision_sample": N_("Precision on the hand-checked sample"),
          "caution": N_("Caution"), "missed": N_("Confirmed in the hand checks but not flagged"),
          "precision": N_("Precision against the confirmed list"), "recall": N_("Recall against the confirmed list")}


class CardIncomplete(ValueError):
    """The card cannot be made; the message says which section or table to fix."""


def headings() -> list[str]:
    """The section headings in the current language (a Chinese edition's card is in Chinese)."""
    return [_(h) for h in HEADINGS]


def sections(card: str) -> dict[str, str]:
    """The body of each section of a rendered card, by argument name (`"legal_basis"`, ...)."""
    out = {}
    for (name, _h), heading in zip(SECTIONS, headings()):
        m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", card, re.M | re.S)
        out[name] = m.group(1).strip() if m else ""
    return out


def _line(label: str, value: str) -> str:
    """One line of the Results section: "- Clues: 3 ..." (in Chinese "- 线索：3 ...")."""
    name = _(LABELS[label])
    colon = "：" if language().startswith("zh") else ": "
    return f"- {name}{colon}{value}"


def result_number(card: str, label: str) -> int | None:
    """The number that opens the Results line `label` (a key of LABELS), or None."""
    name = re.escape(_(LABELS[label]))
    m = re.search(rf"^- {name}(?:: |：)(\d[\d,]*)", card, re.M)
    return int(m.group(1).replace(",", "")) if m else None


def _label(name: str) -> str:
    return _(name.replace("_", " "))


N_("title"), N_("version"), N_("overview"), N_("legal basis"), N_("supervision point"), \
    N_("screening rule"), N_("limits"), N_("reusability")     # the sections' names in messages


def _prose(name: str, value) -> str:
    if not isinstance(value, str):
        raise CardIncomplete(_("The section '{section}' should be text, not {type}.",
                               section=_label(name), type=type(value).__name__))
    text = value.strip()
    if text.lower().strip(" .。") in PLACEHOLDERS or text.lower() in PLACEHOLDERS:
        raise CardIncomplete(_("The section '{section}' is empty. A model card needs every "
                               "section: write the {section} in a sentence or two.", section=_label(name)))
    return text


def _inputs(inputs) -> list[tuple[str, str, pd.DataFrame]]:
    if not isinstance(inputs, dict) or not inputs:
        raise CardIncomplete(_("`inputs` is empty. Give every table the model read, as "
                               "{\"table\": (\"agency\", table[[columns used]])}."))
    out = []
    for name, value in inputs.items():
        if not (isinstance(value, tuple) and len(value) == 2):
            raise CardIncomplete(_("`inputs[{name}]` should be a pair (agency, table), e.g. "
                                   "(\"courts\", judgments[[\"case_no\", \"charge\"]]).", name=repr(name)))
        source, frame = value
        if not isinstance(source, str) or source.strip().lower() in PLACEHOLDERS:
            raise CardIncomplete(_("The source of `inputs[{name}]` is empty: name the agency the table "
                                   "came from.", name=repr(name)))
        if not isinstance(frame, pd.DataFrame) or frame.shape[1] == 0:
            raise CardIncomplete(_("`inputs[{name}]` should hold the table as the model used it "
                                   "(a DataFrame with the columns it read).", name=repr(name)))
        out.append((str(name), source.strip(), frame))
    return out


# Below this many hand-checked clues, the card says that the precision is only a rough estimate.
SMALL_SAMPLE = 30


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else _("n/a")


def results(clues: pd.DataFrame, key: str, person: str | None = None, amount: str | None = None,
            hand_checks: pd.DataFrame | None = None, confirmed=None) -> list[str]:
    """The lines of the Results section, computed from the clue list."""
    if not isinstance(clues, pd.DataFrame):
        raise CardIncomplete(_("`clues` should be the clue list, a pandas table (DataFrame)."))
    for col, what in ((key, "key"), (person, "person"), (amount, "amount")):
        if col is not None and col not in clues.columns:
            raise CardIncomplete(_("The clue list has no column {column} (given as `{argument}`). Its "
                                   "columns are: {columns}.", column=repr(col), argument=what,
                                   columns=", ".join(map(str, clues.columns))))
    keys = clues[key].astype(str)
    if keys.duplicated().any():
        raise CardIncomplete(_("The clue list has {rows} rows but only {keys} different `{key}` values: "
                               "one clue, one row. Remove the duplicates before you describe the results.",
                               rows=len(keys), keys=keys.nunique(), key=key))
    lines = [_line("clues", _("{count} (one per `{key}`)", count=len(clues), key=key))]
    if person is not None:
        lines.append(_line("persons", str(clues[person].astype(str).nunique())))
    if amount is not None:
        total = pd.to_numeric(clues[amount], errors="raise").sum()
        shown = f"{total:,.2f}"
        lines.append(_line("amount", _("{total} yuan", total=shown)))
    flagged = set(keys)
    if hand_checks is not None:
        if not isinstance(hand_checks, pd.DataFrame) or not {key, "verdict"} <= set(hand_checks.columns):
            raise CardIncomplete(_("`hand_checks` should be a table with the columns `{key}` and "
                                   "`verdict` (`confirmed` or `rejected`).", key=key))
        checked = hand_checks[hand_checks[key].astype(str).isin(flagged)]
        ok = int((checked["verdict"] == "confirmed").sum())
        lines.append(_line("checked", _("{checked} of the {clues}; confirmed: {confirmed}",
                                        checked=len(checked), clues=len(clues), confirmed=ok)))
        lines.append(_line("precision_sample", _("{confirmed} of {checked} confirmed ({share})",
                                                 confirmed=ok, checked=len(checked),
                                                 share=_share(ok, len(checked)))))
        if 0 < len(checked) < SMALL_SAMPLE:
            lines.append(_line("caution", _("{checked} hand-checked clues are a small sample. The precision "
                                            "above is a rough estimate: a few more checks, confirmed or rejected, "
                                            "could move it far. Check more clues before you rely on it.",
                                            checked=len(checked))))
        missed = hand_checks[(hand_checks["verdict"] == "confirmed")
                             & ~hand_checks[key].astype(str).isin(flagged)]
        lines.append(_line("missed", str(len(missed))))
    if confirmed is not None:
        truth = {str(c) for c in confirmed}
        hit = len(flagged & truth)
        lines.append(_line("precision", _("{hit} of {total} ({share})", hit=hit, total=len(flagged),
                                          share=_share(hit, len(flagged)))))
        lines.append(_line("recall", _("{hit} of {total} ({share})", hit=hit, total=len(truth),
                                       share=_share(hit, len(truth)))))
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

    elements = [_("| table | data elements (columns used) |"), "|---|---|"]
    for name, _source, frame in tables:
        columns = ", ".join(f"`{c}`" for c in frame.columns)
        elements.append(f"| `{name}` | {columns} |")
    # The rows of each table as passed: after the rule's filters when the table was filtered first.
    sources = [_("| table | source | rows used by the model |"), "|---|---|---|"]
    sources += [f"| `{name}` | {source} | {len(frame):,} |" for name, source, frame in tables]
    body = {**prose, "data_elements": "\n".join(elements), "data_sources": "\n".join(sources),
            "results": "\n".join(result_lines)}

    lines = [_("# Model card: {title}", title=prose["title"]), "",
             _("Version {version}. The data elements, sources and results below were computed from the "
               "model's tables by `course.modelcard`, not typed by hand.", version=prose["version"]), ""]
    for (name, _h), heading in zip(SECTIONS, headings()):
        lines += [f"## {heading}", "", body[name], ""]
    return "\n".join(lines)
