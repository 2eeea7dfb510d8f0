"""Checks and hints of assignment 04-network-traces ("Network security I: traces").

In the notebook::

    from course.exercises import traces as q
    q.sqli.check()   # after the answer cell
    q.sqli.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/04-network-traces/mistakes.toml``.

The storyline: a week of the procuratorate's own traces (the portal's access log, the SSH
server's auth log, the firewall's flow records) read as an investigator reads them: which
addresses attacked, when, what they tried, and whether they got in.

Expected values are computed here from the generated files (`answer_key`), by code written
for checking: each line is matched on its own and counted with dictionaries and loops, not
with the pandas steps of the reference solution. That includes the attack requests that
the flags of SQL injection and path traversal are measured against (precision and recall
per request, as a detection rule is judged): the checker reads each request's decoded
parameters as SQL and its path segment by segment (`_is_injection`, `_is_traversal`), not
with the notebook's patterns, and the findings of the report follow from the other
answers. No visible check reads a `truth/` table (on the hub only instructors can); a test
holds this labelling to the planted truth, request for request, and the hidden checks
(`course.hidden.traces`) compare with the truth itself.
"""
from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
from urllib.parse import unquote_plus

import pandas as pd

from course import data
from course.checking import (CheckFailed, as_plain, column_kind, column_kinds, expect_frame, expect_one_chart,
                             expect_printable_text, texts, value_kind)
from course.data import traces as gen
from course.i18n import N_, language, translator
from course.question import question_maker
from course.transport import NotTransportable, materialize

ASSIGNMENT = "04-network-traces"
_ = translator(ASSIGNMENT)

# --- parameters of the exercise (the questions state them) ------------------------------------

MIN_PRECISION, MIN_RECALL = 0.90, 0.90          # visible check of a flag question
SCAN_MIN_404, SCAN_WINDOW = 50, 10              # 404 answers in one fixed 10-minute window
GUESS_MIN_FAILURES = 20                          # failed logins on /login
ZEEK_LIMIT, ZEEK_WINDOW = 30, 30 * 60            # Zeek's defaults (30 failures, 30 minutes), in a sliding window
PORT_SCAN_MIN = 100                              # distinct destination ports of one target
DOS_MIN = 100                                    # connections per minute to the web server
ATTACKS = {  # report vocabulary -> (log, the generator's name for the kind, if it has one)
    "sql injection": ("access.log", "sql_injection"),
    "path traversal": ("access.log", "path_traversal"),
    "scanner": ("access.log", "scanner"),
    "password guessing": ("access.log", "brute_force"),
    "ssh guessing": ("auth.log", None),
    "port scan": ("flows", None),
}

MONTHS = {m: i for i, m in enumerate(gen.MONTHS, start=1)}
EIGHT_HOURS = 8 * 3600


# --- the answer key, computed from the files -------------------------------------------------

def _access_time(text: str) -> _dt.datetime:
    """`26/Feb/2024:13:55:36 +0800` as Beijing time (every line of this log says +0800)."""
    if not text.endswith(" +0800"):
        raise ValueError(text)
    return _dt.datetime(int(text[7:11]), MONTHS[text[3:6]], int(text[0:2]),
                        int(text[12:14]), int(text[15:17]), int(text[18:20]))


def _syslog_time(month: str, day: str, clock: str) -> _dt.datetime:
    h, m, s = (int(x) for x in clock.split(":"))
    return _dt.datetime(2024, MONTHS[month], int(day), h, m, s)


def _seconds(when: _dt.datetime) -> int:
    return int((when - gen.START).total_seconds())


_SQL_TOKEN = re.compile(r"[a-z_][a-z0-9_$]*|\d+|--|\S")
_SQL_FUNCTIONS = {"sleep", "pg_sleep", "benchmark", "extractvalue", "updatexml", "waitfor", "load_file"}
_SQL_STATEMENTS = {"select", "insert", "update", "delete", "drop", "exec", "declare", "shutdown"}
_SYSTEM_FILES = ("etc/passwd", "etc/shadow", "etc/hosts", "win.ini", "boot.ini", "proc/self/")


def _decoded(text: str) -> str:
    """URL-decoding applied until nothing changes (a doubly encoded `%252e` too), in lower case."""
    for _round in range(4):
        plain = unquote_plus(text)
        if plain == text:
            break
        text = plain
    return text.lower()


def _query_values(path: str) -> list[str]:
    """The decoded values of a request's query string (`?name=value&...`)."""
    query = path.partition("?")[2]
    return [_decoded(part.partition("=")[2]) for part in query.split("&")] if query else []


def _operand_end(tokens: list[str], i: int) -> int | None:
    """Where an operand starting at tokens[i] (a number, a word or a quoted string) ends, or None."""
    if i >= len(tokens):
        return None
    if tokens[i][0].isalnum() or tokens[i][0] == "_":
        return i + 1
    if tokens[i] == "'":
        j = i + 1
        while j < len(tokens) and tokens[j] != "'":
            j += 1
        return j + 1 if j < len(tokens) else None
    return None


def _is_injection(value: str) -> bool:
    """Read one decoded parameter as SQL: does it break out of its value into the server's query?"""
    tokens = _SQL_TOKEN.findall(re.sub(r"/\*.*?\*/", " ", value))     # a comment /**/ separates words
    for i, tok in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in ("--", "#"):
            return True                                 # a comment cuts off the rest of the query
        if tok == "information_schema":
            return True                                 # the database's own list of tables
        if tok == "'" and after in ("or", "and", "union", ";"):
            return True                                 # a string closed, then more SQL
        if tok in ("or", "and"):                        # a condition always true (or always false)
            end = _operand_end(tokens, i + 1)
            if end is not None and end < len(tokens) and tokens[end] == "=" and _operand_end(tokens, end + 1):
                return True
        if (tok == "union" and "select" in tokens[i + 1:i + 3]) or (tok == "order" and after == "by"):
            return True
        if (tok in _SQL_FUNCTIONS and after == "(") or (tok in (";", "(") and after in _SQL_STATEMENTS):
            return True
    return False


def _is_traversal(path: str) -> bool:
    """Does a request climb out of the web folder, or ask for a system file by its absolute path?"""
    segments = _decoded(path).replace("\\", "/").split("/")
    if any(len(seg) >= 2 and set(seg) == {"."} for seg in segments):    # `..`, and `....//` too
        return True
    values = [v.replace("\\", "/") for v in _query_values(path)]
    return any(v.startswith("/") or v.endswith(_SYSTEM_FILES) for v in values)


def _most_in_window(times: list[int], width: int) -> int:
    """Most events in any window (t - width, t], by two pointers over sorted seconds."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while times[lo] <= t - width:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of every question (hidden tests use it too)."""
    access = re.compile(gen.ACCESS_PATTERN)
    lines = data.path("access_log").read_text(encoding="utf-8").splitlines()
    rows = []
    for line in lines:
        m = access.match(line)
        size = m["bytes"]
        rows.append((m["ip"], _seconds(_access_time(m["time"])), m["method"], m["path"], int(m["status"]),
                     0 if size == "-" else int(size), m["referer"], m["agent"], "HTTP/2.0" in line,
                     size == "-"))
    # attack requests, by row of `log` (= line - 1)
    attacks = {"sql_injection": {i for i, r in enumerate(rows) if any(map(_is_injection, _query_values(r[3])))},
               "path_traversal": {i for i, r in enumerate(rows) if _is_traversal(r[3])}}
    statuses: dict[int, int] = {}
    for r in rows:
        statuses[r[4]] = statuses.get(r[4], 0) + 1

    # scanners: 404 answers per address and fixed 10-minute window
    bins: dict[tuple[str, int], int] = {}
    week_404: dict[str, int] = {}
    for ip, sec, _method, _path, status, *_rest in rows:
        if status == 404:
            key = (ip, sec - sec % (SCAN_WINDOW * 60))
            bins[key] = bins.get(key, 0) + 1
            week_404[ip] = week_404.get(ip, 0) + 1
    scanners = {ip: (start, n) for (ip, start), n in bins.items() if n >= SCAN_MIN_404}

    # password guessing on /login
    fails: dict[str, list[int]] = {}
    wins: dict[str, list[int]] = {}
    for ip, sec, method, path, status, *_rest in rows:
        if method == "POST" and path == "/login":
            (fails if status == 200 else wins if status == 302 else {}).setdefault(ip, []).append(sec)
    guessing = {}
    for ip, times in fails.items():
        if len(times) >= GUESS_MIN_FAILURES:
            later = [t for t in wins.get(ip, []) if t > min(times)]
            guessing[ip] = {"failures": len(times), "first": min(times), "last": max(times),
                            "success": min(later) if later else None,
                            "any_success": bool(wins.get(ip))}
    intruders = [ip for ip, g in guessing.items() if g["success"] is not None]

    # per hour: every request, and the requests of the address that got in
    hours = [0] * (gen.DAYS * 24)
    theirs = [0] * (gen.DAYS * 24)
    for ip, sec, *_rest in rows:
        hours[sec // 3600] += 1
        if ip in intruders:
            theirs[sec // 3600] += 1

    # SSH: Failed / Accepted lines
    syslog, login = re.compile(gen.AUTH_PATTERN), re.compile(gen.LOGIN_PATTERN)
    events = []
    auth_lines = data.path("auth_log").read_text(encoding="utf-8").splitlines()
    for line in auth_lines:
        m = syslog.match(line)
        e = login.match(m["message"])
        if e:
            events.append((_seconds(_syslog_time(m["month"], m["day"], m["clock"])), e["result"], e["user"], e["ip"]))
    failed: dict[str, list[int]] = {}
    for sec, result, user, ip in events:
        if result == "Failed":
            failed.setdefault(ip, []).append(sec)
    most = {ip: _most_in_window(times, ZEEK_WINDOW) for ip, times in failed.items()}
    guessers = {ip: n for ip, n in most.items() if n >= ZEEK_LIMIT}
    break_ins = {}
    for sec, result, user, ip in sorted(events):
        if result == "Accepted" and ip in guessers and sec > min(failed[ip]) and ip not in break_ins:
            break_ins[ip] = (user, sec)
    mentions: dict[str, int] = {}
    for line in auth_lines:
        if "fail" in line.lower():
            for ip in re.findall(r"\d+\.\d+\.\d+\.\d+", line):
                mentions[ip] = mentions.get(ip, 0) + 1

    # flows: distinct ports per source and target; connections per minute to the web server
    flows = data.load("flows")
    ports: dict[tuple[str, str], set] = {}
    per_minute: dict[int, list] = {}
    epoch0 = (gen.START - _dt.datetime(1970, 1, 1)).total_seconds() - EIGHT_HOURS
    span: dict[tuple[str, str], list[int]] = {}
    for src, dst, dport, ts in zip(flows["src_ip"], flows["dst_ip"], flows["dst_port"], flows["ts"]):
        ports.setdefault((src, dst), set()).add(dport)
        sec = int(float(ts) - epoch0)
        pair = span.setdefault((src, dst), [sec, sec])
        pair[0], pair[1] = min(pair[0], sec), max(pair[1], sec)
        if dst == gen.WEB_SERVER and dport in ("80", "443"):
            minute = int((float(ts) - epoch0) // 60)
            per_minute.setdefault(minute, []).append(src)
    scans = {k: len(v) for k, v in ports.items() if len(v) >= PORT_SCAN_MIN}
    scan_span = {k: tuple(span[k]) for k in scans}
    dos = {m: (len(s), len(set(s))) for m, s in per_minute.items() if len(s) >= DOS_MIN}

    # the report: every finding of Questions 3-6, 8 and 10
    findings = {}
    for label, (log, kind) in ATTACKS.items():
        for i in attacks.get(kind, ()):
            findings[(rows[i][0], label)] = (log, False)
    findings.update({(ip, "scanner"): ("access.log", False) for ip in scanners})
    findings.update({(ip, "password guessing"): ("access.log", g["success"] is not None) for ip, g in guessing.items()})
    findings.update({(ip, "ssh guessing"): ("auth.log", ip in break_ins) for ip in guessers})
    findings.update({(src, "port scan"): ("flows", False) for src, _dst in scans})

    return {
        "n_lines": len(rows),
        "rows": rows,       # (ip, second, method, path, status, bytes, referer, agent, http2, dash)
        "attacks": attacks,                      # kind -> rows of SQL injection / path traversal requests
        "status_share": {s: n / len(rows) for s, n in statuses.items()},
        "status_count": statuses,
        "scanners": scanners,                    # ip -> (window start second, 404s)
        "week_404": week_404,
        "guessing": guessing,                    # ip -> failures, first, last, success (seconds)
        "intruders": intruders,
        "hours": hours,
        "theirs": theirs,
        "events": events,                        # (second, result, user, ip) of Failed / Accepted
        "most_30min": most,
        "guessers": guessers,                    # ip -> most failures in 30 minutes
        "break_ins": break_ins,                  # ip -> (user, second)
        "mentions": mentions,
        "scans": scans,                          # (src, dst) -> distinct ports
        "scan_span": scan_span,                  # (src, dst) -> first and last connection (seconds)
        "dos": dos,                              # minute since START -> (connections, sources)
        "findings": findings,                    # (ip, attack) -> (log, got in?) of the report
    }


def precision_recall(flags, name: str, attacks: set[int]) -> tuple[float, float]:
    """Precision and recall of a True/False Series (one per line of access.log) against `attacks`,
    the row numbers of the attack requests."""
    n = answer_key()["n_lines"]
    if type(flags) is not pd.Series:
        raise CheckFailed(_("`{name}` should be a pandas Series of True/False, one for each row of `log`, "
                            "but it is {kind}. Build it with `log[...].str.contains(...)`.",
                            name=name, kind=value_kind(flags)))
    if flags.dtype != bool:
        raise CheckFailed(_("`{name}` should hold True or False for each request; it holds {kind}. "
                            "`.str.contains(...)` gives True/False; if some rows are empty, add `na=False`.",
                            name=name, kind=column_kind(flags)))
    if len(flags) != n or not flags.index.equals(pd.RangeIndex(n)):
        rows, count = f"{n:,}", f"{len(flags):,}"
        raise CheckFailed(_("`{name}` should have one value for each row of `log`, in the same order and with "
                            "the same row numbers ({rows} rows); it has {count}. Compute it from the whole "
                            "column, without filtering or sorting.", name=name, rows=rows, count=count))
    found = set(flags.index[flags.to_numpy()])
    if not found:
        raise CheckFailed(_("`{name}` flags no request at all. Check your pattern on one attack line first.",
                            name=name))
    hit = len(found & attacks)
    return hit / len(found), hit / len(attacks)


# --- helpers -------------------------------------------------------------------------------------

def _fresh(value, name: str):
    """A course-built copy of an answer, for the hidden checks (which may get the trainee's object)."""
    try:
        return materialize(value, f"`{name}`")
    except NotTransportable as exc:
        raise CheckFailed(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None


def _stamp(sec: int) -> str:
    return (gen.START + _dt.timedelta(seconds=int(sec))).strftime("%Y-%m-%d %H:%M:%S")


def _column(column: str) -> str:
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    return _("column `{column}`", column=column)


def _column_of(column: str, name: str, capital: bool = False) -> str:
    """"column `x` of `t`", the subject of a sentence (`capital`: at the start of one)."""
    if capital:
        return _("Column `{column}` of `{name}`", column=column, name=name)
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    return _("column `{column}` of `{name}`", column=column, name=name)


def _seconds_of(column: pd.Series, what: str) -> list[int | None]:
    """Seconds since the start of the week of a column of datetimes (None for empty)."""
    if column.dtype.kind == "O" and all(isinstance(v, pd.Timestamp) or pd.isna(v) for v in column):
        column = pd.to_datetime(column)       # dates kept in a general column, e.g. by `apply`
    if column.dtype.kind != "M":
        held = _("text") if column.dtype.kind == "O" else str(column.dtype)
        raise CheckFailed(_("{what} should hold dates and times (datetime64), but it holds {held}. "
                            "Keep the times as pandas gives them, or convert with `pd.to_datetime(...)`.",
                            what=what, held=held))
    start = pd.Timestamp(gen.START)
    return [None if pd.isna(v) else int((v - start).total_seconds()) for v in column]


def _zone_hint(got: list[int | None], expected: list[int], what: str) -> None:
    """Fail with a time-zone message when `got` is `expected` shifted by whole hours."""
    pairs = [(g, e) for g, e in zip(got, expected) if g is not None]
    if pairs and all(g - e == -EIGHT_HOURS for g, e in pairs):
        raise CheckFailed(_("{what} is 8 hours earlier than Beijing time: you turned the times into UTC (or "
                            "read Unix time without adding the 8 hours). Keep Beijing time, the time the "
                            "logs and the case file use, and write the zone in your report.", what=what))
    if pairs and all(g - e == EIGHT_HOURS for g, e in pairs):
        raise CheckFailed(_("{what} is 8 hours later than Beijing time: the 8 hours were added twice.", what=what))


def _expect_counts(df: pd.DataFrame, name: str, columns: list[str]) -> None:
    """Counts must be numbers, not text that looks like numbers ("61" sorts before "9" and never
    equals 61). Generic: belongs in `course.checking` once other modules need it."""
    for col in columns:
        if df[col].dtype.kind not in "iuf":
            held = column_kind(df[col])
            raise CheckFailed(_("Column `{column}` of `{name}` holds {held}, not numbers, so it cannot be compared "
                                "with a threshold or added up. Keep the counts as `size()`, `nunique()` or `sum()` "
                                "give them, or convert with `{name}[\"{column}\"].astype(int)`.",
                                column=col, name=name, held=held))


def _ip_set(df: pd.DataFrame, name: str, column: str = "ip") -> set[str]:
    ips = texts(df[column], _column_of(column, name))
    return set(ips)


# --- checks --------------------------------------------------------------------------------------

COLUMNS_LOG = ["ip", "time", "method", "path", "status", "bytes", "referer", "agent"]


def _expect_whole_sizes(size: pd.Series) -> None:
    """`bytes` must be whole numbers, with 0 for the log's `-`. Only the kind is checked here (the
    values are the hidden check's); a line that stopped at `-`, e.g. `.astype(int)` on the text,
    leaves the column as text, and the cell's error is easy to overlook once a check is green."""
    if size.dtype.kind in "iu":
        return
    if size.dtype.kind == "f":
        empty = int(size.isna().sum())
        if empty:
            shown = f"{empty:,}"
            raise CheckFailed(_("Column `bytes` of `log` has {count} empty values (NaN) where the log writes "
                                "`-`: `pd.to_numeric(..., errors=\"coerce\")` makes a dash empty. The question asks "
                                "for 0 there: add `.fillna(0).astype(int)`.", count=shown))
        raise CheckFailed(_("Column `bytes` of `log` holds numbers with decimals, not whole numbers. Convert it "
                            "with `.astype(int)`."))
    held = column_kind(size)
    dashes = int((size.astype(str) == "-").sum()) if size.dtype.kind == "O" else 0
    if dashes:
        shown = f"{dashes:,}"
        raise CheckFailed(_("Column `bytes` of `log` holds {held}, not whole numbers. {count} of its values are "
                            "still `-`, the log's mark for nothing sent, and `.astype(int)` stops with an error on "
                            "a dash, so the line that converts `bytes` may never have run. Replace the dash by 0 "
                            "first, `log[\"bytes\"].replace(\"-\", \"0\")`, then convert with `.astype(int)`.",
                            held=held, count=shown))
    raise CheckFailed(_("Column `bytes` of `log` holds {held}, not whole numbers. Replace the dash by 0 "
                        "first, `log[\"bytes\"].replace(\"-\", \"0\")`, then convert with `.astype(int)`.",
                        held=held))


def _date(when: _dt.datetime, fmt: str) -> str:
    """`when` written with the strftime format `fmt` (an English one, marked with N_), in the
    trainee's language; the English format where the translated one cannot be written here."""
    try:
        return when.strftime(_(fmt))
    except ValueError:   # e.g. a glibc flag such as %-d on a platform without it
        return when.strftime(fmt)


# TRANSLATORS: strftime formats of a day (%d day, %b month, %Y year, %H:%M the clock)
DAY, DAY_YEAR, DAY_MINUTE = N_("%d %b"), N_("%d %b %Y"), N_("%d %b %H:%M")


def _check_parse_log(log) -> str:
    df = expect_frame(log, "log", COLUMNS_LOG)
    key = answer_key()
    n, rows = key["n_lines"], key["rows"]
    unmatched = df["ip"].isna() | df["path"].isna()
    count, lines = f"{len(df):,}", f"{n:,}"
    if len(df) < n:
        raise CheckFailed(_("`log` has {count} rows, but access.log has {lines} lines. Keep one row per "
                            "line (did `dropna()` throw away the lines your pattern missed? Fix the pattern "
                            "instead).", count=count, lines=lines))
    if len(df) > n:
        raise CheckFailed(_("`log` has {count} rows, more than access.log has lines ({lines}). Make one row "
                            "per line: `pd.Series(lines).str.extract(PATTERN)`.", count=count, lines=lines))
    if unmatched.any():
        missed = [rows[i] for i in range(n) if bool(unmatched.iloc[i])]
        if all(r[9] for r in missed):
            why = _("All of them have `-` as the size (a 304 answer sends no body). Let the size be digits "
                    "**or** a dash: `(?P<bytes>\\d+|-)`.")
        elif all(r[8] for r in missed):
            why = _("All of them were sent over `HTTP/2.0`: allow any protocol version, e.g. `(?P<protocol>[^\"]+)`.")
        else:
            first = next(i for i in range(n) if bool(unmatched.iloc[i]))
            why = _("Look at one of them, `lines[{row}]`, and compare it with your pattern piece by piece "
                    "(test the pattern on that line alone with `re.match`).", row=first)
        shown = f"{int(unmatched.sum()):,}"
        raise CheckFailed(_("{count} lines did not match your pattern, so their columns are empty.", count=shown)
                          + " " + why)
    if not df.index.equals(pd.RangeIndex(n)):
        raise CheckFailed(_("Keep the rows of `log` in the order of the file, numbered 0, 1, 2, ... as "
                            "`str.extract` gives them: row i is line i + 1 of the log. Do not sort or filter."))
    if isinstance(df["time"].dtype, pd.DatetimeTZDtype):
        raise CheckFailed(_("Column `time` still carries its zone. Drop it after parsing with "
                            "`.dt.tz_localize(None)`: every time is then Beijing time, as the log says."))
    got = _seconds_of(df["time"], _column_of("time", "log", capital=True))
    expected = [r[1] for r in rows]
    if got != expected:
        _zone_hint(got, expected, _column_of("time", "log", capital=True))
        i = next(i for i in range(n) if got[i] != expected[i])
        if got[i] is None:
            raise CheckFailed(_("Row {row} of `log` has the time empty, but its line says otherwise. Parse the "
                                "whole `[...]` part with `format=\"%d/%b/%Y:%H:%M:%S %z\"`.", row=i))
        raise CheckFailed(_("Row {row} of `log` has the time {time}, but its line says otherwise. Parse the "
                            "whole `[...]` part with `format=\"%d/%b/%Y:%H:%M:%S %z\"`.", row=i, time=_stamp(got[i])))
    if df["status"].dtype.kind not in "iu":
        held = _("numbers with decimals") if column_kinds(df["status"]) == ["numbers"] else column_kind(df["status"])
        raise CheckFailed(_("Column `status` of `log` holds {held}, not whole numbers. Convert it with "
                            "`.astype(int)` so that you can compare it with 404 or 500.", held=held))
    if [int(v) for v in df["status"]] != [r[4] for r in rows]:
        raise CheckFailed(_("Column `status` does not hold each line's status code (the three digits after "
                            "the request in quotes)."))
    _expect_whole_sizes(df["bytes"])
    first, last = gen.START, gen.START + _dt.timedelta(seconds=max(expected))
    requests, addresses = f"{n:,}", f"{df['ip'].nunique():,}"
    return _("{requests} requests from {addresses} addresses, {first} to {last}, Beijing time.",
             requests=requests, addresses=addresses, first=_date(first, DAY), last=_date(last, DAY_YEAR))


def _check_status_mix(status_share) -> str:
    if type(status_share) is not pd.Series:
        raise CheckFailed(_("`status_share` should be a pandas Series (status code -> share of requests), but "
                            "it is {kind}. `.value_counts(normalize=True)` gives one.", kind=value_kind(status_share)))
    key = answer_key()
    got = as_plain(status_share, "`status_share`")
    index, values = got["index"], got["values"]
    if any(isinstance(i, str) for i in index):
        raise CheckFailed(_("The index of `status_share` holds the codes as text. Count the whole-number "
                            "column `log[\"status\"]` from Question 1."))
    if sorted(int(i) for i in index) != sorted(key["status_share"]):
        raise CheckFailed(_("`status_share` should have one entry for each status code in the log, the codes "
                            "as its index."))
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise CheckFailed(_("The values of `status_share` should be numbers."))
    if max(values) > 1:
        raise CheckFailed(_("`status_share` holds counts. The question asks for shares of all requests (between "
                            "0 and 1): add `normalize=True`."))
    for code, share in zip(index, values):
        if abs(share - key["status_share"][int(code)]) > 1e-9:
            raise CheckFailed(_("The share of status {code} is not its share of all requests. Count "
                                "requests (rows of `log`), not addresses.", code=int(code)))
    if list(values) != sorted(values, reverse=True):
        raise CheckFailed(_("Order `status_share` from the most frequent status to the least."))
    s = key["status_share"]
    ok, unchanged, not_found, error = (f"{s[200]:.0%}", f"{s.get(304, 0):.0%}", f"{s.get(404, 0):.1%}",
                                       f"{s.get(500, 0):.2%}")
    return _("{ok} of requests answered 200, {unchanged} 304, {not_found} 404, {error} 500.",
             ok=ok, unchanged=unchanged, not_found=not_found, error=error)


FULL_MARKS_BAR = 0.97   # stated in the questions; the hidden check holds it (course.hidden.traces)


def _shown(path: str, width: int = 110) -> str:
    """A request's decoded path, short enough for a message line."""
    text = unquote_plus(path).replace("`", "'")
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)   # a decoded %0a shows as \\n
    return text if len(text) <= width else text[:width - 3] + "..."


# Forms of attack, for grouping what a rule misses (the message shows one example of each form).
# Only for display: which requests are attacks is decided by `_is_injection` and `_is_traversal`.
_SQLI_FORMS = [
    (r"/\*.*?\*/", N_("SQL words joined by comments `/**/` instead of spaces")),
    (r"union\W+(?:all\W+)?select", N_("`union ... select`")),
    (r"order\W+by", N_("`order by`")),
    (r"(?:sleep|benchmark|extractvalue|updatexml)\s*\(", N_("a database function such as `sleep(`")),
    (r";\W*(?:select|drop|insert|update|delete|exec)", N_("a second statement after `;`")),
    (r"'\W*(?:or|and)\b", N_("a quote, then `or` or `and`")),
    (r"\b(?:or|and)\W+\w+\W*=", N_("a condition that is always true, such as `or 1=1`")),
    (r"--|#", N_("a comment (`--` or `#`) that cuts off the rest of the server's query")),
]
_TRAVERSAL_FORMS = [
    (r"\.\.\\", N_("climbing with backslashes, `..\\`")),
    (r"\.\.\.\.//", N_("doubled dots and slashes, `....//`, which survive a filter that deletes `../` once")),
    (r"\x00", N_("a NUL byte (`%00`, shown as `\\x00`) before a harmless ending such as `.pdf`")),
    (r"^/[^?]*\.\./", N_("`../` in the path itself, not after `file=`")),
    (r"=/", N_("a system file named directly by its full path, with no dots")),
    (r"\.\./", N_("`../` after `file=`")),
]
OTHER_FORMS = N_("other forms")


def _form(text: str, forms) -> str:
    """The (English) name of the first form of `forms` that `text` takes."""
    for pattern, name in forms:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return OTHER_FORMS


def _why_flagged(text: str, kind: str, share: float) -> str:
    """Why an ordinary request may look like an attack to a rule (a guess from the request and from
    `share`, the share of all ordinary requests the rule flags), or ""."""
    if kind == "path_traversal":
        if "passwd" in text.lower() and "/etc/" not in text.lower():
            return _("It is an honest page whose name contains `passwd`; an attack names `/etc/passwd`.")
        if ".." not in text and share > 0.2 and (m := re.search(r"..[/\\]", text)):
            return _("It has no two dots in a row. If your pattern has a `.` without a backslash: a bare `.` "
                     "matches any character, so `../` also finds `{found}` in it. Write a real dot as `\\.`.",
                     found=m.group(0))
    else:
        word = re.search(r"\b(union|select|order|sleep|drop|and|or)\b", text, re.IGNORECASE)
        if "'" in text and not re.search(r"'\W*(?:or|and|union|;|--)", text, re.IGNORECASE):
            return _("Its quote is an apostrophe in ordinary words; an injection closes a quote and goes on "
                     "with SQL (`' or`, `' and`, `'--`).")
        if word:
            return _("It is an honest request with the word `{word}` in it and no SQL grammar around "
                     "it: look for the grammar of an attack, not for single words.", word=word.group(1))
    return ""


def _flag_progress(flags, kind: str, name: str, what: str) -> tuple[float, float, str]:
    """Precision, recall and a report of how far the rule is: how many attacks it misses, with one
    example of each form of attack it misses (up to four forms, never the list), and how many
    ordinary requests it flags, with one example and, where the request shows it, why. `what`
    names the attack in English (marked with N_)."""
    key = answer_key()
    attacks = key["attacks"][kind]
    p, r = precision_recall(flags, name, attacks)
    found = set(flags.index[flags.to_numpy()])
    missed, wrong = sorted(attacks - found), sorted(found - attacks)
    counts = {"flagged": f"{len(found):,}", "hits": f"{len(found & attacks):,}", "attacks": f"{len(attacks):,}",
              "wrong": f"{len(wrong):,}", "missed": f"{len(missed):,}", "recall": f"{r:.2f}",
              "precision": f"{p:.2f}"}
    text = _("`{name}` flags {flagged} requests: {hits} of the {attacks} {what} requests the checker reads in "
             "the log, and {wrong} ordinary ones. So it misses {missed} attacks (recall {recall}) and {wrong} of "
             "its flags are wrong (precision {precision}).", name=name, what=_(what), **counts)
    if missed:
        forms = _SQLI_FORMS if kind == "sql_injection" else _TRAVERSAL_FORMS
        by_form: dict[str, list[int]] = {}
        for i in missed:
            by_form.setdefault(_form(unquote_plus(key["rows"][i][3]), forms), []).append(i)
        shown = sorted(by_form.items(), key=lambda kv: -len(kv[1]))[:4]
        lines = []
        for form, rows in shown:
            count = f"{len(rows):,}"
            lines.append(_("{form} ({count} missed), e.g. row {row}: `{request}`", form=_(form), count=count,
                           row=rows[0], request=_shown(key["rows"][rows[0]][3])))
        more = len(by_form) - len(shown)
        # TRANSLATORS: between the items of a list, each an attack's form with its example
        listed = _("; ").join(lines)
        if len(by_form) == 1:
            text += " " + _("The attacks it misses are all of one form: {form}.", form=lines[0])
        elif more:
            text += " " + _("The attacks it misses take {count} forms (the {shown} largest here): {forms}.",
                            count=len(by_form), shown=len(shown), forms=listed)
        else:
            text += " " + _("The attacks it misses take {count} forms: {forms}.", count=len(by_form), forms=listed)
        first_shown = shown[0][1][0]
    if wrong:
        example = key["rows"][wrong[0]][3]
        share = len(wrong) / (key["n_lines"] - len(attacks))
        text += " " + _("One ordinary request it flags, row {row}: `{request}`.", row=wrong[0],
                        request=_shown(example))
        why = _why_flagged(unquote_plus(example), kind, share)
        if why:
            text += " " + why
    if missed or wrong:
        text += " " + _("Print such a row with `log.loc[{row}, \"decoded\"]`, change your pattern so that it "
                        "catches the attack or leaves the ordinary request alone, and check again.",
                        row=first_shown if missed else wrong[0])
    return p, r, text


def _flag_check(flags, kind: str, name: str, what: str) -> str:
    p, r, progress = _flag_progress(flags, kind, name, what)
    precision, recall = f"{p:.2f}", f"{r:.2f}"
    if p >= MIN_PRECISION and r >= MIN_RECALL:
        if p >= FULL_MARKS_BAR and r >= FULL_MARKS_BAR:
            return _("precision {precision}, recall {recall}: {count} requests flagged as {what}.",
                     precision=precision, recall=recall, count=int(flags.sum()), what=_(what))
        bar = f"{FULL_MARKS_BAR:.2f}"
        return _("precision {precision} and recall {recall} pass this check, but full marks need {bar} "
                 "on both.", precision=precision, recall=recall, bar=bar) + " " + progress
    if r < MIN_RECALL and p >= MIN_PRECISION:
        tip = _("Did you decode the path first (`unquote_plus`)? Is the match blind to capitals "
                "(`case=False`)? Compare the attack it misses with your pattern.")
    elif p < MIN_PRECISION and r >= MIN_RECALL:
        tip = _("A word or a character that also appears in honest requests is not a sign of attack: look for "
                "the grammar of the attack instead.")
    else:
        tip = _("Decode first, ignore capitals, and look for the signs of an attack, not for single words.")
    bar = f"{MIN_PRECISION:.2f}"
    raise CheckFailed(progress + " " + _("Both precision and recall must be at least {bar}.", bar=bar) + " " + tip)


def _check_sqli(sqli) -> str:
    return _flag_check(sqli, "sql_injection", "sqli", N_("SQL injection"))


def _check_traversal(traversal) -> str:
    return _flag_check(traversal, "path_traversal", "traversal", N_("path traversal"))


def _check_scanners(scanners) -> str:
    df = expect_frame(scanners, "scanners", ["ip", "window", "not_found"])
    _expect_counts(df, "scanners", ["not_found"])
    key = answer_key()
    got = _ip_set(df, "scanners")
    expected = set(key["scanners"])
    if not got:
        raise CheckFailed(_("`scanners` is empty. Keep the 404 answers, count them per address and per "
                            "10-minute window, and keep the counts of 50 or more."))
    extra = got - expected
    if extra and all(key["week_404"].get(ip, 0) >= SCAN_MIN_404 for ip in extra) and \
            not any(ip in expected for ip in extra):
        raise CheckFailed(_("`scanners` includes {addresses}, which collected its 404 answers "
                            "over the whole week (a crawler following old links). A scanner fires hundreds of "
                            "probes in minutes: count per 10-minute window with `pd.Grouper(key=\"time\", "
                            "freq=\"10min\")`.", addresses=", ".join(sorted(extra))))
    if extra:
        raise CheckFailed(_("`scanners` includes {addresses}, which did not receive 50 or more "
                            "404 (Not Found) answers in one 10-minute window. Count only status 404.",
                            addresses=", ".join(sorted(extra))))
    if got != expected:
        raise CheckFailed(_("`scanners` lists {count} addresses, but not every address with 50 or more 404 "
                            "answers in one 10-minute window.", count=len(got)))
    counts = sorted(n for _start, n in key["scanners"].values())
    fewest, most = f"{counts[0]:,}", f"{counts[-1]:,}"
    if counts[0] == counts[-1]:
        return _("{count} scanner addresses found, with {answers} 404 answers in one 10-minute window.",
                 count=len(got), answers=fewest)
    return _("{count} scanner addresses found, with {fewest} to {most} 404 answers in one 10-minute window.",
             count=len(got), fewest=fewest, most=most)


def _check_web_guessing(guessing) -> str:
    df = expect_frame(guessing, "guessing", ["ip", "failures", "first", "last", "success"])
    _expect_counts(df, "guessing", ["failures"])
    key = answer_key()["guessing"]
    got = _ip_set(df, "guessing")
    if not got:
        raise CheckFailed(_("`guessing` is empty. A failed login is a POST to `/login` answered 200 (the form "
                            "again); count them per address and keep 20 or more."))
    if got != set(key):
        raise CheckFailed(_("`guessing` lists {addresses}: not exactly the addresses with 20 or "
                            "more failed logins (POST `/login` answered 200). Count only POST requests, and "
                            "only those answered 200.", addresses=", ".join(sorted(got))))
    counts = dict(zip(texts(df["ip"], "ip"), df["failures"]))
    for ip, g in key.items():
        n = counts[ip]
        if n == g["failures"] + (1 if g["any_success"] else 0) and n != g["failures"]:
            raise CheckFailed(_("The failures of {ip} include its successful login. Count only the POSTs "
                                "answered 200; the one answered 302 is the success.", ip=ip))
        if n != g["failures"]:
            raise CheckFailed(_("The number of failures of {ip} is not right: count the POST requests to "
                                "`/login` answered 200 (a GET only shows the form).", ip=ip))
    success = _seconds_of(df["success"], _column_of("success", "guessing", capital=True))
    for ip, s in zip(texts(df["ip"], "ip"), success):
        g = key[ip]
        if g["success"] is None and s is not None:
            raise CheckFailed(_("`guessing` says {ip} logged in successfully, but its only successful login "
                                "came days **before** its failed ones: someone else behind the same shared "
                                "address (a mobile carrier's). Keep only successes after the first failure.", ip=ip))
        if g["success"] is not None and s is None:
            raise CheckFailed(_("`guessing` says {ip} never logged in, but one of its logins was answered 302 "
                                "after the failures.", ip=ip))
    winners = sum(1 for g in key.values() if g["success"] is not None)
    return _("{count} guessing addresses; {winners} of them got in.", count=len(got), winners=winners)


def _check_ssh_logins(logins) -> str:
    df = expect_frame(logins, "logins", ["time", "result", "user", "ip"])
    events = answer_key()["events"]
    results = [r.lower() for r in texts(df["result"], _column("result"))]
    if set(results) - {"failed", "accepted"}:
        raise CheckFailed(_("Column `result` should say `Failed` or `Accepted`, as the log does. Keep only the "
                            "lines that start with one of them."))
    n_failed = sum(1 for e in events if e[1] == "Failed")
    n_ok = len(events) - n_failed
    if results.count("accepted") == 0:
        raise CheckFailed(_("`logins` has no `Accepted` line. Keep the accepted logins too: they tell whether a "
                            "guesser got in."))
    if results.count("failed") < n_failed:
        raise CheckFailed(_("`logins` has {count} failed logins, fewer than the log. "
                            "Failures for an account that does not exist read `Failed password for invalid "
                            "user admin from ...`: make `invalid user ` optional in your pattern, "
                            "`(?:invalid user )?`.", count=results.count("failed")))
    if results.count("accepted") < n_ok:
        raise CheckFailed(_("`logins` has {count} accepted logins, but the log has {lines} "
                            "`Accepted ...` lines. Some administrators log in with a key instead of a password: "
                            "those lines read `Accepted publickey for ...`. Let your pattern take both words, "
                            "`(?:password|publickey)`.", count=results.count("accepted"), lines=n_ok))
    if results.count("accepted") > n_ok:
        raise CheckFailed(_("`logins` has {count} accepted logins, more than the {lines} "
                            "`Accepted ...` lines of the log. Keep one row per line: did a merge or a join "
                            "repeat rows?", count=results.count("accepted"), lines=n_ok))
    if results.count("failed") > n_failed:
        raise CheckFailed(_("`logins` has {count} failed logins, more than the {lines} "
                            "`Failed password ...` lines of the log. Other lines mention failures too (for "
                            "example `pam_unix(sshd:auth): authentication failure`): start your pattern with "
                            "`^`, so that it matches only messages that begin with `Failed` or `Accepted`.",
                            count=results.count("failed"), lines=n_failed))
    if len(df) != len(events):
        raise CheckFailed(_("`logins` has {count} rows, but the log has {lines} `Failed password ...` "
                            "and `Accepted ...` lines. Keep one row per such line, and nothing else: drop the "
                            "rows your pattern did not match with `.dropna(subset=[\"result\"])`.",
                            count=len(df), lines=len(events)))
    if "invalid" in set(texts(df["user"], _column("user"))):
        raise CheckFailed(_("Some rows have `invalid` as the user name. In `Failed password for invalid user "
                            "admin`, the user is `admin`."))
    got = _seconds_of(df["time"], _column_of("time", "logins", capital=True))
    if any(t is None for t in got):
        raise CheckFailed(_("Some times in `logins` are empty. The syslog date has no year, and without one "
                            "29 February cannot be a date: put the year from the case file in front, "
                            "`\"2024 \" + ...`, with `format=\"%Y %b %d %H:%M:%S\"`."))
    if min(got) < -365 * 86400:
        raise CheckFailed(_("The times in `logins` are in the year 1900: the syslog date has no year. Put the "
                            "year from the case file in front, `\"2024 \" + ...`, with "
                            "`format=\"%Y %b %d %H:%M:%S\"`."))
    expected = sorted((sec, r.lower()) for sec, r, _user, _ip in events)
    if sorted(zip(got, results)) != expected:
        _zone_hint(sorted(got), [e[0] for e in expected], _column_of("time", "logins", capital=True))
        raise CheckFailed(_("The times in `logins` are not the times of the lines. Parse month, day and clock "
                            "of each line, with the year 2024."))
    return _("{failed} failed and {accepted} accepted logins.", failed=n_failed, accepted=n_ok)


def _check_zeek(guessers) -> str:
    df = expect_frame(guessers, "guessers", ["ip", "max_30min"])
    _expect_counts(df, "guessers", ["max_30min"])
    key = answer_key()
    got, expected = _ip_set(df, "guessers"), set(key["guessers"])
    if not got:
        raise CheckFailed(_("`guessers` is empty. Count each address's failed logins in a 30-minute window that "
                            "slides along (`.rolling(\"30min\")` on a time index) and keep 30 or more."))
    extra, missing = got - expected, expected - got
    slow = {ip for ip in extra if len([e for e in key["events"] if e[3] == ip and e[1] == "Failed"]) >= ZEEK_LIMIT}
    if extra and extra == slow:
        raise CheckFailed(_("`guessers` includes {addresses}, which failed 30 times or more over "
                            "the week, but never 30 times within 30 minutes. Count in a 30-minute window, "
                            "not over the whole log.", addresses=", ".join(sorted(extra))))
    if extra and all(key["mentions"].get(ip, 0) >= ZEEK_LIMIT for ip in extra):
        raise CheckFailed(_("`guessers` includes {addresses}, which never failed 30 times in 30 "
                            "minutes: you counted lines that mention a failure, and one failed password can "
                            "write two of them. Count only `Failed password` lines.",
                            addresses=", ".join(sorted(extra))))
    if missing and not extra:
        raise CheckFailed(_("`guessers` misses at least one guessing address. Fixed half-hours (10:00-10:30, "
                            "10:30-11:00), which is how Zeek counts, cut a burst in two; this question's rule "
                            "counts within any 30 minutes. Use a sliding window: `.rolling(\"30min\")`."))
    if got != expected:
        raise CheckFailed(_("`guessers` is not the list of addresses with 30 or more failed logins within 30 "
                            "minutes."))
    return _("{count} addresses fail 30 times or more within some 30 minutes.", count=len(got))


def _check_break_ins(break_ins) -> str:
    df = expect_frame(break_ins, "break_ins", ["ip", "user", "time"])
    key = answer_key()
    got, expected = _ip_set(df, "break_ins"), set(key["break_ins"])
    extra = got - expected
    if extra & set(key["guessers"]):
        raise CheckFailed(_("`break_ins` includes {addresses}, but its "
                            "accepted login came before its failures (an honest login from the same office "
                            "days earlier). Keep only logins accepted after the address's first failure.",
                            addresses=", ".join(sorted(extra & set(key["guessers"])))))
    if extra:
        raise CheckFailed(_("`break_ins` includes {addresses}, which is not a guessing address "
                            "(Question 8). A user who mistypes twice and then gets in is not an attack.",
                            addresses=", ".join(sorted(extra))))
    if got != expected:
        raise CheckFailed(_("`break_ins` misses a guessing address whose login was accepted after its failures."))
    if len(got) == 1:
        return _("1 guessing address got in.")
    return _("{count} guessing addresses got in.", count=len(got))


def _check_port_scans(port_scans) -> str:
    df = expect_frame(port_scans, "port_scans", ["src_ip", "dst_ip", "ports"])
    _expect_counts(df, "port_scans", ["ports"])
    key = answer_key()["scans"]
    got = set(texts(df["src_ip"], "src_ip"))
    expected = {s for s, _dst in key}
    if not got:
        raise CheckFailed(_("`port_scans` is empty. Count the distinct destination ports (`nunique`) of each "
                            "source and target, and keep 100 or more."))
    if gen.MONITOR in got:
        raise CheckFailed(_("`port_scans` includes {address}, the monitoring server: it checks 22-30 ports "
                            "on each of five servers, many ports in all but never 100 of one target, and it "
                            "opens more connections than anyone. Count distinct ports (`nunique`), per source "
                            "**and** target.", address=gen.MONITOR))
    if got < expected:
        raise CheckFailed(_("`port_scans` misses scans. The labels stop on Wednesday: "
                            "apply your rule (100 or more distinct ports of one target) to every row, labelled "
                            "or not."))
    if got != expected:
        raise CheckFailed(_("`port_scans` lists {count} sources: not exactly those that touched 100 or more "
                            "distinct ports of one target. Count distinct ports (`nunique`), not connections.",
                            count=len(got)))
    return _("{count} port scans, each touching 100 or more ports of one machine.", count=len(got))


def _check_dos(dos_minutes) -> str:
    df = expect_frame(dos_minutes, "dos_minutes", ["connections", "sources"])
    _expect_counts(df, "dos_minutes", ["connections", "sources"])
    key = answer_key()["dos"]
    index = df.index
    if len(df) == 0:
        raise CheckFailed(_("`dos_minutes` is empty. `flows` holds every column as text, so `dst_port` holds "
                            "'80', not 80, and `flows[\"dst_port\"].isin([80, 443])` finds nothing: convert "
                            "with `flows[\"dst_port\"].astype(int)` or compare with the texts `[\"80\", \"443\"]`. "
                            "Then count connections to the web server per minute (Beijing time) and keep 100 or "
                            "more."))
    if not isinstance(index, pd.DatetimeIndex):
        dated = [str(c) for c in df.columns if df[c].dtype.kind == "M"]
        if dated:
            raise CheckFailed(_("The minutes are in the column `{column}` of `dos_minutes`, but the question "
                                "asks for them as the index: add `.set_index(\"{column}\")`.", column=dated[0]))
        raise CheckFailed(_("The index of `dos_minutes` should be the minutes (dates and times), as `groupby` on "
                            "`...dt.floor(\"min\")` gives it."))
    got = [int((t - pd.Timestamp(gen.START)).total_seconds()) for t in index]
    expected = sorted(m * 60 for m in key)
    if sorted(got) != expected:
        if len(got) == len(expected):
            _zone_hint(sorted(got), expected, _("The index of `dos_minutes`"))
        if all(g % 3600 == 0 for g in got):
            raise CheckFailed(_("`dos_minutes` counts per hour. The question asks per minute: `dt.floor(\"min\")`."))
        if set(expected) < set(got):
            raise CheckFailed(_("`dos_minutes` has {count} minutes, more than the floods: some are a port scan "
                                "of the web server. Count only connections to ports 80 and 443 of the web server.",
                                count=len(got)))
        raise CheckFailed(_("`dos_minutes` has {count} minutes: not the minutes with 100 or more connections "
                            "to the web server (ports 80 and 443), in Beijing time.", count=len(got)))
    return _("{count} minutes of flooding, in {bursts} bursts.", count=len(got), bursts=len(_bursts(expected)))


def _bursts(minutes: list[int]) -> list[tuple[int, int]]:
    out = []
    for m in sorted(minutes):
        if out and m - out[-1][1] == 60:
            out[-1] = (out[-1][0], m)
        else:
            out.append((m, m))
    return out


def _check_timeline(fig) -> str:
    ax = expect_one_chart(fig)
    if not ax.bars:
        raise CheckFailed(_("The chart has no bars. Draw the requests per hour with `ax.bar(...)`."))
    key = answer_key()
    hours, theirs = key["hours"], key["theirs"]
    by_colour: dict[str, list[dict]] = {}
    for b in ax.bars:
        by_colour.setdefault(b["color"], []).append(b)
    if len(by_colour) < 2:
        raise CheckFailed(_("All bars have one colour, so the attack is not marked. Draw the requests of the "
                            "address that got in (Question 6) as a second set of bars, in another colour."))
    if len(by_colour) > 2:
        raise CheckFailed(_("The bars have more than two colours. Use one colour for all requests and one for "
                            "the requests of the address that got in."))
    # the main colour is the one that carries more requests; the other marks the break-in
    (_c1, b1), (_c2, b2) = sorted(by_colour.items(), key=lambda kv: -sum(b["height"] for b in kv[1]))
    base = sorted(b1, key=lambda b: b["x"])
    heights = [round(b["height"]) for b in base]
    others = [h - t for h, t in zip(hours, theirs)]
    if heights not in (hours, others):
        raise CheckFailed(_("The {count} bars of the main colour do not show the requests in each hour of "
                            "the week, in time order. Count the rows of `log` per hour "
                            "(`log.set_index(\"time\").resample(\"h\").size()`) and draw one bar per hour.",
                            count=len(base)))
    xs = [b["x"] for b in base]
    step = min(b - a for a, b in itertools.pairwise(xs))
    if max(b["width"] for b in base) > step * 1.001:
        raise CheckFailed(_("The bars are wider than an hour, so they overlap. With dates on the x-axis a bar's "
                            "width is counted in days: `width=1/24` is one hour."))
    marked = [b for b in b2 if round(b["height"]) != 0]
    slot = {round(x, 6): i for i, x in enumerate(xs)}
    if any(slot.get(round(b["x"], 6)) is None for b in marked):
        raise CheckFailed(_("Some bars of the second colour do not stand where the bars of the main colour "
                            "stand, so a reader cannot see which hours they belong to. Draw both sets with "
                            "`ax.bar(...)` on the same x values (the hours, e.g. `per_hour.index`) with the same "
                            "`width` and `align`. Two pandas bar plots (`.plot.bar()`) put their bars at 0, 1, "
                            "2, ... instead of at the hours."))
    if any(round(b["height"]) != theirs[slot[round(b["x"], 6)]] for b in marked):
        raise CheckFailed(_("The bars of the second colour stand on the right hours, but their heights are not "
                            "the requests per hour of the address that got in through the portal. Check which "
                            "address you took: it is the one in `guessing` (Question 6) whose `success` is not "
                            "empty. Count all its requests per hour, not only its logins."))
    if len(marked) != sum(1 for t in theirs if t):
        raise CheckFailed(_("Some hours with requests of the address that got in have no bar of the second "
                            "colour. Count its requests for every hour of the week, with `.reindex(per_hour.index, "
                            "fill_value=0)`, and draw them all."))
    expect_printable_text(ax, _("Give the chart a title that says what and where, with `ax.set_title(...)`."))
    if not ax.xlabel.strip():
        raise CheckFailed(_("The horizontal axis has no label. Say what it shows and in which clock, e.g. "
                            "`ax.set_xlabel(\"Day (Beijing time)\")`."))
    entries = [t for t in ax.legend if t.strip() and not t.startswith("_")]
    if len(entries) < 2:
        raise CheckFailed(_(LEGEND_ONE if len(entries) == 1 else LEGEND_FEW, count=len(entries)))
    chinese = language().startswith("zh")   # the Chinese edition's chart style writes Chinese (course.style)
    if not chinese and re.search(r"[\u3400-\u9fff]", " ".join(entries)):
        raise CheckFailed(_("The legend contains Chinese characters. The computer that prints the report may "
                            "lack a Chinese font: write the legend in English or pinyin."))
    # the word the label must contain: in the trainee's language, or in English as the lecture's code writes it
    # TRANSLATORS: the word that the vertical axis's label must contain; the word of the notebook's example
    words = {_("request"), "request"}
    if not any(re.search(re.escape(w), ax.ylabel, re.IGNORECASE) for w in words):
        raise CheckFailed(_("Label the vertical axis with what is counted, e.g. `ax.set_ylabel(\"Requests per "
                            "hour\")`."))
    return _("one bar per hour of the week, and the break-in marked in a second colour.")


LEGEND_ONE = N_("The legend has {count} entry; a reader needs two, one per colour. Give each `ax.bar(...)` a "
                "`label=\"...\"` (e.g. `label=\"all requests\"`) and call `ax.legend()` after both.")
LEGEND_FEW = N_("The legend has {count} entries; a reader needs two, one per colour. Give each `ax.bar(...)` a "
                "`label=\"...\"` (e.g. `label=\"all requests\"`) and call `ax.legend()` after both.")


REPORT_COLUMNS = ["ip", "log", "attack", "first", "last", "got_in"]
REPORT_QUESTION = {"sql injection": 3, "path traversal": 4, "scanner": 5, "password guessing": 6,
                   "ssh guessing": 8, "port scan": 10}   # where each part of the report comes from


def _check_report(report) -> str:
    df = expect_frame(report, "report", REPORT_COLUMNS)
    expected = answer_key()["findings"]
    empty_ip = df["ip"].isna()
    if empty_ip.any():
        kinds = sorted({str(a) for a in df.loc[empty_ip, "attack"]})
        spare = [c for c in df.columns if c in ("src_ip", "dst_ip")]
        if spare:
            where = _("Your table also has a column `{column}`: the part made from `flows` kept its addresses "
                      "there. Rename it before stacking, `.rename(columns={{\"{column}\": \"ip\"}})`.",
                      column=spare[0])
        else:
            where = _("Every part must name its address in a column called `ip` before you stack them.")
        n_empty = int(empty_ip.sum())
        if n_empty == 1:
            found = _("One row of `report` has an empty `ip` (attack: {attack}).", attack=kinds[0])
        else:
            found = _("{count} rows of `report` have an empty `ip` (attacks: {attacks}).", count=n_empty,
                      attacks=", ".join(kinds))
        raise CheckFailed(found + " " + where)
    attacks = texts(df["attack"], _column("attack"))
    unknown = sorted(set(attacks) - set(ATTACKS))
    if unknown:
        raise CheckFailed(_("Column `attack` should use the words of the question ({words}); yours has: {yours}.",
                            words=", ".join(ATTACKS), yours=", ".join(unknown)))
    pairs = list(zip(texts(df["ip"], _column("ip")), attacks))
    if len(set(pairs)) != len(pairs):
        raise CheckFailed(_("Some address appears twice with the same attack. One row per address and attack."))
    missing = sorted({a for ip, a in set(expected) - set(pairs)})
    extra = sorted({f"{ip} ({a})" for ip, a in set(pairs) - set(expected)})
    if missing:
        present = {a for _ip, a in pairs}
        named = [_("{attack} (Question {number})", attack=a, number=REPORT_QUESTION[a]) for a in missing]
        some = [a for a in missing if a in present]
        if len(some) == 1:
            short = _("It has some rows of {attack}, but not all: a part comes out short when its question's "
                      "answer does. Check that Question {number} passes its check, rerun that cell, then this "
                      "one.", attack=some[0], number=REPORT_QUESTION[some[0]])
        elif some:
            # TRANSLATORS: joins the names of two or more attacks, or of two or more questions
            both = _(" and ")
            asked = both.join(_("Question {number}", number=REPORT_QUESTION[a]) for a in some)
            short = _("It has some rows of {attacks}, but not all: a part comes out short when its question's "
                      "answer does. Check that {questions} pass their checks, rerun those cells, then this "
                      "one.", attacks=both.join(some), questions=asked)
        raise CheckFailed(_("The report misses findings of these kinds: {kinds}.", kinds=", ".join(named))
                          + (" " + short if some else "") + " "
                          + _("Put together the results of Questions 3-6, 8 and 10, one row per address and "
                              "attack."))
    if extra:
        kinds = sorted({a for ip, a in set(pairs) - set(expected)})
        listed = ", ".join(extra[:4]) + (" ..." if len(extra) > 4 else "")
        fixes = ", ".join(_("{attack}: Question {number}", attack=a, number=REPORT_QUESTION[a]) for a in kinds)
        raise CheckFailed(_("The report lists {findings}, which the questions did not find. Build each part "
                            "from its question's answer; if that question's check does not pass, fix it first "
                            "({fixes}).", findings=listed, fixes=fixes))
    got_in = as_plain(df["got_in"], _column("got_in"))["values"]
    if any(not isinstance(v, bool) for v in got_in):
        raise CheckFailed(_("Column `got_in` should hold True or False for each row."))
    for (ip, a), g in zip(pairs, got_in):
        if g != expected[(ip, a)][1]:
            raise CheckFailed(_("`got_in` is {value} for {ip} ({attack}). Only an address whose guessed password "
                                "was accepted **after** its failures got in (Questions 6 and 9).",
                                value=g, ip=ip, attack=a))
    for (ip, a), log in zip(pairs, texts(df["log"], _column("log"))):
        if log != expected[(ip, a)][0]:
            raise CheckFailed(_("The `log` of {ip} ({attack}) should name the file it was found in: `access.log`, "
                                "`auth.log` or `flows`.", ip=ip, attack=a))
    for col in ("first", "last"):
        _seconds_of(df[col], _column_of(col, "report", capital=True))
    firsts = _seconds_of(df["first"], _column_of("first", "report", capital=True))
    if any(a is not None and b is not None and b < a for a, b in itertools.pairwise(firsts)):
        raise CheckFailed(_("The rows of `report` are not in time order. The question asks to sort them by "
                            "`first`, so that the table reads as a story: add `.sort_values(\"first\")`."))
    return _("{count} findings from three sources; {got_in} addresses got in. Check each by hand before "
             "it goes into a report.", count=len(df), got_in=sum(got_in))


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)

parse_log = _q(1, "parse_log", N_("the access log as a table"), ("log",), _check_parse_log, [
    N_("A group can take one of two shapes, written with `|`: `(?P<answer>yes|no)` captures `yes` or `no`. "
       "The size is digits (`\\d+`), or a dash when nothing was sent (a 304 answer)."),
    N_("`log = pd.Series(lines).str.extract(PATTERN)` makes one row per line and one column per named group; a "
       "line that does not match gives an empty row, so count them with `log[\"ip\"].isna().sum()` (it should "
       "be 0). Every column is text at this point."),
    N_("`PATTERN = LINE.replace(\"SIZE\", r\"(?P<bytes>\\d+|-)\")`. Then `pd.to_datetime(log[\"time\"], format=\"%d/%b/%Y:%H:%M:%S %z\")"
       ".dt.tz_localize(None)`, `log[\"status\"].astype(int)` and "
       "`log[\"bytes\"].replace(\"-\", \"0\").astype(int)`."),
])
status_mix = _q(2, "status_mix", N_("the status mix"), ("status_share",), _check_status_mix, [
    N_("Each row of `log` is one request; `status` is its answer."),
    N_("`value_counts()` counts each value; `normalize=True` turns counts into shares."),
    N_("`status_share = log[\"status\"].value_counts(normalize=True)`"),
])
sqli = _q(3, "sqli", N_("SQL injection"), ("sqli",), _check_sqli, [
    N_("Look before you add signs: `log.loc[log[\"agent\"].str.contains(\"sqlmap\"), \"decoded\"].head(20)` "
       "shows what an injection tool sends. Each line of `SQLI_SIGNS` is one pattern; the rule is all of them "
       "joined with `|` (\"or\"). In a pattern, `\\W+` stands for any run of spaces, quotes or `/**/`, and a "
       "real star is `\\*` (a bare `*` repeats what stands before it: `/**/` as a sign stops with \"multiple "
       "repeat\"). Write a group as `(?:or|and)`: with a plain `(or|and)` the rule still works, but pandas warns "
       "that the pattern \"has match groups\", because it thinks you wanted to capture them with `str.extract`."),
    N_("An injection shows itself by SQL grammar, not by one word: `union ... select`, a quote followed by "
       "`or`/`and`, `or 1=1`, a comment `--`, `sleep(`, `information_schema`. Add each as one line of "
       "`SQLI_SIGNS`, and use `case=False`. The check shows one example of each form of attack your rule "
       "misses and one ordinary request it flags: print such a row, `log.loc[row, \"decoded\"]`, and adjust."),
    N_("Add to the list `r\"'\\W*(?:or|and)\\b\"`, `r\"\\b(?:or|and)\\s+\\d+=\\d+\"`, `r\"\\(\\s*select\"`, "
       "`r\"sleep\\(\"` and `r\"information_schema\"`, then "
       "`sqli = log[\"decoded\"].str.contains(\"|\".join(SQLI_SIGNS), case=False, regex=True)`."),
])
traversal = _q(4, "traversal", N_("path traversal"), ("traversal",), _check_traversal, [
    N_("Search the `decoded` column, not `path`: there `%2e%2e%2f` has become `../` and `%5c` a backslash. "
       "In a pattern a dot is written `\\.` (a bare `.` means any character)."),
    N_("Traversal climbs out of the web folder with `../` or `..\\` (the pattern `\\.\\.[/\\\\]` takes both), or "
       "names a system file directly (`/etc/passwd`, `win.ini`). A page called `change-passwd` is not an attack: "
       "see what your rule keeps with `log.loc[traversal, \"decoded\"].value_counts().head(20)`."),
    N_("Add to the list `r\"\\.\\.\\\\\"`, `r\"/etc/(?:passwd|shadow|hosts)\"` and `r\"win\\.ini\"`, then "
       "`traversal = log[\"decoded\"].str.contains(\"|\".join(TRAVERSAL_SIGNS), case=False, regex=True)`."),
])
scanners = _q(5, "scanners", N_("scanner bursts"), ("scanners",), _check_scanners, [
    N_("This is the lecture's \"busiest address-hours\" (section 5) with two changes: only the rows answered "
       "404, and windows of 10 minutes instead of an hour (`freq=\"10min\"`)."),
    N_("`not_found = log[log[\"status\"] == 404]`, then "
       "`per_window = not_found.groupby([\"ip\", pd.Grouper(key=\"time\", freq=\"10min\")]).size()` counts per "
       "address and window; keep `per_window[per_window >= 50]`."),
    N_("The counts are a Series with `ip` and `time` in its index. "
       "`.reset_index(name=\"not_found\").rename(columns={\"time\": \"window\"})` makes the table."),
])
web_guessing = _q(6, "web_guessing", N_("password guessing on /login"), ("guessing",), _check_web_guessing, [
    N_("`posts = log[(log[\"method\"] == \"POST\") & (log[\"path\"] == \"/login\")]`; failures are answered "
       "200, successes 302: `failed_web = posts[posts[\"status\"] == 200]`."),
    N_("`failed_web.groupby(\"ip\")[\"time\"].agg(failures=\"size\", first=\"min\", last=\"max\")`, keep 20 or "
       "more failures, `.reset_index()`."),
    N_("For the success, merge the successes with each address's `first` failure, keep those with "
       "`time > first`, and take the earliest per address (`groupby(\"ip\")[\"time\"].min()`); merge it back "
       "with `how=\"left\"` so that addresses without one keep an empty `success`."),
])
ssh_logins = _q(7, "ssh_logins", N_("logins in auth.log"), ("logins",), _check_ssh_logins, [
    N_("Look at `auth.head()`: the answer cell has split every line already. The date is in three text columns "
       "(`month`, `day`, `clock`) and the login in `message`; work on those, not on `auth_lines`."),
    N_("The date has no year. Put the case file's year in front: `pd.to_datetime(\"2024 \" + auth[\"month\"] "
       "+ \" \" + auth[\"day\"] + \" \" + auth[\"clock\"], format=\"%Y %b %d %H:%M:%S\")`."),
    N_("Then `auth[\"message\"].str.extract(r\"^(?P<result>Failed|Accepted) (?:password|publickey) for "
       "(?:invalid user )?(?P<user>\\S+) from (?P<ip>\\S+) port\")`, join it to `auth[[\"time\"]]` and drop the "
       "rows without a result (`.dropna(subset=[\"result\"])`)."),
])
zeek_guessers = _q(8, "zeek_guessers", N_("30 failures in any 30 minutes"), ("guessers",), _check_zeek, [
    N_("Keep the failures, sorted by time: `failed = logins[logins[\"result\"] == \"Failed\"].sort_values(\"time\")`."),
    N_("A sliding window needs the time as index: `failed.set_index(\"time\").assign(n=1).groupby(\"ip\")"
       "[\"n\"].rolling(\"30min\").sum()` counts, at each failure, the failures of the 30 minutes before."),
    N_("Take the largest count per address (`.groupby(\"ip\").max()`), keep 30 or more, and make a table with "
       "`ip` and `max_30min`."),
])
break_ins = _q(9, "break_ins", N_("did a guesser get in?"), ("break_ins",), _check_break_ins, [
    N_("Two small tables first: the accepted logins, `accepted = logins[logins[\"result\"] == \"Accepted\"]`, "
       "and each address's first failure, `first_failure = logins[logins[\"result\"] == \"Failed\"]"
       ".groupby(\"ip\")[\"time\"].min().rename(\"first_failure\").reset_index()`."),
    N_("`pairs = accepted.merge(first_failure, on=\"ip\")` puts each accepted login next to its address's first "
       "failure. Keep the rows of addresses in `guessers[\"ip\"]` (`.isin`) whose `time` is later than "
       "`first_failure`. Put each condition in its own brackets around `&`: `(a) & (b > c)`; without them "
       "Python reads `&` first and stops with a TypeError about `bitwise_and`."),
    N_("`pairs = pairs[pairs[\"ip\"].isin(guessers[\"ip\"]) & (pairs[\"time\"] > pairs[\"first_failure\"])]`, "
       "then `break_ins = pairs.sort_values(\"time\").groupby(\"ip\").head(1)[[\"ip\", \"user\", \"time\"]]` "
       "keeps the first one per address."),
])
port_scans = _q(10, "port_scans", N_("port scans in the flows"), ("port_scans",), _check_port_scans, [
    N_("A scan touches many different ports of one machine; ordinary traffic uses a few."),
    N_("`flows.groupby([\"src_ip\", \"dst_ip\"])[\"dst_port\"].nunique()` counts distinct ports per source and "
       "target."),
    N_("Keep 100 or more, `.rename(\"ports\").reset_index()`."),
])
dos_minutes = _q(11, "dos_minutes", N_("the flood of the web server"), ("dos_minutes",), _check_dos, [
    N_("`ts` is Unix time in UTC, written as text: `pd.to_datetime(flows[\"ts\"].astype(int), unit=\"s\", utc=True)"
       ".dt.tz_convert(\"Asia/Shanghai\").dt.tz_localize(None)` gives Beijing time."),
    N_("Keep connections to the web server on ports 80 and 443: `flows[\"dst_ip\"] == WEB_SERVER` and "
       "`flows[\"dst_port\"].astype(int).isin([80, 443])`."),
    N_("`web.groupby(web[\"time\"].dt.floor(\"min\")).agg(connections=(\"src_ip\", \"size\"), "
       "sources=(\"src_ip\", \"nunique\"))`, then keep `connections >= 100`."),
])
timeline = _q(12, "timeline", N_("a timeline with the break-in marked"), ("fig",), _check_timeline, [
    N_("`per_hour` and the bars of all requests are drawn for you. The second colour needs the same count for "
       "one address: the row of `guessing` (Question 6) whose `success` is not empty names it, "
       "`intruder = guessing.loc[guessing[\"success\"].notna(), \"ip\"].iloc[0]`."),
    N_("`theirs = log[log[\"ip\"] == intruder].set_index(\"time\").resample(\"h\").size()"
       ".reindex(per_hour.index, fill_value=0)` counts its requests in the same hours, 0 where it sent nothing."),
    N_("`ax.bar(theirs.index, theirs.values, width=1/24, align=\"edge\", color=\"#D55E00\", label=\"...\")`, then "
       "`ax.set_title(...)`, `ax.set_xlabel(...)`, `ax.set_ylabel(\"Requests per hour\")` and `ax.legend()`."),
])
report = _q(13, "report", N_("the findings for the case file"), ("report",), _check_report, [
    N_("Build one small table per finding and stack them. The answer cell gives you `span(rows)`: the first and "
       "last time per address of any rows that have `ip` and `time`. Try "
       "`span(log[sqli]).assign(log=\"access.log\", attack=\"sql injection\", got_in=False)` and look at it."),
    N_("The rows of each part: `log[traversal]`; the scanners' 404 answers, `log[log[\"ip\"].isin(scanners[\"ip\"]) "
       "& (log[\"status\"] == 404)]`; the SSH guessers' failures, `logins[(logins[\"result\"] == \"Failed\") & "
       "logins[\"ip\"].isin(guessers[\"ip\"])]`; the scans, `span(flows.merge(port_scans[[\"src_ip\", "
       "\"dst_ip\"]]), key=\"src_ip\")`, whose address comes out as `ip`. `guessing` already has `first` and "
       "`last`."),
    N_("`got_in` is `guessing[\"success\"].notna()` for the portal's guessers and "
       "`.assign(got_in=lambda d: d[\"ip\"].isin(break_ins[\"ip\"]))` for the SSH guessers; False elsewhere. Then "
       "`pd.concat(parts, ignore_index=True)[[\"ip\", \"log\", \"attack\", \"first\", \"last\", \"got_in\"]]"
       ".sort_values(\"first\", ignore_index=True)`."),
])

QUESTIONS = [parse_log, status_mix, sqli, traversal, scanners, web_guessing, ssh_logins, zeek_guessers,
             break_ins, port_scans, dos_minutes, timeline, report]
