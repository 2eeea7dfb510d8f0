"""Turn a trainee's answer into plain data before anything compares it.

`x == expected` asks `x` whether it is equal, so an object whose ``__eq__`` always says
True passes a naive check (jupyter/nbgrader#1379). Every check in this course first
converts the answer with `plain()`: only exact built-in types, NumPy scalars and exact
pandas Series / DataFrames get through, and they come out as lists, dicts, str, int,
float, bool and None. Anything else is refused with a plain-words message. Comparisons
then happen between plain values only.
"""
from __future__ import annotations

import datetime as _dt
import math

import numpy as np
import pandas as pd


from course.i18n import N_, translator

_ = translator()

class NotPlain(TypeError):
    """The answer holds something that is not ordinary data."""


_SCALARS = (str, int, float, bool, type(None))
_NUMPY_SCALARS = (np.integer, np.floating, np.bool_, np.str_)


def _describe(value) -> str:
    return type(value).__name__


# What an answer holds that a check cannot read: whole sentences, shared with course.transport.
UNKNOWN_KIND = N_("{where} contains a value of type `{kind}`; expected ordinary text, numbers, dates, "
                  "True/False or empty values. Build the answer from pandas tables, numbers, text and "
                  "dates only.")
HOLDS = N_("{where} holds {odd}.")


def for_trainee(problem: str) -> str:
    """A NotPlain or NotTransportable text (whole sentences) as a trainee's message: a capital
    first, since it often starts with the answer's description ("your answer holds ...")."""
    return problem[:1].upper() + problem[1:]


def odd_value(value) -> str | None:
    """What a trainee most likely did when an answer holds a function or tuples, in plain words;
    None for anything else."""
    if callable(value):
        return _("a function instead of its result: add `()` to call it, as in `.value_counts()` or "
                 "`.sum()`")
    if isinstance(value, tuple):
        return _("pairs of values (tuples). They come from a table with double brackets, `table[[\"a\"]]`, "
                 "counted or grouped where one column was meant: use single brackets, `table[\"a\"]`")
    return None


def _scalar(value, where: str):
    t = type(value)
    if t in _SCALARS:
        if t is float and math.isnan(value):
            return None
        return value
    if isinstance(value, _NUMPY_SCALARS) and t.__module__ == "numpy":
        return _scalar(value.item(), where)
    if t is pd.Timestamp or t is _dt.datetime or t is np.datetime64:
        if pd.isna(value):
            return None
        ts = pd.Timestamp(value)
        return ts.isoformat() if (ts.hour, ts.minute, ts.second, ts.microsecond) != (0, 0, 0, 0) \
            else ts.strftime("%Y-%m-%d")
    if t is _dt.date:
        return value.isoformat()
    if value is pd.NaT or value is pd.NA:
        return None
    odd = odd_value(value)
    if odd:
        raise NotPlain(_(HOLDS, where=where, odd=odd))
    raise NotPlain(_(UNKNOWN_KIND, where=where, kind=_describe(value)))


def _column(series: pd.Series, where: str) -> list:
    """A column as a list of plain values, checking element types in one pass."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        series = series.astype(object)
        dtype = series.dtype
    if dtype.kind in "biuf":  # NumPy numbers cannot hold foreign objects
        return [None if (isinstance(v, float) and math.isnan(v)) else v for v in series.tolist()]
    if dtype.kind == "M" or isinstance(dtype, pd.DatetimeTZDtype):
        return [_scalar(v, where) for v in series.tolist()]
    values = series.astype(object).tolist()
    return [_scalar(v, where) for v in values]


def plain(value, where: str | None = None):
    """Return `value` as plain Python data, or raise NotPlain. `where` names the value in a
    message (default: "your answer")."""
    where = where or _("your answer")
    t = type(value)
    if t is pd.DataFrame:
        if not all(type(c) in _SCALARS or isinstance(c, _NUMPY_SCALARS) for c in value.columns):
            raise NotPlain(_("The column names of {where} must be text.", where=where))
        return {
            "type": "DataFrame",
            "columns": [_scalar(c, where) for c in value.columns],
            "index": _column(value.index.to_series(), where) if not isinstance(value.index, pd.MultiIndex)
            else [plain(tuple(i), where) for i in value.index],
            "data": {str(c): _column(value[c] if not value.columns.duplicated().any() else value.iloc[:, i], where)
                     for i, c in enumerate(value.columns)},
            "dtypes": {str(c): str(d) for c, d in value.dtypes.items()},
        }
    if t is pd.Series:
        return {
            "type": "Series",
            "name": _scalar(value.name, where) if value.name is not None else None,
            "index": _column(value.index.to_series(), where),
            "values": _column(value, where),
            "dtype": str(value.dtype),
        }
    if t is list or t is tuple:
        return [plain(v, where) for v in value]
    if t is set or t is frozenset:
        return sorted((plain(v, where) for v in value), key=repr)
    if t is dict:
        return {plain(k, where) if not isinstance(k, str) else k: plain(v, where) for k, v in value.items()}
    if t is np.ndarray and value.dtype.kind in "biufUM":
        return [_scalar(v, where) for v in value.tolist()] if value.dtype.kind != "M" else \
            [_scalar(pd.Timestamp(v), where) for v in value]
    return _scalar(value, where)


def same(a, b) -> bool:
    """Equality of two plain values, treating 1 and 1.0 alike and floats to 1e-9."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b
