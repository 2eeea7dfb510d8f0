"""Checks and hints of assignment 00-getting-started ("Getting started").

In the notebook::

    from course.exercises import getting_started as q
    q.case_number.check()   # after the answer cell
    q.case_number.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/00-getting-started/mistakes.toml``.

The assignment needs no dataset: its small pieces of case data (`CASES`, `CHARGES`,
`ARTICLES`) are written here and, identically, in the notebook's locked setup cell, because
inside the grading sandbox this module is a stub. The expected values are computed from
them by the `expected_*` functions below (`course.hidden.getting_started` uses them too), written for checking
and not copied from the reference solution.
"""
from __future__ import annotations

from course.checking import CheckFailed, as_plain, call, value_kind
from course.i18n import N_, translate, translator
from course.plain import same
from course.question import question_maker
from course.transport import SafeFunction

ASSIGNMENT = "00-getting-started"
_ = translator(ASSIGNMENT)

# --- the case data of the assignment (the setup cell holds the same values) ---------------

CASES = [
    "(2023)皖9901刑初12号",
    "(2023)皖9901刑初15号",
    "(2023)皖9901刑初21号",
    "(2023)皖9901刑初34号",
    "(2023)皖9901刑初40号",
    "(2023)皖9901刑初52号",
    "(2024)皖9901刑初3号",
    "(2024)皖9901刑初9号",
]
CHARGES = [
    "dangerous driving",
    "theft",
    "dangerous driving",
    "fraud",
    "dangerous driving",
    "intentional injury",
    "theft",
    "dangerous driving",
]
ARTICLES = {
    "dangerous driving": "133-1",
    "traffic accident": "133",
    "intentional injury": "234",
    "theft": "264",
    "fraud": "266",
    "embezzlement": "382",
    "taking bribes": "385",
}
DETENTION_DAYS = 10   # criminal detention (刑事拘留), in the text of question 1
ARREST_DAYS = 95      # under arrest (逮捕) until the judgment


# --- the answer key, computed -------------------------------------------------------------

def expected_days_held() -> int:
    return DETENTION_DAYS + ARREST_DAYS


def expected_case_number(year, seq) -> str:
    return "(" + str(year) + ")皖9901刑初" + str(seq) + "号"


def expected_plate(raw: str) -> str:
    return raw.strip().upper()


def expected_count(charge_list, charge) -> int:
    return sum(1 for c in charge_list if c == charge)


def _unit(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def expected_sentence_text(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = ([_unit(years, "year")] if years else []) + ([_unit(rest, "month")] if rest else [])
    return " ".join(parts) or "0 months"


def expected_description(case, months) -> str:
    return str(case) + ": sentenced to " + str(months) + " months"


# --- helpers ------------------------------------------------------------------------------

def _returned(shown_call: str) -> str:
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    return _("what `{call}` returned", call=shown_call)


def _text_result(got, shown_call: str) -> str:
    """Insist that a function returned text, explaining the usual reasons when it did not."""
    if got is None:
        raise CheckFailed(_("`{call}` returned nothing (None). Did you `print` the text instead "
                            "of giving it back? A function hands its result back with `return`.",
                            call=shown_call))
    if isinstance(got, SafeFunction):
        raise CheckFailed(_("`{call}` returned a function instead of text. Did you forget the "
                            "round brackets `()` after a method, as in `.upper()`?", call=shown_call))
    if not isinstance(got, str):
        raise CheckFailed(_("`{call}` should return text, but it returned {kind}.",
                            call=shown_call, kind=value_kind(got)))
    return as_plain(got, _returned(shown_call))


def _whole_number(value, name: str) -> int:
    v = as_plain(value, f"`{name}`")
    if isinstance(v, str):
        raise CheckFailed(_("`{name}` should be a number, but it is text ({value}, in quotes). "
                            "Numbers are written without quotes: `7`, not `\"7\"`.", name=name, value=repr(v)))
    if isinstance(v, float) and v == int(v):
        raise CheckFailed(_("`{name}` should be a whole number, like `7`, but it is the decimal "
                            "number {value}. Use `//` for division without decimals, or no division.",
                            name=name, value=repr(v)))
    if isinstance(v, bool) or not isinstance(v, int):
        raise CheckFailed(_("`{name}` should be a whole number, but it is {kind}.", name=name, kind=value_kind(v)))
    return v


def _shown(*args) -> str:
    return ", ".join(repr(a) for a in args)


# --- checks -------------------------------------------------------------------------------

def _check_days(days_held) -> str:
    n = _whole_number(days_held, "days_held")
    if n in (DETENTION_DAYS, ARREST_DAYS):
        raise CheckFailed(_("`days_held` is {number}: that is only one of the two periods. Add the days "
                            "of criminal detention and the days under arrest.", number=n))
    if n != expected_days_held():
        raise CheckFailed(_("`days_held` is {number}, which is not the total number of days. Add the "
                            "two periods with `+`.", number=n))
    return _("{number} days held before the judgment, each of which counts towards the sentence.", number=n)


def _check_case_number(case_number) -> str:
    for year, seq in ((2023, 12), (2024, 5)):
        shown = f"case_number({_shown(year, seq)})"
        got = _text_result(call(case_number, year, seq, what="case_number"), shown)
        if got == expected_case_number(year, seq):
            continue
        if "{" in got:
            raise CheckFailed(_("`{call}` returned {value}: the curly brackets are still in the "
                                "text. Put the letter `f` just before the opening quote: `f\"...\"`.",
                                call=shown, value=repr(got)))
        if "（" in got or "）" in got:
            raise CheckFailed(_("`{call}` returned {value}, with full-width brackets （ ）. In this "
                                "exercise the county's system writes ordinary brackets ( ).",
                                call=shown, value=repr(got)))
        if str(year) not in got or str(seq) not in got:
            raise CheckFailed(_("`{call}` returned {value}: the year {year} and the number {seq} "
                                "should both appear in it. Use the names `year` and `seq` inside "
                                "the curly brackets.", call=shown, value=repr(got), year=year, seq=seq))
        raise CheckFailed(_("`{call}` returned {value}, which is not in the form of the example. "
                            "Compare the two character by character: brackets, the court code "
                            "皖9901, 刑初, no spaces, and 号 at the end.", call=shown, value=repr(got)))
    return _("`case_number` writes case numbers in the county's form.")


PLATE_EXAMPLES = ["  皖a12345 ", "皖b8c21d", "皖A66Q88   ", "\t皖h2k4m6\n"]


def _check_plate(clean_plate) -> str:
    for raw in PLATE_EXAMPLES:
        shown = f"clean_plate({raw!r})"
        got = _text_result(call(clean_plate, raw, what="clean_plate"), shown)
        want = expected_plate(raw)
        if got == want:
            continue
        if got.strip() == want:
            raise CheckFailed(_("`{call}` returned {value}: there is still white space at the start "
                                "or the end (a space, a tab `\\t` or a line break `\\n`). `.strip()` with "
                                "nothing between its round brackets removes all of them.",
                                call=shown, value=repr(got)))
        if got.upper() == want:
            raise CheckFailed(_("`{call}` returned {value}: some letters are still lower case. "
                                "`.upper()` turns them into capitals.", call=shown, value=repr(got)))
        raise CheckFailed(_("`{call}` returned {value}. Only remove the spaces at both ends and "
                            "write the letters in capitals; change nothing else.", call=shown, value=repr(got)))
    return _("`clean_plate` removes the spaces around a plate and writes it in capitals.")


def _check_first(first_three, n_cases) -> str:
    if type(first_three) is tuple:
        raise CheckFailed(_("`first_three` is a tuple, not a list: names separated by commas, as in "
                            "`cases[0], cases[1], cases[2]`, make a tuple. Take a slice instead: "
                            "`cases[...:...]` gives a list."))
    got = as_plain(first_three, "`first_three`")
    if not isinstance(got, list):
        raise CheckFailed(_("`first_three` should be a list (in square brackets), but it is {kind}. "
                            "Slicing a list, as in `cases[0:2]`, gives a list.", kind=value_kind(got)))
    if len(got) == 1:
        raise CheckFailed(_("`first_three` holds 1 case number, not 3. In `cases[a:b]` the position `b` "
                            "itself is not included."))
    if len(got) != 3:
        raise CheckFailed(_("`first_three` holds {count} case numbers, not 3. In `cases[a:b]` the position "
                            "`b` itself is not included.", count=len(got)))
    if same(got, CASES[1:4]):
        raise CheckFailed(_("`first_three` starts at the second case. Python counts positions from 0: "
                            "the first case is `cases[0]`."))
    if not same(got, CASES[:3]):
        raise CheckFailed(_("`first_three` does not hold the first three case numbers of `cases`, in "
                            "their order. Take them from `cases`; do not type them."))
    n = _whole_number(n_cases, "n_cases")
    if n != len(CASES):
        raise CheckFailed(_("`n_cases` is {number}, which is not the number of case numbers in `cases`. "
                            "Let Python count them with `len(...)`.", number=n))
    return _("the first three of {count} cases.", count=n)


def _check_article(theft_article) -> str:
    got = as_plain(theft_article, "`theft_article`")
    if isinstance(got, dict):
        raise CheckFailed(_("`theft_article` is the whole dictionary. Look up one entry: "
                            "`articles[\"...\"]`, with the charge between the square brackets."))
    if not isinstance(got, str):
        raise CheckFailed(_("`theft_article` should be text, exactly as the dictionary stores it, but "
                            "it is {kind}. Take it from `articles` instead of typing it.", kind=value_kind(got)))
    if got == "theft":
        raise CheckFailed(_("`theft_article` is the charge itself. The charge is the key; what you "
                            "want is the value stored under it."))
    if got != ARTICLES["theft"]:
        raise CheckFailed(_("`theft_article` is {value}, which is the article for another charge. "
                            "Look up the key \"theft\", written exactly as in the dictionary.", value=repr(got)))
    return _("looked up in the dictionary.")


def _count_result(got, shown: str) -> int:
    got = as_plain(got, _returned(shown))
    if got is None:
        raise CheckFailed(_("`{call}` returned nothing (None). End the function with "
                            "`return count`, after the loop (not indented under `for`).", call=shown))
    if isinstance(got, bool) or not isinstance(got, int):
        raise CheckFailed(_("`{call}` should return a whole number, but it returned {kind}.",
                            call=shown, kind=value_kind(got)))
    return got


def _check_count(count_charge) -> str:
    for charge in ("dangerous driving", "fraud"):
        shown = f"count_charge(charges, {charge!r})"
        got = _count_result(call(count_charge, list(CHARGES), charge, what="count_charge"), shown)
        want = expected_count(CHARGES, charge)
        if got == len(CHARGES):
            raise CheckFailed(_("`{call}` returned {count}, the number of all cases: every item was "
                                "counted. Add 1 only when the item is the charge asked for. If your loop "
                                "is `for charge in charge_list:`, the loop name `charge` replaces the "
                                "charge asked for at each turn, so `charge == charge` is always True. "
                                "Give the loop another name and compare with the input: "
                                "`for c in charge_list:` and `if c == charge:`.", call=shown, count=got))
        if got != want:
            raise CheckFailed(_("`{call}` returned {count}, which is not the number of cases with that "
                                "charge. Start the count at 0, add 1 for each match, and put `return` "
                                "after the loop, not inside it.", call=shown, count=got))
    # The question's own example: an empty list. A loop over the setup cell's `charges` instead of
    # `charge_list` gives the same counts as above, and only a list other than `charges` shows it.
    shown = "count_charge([], 'theft')"
    got = _count_result(call(count_charge, [], "theft", what="count_charge"), shown)
    if got != 0:
        raise CheckFailed(_("`{call}` returned {count}, but an empty list holds no cases, so the count "
                            "is 0. Start the count at 0, and let the loop go through `charge_list`, the "
                            "list the function is given, not through `charges` from the setup cell.",
                            call=shown, count=got))
    _check_count_column(count_charge)
    return _("`count_charge` counts the cases with a given charge.")


def _after_stop(message: str) -> str:
    """What follows "stopped with an error: " in a crash message of `course.checking.call` (in the
    trainee's language: the separator is read from that message's translation), else ""."""
    template = translate("`{call}` stopped with an error: {title}.")
    separator = template.partition("{title}")[0].rpartition("{call}`")[2]
    return message.partition(separator)[2] if separator.strip() else ""


def _check_count_column(count_charge) -> None:
    """The question asks for a `for` loop. A list's own `.count(...)` gives the same numbers on a
    list, but a table column (a pandas Series, module 01's kind of list) has no such method, while
    a `for` loop goes through it as through a list: give the function the charges as a column."""
    import pandas as pd

    column = pd.Series(list(CHARGES), name="charge")
    try:
        result = call(count_charge, column, "fraud", what="count_charge")
    except CheckFailed as exc:
        message = str(exc)
        if "count()" in message:
            raise CheckFailed(_("`count_charge` works on the list `charges`, but it uses the list's own "
                                "`.count(...)` to do the counting. The question asks you to go through "
                                "`charge_list` with a `for` loop and count yourself: start at 0 and add 1 "
                                "for each item equal to `charge`. (The check also gives your function the "
                                "charges as a column of a table, where `.count(...)` does not work and a "
                                "`for` loop does.)")) from None
        why = _after_stop(message)
        raise CheckFailed(_("`count_charge` works on the list `charges`, but given the same charges as a "
                            "column of a table (a pandas Series, as in module 01) it stopped with an "
                            "error: {error}", error=why or message)) from None
    column_words = _("the charges as a table column")
    shown = f"count_charge(<{column_words}>, 'fraud')"
    got = _count_result(result, shown)
    if got != expected_count(CHARGES, "fraud"):
        raise CheckFailed(_("`count_charge` works on the list `charges`, but given the same charges as a "
                            "column of a table (a pandas Series, as in module 01) it returned {count}, "
                            "which is not the number of fraud cases. Go through `charge_list` with "
                            "`for c in charge_list:`, which works on a list and on a column alike.",
                            count=got))


SENTENCE_EXAMPLES = [15, 24, 6, 13, 0, 1, 12, 36, 127]   # the table, then two longer terms


def _explain_unset_part(crash: str, shown: str, months: int) -> None:
    """A part left unset by an `if` without its zero case stops Python with an
    UnboundLocalError, which `course.explain` does not yet put in plain words: say it here."""
    for part, counter in (("year_part", "years"), ("month_part", "rest")):
        if "UnboundLocalError" in crash and f"'{part}'" in crash:
            years, rest = divmod(months, 12)
            value = years if counter == "years" else rest
            if value == 0:
                raise CheckFailed(_("`{call}` stopped with an error: `{part}` was never set, because "
                                    "none of your `if` and `elif` lines matched when `{counter}` is {value}. "
                                    "Add the case for 0: an `if {counter} == 0:` line that sets "
                                    "`{part} = \"\"`.", call=shown, part=part, counter=counter, value=value))
            raise CheckFailed(_("`{call}` stopped with an error: `{part}` was never set, because "
                                "none of your `if` and `elif` lines matched when `{counter}` is {value}. "
                                "Make the last case an `else:`, so that it covers every number not matched "
                                "before it, and not only the numbers in the table.",
                                call=shown, part=part, counter=counter, value=value))


def _check_sentence(sentence_text) -> str:
    for months in SENTENCE_EXAMPLES:
        shown = f"sentence_text({months})"
        try:
            result = call(sentence_text, months, what="sentence_text")
        except CheckFailed as exc:
            _explain_unset_part(str(exc), shown, months)
            raise
        got = _text_result(result, shown)
        want = expected_sentence_text(months)
        if got == want:
            continue
        years, rest = divmod(months, 12)
        value = repr(got)
        if got.strip() == "" and months == 0:
            raise CheckFailed(_("`{call}` returned empty text. For 0 months both parts are empty: "
                                "test for that case and return \"0 months\", as the table shows.", call=shown))
        if got.strip() == "" and years:
            raise CheckFailed(_("`{call}` returned empty text. For {months} months `years` is {years}, so "
                                "`year_part` should not be empty: check the `if`, `elif` and `else` lines "
                                "that set it, for every number and not only for the examples.",
                                call=shown, months=months, years=years))
        if got.strip() == "":
            raise CheckFailed(_("`{call}` returned empty text. For {months} months `rest` is {rest}, so "
                                "`month_part` should not be empty: check the `if`, `elif` and `else` lines "
                                "that set it, for every number and not only for the examples.",
                                call=shown, months=months, rest=rest))
        if got != got.strip() and got.strip() == want:
            raise CheckFailed(_("`{call}` returned {value}, which starts or ends with a space. "
                                "When one part is empty, the space between the two parts is left over: "
                                "remove it with `.strip()`.", call=shown, value=value))
        if years and rest and got == expected_sentence_text(rest):
            raise CheckFailed(_("`{call}` returned {value}: the years are missing. Check the lines "
                                "that set `year_part`, for every number of years.", call=shown, value=value))
        if years and rest and got == expected_sentence_text(12 * years):
            raise CheckFailed(_("`{call}` returned {value}: the months left over are missing. Check "
                                "the lines that set `month_part`, for every number of months.",
                                call=shown, value=value))
        if "  " in got:
            raise CheckFailed(_("`{call}` returned {value}, with two spaces in a row. Put exactly one "
                                "space between the years and the months.", call=shown, value=value))
        if "." in got:
            raise CheckFailed(_("`{call}` returned {value}, with a decimal point. Whole years come "
                                "from `months // 12`, the months left over from `months % 12`.",
                                call=shown, value=value))
        if " 0 " in f" {got} ":
            zero_years = years == 0 and " 0 year" in f" {got}"
            # part, counter and unit are code and the English words of the output, never translated
            part, counter, unit = ("year_part", "years", "years") if zero_years else ("month_part", "rest", "months")
            raise CheckFailed(_("`{call}` returned {value}: for {months} months `{counter}` is 0, so "
                                "`{part}` should be empty text and \"0 {unit}\" should not appear. If you "
                                "wrote `{part} = \"\"` for 0, look at the line after it: it must start with "
                                "`elif`, not with a new `if`. After a new `if`, its `else:` runs when "
                                "`{counter}` is 0 too, and writes over the empty text. If you wrote "
                                "nothing for 0, start with `if {counter} == 0:` and `{part} = \"\"`.",
                                call=shown, value=value, months=months, counter=counter, part=part, unit=unit))
        if "1 years" in got or "1 months" in got.replace("11 months", ""):
            raise CheckFailed(_("`{call}` returned {value}. One is singular: \"1 year\", \"1 month\"; "
                                "use `if` to choose the word.", call=shown, value=value))
        raise CheckFailed(_("`{call}` returned {value}, which is not the sentence written the "
                            "way the examples show: whole years first, then the months left over, "
                            "separated by one space.", call=shown, value=value))
    return _("`sentence_text` writes sentences in years and months.")


DESCRIBE_EXAMPLES = [("(2023)皖9901刑初12号", 8), ("(2024)皖9901刑初3号", 30)]


def _check_describe(describe_case) -> str:
    for case, months in DESCRIBE_EXAMPLES:
        shown = f"describe_case({_shown(case, months)})"
        got = _text_result(call(describe_case, case, months, what="describe_case"), shown)
        if got != expected_description(case, months):
            raise CheckFailed(_("`{call}` returned {value}. Fix only the errors and keep your "
                                "colleague's text as it was: compare your result with the example "
                                "in the question, character by character.", call=shown, value=repr(got)))
    return _("`describe_case` runs without errors and gives the right text.")


def _check_case_charges(case_charges) -> str:
    got = as_plain(case_charges, "`case_charges`")
    if not isinstance(got, dict):
        raise CheckFailed(_("`case_charges` should be a dictionary (in curly brackets), but it is "
                            "{kind}. `dict(...)` turns pairs into a dictionary.", kind=value_kind(got)))
    keys = list(got)
    if set(keys) & set(CHARGES) and not set(keys) & set(CASES):
        raise CheckFailed(_("The keys of `case_charges` are charges. Turn it around: the case number "
                            "is the key, its charge the value. Several cases share one charge, so a "
                            "charge cannot be a key."))
    if len(keys) == 1 and len(keys) != len(CASES):
        raise CheckFailed(_("`case_charges` has 1 entry, but `cases` has {total} case numbers. Make one "
                            "entry for each case.", total=len(CASES)))
    if len(keys) != len(CASES):
        raise CheckFailed(_("`case_charges` has {count} entries, but `cases` has {total} case numbers. "
                            "Make one entry for each case.", count=len(keys), total=len(CASES)))
    if set(keys) != set(CASES):
        raise CheckFailed(_("The keys of `case_charges` should be exactly the case numbers in `cases`, "
                            "taken from the list and not typed."))
    values = [got[k] for k in keys]
    if all(v in ARTICLES.values() for v in values):
        raise CheckFailed(_("The values of `case_charges` are articles of the Criminal Law. The value of "
                            "each case should be its charge, taken from the list `charges`."))
    if not all(isinstance(v, str) and v in CHARGES for v in values):
        raise CheckFailed(_("Some values of `case_charges` are not charges from the list `charges`. The "
                            "value of each case should be its charge, exactly as `charges` writes it."))
    own = dict(zip(CASES, CHARGES))
    wrong = [k for k in CASES if got[k] != own[k]]
    if wrong and len(set(values)) == 1:
        raise CheckFailed(_("Every case in `case_charges` has the same charge, {value}, but the "
                            "list `charges` holds several. If you wrote one loop inside another, the "
                            "inner loop runs through all the charges for each case and keeps only one "
                            "of them. Use one loop over the pairs, `for case, charge in zip(cases, charges):`, "
                            "or `dict(zip(cases, charges))`.", value=repr(values[0])))
    if wrong:
        entry = f"case_charges[{wrong[0]!r}]"
        message = (N_("In `case_charges`, 1 case has the charge of another case: for example, "
                      "`{entry}` is {value}, which is not the charge at the same position in `charges`. "
                      "Pair the two lists position by position: `charges[0]` with `cases[0]`, `charges[1]` "
                      "with `cases[1]`, as `zip(cases, charges)` does, without reversing or shifting "
                      "either list.") if len(wrong) == 1 else
                   N_("In `case_charges`, {count} cases have the charge of another case: for example, "
                      "`{entry}` is {value}, which is not the charge at the same position in `charges`. "
                      "Pair the two lists position by position: `charges[0]` with `cases[0]`, `charges[1]` "
                      "with `cases[1]`, as `zip(cases, charges)` does, without reversing or shifting "
                      "either list."))
        raise CheckFailed(_(message, count=len(wrong), entry=entry, value=repr(got[wrong[0]])))
    return _("one entry for each case number, each with its own charge.")


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


days_held = _q(1, "days_held", N_("days held before judgment"), ("days_held",), _check_days, [
    N_("A name gets a value with `=`: `days_held = ...`."),
    N_("Python adds with `+`, just like a calculator. Write the two numbers without quotes."),
])
case_number = _q(2, "case_number", N_("write a case number"), ("case_number",), _check_case_number, [
    N_("The line starts with `return f\"...\"`: the `f` before the quote lets you put names in "
       "curly brackets inside the text."),
    N_("Copy the example case number between the quotes, then replace 2023 with `{year}` and "
       "12 with `{seq}`."),
    N_("Check the brackets: the county's system writes ordinary ( ), not full-width （ ）."),
])
clean_plate = _q(3, "clean_plate", N_("clean a licence plate"), ("clean_plate",), _check_plate, [
    N_("Text has methods: `raw.strip()` removes the white space at both ends (spaces, tabs, line breaks), "
       "`raw.upper()` writes capitals."),
    N_("Methods can follow one another: `raw.strip().upper()`. Don't forget the round brackets."),
    N_("Give the result back with `return`, not `print`."),
])
first_cases = _q(4, "first_cases", N_("the first cases in a list"), ("first_three", "n_cases"), _check_first, [
    N_("`cases[0]` is the first case number: Python counts positions from 0."),
    N_("`cases[0:3]` (or `cases[:3]`) takes positions 0, 1 and 2; the end position is not included."),
    N_("`len(cases)` counts the items of a list."),
])
look_up_article = _q(5, "look_up_article", N_("look up a dictionary"), ("theft_article",), _check_article, [
    N_("The keys of `articles` are text, so a key is written in quotes: `articles[\"fraud\"]` is the "
       "article for fraud. Without quotes, `articles[fraud]` makes Python look for a name `fraud` and "
       "stop with a NameError."),
    N_("Write the key exactly as the dictionary does, in lower case, and give the result its name: "
       "`theft_article = articles[...]`."),
])
count_charge = _q(6, "count_charge", N_("count with a loop"), ("count_charge",), _check_count, [
    N_("Keep a running total, as on a tally sheet: `count = 0` before the loop, and `return count` "
       "after it, back at the level of `for`."),
    N_("Give the loop its own name, not `charge`: `for c in charge_list:`. With `for charge in ...`, the "
       "loop would overwrite the charge asked for, and every item would match."),
    N_("Inside the loop: `if c == charge:` and, one level further in, `count = count + 1`."),
])
sentence_text = _q(7, "sentence_text", N_("a sentence in words"), ("sentence_text",), _check_sentence, [
    N_("Empty text is written as two quotes with nothing between them: `\"\"`. So `year_part = \"\"` "
       "when `years` is 0, and `month_part = \"\"` when `rest` is 0."),
    N_("Each part has three cases: `if years == 0:`, then `elif years == 1:` with `year_part = \"1 year\"`, "
       "then `else:` with an f-string, `year_part = f\"{years} years\"`. Do the same for `month_part` "
       "with `rest`."),
    N_("The given lines after your code join the parts with one space; `.strip()` removes that space "
       "when a part is empty, and empty text becomes \"0 months\". Keep those lines as they are, and "
       "indent your lines by four spaces, like them."),
])
describe_case = _q(8, "describe_case", N_("fix the errors"), ("describe_case",), _check_describe, [
    N_("Run the code as it is. In the error, the line that starts with \"Python's message:\" begins with "
       "its kind (IndentationError, TypeError, NameError); the line under the red title names the line "
       "of your cell at which Python stopped."),
    N_("IndentationError: the lines inside a function are indented by exactly four spaces, all the same."),
    N_("TypeError with `+`: text can only be joined to text; turn the number into text with "
       "`str(months)`. NameError: a name is spelled differently from where it was created."),
])
case_charges = _q(9, "case_charges", N_("a dictionary from two lists"), ("case_charges",), _check_case_charges, [
    N_("Start with an empty dictionary, `case_charges = {}`, and add one entry per case with "
       "`case_charges[case] = charge`, as the lecture's last loop does."),
    N_("`zip(cases, charges)` pairs them up: (first case, first charge), (second case, second charge)..."),
    N_("Loop over the pairs with one loop, not one inside another: `for case, charge in zip(cases, "
       "charges):` and, indented, `case_charges[case] = charge`. `dict(zip(cases, charges))` does the "
       "same in one line."),
])

QUESTIONS = [days_held, case_number, clean_plate, first_cases, look_up_article, count_charge,
             sentence_text, describe_case, case_charges]
