"""Carry a trainee's answers out of their Python process as tagged JSON, and rebuild them.

Checks never look at a trainee's objects directly. `encode` accepts only exact built-in,
NumPy and pandas types (plus matplotlib figures, reduced to what they show) and turns them
into JSON-safe data; `decode` builds brand-new objects from that data with our own code.
An object whose ``__eq__`` always says True, a DataFrame subclass or a patched method
therefore never reaches a comparison, and the grader never unpickles anything.

In a notebook, `materialize` runs both steps in one process; the autograder runs `encode`
inside the sandbox and `decode` outside it.
"""
from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import numpy as np
import pandas as pd

from course.i18n import translator

_ = translator()


class NotTransportable(TypeError):
    """The answer holds something that is not ordinary data."""


MAX_CELLS = 5_000_000  # values in one answer; beyond this it is refused, not carried
LIMIT_TEXT = f"{MAX_CELLS:,}"


class _Budget:
    def __init__(self, limit: int = MAX_CELLS):
        self.left = limit

    def take(self, n: int, where: str) -> None:
        self.left -= n
        if self.left < 0:
            raise NotTransportable(_("{where} is too large to be checked (over {limit} values).",
                                     where=where, limit=LIMIT_TEXT))


def _scalar(v: Any, where: str):
    t = type(v)
    if t is bool or t is str or t is int or v is None:
        return v
    if t is float:
        return v if math.isfinite(v) else {"t": "float", "v": repr(v)}
    if t.__module__ == "numpy" and isinstance(v, (np.integer, np.floating, np.bool_, np.str_)):
        return _scalar(v.item(), where)
    if t is pd.Timestamp or t is _dt.datetime:
        return {"t": "ts", "v": None if pd.isna(v) else pd.Timestamp(v).isoformat()}
    if t is np.datetime64:
        return {"t": "ts", "v": None if np.isnat(v) else pd.Timestamp(v).isoformat()}
    if t is _dt.date:
        return {"t": "date", "v": v.isoformat()}
    if t is bytes:  # a hash digest, a file's content
        if len(v) > MAX_CELLS:
            raise NotTransportable(_("{where} holds too many bytes to be checked (over {limit}).",
                                     where=where, limit=LIMIT_TEXT))
        return {"t": "bytes", "v": v.hex()}
    if t is pd.Timedelta or t is _dt.timedelta:
        return {"t": "td", "v": None if pd.isna(v) else pd.Timedelta(v).value}
    if v is pd.NaT:
        return {"t": "ts", "v": None}
    if v is pd.NA:
        return {"t": "na"}
    from course.plain import HOLDS, UNKNOWN_KIND, odd_value

    odd = odd_value(v)
    if odd:
        raise NotTransportable(_(HOLDS, where=where, odd=odd))
    raise NotTransportable(_(UNKNOWN_KIND, where=where, kind=t.__name__))


def _values(series: pd.Series, where: str, budget: _Budget) -> dict:
    """One column: its dtype name and its values as JSON scalars."""
    budget.take(len(series), where)
    dtype = series.dtype
    name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if dtype.kind in "biu" and not pd.api.types.is_extension_array_dtype(dtype):
        return {"dtype": name, "v": series.tolist()}
    if dtype.kind == "f" and not pd.api.types.is_extension_array_dtype(dtype):
        return {"dtype": name, "v": [x if math.isfinite(x) else repr(x) if not math.isnan(x) else None
                                     for x in series.tolist()]}
    if dtype.kind == "M":  # ISO text; a zoned column keeps its offset and its zone's name in the dtype
        return {"dtype": name, "v": [None if pd.isna(x) else pd.Timestamp(x).isoformat() for x in series.tolist()]}
    if dtype.kind == "m":
        return {"dtype": name, "v": [None if pd.isna(x) else pd.Timedelta(x).value for x in series.tolist()]}
    return {"dtype": name, "v": [_scalar(x, where) for x in series.astype(object).tolist()]}


def _index(index: pd.Index, where: str, budget: _Budget) -> dict:
    if type(index) is pd.RangeIndex:
        return {"t": "range", "start": index.start, "stop": index.stop, "step": index.step,
                "name": _scalar(index.name, where)}
    if isinstance(index, pd.MultiIndex):
        return {"t": "multi", "names": [_scalar(n, where) for n in index.names],
                "levels": [_values(index.get_level_values(i).to_series(), where, budget)
                           for i in range(index.nlevels)]}
    return {"t": "index", "name": _scalar(index.name, where), **_values(index.to_series(), where, budget)}


MAX_LINE_POINTS = 20_000  # points of one chart's lines carried for checking; beyond, only counts


def _floats(values) -> list[float]:
    """Line coordinates as floats; dates become matplotlib's day numbers."""
    from matplotlib.dates import date2num

    out = []
    for v in np.asarray(values).ravel():
        if isinstance(v, (np.datetime64, _dt.datetime, _dt.date, pd.Timestamp)):
            v = date2num(pd.Timestamp(v).to_pydatetime())
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            out.append(float("nan"))
    return out


def _figure(fig, where: str) -> dict:
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    import warnings

    try:
        # Tick labels of a number or date axis are written only when the figure is drawn:
        # draw it, so that checks read the ticks the reader sees (2022.75 as well as 2023).
        # A missing glyph (Chinese characters without a CJK font) warned once more from this
        # line, naming the course's file: the trainee saw it when the chart was drawn, and
        # the chart checks say what to do.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
            fig.canvas.draw()
    except Exception:  # a figure that cannot be drawn still carries its parts
        pass
    axes = []
    for ax in fig.get_axes():
        bars = [{"x": float(p.get_x()), "y": float(p.get_y()), "width": float(p.get_width()),
                 "height": float(p.get_height()), "color": to_hex(p.get_facecolor())}
                for c in ax.containers for p in getattr(c, "patches", []) if type(p) is Rectangle]
        lines, points = [], 0
        for line in ax.get_lines():
            x, y = line.get_xdata(), line.get_ydata()
            points += len(x)
            carried = points <= MAX_LINE_POINTS
            lines.append({"label": str(line.get_label()), "color": to_hex(line.get_color()),
                          "x": _floats(x) if carried else [], "y": _floats(y) if carried else [],
                          "n": int(len(x))})
        legend = ax.get_legend()
        axes.append({"title": str(ax.get_title()), "xlabel": str(ax.get_xlabel()),
                     "ylabel": str(ax.get_ylabel()), "bars": bars,
                     "xticklabels": [str(t.get_text()) for t in ax.get_xticklabels()],
                     "yticklabels": [str(t.get_text()) for t in ax.get_yticklabels()],
                     "legend": [str(t.get_text()) for t in legend.get_texts()] if legend else [],
                     "texts": [str(t.get_text()) for t in ax.texts],
                     "xlim": [float(v) for v in ax.get_xlim()], "ylim": [float(v) for v in ax.get_ylim()],
                     "line_data": lines, "lines": len(lines)})
    return {"t": "figure", "axes": axes, "suptitle": str(fig._suptitle.get_text()) if fig._suptitle else ""}


def encode(value: Any, where: str | None = None, budget: _Budget | None = None):
    """Tagged, JSON-safe form of `value`, or NotTransportable (`where` names it in the message)."""
    where = where or _("your answer")
    budget = budget or _Budget()
    t = type(value)
    if t is pd.DataFrame:
        if value.columns.duplicated().any():
            raise NotTransportable(_("{where} has two columns with the same name.", where=where))
        return {"t": "frame", "columns": [_scalar(c, where) for c in value.columns],
                "index": _index(value.index, where, budget),
                "data": [_values(value.iloc[:, i], where, budget) for i in range(value.shape[1])]}
    if t is pd.Series:
        return {"t": "series", "name": _scalar(value.name, where), "index": _index(value.index, where, budget),
                **_values(value, where, budget)}
    if t in (list, tuple, set, frozenset):
        budget.take(len(value), where)
        items = [encode(v, where, budget) for v in value]
        return {"t": t.__name__, "v": items}
    if t is dict:
        budget.take(len(value), where)
        return {"t": "dict", "k": [encode(k, where, budget) for k in value],
                "v": [encode(v, where, budget) for v in value.values()]}
    if t is np.ndarray:
        return {"t": "ndarray", **_values(pd.Series(value.ravel()), where, budget), "shape": list(value.shape)}
    if t.__module__.startswith("pandas") and t.__name__ in ("Index", "RangeIndex", "DatetimeIndex", "MultiIndex"):
        return _index(value, where, budget)
    if t.__module__ == "matplotlib.figure" and t.__name__ == "Figure":
        return _figure(value, where)
    if callable(value) and t.__name__ in ("function", "builtin_function_or_method", "method"):
        return {"t": "function", "name": getattr(value, "__name__", "?")}
    return _scalar(value, where)


# --- decoding: our own objects, from data only -------------------------------------------

class PlainFigure:
    """What a matplotlib figure shows: axes with titles, labels, ticks, legend, bars and lines."""

    def __init__(self, data: dict):
        self.axes = [PlainAxes(a) for a in data["axes"]]
        self.suptitle = data.get("suptitle", "")


class PlainAxes:
    def __init__(self, data: dict):
        self.title, self.xlabel, self.ylabel = data["title"], data["xlabel"], data["ylabel"]
        self.bars = data["bars"]
        self.xticklabels = data["xticklabels"]
        self.yticklabels = data.get("yticklabels", [])
        self.legend = data.get("legend", [])          # the legend's entries, in order
        self.texts = data.get("texts", [])            # annotations written on the chart
        self.xlim, self.ylim = data.get("xlim"), data.get("ylim")
        self.line_data = data.get("line_data", [])    # label, colour, x, y (dates as day numbers), n
        self.lines = data["lines"]                    # how many lines


class SafeFunction:
    """A trainee's function as checks may use it: called with plain data, it returns
    materialized data. Subclasses decide where the call runs."""


class FunctionAnswer(SafeFunction):
    """Stands for a function defined in the notebook; only a caller can use it."""

    def __init__(self, name: str):
        self.__name__ = name

    def __call__(self, *args):
        raise NotImplementedError(f"{self.__name__} cannot be called here")


def _dec_scalar(v):
    if isinstance(v, dict):
        t = v["t"]
        if t == "float":
            return float(v["v"])
        if t == "ts":
            return pd.NaT if v["v"] is None else pd.Timestamp(v["v"])
        if t == "date":
            return _dt.date.fromisoformat(v["v"])
        if t == "bytes":
            return bytes.fromhex(v["v"])
        if t == "td":
            return pd.NaT if v["v"] is None else pd.Timedelta(v["v"])
        if t == "na":
            return pd.NA
        return decode(v)
    return v


def _dec_values(d: dict) -> pd.Series:
    dtype = d["dtype"]
    values = d["v"]
    if dtype.startswith("datetime64"):
        # ISO8601, not one inferred format: whole and fractional seconds mix in one column
        if "," in dtype:  # zoned: parse the instants in UTC, then show them in the column's zone
            return pd.Series(pd.to_datetime(values, format="ISO8601", utc=True)).astype(dtype)
        return pd.Series(pd.to_datetime(values, format="ISO8601"), dtype=dtype)
    if dtype.startswith("timedelta64"):
        return pd.Series(pd.to_timedelta([pd.NaT if x is None else x for x in values]), dtype=dtype)
    if dtype.startswith("float"):
        return pd.Series([float("nan") if x is None else float(x) for x in values], dtype=dtype)
    if dtype.startswith(("int", "uint", "bool")) and dtype[0] != dtype[0].upper():
        return pd.Series(values, dtype=dtype)
    items = [_dec_scalar(x) for x in values]
    if dtype == "object":
        return pd.Series(items, dtype=object)
    try:
        return pd.Series(items, dtype=dtype)
    except (TypeError, ValueError):
        return pd.Series(items, dtype=object)


def _dec_index(d: dict) -> pd.Index:
    if d["t"] == "range":
        return pd.RangeIndex(d["start"], d["stop"], d["step"], name=d["name"])
    if d["t"] == "multi":
        return pd.MultiIndex.from_arrays([pd.Index(_dec_values(l)) for l in d["levels"]], names=d["names"])
    return pd.Index(_dec_values(d), name=_dec_scalar(d["name"]))


def decode(data):
    """Fresh objects from `encode`'s output."""
    if not isinstance(data, dict):
        return data
    t = data.get("t")
    if t == "frame":
        index = _dec_index(data["index"])
        if not data["columns"]:
            return pd.DataFrame(index=index)
        frame = pd.concat([_dec_values(col) for col in data["data"]], axis=1)
        frame.columns = pd.Index([_dec_scalar(c) for c in data["columns"]])
        frame.index = index
        return frame
    if t == "series":
        s = _dec_values(data)
        s.index = _dec_index(data["index"])
        s.name = _dec_scalar(data["name"])
        return s
    if t in ("list", "tuple", "set", "frozenset"):
        items = [decode(v) for v in data["v"]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](items)
    if t == "dict":
        return {decode(k): decode(v) for k, v in zip(data["k"], data["v"])}
    if t == "ndarray":
        return _dec_values(data).to_numpy().reshape(data["shape"])
    if t in ("range", "index", "multi"):
        return _dec_index(data)
    if t == "figure":
        return PlainFigure(data)
    if t == "function":
        return FunctionAnswer(data["name"])
    return _dec_scalar(data)


def materialize(value, where: str | None = None):
    """In one process: a fresh, trustworthy copy of `value`; functions are wrapped so that
    what they return is materialized too."""
    if isinstance(value, (SafeFunction, PlainFigure)):  # already made by the course
        return value
    if callable(value) and type(value).__name__ in ("function", "builtin_function_or_method", "method"):
        return LocalFunction(value)
    return decode(encode(value, where))


class LocalFunction(SafeFunction):
    """A trainee's function, called in this process; results come back materialized."""

    def __init__(self, fn):
        self._fn = fn
        self.__name__ = getattr(fn, "__name__", "function")

    def __call__(self, *args):
        return materialize(self._fn(*args), f"what {self.__name__} returned")
