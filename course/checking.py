"""What a failed check looks like to a trainee, and the helpers hidden tests use.

A check that fails raises `CheckFailed`, an AssertionError, so nbgrader scores the test
cell as failed. In Jupyter it renders as one short message in plain words instead of a
Python traceback: what was expected, what was found, what to try. It never prints the
expected answer.
"""
from __future__ import annotations

from course.plain import NotPlain, plain, same
from course.transport import NotTransportable

RED, GREEN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


class CheckFailed(AssertionError):
    """A check failed; the message is written for the trainee."""

    def __init__(self, message: str, question: str | None = None):
        super().__init__(message)
        self.message = message
        self.question = question

    def _render_traceback_(self):
        # IPython calls this instead of printing a traceback (and nbgrader stores it).
        title = f"Not yet: {self.question}" if self.question else "Not yet"
        lines = [f"{RED}{BOLD}✘ {title}{RESET}"]
        lines += [f"{RED}{line}{RESET}" if line else "" for line in self.message.splitlines()]
        return lines

    def __str__(self) -> str:
        return self.message


def passed(message: str) -> None:
    print(f"{GREEN}{BOLD}✔ {message}{RESET}")


def as_plain(value, what: str):
    """`plain(value)`, with a trainee-facing message when the answer is not ordinary data."""
    try:
        return plain(value, what)
    except NotPlain as exc:
        raise CheckFailed(f"{str(exc)[0].upper()}{str(exc)[1:]}. Build the answer from pandas, "
                          "numbers and text only.") from None


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
    if not same(as_plain(actual, "the result"), plain(expected)):
        raise CheckFailed(message)


def call(function, *args, what: str):
    """Call the trainee's function, turning a crash into a plain-words failure."""
    if not callable(function):
        raise CheckFailed(f"`{what}` should be a function (made with `def`), but it is a "
                          f"{type(function).__name__}.")
    try:
        return function(*args)
    except NotTransportable as exc:
        shown = ", ".join(repr(a) for a in args)
        raise CheckFailed(f"`{what}({shown})` returned something that is not ordinary data: {exc}.") from None
    except NotImplementedError:
        raise CheckFailed(f"`{what}` still contains `raise NotImplementedError()`: you have not answered "
                          "this yet. Replace that line with your answer.") from None
    except Exception as exc:  # the trainee's code crashed: say where, in their terms
        raise CheckFailed(crash_message(what, args, exc)) from None


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
        return (f"`{what}` still contains `raise NotImplementedError()`: you have not answered this yet. "
                "Replace that line with your answer.")
    where = getattr(exc, "where", None) or explain.trainee_line(exc.__traceback__)
    title, _ = explain.explain(kind, evalue)
    return (f"`{what}({shown})` stopped with an error: {title}.\n"
            f"{explain.plain_words(kind, evalue, where)}\n"
            f"Python's message: {explain.last_line(kind, evalue)}")


def expect_frame(value, name: str, columns: list[str] | None = None):
    """Insist on a real DataFrame (not a subclass) with the needed columns, saying what is missing
    and what to do: a Series came instead of a table, or a column sits in the index."""
    import pandas as pd

    if type(value) is pd.Series:
        raise CheckFailed(f"`{name}` should be a pandas table (DataFrame), but it is a Series (a single "
                          "column). To get a table, select columns with a list inside the brackets, "
                          "`table[[\"a\", \"b\"]]`, or turn the Series into a table with `.reset_index()` "
                          "(after a `groupby`) or `.to_frame()`.")
    if type(value) is not pd.DataFrame:
        raise CheckFailed(f"`{name}` should be a pandas table (DataFrame), but it is a "
                          f"{type(value).__name__}.")
    if columns:
        missing = [c for c in columns if c not in value.columns]
        in_index = [c for c in missing if c in [n for n in value.index.names if n is not None]]
        if in_index:
            column = in_index[0]
            raise CheckFailed(f"`{name}` has `{column}` in its index, not as a column (a `groupby` or "
                              f"`set_index` puts it there). Add `.reset_index()` to make `{column}` a "
                              "column again.")
        if missing:
            have = ", ".join(map(str, value.columns))
            raise CheckFailed(f"`{name}` has no column {', '.join(missing)}. Its columns are: "
                              f"{have}.")
    return value


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
        raise CheckFailed(f"The column `{column}` of `{name}` holds text, not numbers, so sums and "
                          f"comparisons such as `> 100` do not work on it. Convert it with "
                          f"`.astype(float)` (or `.astype(int)` for whole numbers), or with "
                          f"`pd.to_numeric(...)`.")
    raise CheckFailed(f"The column `{column}` of `{name}` should hold numbers, but it holds values of "
                      f"type {values.dtype}. Convert it with `.astype(float)` or `pd.to_numeric(...)`.")


def expect_dates(frame, name: str, column: str) -> None:
    """The column `column` of the table `name` holds dates (not text that looks like dates)."""
    import pandas as pd

    values = _column_of(frame, name, column)
    if pd.api.types.is_datetime64_any_dtype(values):
        return
    if values.dtype == object and values.map(lambda v: type(v) is str).any():
        raise CheckFailed(f"The column `{column}` of `{name}` holds text, not dates, so comparing or "
                          f"subtracting dates does not work on it. Convert it with `pd.to_datetime(...)`, "
                          f"giving `format=` when you know how the dates are written.")
    raise CheckFailed(f"The column `{column}` of `{name}` should hold dates, but it holds values of type "
                      f"{values.dtype}. Convert it with `pd.to_datetime(...)`.")


_SORT_MESSAGES = {
    True: "{what} should be sorted from the smallest to the largest, but {first} comes before {second} "
          "(positions {i} and {j}). Sort with `.sort_values(...)`.",
    False: "{what} should be sorted from the largest to the smallest, but {first} comes before {second} "
           "(positions {i} and {j}). Sort with `.sort_values(..., ascending=False)`.",
}


def expect_sorted(values, ascending: bool, what: str) -> None:
    """`values` (a column, Series or list) are in order; empty values may only come last.

    `what` names the values for the trainee, e.g. "The `n_reports` column of `top`"."""
    data = as_plain(values, what)
    if isinstance(data, dict):
        data = data.get("values", [])
    if not isinstance(data, list):
        raise CheckFailed(f"{what} should be a column or a list of values.")
    filled = [v for v in data if v is not None]
    if data[:len(filled)] != filled:
        raise CheckFailed(f"{what} has empty values before filled ones. Empty values should come last, "
                          "as `.sort_values(...)` leaves them.")
    for i, (a, b) in enumerate(zip(filled, filled[1:])):
        try:
            wrong = a > b if ascending else a < b
        except TypeError:
            raise CheckFailed(f"{what} mixes text and numbers, so it cannot be sorted. Convert it to "
                              "numbers first, with `.astype(float)` or `pd.to_numeric(...)`.") from None
        if wrong:
            raise CheckFailed(_SORT_MESSAGES[bool(ascending)].format(what=what, first=repr(a), second=repr(b),
                                                                   i=i, j=i + 1))


# --- charts for a report: the pieces every chart question checks the same way -------------

def expect_one_chart(fig):
    """The one set of axes of a trainee's figure (as `course.transport` recorded it)."""
    from course.transport import PlainFigure

    if type(fig) is not PlainFigure:
        raise CheckFailed("`fig` should be a matplotlib figure, e.g. from `fig, ax = plt.subplots()`.")
    if len(fig.axes) != 1:
        raise CheckFailed(f"`fig` should hold one chart; it holds {len(fig.axes)}.")
    return fig.axes[0]


def expect_printable_text(ax, title_advice: str) -> None:
    """A title, and no Chinese characters in title or axis labels (the printer may lack the font)."""
    import re

    if not ax.title.strip():
        raise CheckFailed(title_advice)
    if re.search(r"[\u3400-\u9fff]", ax.title + ax.xlabel + ax.ylabel):
        raise CheckFailed("The title or an axis label contains Chinese characters. The computer that "
                          "prints the report may lack a Chinese font and show empty boxes: write the "
                          "text inside the chart in English or pinyin.")


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
    "title": ("The chart's title", "The chart has no title yet."),
    "xlabel": ("The label of the horizontal axis", "The horizontal axis has no label yet."),
    "ylabel": ("The label of the vertical axis", "The vertical axis has no label yet."),
    "xticks": ("The labels under the horizontal axis", "The horizontal axis has no tick labels."),
    "yticks": ("The labels beside the vertical axis", "The vertical axis has no tick labels."),
    "legend": ("The legend", "The chart has no legend yet: give each bar or line a `label=` and call `ax.legend()`."),
}


def expect_chart_words(ax, **parts) -> None:
    """Each part of a chart mentions the given words (case-insensitive).

    `ax` is one set of axes as checks receive it (`expect_one_chart(fig)`). Parts, each a list
    of words: `title`, `xlabel`, `ylabel` (the word appears in that text), `xticks`, `yticks`,
    `legend` (the word appears in at least one of the entries). Example:
    ``expect_chart_words(ax, title=["pension"], ylabel=["yuan"], legend=["2024", "2025"])``.
    The words should be ones the question asks for, since the message names them."""
    texts = {"title": [ax.title], "xlabel": [ax.xlabel], "ylabel": [ax.ylabel],
             "xticks": list(ax.xticklabels), "yticks": list(ax.yticklabels), "legend": list(ax.legend)}
    for part, words in parts.items():
        if part not in _CHART_PART:
            raise TypeError(f"expect_chart_words: unknown part {part!r}")
        found = [str(t) for t in texts[part] if str(t).strip()]
        label, empty = _CHART_PART[part]
        for word in words:
            if not found:
                raise CheckFailed(f"{empty} It should mention “{word}”.")
            if not any(word.casefold() in t.casefold() for t in found):
                shown = "; ".join(found[:12]) + (" …" if len(found) > 12 else "")
                raise CheckFailed(f"{label} should mention “{word}”. It reads: {shown}.")
