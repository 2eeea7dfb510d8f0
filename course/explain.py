"""A trainee's own error, explained in plain words, with the trainee's line.

When an answer cell stops with an exception, Python shows a traceback: dozens of lines,
most of them inside pandas. A lawyer needs three things instead: which of *their* lines
stopped, what the error means in words, and what to try. `install()` (called when a
course checks module is imported in a notebook) sets an IPython custom exception handler
that shows exactly that, then Python's own last line (``KeyError: 'x'``) and how to see
the full traceback (``%tb``). The cell still fails: the handler publishes an error
output, as IPython's own traceback does, so nbgrader scores the cell exactly as before.
A course check's `CheckFailed` keeps its own rendering.

`course.checking.call()` uses the same sentences when a trainee's function crashes inside a
check; in class that function runs in the sandbox, whose runner sends the trainee's line
across with the error as plain data (`trainee_line`).

Every sentence is whole, with named placeholders, so that it can be translated.
"""
from __future__ import annotations

import linecache
import re
import sys

from course.i18n import N_, translator

RED, BOLD, RESET = "\x1b[31m", "\x1b[1m", "\x1b[0m"
_ = translator()
NOT_ANSWERED = N_("you have not answered this yet")

# --- where in the trainee's code --------------------------------------------------------

_CELL_FILE = re.compile(r"^<ipython-input-\d+-[0-9a-f]+>$|[/\\]ipykernel_\d+[/\\]\d+\.py$")


def _is_cell(filename: str) -> bool:
    """Is this code file a notebook cell (IPython's or ipykernel's name for one)?"""
    if _CELL_FILE.search(filename or ""):
        return True
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except Exception:  # pragma: no cover - IPython is always installed with the course
        shell = None
    return bool(shell is not None and filename in getattr(shell.compile, "_filename_map", {}))


def trainee_line(tb) -> dict | None:
    """The last traceback frame that is in a notebook cell, as plain data:
    ``{"line": number in the cell, "text": that line, "function": name or None}``."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if _is_cell(code.co_filename):
            found = (code.co_filename, tb.tb_lineno, code.co_name)
        tb = tb.tb_next
    if found is None:
        return None
    filename, line, function = found
    text = linecache.getline(filename, line).strip()
    return {"line": line, "text": text[:300], "function": None if function == "<module>" else function}


def _where_sentence(where: dict | None) -> str | None:
    if not where:
        return None
    line, text, function = where.get("line"), where.get("text") or "", where.get("function")
    if where.get("unreadable"):
        return _("Python could not read line {line} of the cell:  {text}", line=line, text=text)
    if function:
        return _("It stopped in your function `{function}`, at line {line} of its cell:  {text}", function=function, line=line, text=text)
    return _("It stopped at line {line} of the cell:  {text}", line=line, text=text)


# --- what it means ------------------------------------------------------------------------

def _quoted(evalue: str) -> str:
    """A KeyError's value as the trainee wrote it: 'x' stays 'x'; pandas' "['x'] not in index"
    and "None of [Index(['x', 'y'], ...)] are in the [columns]" become 'x' and 'x', 'y'."""
    v = evalue.strip()
    m = re.search(r"\[Index\(\[(.*?)\]", v) or re.search(r"\[(.*?)\] not in index", v)
    if m:
        return m.group(1)
    return v or "(empty)"


def _date_text(evalue: str) -> tuple[str | None, str | None]:
    """The text pandas could not read as a date, and its position, from pandas' message."""
    m = re.search(r'time data "?(.*?)"? doesn\'t match format', evalue) or \
        re.search(r"unable to parse:? (.*?)(?:, at position \d+|$)", evalue) or \
        re.search(r"(?:String|Given date string) \"?(.*?)\"? (?:does not contain a date|not likely a datetime)", evalue) or \
        re.search(r"day is out of range for month: (.*?)(?:, at position \d+|$)", evalue) or \
        re.search(r"month must be in 1\.\.12: (.*?)(?:, at position \d+|$)", evalue)
    pos = re.search(r"at position (\d+)", evalue)
    return (m.group(1) if m else None), (pos.group(1) if pos else None)


_TEXT_AND_NUMBER = re.compile(r"'str'.*'(int|float)'|'(int|float)'.*'str'|concatenate str|"
                              r"can't multiply sequence|can only concatenate|must be str, not (int|float)|"
                              r"unsupported operand type\(s\).*str|Cannot compare|Invalid comparison|"
                              r"not supported between instances of '(str|int|float)' and '(str|int|float)'")


_FULL_WIDTH = {"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "，": ",", "：": ":", "；": ";",
               "【": "[", "】": "]", "。": ".", "！": "!", "＝": "=", "《": "<", "》": ">", "、": ","}

_TEXT_METHODS = {"upper", "lower", "strip", "lstrip", "rstrip", "split", "replace", "startswith", "endswith",
                 "zfill", "isdigit", "isnumeric", "find", "title", "capitalize", "rsplit", "partition"}
_DATE_PARTS = {"year", "month", "day", "hour", "minute", "second", "date", "weekday", "dayofweek", "quarter",
               "days", "strftime", "to_period", "floor", "normalize"}
_RENAMED = {  # a method trainees remember from older pandas or from lists: its name today
    "sort": "`.sort_values(...)`", "append": "`pd.concat([first, second])`",
    "iteritems": "`.items()`", "ix": N_("`.loc[...]` (by label) or `.iloc[...]` (by position)"),
}


def _attribute_error(v: str) -> tuple[str, list[str]]:
    """An AttributeError explained: pandas' accessor errors first, then the common slips."""
    if "Can only use .dt accessor" in v:
        return _("this column does not hold dates"), [
            _("`.dt` gives the parts of dates, but this column holds text (or numbers), not dates."),
            _("Convert it first with `pd.to_datetime(...)`, for example `table[\"day\"] = "
              "pd.to_datetime(table[\"day\"])`, giving `format=` when you know how the dates are "
              "written; then `.dt.year` and the other parts work.")]
    if "Can only use .str accessor" in v:
        return _("this column does not hold text"), [
            _("`.str` gives text methods, but this column holds dates or numbers, not text."),
            _("For the year of a date, use `.dt.year` (and `.dt.month`, `.dt.day`) instead; to treat "
              "the values as text, convert them first with `.astype(str)`.")]
    module = re.search(r"module '([\w.]+)' has no attribute '([^']+)'", v)
    if module:
        return _("no such function"), [
            _("The module `{module}` has no function or value called `{name}`. Check its spelling and "
              "capitals against the lecture notebook (for example `pd.read_csv`, `pd.to_datetime`).", module=module.group(1), name=module.group(2))]
    m = re.search(r"'(\w+)' object has no attribute '([^']+)'", v)
    if not m:
        return _("no such attribute"), [
            _("Your code asked a value for something it does not have. Check the spelling, and check "
              "that the value is the kind you expect (`type(x)` tells).")]
    kind, attr = m.group(1), m.group(2)
    if kind == "Series" and attr in ("columns", "merge", "join", "itertuples", "iterrows", "set_index",
                                     "pivot_table", "melt"):
        return _("a Series is not a table"), [
            _("You have a Series (one column), which has no `.{attr}`: a table (DataFrame) has.", attr=attr),
            _("To get a table, select with a list of columns, `table[[\"a\", \"b\"]]`, or use "
              "`.to_frame()` or `.reset_index()`.")]
    if kind in ("Series", "DataFrame") and attr in _RENAMED:
        return _("this method has another name in pandas"), [
            _("pandas has no `.{attr}` (it was removed or never existed): use {instead} instead.", attr=attr, instead=_(_RENAMED[attr]))]
    if kind == "DataFrame" and attr in ("str", "dt"):
        return _("a table has no text or date methods"), [
            _("`.{attr}` works on one column, not on a whole table. Pick the column first, for example "
              "`table[\"name\"].{attr}...`.", attr=attr)]
    if kind == "Series" and attr in _TEXT_METHODS:
        return _("text methods of a column are under .str"), [
            _("A column has no `.{attr}()` of its own: its text methods are under `.str`. Write "
              "`column.str.{attr}(...)`, which applies it to every value (and leaves empty values "
              "empty).", attr=attr)]
    if kind == "Series" and attr in _DATE_PARTS:
        return _("date parts of a column are under .dt"), [
            _("A column has no `.{attr}` of its own: the parts of its dates are under `.dt`. Write "
              "`column.dt.{attr}`; if the column holds text, convert it first with "
              "`pd.to_datetime(...)`.", attr=attr)]
    if kind == "DataFrame":
        return _("the table has no column or method of that name"), [
            _("The table has no column and no method called `{attr}`. If `{attr}` is meant to be a "
              "column, check its spelling and capitals against `table.columns`: a column name may hold "
              "a space at its end or have been renamed by a merge (`_x`, `_y`).", attr=attr),
            _("Write a column as `table[\"{attr}\"]`: this also works for names with spaces, and a "
              "missing name then says which name pandas could not find.", attr=attr)]
    if kind == "Series":
        return _("a column has no method of that name"), [
            _("A pandas Series (one column) has no `.{attr}`. Check the spelling; text methods are "
              "under `.str` and the parts of dates under `.dt`.", attr=attr)]
    if kind in ("DataFrameGroupBy", "SeriesGroupBy"):
        return _("a grouping needs a calculation"), [
            _("`groupby(...)` only sorts the rows into groups; the groups have no `.{attr}`. Say what "
              "to compute for each group, for example `.size()`, `.sum()`, `.nunique()` or "
              "`.agg(...)`, or pick a column first: `table.groupby(\"a\")[\"b\"].sum()`.", attr=attr)]
    if kind in ("Timestamp", "datetime", "date") and attr in ("dt", "str"):
        return _("this is one date, not a column"), [
            _("`.{attr}` is for a whole column; a single date has its parts directly: write `.year`, "
              "`.month` or `.day` without `.dt`.", attr=attr)]
    if kind == "str" and attr in ("str", "dt"):
        return _("this is one text, not a column"), [
            _("`.{attr}` is for a whole column; a single text has its methods directly, for example "
              "`text.strip()`, and a date written as text must first be read with "
              "`pd.to_datetime(text)`.", attr=attr)]
    if kind == "float" and attr in _TEXT_METHODS:
        return _("an empty value among texts"), [
            _("A text method `.{attr}()` met a number: usually an empty value (NaN), which pandas "
              "stores as a number, among the texts.", attr=attr),
            _("Use the column's `.str.{attr}(...)`, which leaves empty values empty, or fill them "
              "first with `.fillna(\"\")`.", attr=attr)]
    if kind == "NoneType":
        return _("a value is empty (None)"), [
            _("The value has nothing in it (None), so it has no `.{attr}`. Often a function has no "
              "`return` line, or a pandas call with `inplace=True` returned None: write `table = "
              "table.sort_values(...)` without `inplace=True`.", attr=attr)]
    words = {"str": N_("A text"), "int": N_("A whole number"), "float": N_("A decimal number"),
             "list": N_("A list"), "dict": N_("A dictionary"), "tuple": N_("A tuple"),
             "bool": N_("A True/False value")}.get(kind)
    what = (_("{words} (Python type `{kind}`)", words=_(words), kind=kind) if words
            else _("A value of type `{kind}`", kind=kind))
    return _("no such attribute"), [
        _("{what} has no `.{attr}`. Check the spelling, and check that the value is the kind you "
          "expect (`type(x)` tells).", what=what, attr=attr)]


def explain(ename: str, evalue: str, where: dict | None = None) -> tuple[str, list[str]]:
    """(a short title, one or two plain sentences) for an error of kind `ename` saying `evalue`.

    Works from the error's name and text only, so that it serves an error carried across the
    sandbox as well as one raised here."""
    v = evalue or ""
    if ename == "NotImplementedError":
        return _(NOT_ANSWERED), [
            _("This cell still holds the line `raise NotImplementedError()`, which only stands in for "
              "your answer."),
            _("Replace that line with your answer, then run the cell again.")]
    if ename == "KeyError":
        return _("a name was not found"), [
            _("There is no column, label or key called {key} here. Check its spelling and capitals; "
              "`table.columns` lists a table's columns.", key=_quoted(v)),
            _("If the name is in the table's index rather than its columns, add `.reset_index()` first.")]
    if ename == "IndexError":
        return _("a position does not exist"), [
            _("Your code asked for a position that does not exist: the list, text or table is shorter "
              "than expected, or empty. Positions start at 0, so the last of 5 items is at position 4."),
            _("Check how many items there are with `len(...)` before taking one by its position.")]
    if ename in ("DateParseError", "OutOfBoundsDatetime") or (
            ename == "ValueError" and re.search(r"time data|unable to parse|datetime|date string|"
                                                r"day is out of range|month must be", v)):
        text, pos = _date_text(v)
        if text and pos:
            first = (_("pandas could not read the text '{text}' (row position {pos}) as a date.", text=text, pos=pos))
        elif text:
            first = _("pandas could not read the text '{text}' as a date.", text=text)
        else:
            first = _("pandas could not read some text as a date.")
        return _("a date could not be read"), [
            first,
            _("Tell pandas how the dates are written, for example `pd.to_datetime(column, "
              "format=\"%Y-%m-%d\")`, or add `errors=\"coerce\"` to turn unreadable dates into empty "
              "values (NaT) and then look at those rows.")]
    if ename == "ValueError" and re.search(r"could not convert string to float|invalid literal for int|"
                                           r"Unable to parse string", v):
        m = re.search(r":\s*(.*)$", v)
        text = m.group(1).strip() if m else ""
        return _("a text could not be read as a number"), [
            _("Python could not read the text {text} as a number.", text=text) if text else
            _("Python could not read some text as a number."),
            _("Look at that value: it may hold spaces, a unit or a comma. `pd.to_numeric(column, "
              "errors=\"coerce\")` turns unreadable values into empty ones so that you can find them; "
              "where the text stands for zero (a `-` for no bytes, say), fill them with `.fillna(0)`.")]
    if ename == "TypeError" and re.search(r"ufunc '(bitwise_and|bitwise_or)'|unsupported operand type\(s\) for [&|]", v):
        return _("two conditions were combined without brackets"), [
            _("`&` and `|` are worked out before `>`, `<` and `==`, so `a == 1 & b > 2` does not mean "
              "what it says."),
            _("Put each condition in its own brackets: `(a == 1) & (b > 2)`.")]
    if ename == "UnboundLocalError":
        m = re.search(r"variable '([^']+)'|local variable '([^']+)'", v)
        name = next((g for g in (m.groups() if m else ()) if g), "a name")
        return _("a name was used before it got a value"), [
            _("Your function uses `{name}`, but on this input no line gave `{name}` a value: none of "
              "your `if` or `elif` lines matched.", name=name),
            _("Add the missing case, or an `else:` that gives it a value.")]
    if ename == "TypeError" and re.search(r"dtype=period\[|'Period'", v):
        return _("a month was compared with a date"), [
            _("One side holds months (made with `.dt.to_period(\"M\")`), the other dates, and Python "
              "cannot compare the two."),
            _("Compare like with like: make both sides months, `a.dt.to_period(\"M\") > "
              "b.dt.to_period(\"M\")`, or compare the two dates.")]
    if ename == "TypeError" and re.search(r"dtype=datetime64\[[a-z]+\] and str|between dtype=datetime64.* and object", v):
        return _("a date was compared with text"), [
            _("One side holds dates, the other text that only looks like a date."),
            _("Turn the text into dates first with `pd.to_datetime(...)`, then compare.")]
    if ename == "TypeError" and re.search(r"can only concatenate str|for \+: '(int|float)' and 'str'|"
                                          r"for \+: 'str' and '(int|float)'", v):
        return _("text and a number were joined with +"), [
            _("`+` joins two texts or adds two numbers, but it cannot join a text and a number."),
            _("To put a number inside a text, write an f-string, `f\"{years} years\"`, or `str(years)`. "
              "If a column read from a file holds its numbers as text, convert it first with "
              "`.astype(int)` or `.astype(float)`. Python stops at the first such line: look for the "
              "same mix on the other lines too.")]
    if ename == "TypeError" and _TEXT_AND_NUMBER.search(v):
        return _("text and numbers were mixed"), [
            _("Python does not add, compare or sort text together with numbers. A column read from a "
              "file may hold its numbers as text."),
            _("Convert the text to numbers with `.astype(int)`, `.astype(float)` or "
              "`pd.to_numeric(...)`, or a number to text with `str(...)`.")]
    if ename == "TypeError" and re.search(r"positional argument|keyword argument|takes \d+|missing \d+ required", v):
        return _("a function was called with the wrong inputs"), [
            _("A function was given more or fewer inputs than its `def` line names, or an input name "
              "it does not know."),
            _("Compare the call with the function's `def` line.")]
    if ename == "ZeroDivisionError":
        return _("a division by zero"), [
            _("Your code divided a number by zero, which has no answer."),
            _("Decide what the answer should be when there is nothing to divide by, and check for zero "
              "first, for example `if total == 0:`.")]
    if ename == "NameError":
        m = re.search(r"name '([^']+)' is not defined", v)
        name = m.group(1) if m else _("this name")
        function = (where or {}).get("function")
        if function:   # "run the cells above" does not help inside a function
            return _("a name is not known inside your function"), [
                _("Your function `{function}` uses `{name}`, which it does not know. A function knows its "
                  "inputs (the names in its `def` line), the names it sets itself, and the names the "
                  "notebook set before it was called. Check the spelling, or give `{name}` to the function "
                  "as an input.", function=function, name=name),
                _("If you meant the text \"{name}\", write it in quotes.", name=name)]
        return _("a name is not known yet"), [
            _("Python does not know `{name}` yet. Either it is spelled differently where it was "
              "created, or the cell that creates it has not run since the notebook was opened. If you "
              "meant the text \"{name}\" (a dictionary key or a column name), write it in quotes; a new "
              "name gets its value with `=` first, for example `total = 0` or `found = {{}}`.", name=name),
            _("Run the cells above this one (Run > Run All Above), or restart and run everything "
              "(Kernel > Restart Kernel and Run All Cells).")]
    if ename == "AttributeError":
        return _attribute_error(v)
    if ename == "FileNotFoundError":
        m = re.search(r"'([^']+)'", v)
        name = m.group(1) if m else _("the file")
        return _("a file was not found"), [
            _("There is no file {name} where Python looked. Check the name and the folder.", name=name),
            _("Load the course's data with `course.data.load(\"name\")` or find its files with "
              "`course.data.path(\"name\")`: both work wherever the notebook runs.")]
    if ename == "IndentationError":
        return _("the indentation is wrong"), [
            _("The lines inside a `def`, `if` or `for` must all start with the same number of spaces "
              "(4 is usual), and a line ending in `:` needs at least one indented line after it.")]
    m = re.search(r"invalid character '(.)'", v) if ename == "SyntaxError" else None
    if m:   # the Chinese input method was on: （ ） “ ” ， ： and friends
        wide = m.group(1)
        ascii_form = _FULL_WIDTH.get(wide)
        if ascii_form:
            first = _("The line holds the full-width character {wide}, where Python needs `{ascii_form}`. "
                      "Python reads only the English forms of brackets, quotes, commas and colons.",
                      wide=wide, ascii_form=ascii_form)
        else:
            first = _("The line holds the full-width character {wide}. Python reads only the English "
                      "forms of brackets, quotes, commas and colons.", wide=wide)
        return _("a Chinese punctuation mark in the code"), [
            first,
            _("Switch the input method to English while you write code (often the Shift key), and type "
              "the marks of that line again.")]
    if ename == "SyntaxError" and re.search(r"'(return|yield)' outside function", v):
        return _("`return` stands outside a function"), [
            _("`return` can stand only inside a function: every line of the function's body, the "
              "`return` line too, is indented under its `def ...:` line (4 spaces is usual)."),
            _("Indent the lines that belong to the function.")]
    if ename == "SyntaxError":
        return _("Python could not read the code"), [
            _("A line is not valid Python: a bracket or a quote may be missing or extra, or a `:` "
              "missing at the end of an `if`, `def` or `for` line."),
            _("Look at the line shown, and at the line before it.")]
    if ename == "ValueError":
        return _("a value could not be used"), [
            _("A function received a value of the right kind that it cannot work with. Python's "
              "message below says which.")]
    if ename == "TypeError":
        return _("a value of the wrong kind"), [
            _("A function or an operator received a value of a kind it does not accept. `type(x)` "
              "tells what a value is.")]
    if ename in ("error", "PatternError") and re.search(r"at position \d+|repeat|unterminated|unbalanced", v):
        # re.error: a pattern (regular expression) that does not compile
        at = (" " + _("If the pattern was made by joining signs with `|`, the position counts the "
                      "characters of the joined pattern.") if "position" in v else "")
        if "repeat" in v:
            return _("a pattern could not be read"), [
                _("`*`, `+` and `?` repeat the character before them, so a pattern cannot start with one "
                  "or hold two in a row (as in `/**/`).") + at,
                _("To find a real star, plus or question mark, write `\\*`, `\\+` or `\\?`; `re.escape(text)` "
                  "escapes a whole sign.")]
        return _("a pattern could not be read"), [
            _("A bracket of the pattern is not closed, or a special character is not escaped: `(` "
              "needs `)` and `[` needs `]`.") + at,
            _("A real `(`, `[`, `.` or `*` is written with a backslash before it: `\\(`, `\\[`, `\\.`, "
              "`\\*`.")]
    if ename == "UnicodeDecodeError":
        return _("a file is not text"), [
            _("The file holds bytes that are not text (a picture, a PDF, a ZIP archive, ...), so "
              "`.read_text()` or `open(...)` in text mode cannot read it."),
            _("To compute its check value, read its bytes with `path.read_bytes()`. A text file in "
              "another encoding reads with that encoding named, for example "
              "`.read_text(encoding=\"gbk\")`.")]
    if ename == "IOException" and "No files found" in v:   # DuckDB's read_parquet/read_csv
        return _("no file matches the query's path"), [
            _("DuckDB found no file at the path or pattern that the query names."),
            _("Check the text inside `read_parquet('...')`: it must be a file name or a pattern such "
              "as `payments_glob`. A table put into the query with `{...}` gives its printed rows "
              "instead of a file name.")]
    return f"`{ename}`", [_("Python's message below says what went wrong.")]


def plain_words(ename: str, evalue: str, where: dict | None = None) -> str:
    """The explanation as one paragraph, for a check's failure message."""
    sentences = explain(ename, evalue, where)[1]
    at = _where_sentence(where)
    return " ".join(sentences) + (f"\n{at}" if at else "")


def last_line(ename: str, evalue: str) -> str:
    """Python's own last line (`KeyError: 'x'`), kept to its first line: pandas adds advice
    lines that the explanation gives in plainer words."""
    first = evalue.strip().splitlines()[0] if evalue.strip() else ""
    first = re.sub(r"\.?\s*You might want to try:?$", ".", first)
    evalue = first if len(first) <= 300 else first[:300] + " …"
    return _("{ename}: {evalue}", ename=ename, evalue=evalue) if evalue else ename


def render(etype, value, tb) -> list[str]:
    """The lines shown in place of a traceback."""
    ename = etype.__name__
    evalue = str(value)   # a KeyError's text is already quoted: 'x'
    if issubclass(etype, SyntaxError):
        evalue = value.msg or ""
        # A syntax error found while compiling carries no text: the cell's lines are in linecache.
        text = value.text or (linecache.getline(value.filename, value.lineno) if value.filename else "")
        where = ({"line": value.lineno, "text": text.strip(), "function": None, "unreadable": True}
                 if value.lineno else None)
    else:
        where = trainee_line(tb)
    title, sentences = explain(ename, evalue, where)
    at = _where_sentence(where)
    if ename == "NotImplementedError":   # the placeholder of an unanswered cell: not an error of the trainee
        head = _("You have not answered this yet.")
        return [f"{RED}{BOLD}✘ {head}{RESET}"] + ([at] if at else []) + [""] + sentences
    head = _("Your code stopped with an error: {title}.", title=title)
    lines = [f"{RED}{BOLD}✘ {head}{RESET}"]
    if at:
        lines.append(at)
    lines.append("")
    lines += sentences
    lines.append("")
    lines.append(_("Python's message: {message}", message=last_line(ename, evalue)))
    lines.append(_("To see the full traceback, run `%tb` in a new cell."))
    return lines


# --- the IPython handler ------------------------------------------------------------------

def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler (`set_custom_exc`). IPython ignores its return value
    in `run_code`, so it shows the error itself: through `shell._showtraceback`, which in a
    kernel publishes the error output nbgrader scores by. It also leaves the error where
    `%tb` finds it."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    if hasattr(value, "_render_traceback_"):  # CheckFailed and friends keep their own rendering
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    stb = render(etype, value, tb)
    shell._showtraceback(etype, value, stb)
    return stb


def _syntax_handler(shell, original):
    """`shell.showsyntaxerror` that explains the error as `_handler` does; anything it cannot
    read goes to IPython's own."""
    def show(filename=None, running_compiled_code=False):
        etype, value, tb = sys.exc_info()
        if etype is None or not issubclass(etype, SyntaxError):
            return original(filename, running_compiled_code)
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
        shell._showtraceback(etype, value, render(etype, value, tb))
    return show


def install() -> bool:
    """Explain trainees' errors in this IPython session (once; nothing outside IPython).
    True when the handler is in place."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if getattr(shell, "_course_explains_errors", False):
        return True
    if shell.custom_exceptions:  # someone else's handler: leave it alone
        return False
    shell.set_custom_exc((Exception,), _handler)
    # Some syntax errors ("'return' outside function") are found when the cell is compiled, and
    # IPython shows those through `showsyntaxerror`, past the custom handler.
    shell.showsyntaxerror = _syntax_handler(shell, shell.showsyntaxerror)
    shell._course_explains_errors = True
    return True
