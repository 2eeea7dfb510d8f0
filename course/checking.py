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
        raise CheckFailed(f"`{what}` still contains `raise NotImplementedError`. Replace that "
                          "line with your own code.") from None
    except Exception as exc:  # the trainee's code crashed: say where, in their terms
        shown = ", ".join(repr(a) for a in args)
        kind = getattr(exc, "remote_name", type(exc).__name__)
        raise CheckFailed(f"`{what}({shown})` stopped with an error: {kind}: {exc}") from None


def expect_frame(value, name: str, columns: list[str] | None = None):
    """Insist on a real DataFrame (not a subclass) with the needed columns, saying what is missing."""
    import pandas as pd

    if type(value) is not pd.DataFrame:
        raise CheckFailed(f"`{name}` should be a pandas table (DataFrame), but it is a "
                          f"{type(value).__name__}.")
    if columns:
        missing = [c for c in columns if c not in value.columns]
        if missing:
            have = ", ".join(map(str, value.columns))
            raise CheckFailed(f"`{name}` has no column {', '.join(missing)}. Its columns are: "
                              f"{have}.")
    return value
