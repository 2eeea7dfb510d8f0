"""What a failed check looks like to a trainee, and the helpers hidden tests use.

A check that fails raises `CheckFailed`, an AssertionError, so nbgrader scores the test
cell as failed. In Jupyter it renders as one short message in plain words instead of a
Python traceback: what was expected, what was found, what to try. It never prints the
expected answer.
"""
from __future__ import annotations

from course.i18n import N_, tidy, translator
from course.plain import NotPlain, for_trainee, plain, same
from course.transport import NotTransportable

RED, GREEN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"
_ = translator()


class CheckFailed(AssertionError):
    """A check failed; the message is written for the trainee."""

    def __init__(self, message: str, question: str | None = None):
        message = tidy(message)
        super().__init__(message)
        self.message = message
        self.question = question

    def _render_traceback_(self):
        # IPython calls this instead of printing a traceback (and nbgrader stores it).
        title = _("Not yet: {question}", question=self.question) if self.question else _("Not yet")
        lines = [f"{RED}{BOLD}✘ {title}{RESET}"]
        lines += [f"{RED}{line}{RESET}" if line else "" for line in self.message.splitlines()]
        return lines

    def __str__(self) -> str:
        return self.message


def passed(message: str) -> None:
    print(f"{GREEN}{BOLD}✔ {tidy(message)}{RESET}")


def noted(message: str) -> None:
    """A neutral line: something happened, but nothing was judged right (no green tick)."""
    print(f"{BOLD}ℹ {tidy(message)}{RESET}")


def as_plain(value, what: str):
    """`plain(value)`, with a trainee-facing message when the answer is not ordinary data."""
    try:
        return plain(value, what)
    except NotPlain as exc:
        raise CheckFailed(for_trainee(str(exc))) from None


def texts(values, what: str) -> list[str]:
    """The values of a trainee's column (or Series) as text, read through `plain`."""
    return [str(v) for v in as_plain(values, what)["values"]]


def expect(condition, message: str) -> None:
    """Fail with `message` unless `condition` is exactly True (not merely truthy)."""
    if condition is not True:
        raise CheckFailed(message)


def expect_same(actual, expected, message: str) -> None:
    """Fail with `message` unless `actual` equals `expected` as plain data.

    The comparison never calls a method of the trainee's object.
    """
    if not same(as_plain(actual, _("the result")), plain(expected)):
        raise CheckFailed(message)


def call(function, *args, what: str):
    """Call the trainee's function, turning a crash into a plain-words failure."""
    if not callable(function):
        raise CheckFailed(_("`{name}` should be a function (made with `def`), but it is a {kind}.",
                            name=what, kind=type(function).__name__))
    try:
        return function(*args)
    except NotTransportable as exc:
        shown = ", ".join(repr(a) for a in args)
        shown = f"{what}({shown})"
        raise CheckFailed(_("`{call}` returned something that is not ordinary data. {problem}",
                            call=shown, problem=for_trainee(str(exc)))) from None
    except NotImplementedError:
        raise CheckFailed(_(NOT_ANSWERED, name=what)) from None
    except Exception as exc:  # the trainee's code crashed: say where, in their terms
        raise CheckFailed(crash_message(what, args, exc)) from None


NOT_ANSWERED = N_("`{name}` still contains `raise NotImplementedError()`: you have not answered this "
                  "yet. Replace that line with your answer.")


def crash_message(what: str, args: tuple, exc: BaseException) -> str:
    """What a crash of the trainee's function `what` on `args` means, in plain words, with the
    trainee's line: from the traceback here, or carried across the sandbox (`exc.where`)."""
    from course import explain

    shown = ", ".join(repr(a) for a in args)
    kind = getattr(exc, "remote_name", type(exc).__name__)
    try:
        evalue = str(exc)   # a KeyError's text is already quoted: 'x'
    except Exception:  # an error whose text cannot be made is named by its kind alone
        evalue = ""
    if kind == "NotImplementedError":   # carried across the sandbox: the cell is not answered yet
        return _(NOT_ANSWERED, name=what)
    where = getattr(exc, "where", None) or explain.trainee_line(exc.__traceback__)
    title = explain.explain(kind, evalue)[0]
    shown = f"{what}({shown})"
    return (_("`{call}` stopped with an error: {title}.", call=shown, title=title) + "\n"
            + explain.plain_words(kind, evalue, where) + "\n"
            + _("Python's message: {message}", message=explain.last_line(kind, evalue)))


_KINDS = (N_("True/False values"), N_("dates"), N_("numbers"), N_("durations (differences between dates)"),
          N_("only empty values"), N_("text"), N_("other values"))   # what column_kind names, in English


def column_kind(values) -> str:
    """What a column (a Series) holds, in a lawyer's words, in the trainee's language: "text",
    "numbers", "dates", "True/False values", "durations ...", or "a mix of text and numbers"
    (never a pandas dtype such as object)."""
    kinds = column_kinds(values)
    if len(kinds) == 1:
        return _(kinds[0])
    return _("a mix of {kinds}", kinds=_(" and ").join(_(k) for k in kinds))


def column_kinds(values) -> list[str]:
    """What a column holds, as English keys of `_KINDS` (sorted), for code that compares them."""
    import datetime as _dt

    import pandas as pd

    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ["True/False values"]
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return ["dates"]
    if pd.api.types.is_timedelta64_dtype(dtype):
        return ["durations (differences between dates)"]
    if pd.api.types.is_numeric_dtype(dtype):
        return ["numbers"]
    filled = [v for v in values.tolist() if v is not None and not (isinstance(v, float) and v != v)]
    if isinstance(dtype, pd.CategoricalDtype):
        filled = [v for v in values.astype(object).tolist() if v is not None and v == v]
    if not filled:
        return ["only empty values"]
    kinds = set()
    for v in filled:
        if isinstance(v, str):
            kinds.add("text")
        elif isinstance(v, bool):
            kinds.add("True/False values")
        elif isinstance(v, (int, float)):
            kinds.add("numbers")
        elif isinstance(v, (_dt.date, pd.Timestamp)):
            kinds.add("dates")
        else:
            kinds.add("other values")
    return sorted(kinds)


def value_kind(value) -> str:
    """What a value is, in a lawyer's words: "a Series (one column)", "a list", "nothing (None)", ..."""
    import pandas as pd

    if value is None:
        return _("nothing (None)")
    if isinstance(value, bool):
        return _("a True/False value")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if type(value) is pd.Series:
        return _("a Series (a single column)")
    if type(value) is pd.DataFrame:
        return _("a table (DataFrame)")
    from course.transport import SafeFunction

    if isinstance(value, SafeFunction):
        return _("a function")
    words = {list: N_("a list"), dict: N_("a dictionary"), tuple: N_("a tuple"), set: N_("a set")}
    if type(value) in words:
        return _(words[type(value)])
    return _("a {kind}", kind=type(value).__name__)


def _names(items) -> str:
    return ", ".join(f"`{c}`" for c in items)


def _series_message(value, name: str, columns: list[str], advice: str) -> str:
    """A Series where a table is needed: what it is and how to get the table."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(value.dtype):
        how = advice or _("Put the condition inside the square brackets of the table, `table[condition]`, to "
                          "keep the rows where it is True.")
        return _("`{name}` is a Series of True/False values: a condition, not the rows it selects.",
                 name=name) + " " + how
    inside = [str(n) for n in value.index.names if n is not None]
    first = _("`{name}` should be a pandas table (DataFrame), but it is a Series (a single column).", name=name)
    if inside:
        first += " " + _("Its index holds {names}.", names=_names(inside))
    if advice:
        return f"{first} {advice}"
    if columns:
        first += " " + _("The question asks for a table with the columns {names}.", names=_names(columns))
    value_col = columns[-1] if columns and columns[-1] not in inside else None
    rest = [c for c in columns[:-1] if c not in inside] if columns else []
    spare = [n for n in inside if n not in columns]
    code = f'.reset_index(name="{value_col}")'
    if inside and value_col and not rest:
        how = _("Add `{code}`: the index becomes columns and the values a column called `{column}`.",
                code=code, column=value_col)
    elif inside and value_col and len(rest) == 1 and len(spare) == 1:
        rename = f'.rename(columns={{"{spare[0]}": "{rest[0]}"}})'
        how = _("Add `{code}`, then rename the column `{column}` with `{rename}`.",
                code=code, column=spare[0], rename=rename)
    elif inside:
        how = _("Add `.reset_index()` to turn the index into columns, or build the table with `.agg(...)`.")
    else:
        how = _("To get a table, select columns with a list inside the brackets, `table[[\"a\", \"b\"]]`, or "
                "turn the Series into a table with `.reset_index()` (after a `groupby`) or `.to_frame()`.")
    return f"{first} {how}"


def _merge_copies(column: str, have: list[str]) -> list[str]:
    """The copies a merge made of `column` (`column_x`, `column_y`, or another pair of suffixes)."""
    xy = [c for c in have if c in (f"{column}_x", f"{column}_y")]
    if xy:
        return xy
    others = [c for c in have if c.startswith(f"{column}_") and len(c) - len(column) <= 8]
    return others if len(others) >= 2 else []


def expect_frame(value, name: str, columns=None, advice: str = ""):
    """Insist on a real DataFrame (not a subclass) with the needed columns; when it is not, say what
    was found and what to do next:

    - a Series instead of a table (a True/False Series is a condition, not the rows it selects;
      a Series with a named index, as `groupby` gives, becomes a table with `.reset_index(...)`);
    - anything else instead of a table;
    - a needed column in the index (after `groupby` or `set_index`);
    - a needed column renamed by a merge's suffixes (`_x`, `_y`);
    - a needed column whose name differs by spaces or capitals;
    - a missing column, with the table's columns listed.

    `advice`, one whole sentence for the question at hand (already in the trainee's language),
    replaces the general advice on how to get a table when the answer is not one (e.g. "Keep
    whole rows of `judged`: ...")."""
    import pandas as pd

    columns = list(columns or [])
    if type(value) is pd.Series:
        raise CheckFailed(_series_message(value, name, columns, advice))
    if type(value).__name__.endswith("GroupBy"):
        raise CheckFailed(_("`{name}` is a grouping: `groupby(...)` without a calculation. Say what to compute "
                            "for each group, such as `.size()`, `.sum()` or `.agg(...)`, and add `.reset_index()` "
                            "to get a table.", name=name))
    if type(value) is not pd.DataFrame:
        how = advice or _("Build it with pandas, for example by reading a file with `pd.read_csv(...)` or by "
                          "selecting from a table, `table[[\"a\", \"b\"]]`.")
        if value is None and not advice:
            how = _("Check that the answer cell assigns a table to it: a pandas method called with "
                    "`inplace=True` changes the table and returns nothing.")
        raise CheckFailed(_("`{name}` should be a pandas table (DataFrame), but it is {kind}.",
                            name=name, kind=value_kind(value)) + " " + how)
    have = [str(c) for c in value.columns]
    missing = [c for c in columns if c not in have]
    if not missing:
        return value
    index_names = [str(n) for n in value.index.names if n is not None]
    in_index = [c for c in missing if c in index_names]
    if in_index:
        message = (N_("`{name}` has {names} in its index, not as a column (`set_index` or a `groupby` put it "
                      "there). Add `.reset_index()` to make it a column again, or group with "
                      "`groupby(..., as_index=False)`.") if len(in_index) == 1 else
                   N_("`{name}` has {names} in its index, not as columns (`set_index` or a `groupby` put them "
                      "there). Add `.reset_index()` to make them columns again, or group with "
                      "`groupby(..., as_index=False)`."))
        raise CheckFailed(_(message, name=name, names=_names(in_index)))
    for column in missing:
        copies = _merge_copies(column, have)
        if copies:
            rename = f'.rename(columns={{"{copies[0]}": "{column}"}})'
            raise CheckFailed(_("`{name}` has no column `{column}`, but it has {copies}: both tables of the "
                                "merge have a column `{column}`, and the merge kept a copy of each. If the "
                                "tables are matched by `{column}`, join with `on=\"{column}\"` so that one "
                                "`{column}` column remains; otherwise keep the copy you need and rename it "
                                "with `{rename}`.", name=name, column=column, copies=_names(copies),
                                rename=rename))
        near = [c for c in have if c.strip().casefold() == column.casefold()]
        if near:
            rename = f'.rename(columns={{{near[0]!r}: "{column}"}})'
            raise CheckFailed(_("`{name}` has no column `{column}`, but it has a column named {near}: the "
                                "name differs by spaces or capitals. Rename it with `{rename}`, or fix the "
                                "name where the column is made.", name=name, column=column, near=repr(near[0]),
                                rename=rename))
    listed = ", ".join(have) if have else _("none")
    no = (_("no column `{column}`", column=missing[0]) if len(missing) == 1
          else _("no columns {names}", names=_names(missing)))
    old_name = _("old name")
    rename = f'.rename(columns={{"{old_name}": "{missing[0]}"}})'
    raise CheckFailed(_("`{name}` has {no}. Its columns are: {listed}. Create the missing column, or rename "
                        "the one that holds it with `{rename}`.", name=name, no=no, listed=listed,
                        rename=rename))


def _column_of(frame, name: str, column: str):
    expect_frame(frame, name, [column])
    return frame[column]


def expect_numeric(frame, name: str, column: str) -> None:
    """The column `column` of the table `name` holds numbers (not text that looks like numbers)."""
    import pandas as pd

    values = _column_of(frame, name, column)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return
    if values.dtype == object and values.map(lambda v: type(v) is str).any():
        raise CheckFailed(_("The column `{column}` of `{name}` holds text, not numbers, so sums and "
                            "comparisons such as `> 100` do not work on it. Convert it with "
                            "`.astype(float)` (or `.astype(int)` for whole numbers), or with "
                            "`pd.to_numeric(...)`.", column=column, name=name))
    kinds = column_kinds(values)
    if kinds == ["True/False values"]:
        how = _("To count the rows where a condition is True, add it up with `.sum()`; to keep it as numbers, "
                "convert it with `.astype(int)`.")
    elif kinds == ["dates"]:
        how = _("Keep the dates in their own column, and compute the number you need from them.")
    else:
        how = _("Convert it with `.astype(float)` or `pd.to_numeric(...)`.")
    raise CheckFailed(_("The column `{column}` of `{name}` should hold numbers, but it holds {kind}.",
                        column=column, name=name, kind=column_kind(values)) + " " + how)


def expect_dates(frame, name: str, column: str) -> None:
    """The column `column` of the table `name` holds dates (not text that looks like dates)."""
    import pandas as pd

    values = _column_of(frame, name, column)
    if pd.api.types.is_datetime64_any_dtype(values):
        return
    if values.dtype == object and values.map(lambda v: type(v) is str).any():
        raise CheckFailed(_("The column `{column}` of `{name}` holds text, not dates, so comparing or "
                            "subtracting dates does not work on it. Convert it with `pd.to_datetime(...)`, "
                            "giving `format=` when you know how the dates are written.", column=column, name=name))
    raise CheckFailed(_("The column `{column}` of `{name}` should hold dates, but it holds {kind}. Convert it "
                        "with `pd.to_datetime(...)`, giving `format=` when you know how the dates are written.",
                        column=column, name=name, kind=column_kind(values)))


_SORT_MESSAGES = {
    True: N_("{what} should be sorted from the smallest to the largest, but {first} comes before {second} "
             "(positions {i} and {j}). Sort with `.sort_values(...)`."),
    False: N_("{what} should be sorted from the largest to the smallest, but {first} comes before {second} "
              "(positions {i} and {j}). Sort with `.sort_values(..., ascending=False)`."),
}


def expect_sorted(values, ascending: bool, what: str) -> None:
    """`values` (a column, Series or list) are in order; empty values may only come last.

    `what` names the values for the trainee, e.g. "The `n_reports` column of `top`"."""
    data = as_plain(values, what)
    if isinstance(data, dict):
        data = data.get("values", [])
    if not isinstance(data, list):
        raise CheckFailed(_("{what} should be a column or a list of values.", what=what))
    filled = [v for v in data if v is not None]
    if data[:len(filled)] != filled:
        raise CheckFailed(_("{what} has empty values before filled ones. Empty values should come last, "
                            "as `.sort_values(...)` leaves them.", what=what))
    for i, (a, b) in enumerate(zip(filled, filled[1:])):
        try:
            wrong = a > b if ascending else a < b
        except TypeError:
            raise CheckFailed(_("{what} mixes text and numbers, so it cannot be sorted. Convert it to "
                                "numbers first, with `.astype(float)` or `pd.to_numeric(...)`.", what=what)) from None
        if wrong:
            raise CheckFailed(_(_SORT_MESSAGES[bool(ascending)], what=what, first=repr(a), second=repr(b),
                                i=i, j=i + 1))


# --- charts for a report: the pieces every chart question checks the same way -------------

def expect_one_chart(fig):
    """The one set of axes of a trainee's figure (as `course.transport` recorded it)."""
    from course.transport import PlainFigure

    if type(fig) is not PlainFigure:
        raise CheckFailed(_("`fig` should be a matplotlib figure, e.g. from `fig, ax = plt.subplots()`."))
    if len(fig.axes) != 1:
        raise CheckFailed(_("`fig` should hold one chart; it holds {count}.", count=len(fig.axes)))
    return fig.axes[0]


def expect_printable_text(ax, title_advice: str) -> None:
    """A title, and text that the report's printer can show. In the English edition that means no
    Chinese characters in the title or axis labels (the printer may lack a Chinese font); in an
    edition in Chinese the course's chart style carries a CJK font (`course.style`), so Chinese is
    what the chart should speak."""
    import re

    from course.i18n import language

    if not ax.title.strip():
        raise CheckFailed(title_advice)
    if language().startswith("zh"):
        return
    if re.search(r"[\u3400-\u9fff]", ax.title + ax.xlabel + ax.ylabel):
        raise CheckFailed(_("The title or an axis label contains Chinese characters. The computer that "
                            "prints the report may lack a Chinese font and show empty boxes: write the "
                            "text inside the chart in English or pinyin."))


def too_pale(colour: str | None) -> bool:
    """True for a bar colour that nearly vanishes on white paper (relative luminance, WCAG)."""
    if not colour:
        return False
    from matplotlib.colors import to_rgb

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (1.05 / (luminance + 0.05)) < 1.5   # contrast with white below 1.5 : 1


_CHART_PART = {  # part -> (its name in a sentence, a message when it is empty)
    "title": (N_("The chart's title"), N_("The chart has no title yet.")),
    "xlabel": (N_("The label of the horizontal axis"), N_("The horizontal axis has no label yet.")),
    "ylabel": (N_("The label of the vertical axis"), N_("The vertical axis has no label yet.")),
    "xticks": (N_("The labels under the horizontal axis"), N_("The horizontal axis has no tick labels.")),
    "yticks": (N_("The labels beside the vertical axis"), N_("The vertical axis has no tick labels.")),
    "legend": (N_("The legend"), N_("The chart has no legend yet: give each bar or line a `label=` and call "
                                    "`ax.legend()`.")),
}


def chart_texts(ax) -> dict[str, list[str]]:
    """Every text a reader sees on one set of axes, by part: title, xlabel, ylabel, xticks,
    yticks, legend, notes (annotations written on the chart)."""
    return {"title": [ax.title], "xlabel": [ax.xlabel], "ylabel": [ax.ylabel],
            "xticks": list(ax.xticklabels), "yticks": list(ax.yticklabels), "legend": list(ax.legend),
            "notes": list(ax.texts)}


def expect_chart_words(ax, **parts) -> None:
    """Each part of a chart mentions the given words (case-insensitive).

    `ax` is one set of axes as checks receive it (`expect_one_chart(fig)`). Parts, each a list
    of words: `title`, `xlabel`, `ylabel` (the word appears in that text), `xticks`, `yticks`,
    `legend` (the word appears in at least one of the entries). Example:
    ``expect_chart_words(ax, title=["pension"], ylabel=["yuan"], legend=["2024", "2025"])``.
    The words should be ones the question asks for, since the message names them."""
    texts = chart_texts(ax)
    for part, words in parts.items():
        if part not in _CHART_PART:
            raise TypeError(f"expect_chart_words: unknown part {part!r}")
        found = [str(t) for t in texts[part] if str(t).strip()]
        label, empty = _CHART_PART[part]
        for word in words:
            if not found:
                raise CheckFailed(_(empty) + " " + _("It should mention “{word}”.", word=word))
            if not any(word.casefold() in t.casefold() for t in found):
                shown = "; ".join(found[:12]) + (" …" if len(found) > 12 else "")
                raise CheckFailed(_("{part} should mention “{word}”. It reads: {shown}.",
                                    part=_(label), word=word, shown=shown))


def bars_by_label(ax, horizontal: bool, label=lambda t: t.strip() or None) -> list | None:
    """What each bar of a bar chart says: [(label, value)] for each bar, in order along the axis
    the bars stand on, or None when the chart does not say which bar is which.

    A bar is named by its own position when that is itself a label (a bar standing at 2023 on a
    numeric axis), else by the tick label under it (or beside it, for `horizontal` bars), ticks
    and bars taken in order along the axis. `label` turns a tick's text (a str) or a bar's
    position (a float) into a label, or None when it is not one; the default takes tick texts
    and no positions. The value is the bar's signed height (its width when horizontal)."""
    bars = sorted(ax.bars, key=lambda b: (b["y"] + b["height"] / 2) if horizontal else (b["x"] + b["width"] / 2))
    centres = [(b["y"] + b["height"] / 2) if horizontal else (b["x"] + b["width"] / 2) for b in bars]
    values = [b["width"] if horizontal else b["height"] for b in bars]

    def named(x):
        try:
            return label(x)
        except (AttributeError, TypeError, ValueError):
            return None

    by_position = [named(round(c, 6)) for c in centres]
    if None not in by_position and len(set(by_position)) == len(bars):
        return list(zip(by_position, values))
    ticks = [t for t in (ax.yticklabels if horizontal else ax.xticklabels) if t.strip()]
    names = [named(t.strip()) for t in ticks]
    if len(names) == len(bars) and None not in names:
        return list(zip(names, values))
    return None
