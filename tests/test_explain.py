"""A trainee's own error is explained in plain words, with the trainee's line (issue 12, section 3)."""
from __future__ import annotations

import pytest

from course import explain
from course.checking import CheckFailed, call


@pytest.fixture
def shell():
    """An IPython shell with the course's handler, as a notebook has after `from course.exercises import ...`."""
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    shown = []
    sh._showtraceback = lambda etype, value, stb: shown.append((etype.__name__, stb))
    sh.showtraceback = lambda *a, **k: shown.append(("showtraceback", a))
    sh.run_cell("from course.exercises import case_data as q\nimport pandas as pd", store_history=False)
    explain.install()   # done by that import in a fresh kernel (see the kernel test); here it may be imported already
    assert sh._course_explains_errors and sh.custom_exceptions == (Exception,)
    shown.clear()
    yield sh, shown
    del sh._showtraceback, sh.showtraceback
    sh.set_custom_exc((), None)          # IPython's default again, for any later test in this process
    sh._course_explains_errors = False


def _run(shell, code):
    sh, shown = shell
    shown.clear()
    result = sh.run_cell(code, store_history=False)
    return result, "\n".join(explain_lines for _, stb in shown for explain_lines in (stb if isinstance(stb, list) else []))


CASES = [  # (cell, error kind, words the explanation must hold)
    ("deaths = pd.DataFrame({'id_number': ['1']})\ndeaths['death_date']", "KeyError",
     ["'death_date'", "`table.columns`", "line 2 of the cell:  deaths['death_date']"]),
    ("deaths = pd.DataFrame({'id_number': ['1']})\ndeaths[['id_number', 'dead_on']]", "KeyError",
     ["called 'dead_on' here", "`.reset_index()`"]),
    ("ids = []\nfirst = ids[0]", "IndexError", ["does not exist", "line 2 of the cell:  first = ids[0]", "len("]),
    ("pd.to_datetime(pd.Series(['2024-01-31', '31/01/2024']))", "ValueError",
     ["'31/01/2024'", "position 1", "format=", "errors=\"coerce\""]),
    ("pd.to_datetime('not a date at all')", "DateParseError", ["as a date", "format="]),
    ("def share(part, total):\n    return part / total\nshare(1, 0)", "ZeroDivisionError",
     ["divided a number by zero", "your function `share`, at line 2 of its cell:  return part / total"]),
    ("print(death_register)", "NameError", ["`death_register`", "Run All Above", "Restart"]),
    ("pd.Series([1, 2]).columns", "AttributeError", ["Series", "`.to_frame()`"]),
    ("pd.DataFrame({'a': [1]}).amount", "AttributeError", ["no column and no method called `amount`", "`table[\"amount\"]`"]),
    ("'80' > 79", "TypeError", ["text together with numbers", "`.astype(int)`"]),
    ("pd.read_csv('deaths_2024.csv')", "FileNotFoundError", ["deaths_2024.csv", "course.data.load"]),
    ("if port == 80\n    print(port)", "SyntaxError", ["could not read line 1 of the cell:  if port == 80", "`:`"]),
    ("def f():\nreturn 1", "IndentationError", ["same number of spaces"]),
    ("m = pd.DataFrame({'ip': ['a'], 't': pd.to_datetime(['2024-01-01'])})\nm['ip'].isin(['a']) & m['t'] > m['t']",
     "TypeError", ["without brackets", "`(a == 1) & (b > 2)`"]),
    ("def part(n):\n    if n > 12:\n        text = 'long'\n    return text\npart(3)", "UnboundLocalError",
     ["`text`", "`else:`"]),
    ("articles = {'theft': 264}\narticles[theft]", "NameError", ["in quotes", "`found = {}`"]),
    ("import re\nre.compile('/**/|union')", "error", ["repeat the character before them", "`\\*`"]),
    ("b'\\x89PNG'.decode('utf-8')", "UnicodeDecodeError", ["a file is not text", "`path.read_bytes()`"]),
    ("def describe(case):\n    return txt\ndescribe(1)", "NameError",
     ["not known inside your function", "your function `describe`", "as an input"]),
    ("s = pd.Series(pd.to_datetime(['2024-01-05']))\ns.dt.to_period('M') > s", "TypeError",
     ["a month was compared with a date", "`a.dt.to_period(\"M\") > b.dt.to_period(\"M\")`"]),
    ("print（'a'）", "SyntaxError", ["full-width character （", "needs `(`", "input method to English"]),
    ("years = 2\ntext = years + ' years'", "TypeError", ["f-string", "`str(years)`", "other lines"]),
    ("import duckdb\nduckdb.sql(\"SELECT count(*) FROM read_parquet('no-such-folder/*.parquet')\")", "IOException",
     ["no file matches", "`payments_glob`"]),
]


@pytest.mark.parametrize("code, kind, words", CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_an_error_is_explained_with_the_trainees_line(shell, code, kind, words):
    result, text = _run(shell, code)
    err = result.error_in_exec or result.error_before_exec
    assert type(err).__name__ == kind
    assert "Your code stopped with an error" in text
    for w in words:
        assert w in text, (w, text)
    assert f"Python's message: {kind}" in text          # the original last line
    assert "%tb" in text and "Traceback (most recent call last)" not in text
    assert len(text.splitlines()) <= 10


def test_a_syntax_error_found_while_compiling_is_explained_too(shell, monkeypatch):
    # IPython shows these through showtraceback -> showsyntaxerror, past the custom handler:
    # use its real showtraceback here (the fixture stubs it).
    sh, shown = shell
    monkeypatch.delattr(sh, "showtraceback")
    result, text = _run(shell, "def f(x):\n    y = 1\nreturn y")
    assert isinstance(result.error_before_exec, SyntaxError) and not result.success
    for w in ["`return` stands outside a function", "line 3 of the cell:  return y", "Indent",
              "Python's message: SyntaxError: 'return' outside function"]:
        assert w in text, (w, text)


def test_the_cell_still_fails_and_tb_shows_the_full_traceback(shell):
    sh, shown = shell
    result, _ = _run(shell, "[1, 2][5]")
    assert not result.success and isinstance(result.error_in_exec, IndexError)
    import sys

    assert sys.last_value is result.error_in_exec     # where `%tb` looks


def test_a_check_failure_keeps_its_own_rendering(shell):
    sh, shown = shell
    result, _ = _run(shell, "q.normalise_id.check()")
    assert isinstance(result.error_in_exec, CheckFailed)
    assert [kind for kind, _ in shown] == ["showtraceback"]   # IPython's rendering: CheckFailed._render_traceback_


def test_install_is_idempotent_and_nothing_outside_ipython(shell):
    sh, _ = shell
    handler = sh.CustomTB
    assert explain.install() is True and sh.CustomTB is handler


def test_install_outside_ipython_does_nothing(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert explain.install() is False


def test_a_kernel_publishes_the_explanation_as_an_error_output(tmp_path):
    """In Jupyter, importing a checks module installs the handler, and the error output (what
    nbgrader scores by) carries the plain explanation."""
    import os
    import sys

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from course.exercises import case_data as q\nimport pandas as pd"),
                nbformat.v4.new_code_cell("cases = pd.DataFrame({'a': [1]})\ncases['b']")]
    NotebookClient(nb, allow_errors=True, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (error,) = [o for o in nb.cells[1].outputs if o.output_type == "error"]
    assert error.ename == "KeyError"
    text = "\n".join(error.traceback)
    assert "line 2 of the cell:  cases['b']" in text and "`table.columns`" in text


# --- course.checking.call ----------------------------------------------------------------

def test_call_explains_a_crash_with_the_trainees_line(shell):
    sh, _ = shell
    sh.run_cell("def mask_id(raw):\n    digits = raw.split('-')\n    return digits[3]", store_history=False)
    with pytest.raises(CheckFailed) as err:
        call(sh.user_ns["mask_id"], "110101", what="mask_id")
    message = err.value.message
    assert "`mask_id('110101')` stopped with an error: a position does not exist." in message
    assert "your function `mask_id`, at line 3 of its cell:  return digits[3]" in message
    assert "Python's message: IndexError: list index out of range" in message


@pytest.mark.parametrize("unsafe", [False, True], ids=["sandbox", "no-sandbox"])
def test_call_in_class_carries_the_line_across_the_sandbox(tmp_path, unsafe):
    from course.autograde import sandbox
    from course.autograde.judge import RemoteFunction

    stubs = sandbox._stub_exercises(tmp_path / "stubs" / "exercises")
    box = sandbox.Sandbox(sandbox.Limits(wall_seconds=120), stubs, unsafe=unsafe)
    try:
        assert box.run("def rate(part, total):\n    share = part / total\n    return share")["ok"]
        with pytest.raises(CheckFailed) as err:
            call(RemoteFunction(box, "rate"), 1, 0, what="rate")
    finally:
        box.close()
    message = err.value.message
    assert "`rate(1, 0)` stopped with an error: a division by zero." in message
    assert "your function `rate`, at line 2 of its cell:  share = part / total" in message
    assert "Python's message: ZeroDivisionError: division by zero" in message


def test_the_judge_keeps_only_plain_data_of_the_remote_line():
    from course.autograde.judge import RemoteError

    assert RemoteError("KeyError", "'x'", {"line": "2; rm -rf", "text": 3}).where is None
    assert RemoteError("KeyError", "'x'", {"line": 2, "text": "t[x]", "function": None}).where == \
        {"line": 2, "text": "t[x]", "function": None}


@pytest.mark.parametrize("ename, evalue, title", [
    ("DateParseError", "Unknown datetime string format, unable to parse: 2024/13/45, at position 3",
     "a date could not be read"),
    ("ValueError", "could not convert string to float: '1,200'", "a text could not be read as a number"),
    ("TypeError", "unsupported operand type(s) for +: 'int' and 'str'", "text and a number were joined with +"),
    ("TypeError", 'can only concatenate str (not "int") to str', "text and a number were joined with +"),
    ("TypeError", "'<' not supported between instances of 'str' and 'int'", "text and numbers were mixed"),
    ("TypeError", "mask_id() takes 1 positional argument but 2 were given", "a function was called with the wrong inputs"),
    ("RuntimeError", "odd", "`RuntimeError`"),
])
def test_explanations_work_from_the_kind_and_text_alone(ename, evalue, title):
    got, sentences = explain.explain(ename, evalue)
    assert got == title and sentences and all(s.endswith((".", ")")) or "`" in s for s in sentences)


def test_the_date_text_and_position_are_named():
    _, sentences = explain.explain("DateParseError",
                                   "Unknown datetime string format, unable to parse: 2024/13/45, at position 3")
    assert "'2024/13/45' (row position 3)" in sentences[0]


def test_an_error_whose_text_fails_is_still_explained_by_its_kind():
    class Odd(ValueError):
        def __str__(self):
            raise RuntimeError("no text")

    def crashes(x):
        raise Odd()

    with pytest.raises(CheckFailed) as err:
        call(crashes, 1, what="crashes")
    assert "`crashes(1)` stopped with an error: `Odd`." in err.value.message
    assert err.value.message.endswith("Python's message: Odd")


def test_an_unanswered_cell_says_so_and_how_to_answer(shell):
    result, text = _run(shell, "# YOUR CODE HERE\nraise NotImplementedError()")
    assert isinstance(result.error_in_exec, NotImplementedError)
    assert "You have not answered this yet." in text and "stopped with an error" not in text
    assert "Replace that line with your answer" in text and "`raise NotImplementedError()`" in text
    assert "line 2 of the cell:  raise NotImplementedError()" in text


@pytest.mark.parametrize("code, words", [
    ("pd.Series(['2024-01-01']).dt.year", ["holds text", "`pd.to_datetime(...)`"]),
    ("pd.Series(pd.to_datetime(['2024-01-01'])).str.upper()", ["dates or numbers, not text", "`.dt.year`",
                                                               "`.astype(str)`"]),
    ("pd.DataFrame({'amount ': [1]}).amount", ["no column and no method called `amount`", "a space",
                                               "`table[\"amount\"]`", "`table.columns`"]),
    ("pd.Series(['a']).upper()", ["`column.str.upper(...)`"]),
    ("pd.Series(pd.to_datetime(['2024-01-01'])).year", ["`column.dt.year`"]),
    ("pd.DataFrame({'a': [1]}).groupby('a').amount_sum", ["`.size()`", "`.agg(...)`"]),
    ("pd.DataFrame({'a': [1]}).append", ["`pd.concat([first, second])`"]),
    ("pd.Timestamp('2024-01-01').dt.year", ["a single date", "`.year`"]),
    ("float('nan').strip()", ["empty value (NaN)", "`.fillna(\"\")`"]),
    ("None.sort_values", ["`return`", "`inplace=True`"]),
    ("pd.DataFrame({'a': [1]}).str.upper()", ["Pick the column first"]),
])
def test_common_pandas_attribute_errors_say_what_to_do(shell, code, words):
    result, text = _run(shell, code)
    assert isinstance(result.error_in_exec, AttributeError)
    for w in words:
        assert w in text, (w, text)
    assert "Check the spelling.\n" not in text and len(text.splitlines()) <= 10


def test_call_says_an_unanswered_function_is_not_answered_yet():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(CheckFailed) as err:
        call(stub, 1, what="stub")
    assert "you have not answered this yet" in err.value.message and "Replace that line" in err.value.message
    from course.checking import crash_message
    from course.autograde.judge import RemoteError

    remote = crash_message("stub", (1,), RemoteError("NotImplementedError", "", None))
    assert "you have not answered this yet" in remote and "stopped with an error" not in remote


def test_a_misspelt_function_of_a_module_is_named():
    _, sentences = explain.explain("AttributeError", "module 'pandas' has no attribute 'read_cvs'")
    assert "`pandas` has no function or value called `read_cvs`" in sentences[0]
    _, sentences = explain.explain("AttributeError", "'list' object has no attribute 'strip'")
    assert sentences[0].startswith("A list (Python type `list`) has no `.strip`")
