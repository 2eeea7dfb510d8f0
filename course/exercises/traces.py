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
from course.checking import (CheckFailed, as_plain, column_kind, expect_frame, expect_one_chart,
                             expect_printable_text, texts, value_kind)
from course.data import traces as gen
from course.question import question_maker
from course.transport import NotTransportable, materialize

ASSIGNMENT = "04-network-traces"

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
    for _ in range(4):
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
    for ip, sec, _, _, status, *_ in rows:
        if status == 404:
            key = (ip, sec - sec % (SCAN_WINDOW * 60))
            bins[key] = bins.get(key, 0) + 1
            week_404[ip] = week_404.get(ip, 0) + 1
    scanners = {ip: (start, n) for (ip, start), n in bins.items() if n >= SCAN_MIN_404}

    # password guessing on /login
    fails: dict[str, list[int]] = {}
    wins: dict[str, list[int]] = {}
    for ip, sec, method, path, status, *_ in rows:
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
    for ip, sec, *_ in rows:
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
    findings.update({(src, "port scan"): ("flows", False) for src, _ in scans})

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
        raise CheckFailed(f"`{name}` should be a pandas Series of True/False, one for each row of `log`, "
                          f"but it is {value_kind(flags)}. Build it with `log[...].str.contains(...)`.")
    if flags.dtype != bool:
        raise CheckFailed(f"`{name}` should hold True or False for each request; it holds {column_kind(flags)}. "
                          "`.str.contains(...)` gives True/False; if some rows are empty, add `na=False`.")
    if len(flags) != n or not flags.index.equals(pd.RangeIndex(n)):
        raise CheckFailed(f"`{name}` should have one value for each row of `log`, in the same order and with "
                          f"the same row numbers ({n:,} rows); it has {len(flags):,}. Compute it from the whole "
                          "column, without filtering or sorting.")
    found = set(flags.index[flags.to_numpy()])
    if not found:
        raise CheckFailed(f"`{name}` flags no request at all. Check your pattern on one attack line first.")
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


def _seconds_of(column: pd.Series, what: str) -> list[int | None]:
    """Seconds since the start of the week of a column of datetimes (None for empty)."""
    if column.dtype.kind == "O" and all(isinstance(v, pd.Timestamp) or pd.isna(v) for v in column):
        column = pd.to_datetime(column)       # dates kept in a general column, e.g. by `apply`
    if column.dtype.kind != "M":
        held = "text" if column.dtype.kind == "O" else str(column.dtype)
        raise CheckFailed(f"{what} should hold dates and times (datetime64), but it holds {held}. "
                          "Keep the times as pandas gives them, or convert with `pd.to_datetime(...)`.")
    start = pd.Timestamp(gen.START)
    return [None if pd.isna(v) else int((v - start).total_seconds()) for v in column]


def _zone_hint(got: list[int | None], expected: list[int], what: str) -> None:
    """Fail with a time-zone message when `got` is `expected` shifted by whole hours."""
    pairs = [(g, e) for g, e in zip(got, expected) if g is not None]
    if pairs and all(g - e == -EIGHT_HOURS for g, e in pairs):
        raise CheckFailed(f"{what} is 8 hours earlier than Beijing time: you turned the times into UTC (or "
                          "read Unix time without adding the 8 hours). Keep Beijing time, the time the "
                          "logs and the case file use, and write the zone in your report.")
    if pairs and all(g - e == EIGHT_HOURS for g, e in pairs):
        raise CheckFailed(f"{what} is 8 hours later than Beijing time: the 8 hours were added twice.")


def _expect_counts(df: pd.DataFrame, name: str, columns: list[str]) -> None:
    """Counts must be numbers, not text that looks like numbers ("61" sorts before "9" and never
    equals 61). Generic: belongs in `course.checking` once other modules need it."""
    for col in columns:
        if df[col].dtype.kind not in "iuf":
            held = column_kind(df[col])
            raise CheckFailed(f"Column `{col}` of `{name}` holds {held}, not numbers, so it cannot be compared "
                              "with a threshold or added up. Keep the counts as `size()`, `nunique()` or `sum()` "
                              f"give them, or convert with `{name}[\"{col}\"].astype(int)`.")


def _ip_set(df: pd.DataFrame, name: str, column: str = "ip") -> set[str]:
    ips = texts(df[column], f"column `{column}` of `{name}`")
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
            raise CheckFailed(f"Column `bytes` of `log` has {empty:,} empty values (NaN) where the log writes "
                              "`-`: `pd.to_numeric(..., errors=\"coerce\")` makes a dash empty. The question asks "
                              "for 0 there: add `.fillna(0).astype(int)`.")
        raise CheckFailed("Column `bytes` of `log` holds numbers with decimals, not whole numbers. Convert it "
                          "with `.astype(int)`.")
    held = column_kind(size)
    dashes = int((size.astype(str) == "-").sum()) if size.dtype.kind == "O" else 0
    why = (f" {dashes:,} of its values are still `-`, the log's mark for nothing sent, and `.astype(int)` "
           "stops with an error on a dash, so the line that converts `bytes` may never have run. " if dashes else " ")
    raise CheckFailed(f"Column `bytes` of `log` holds {held}, not whole numbers.{why}Replace the dash by 0 "
                      "first, `log[\"bytes\"].replace(\"-\", \"0\")`, then convert with `.astype(int)`.")


def _check_parse_log(log) -> str:
    df = expect_frame(log, "log", COLUMNS_LOG)
    key = answer_key()
    n, rows = key["n_lines"], key["rows"]
    unmatched = df["ip"].isna() | df["path"].isna()
    if len(df) < n:
        raise CheckFailed(f"`log` has {len(df):,} rows, but access.log has {n:,} lines. Keep one row per "
                          "line (did `dropna()` throw away the lines your pattern missed? Fix the pattern "
                          "instead).")
    if len(df) > n:
        raise CheckFailed(f"`log` has {len(df):,} rows, more than access.log has lines ({n:,}). Make one row "
                          "per line: `pd.Series(lines).str.extract(PATTERN)`.")
    if unmatched.any():
        missed = [rows[i] for i in range(n) if bool(unmatched.iloc[i])]
        if all(r[9] for r in missed):
            why = ("All of them have `-` as the size (a 304 answer sends no body). Let the size be digits "
                   "**or** a dash: `(?P<bytes>\\d+|-)`.")
        elif all(r[8] for r in missed):
            why = "All of them were sent over `HTTP/2.0`: allow any protocol version, e.g. `(?P<protocol>[^\"]+)`."
        else:
            first = next(i for i in range(n) if bool(unmatched.iloc[i]))
            why = (f"Look at one of them, `lines[{first}]`, and compare it with your pattern piece by piece "
                   "(test the pattern on that line alone with `re.match`).")
        raise CheckFailed(f"{int(unmatched.sum()):,} lines did not match your pattern, so their columns are "
                          f"empty. {why}")
    if not df.index.equals(pd.RangeIndex(n)):
        raise CheckFailed("Keep the rows of `log` in the order of the file, numbered 0, 1, 2, ... as "
                          "`str.extract` gives them: row i is line i + 1 of the log. Do not sort or filter.")
    if isinstance(df["time"].dtype, pd.DatetimeTZDtype):
        raise CheckFailed("Column `time` still carries its zone. Drop it after parsing with "
                          "`.dt.tz_localize(None)`: every time is then Beijing time, as the log says.")
    got = _seconds_of(df["time"], "Column `time` of `log`")
    expected = [r[1] for r in rows]
    if got != expected:
        _zone_hint(got, expected, "Column `time` of `log`")
        i = next(i for i in range(n) if got[i] != expected[i])
        raise CheckFailed(f"Row {i} of `log` has the time {_stamp(got[i]) if got[i] is not None else 'empty'}, "
                          "but its line says otherwise. Parse the whole `[...]` part with "
                          "`format=\"%d/%b/%Y:%H:%M:%S %z\"`.")
    if df["status"].dtype.kind not in "iu":
        held = column_kind(df["status"])
        held = "numbers with decimals" if held == "numbers" else held
        raise CheckFailed(f"Column `status` of `log` holds {held}, not whole numbers. Convert it with "
                          "`.astype(int)` so that you can compare it with 404 or 500.")
    if [int(v) for v in df["status"]] != [r[4] for r in rows]:
        raise CheckFailed("Column `status` does not hold each line's status code (the three digits after "
                          "the request in quotes).")
    _expect_whole_sizes(df["bytes"])
    first, last = gen.START, gen.START + _dt.timedelta(seconds=max(expected))
    return (f"{n:,} requests from {df['ip'].nunique():,} addresses, {first:%d %b} to "
            f"{last:%d %b %Y}, Beijing time.")


def _check_status_mix(status_share) -> str:
    if type(status_share) is not pd.Series:
        raise CheckFailed(f"`status_share` should be a pandas Series (status code -> share of requests), but "
                          f"it is {value_kind(status_share)}. `.value_counts(normalize=True)` gives one.")
    key = answer_key()
    got = as_plain(status_share, "`status_share`")
    index, values = got["index"], got["values"]
    if any(isinstance(i, str) for i in index):
        raise CheckFailed("The index of `status_share` holds the codes as text. Count the whole-number "
                          "column `log[\"status\"]` from Question 1.")
    if sorted(int(i) for i in index) != sorted(key["status_share"]):
        raise CheckFailed("`status_share` should have one entry for each status code in the log, the codes "
                          "as its index.")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise CheckFailed("The values of `status_share` should be numbers.")
    if max(values) > 1:
        raise CheckFailed("`status_share` holds counts. The question asks for shares of all requests (between "
                          "0 and 1): add `normalize=True`.")
    for code, share in zip(index, values):
        if abs(share - key["status_share"][int(code)]) > 1e-9:
            raise CheckFailed(f"The share of status {int(code)} is not its share of all requests. Count "
                              "requests (rows of `log`), not addresses.")
    if list(values) != sorted(values, reverse=True):
        raise CheckFailed("Order `status_share` from the most frequent status to the least.")
    s = key["status_share"]
    return (f"{s[200]:.0%} of requests answered 200, {s.get(304, 0):.0%} 304, {s.get(404, 0):.1%} 404, "
            f"{s.get(500, 0):.2%} 500.")


FULL_MARKS_BAR = 0.97   # stated in the questions; the hidden check holds it (course.hidden.traces)


def _shown(path: str, width: int = 110) -> str:
    """A request's decoded path, short enough for a message line."""
    text = unquote_plus(path).replace("`", "'")
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)   # a decoded %0a shows as \\n
    return text if len(text) <= width else text[:width - 3] + "..."


# Forms of attack, for grouping what a rule misses (the message shows one example of each form).
# Only for display: which requests are attacks is decided by `_is_injection` and `_is_traversal`.
_SQLI_FORMS = [
    (r"/\*.*?\*/", "SQL words joined by comments `/**/` instead of spaces"),
    (r"union\W+(?:all\W+)?select", "`union ... select`"),
    (r"order\W+by", "`order by`"),
    (r"(?:sleep|benchmark|extractvalue|updatexml)\s*\(", "a database function such as `sleep(`"),
    (r";\W*(?:select|drop|insert|update|delete|exec)", "a second statement after `;`"),
    (r"'\W*(?:or|and)\b", "a quote, then `or` or `and`"),
    (r"\b(?:or|and)\W+\w+\W*=", "a condition that is always true, such as `or 1=1`"),
    (r"--|#", "a comment (`--` or `#`) that cuts off the rest of the server's query"),
]
_TRAVERSAL_FORMS = [
    (r"\.\.\\", "climbing with backslashes, `..\\`"),
    (r"\.\.\.\.//", "doubled dots and slashes, `....//`, which survive a filter that deletes `../` once"),
    (r"\x00", "a NUL byte (`%00`, shown as `\\x00`) before a harmless ending such as `.pdf`"),
    (r"^/[^?]*\.\./", "`../` in the path itself, not after `file=`"),
    (r"=/", "a system file named directly by its full path, with no dots"),
    (r"\.\./", "`../` after `file=`"),
]


def _form(text: str, forms) -> str:
    for pattern, name in forms:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return "other forms"


def _why_flagged(text: str, kind: str, share: float) -> str:
    """Why an ordinary request may look like an attack to a rule (a guess from the request and from
    `share`, the share of all ordinary requests the rule flags)."""
    if kind == "path_traversal":
        if "passwd" in text.lower() and "/etc/" not in text.lower():
            return " It is an honest page whose name contains `passwd`; an attack names `/etc/passwd`."
        if ".." not in text and share > 0.2 and (m := re.search(r"..[/\\]", text)):
            return (f" It has no two dots in a row. If your pattern has a `.` without a backslash: a bare `.` "
                    f"matches any character, so `../` also finds `{m.group(0)}` in it. Write a real dot as `\\.`.")
    else:
        word = re.search(r"\b(union|select|order|sleep|drop|and|or)\b", text, re.IGNORECASE)
        if "'" in text and not re.search(r"'\W*(?:or|and|union|;|--)", text, re.IGNORECASE):
            return (" Its quote is an apostrophe in ordinary words; an injection closes a quote and goes on "
                    "with SQL (`' or`, `' and`, `'--`).")
        if word:
            return (f" It is an honest request with the word `{word.group(1)}` in it and no SQL grammar around "
                    "it: look for the grammar of an attack, not for single words.")
    return ""


def _flag_progress(flags, kind: str, name: str, what: str) -> tuple[float, float, str]:
    """Precision, recall and a report of how far the rule is: how many attacks it misses, with one
    example of each form of attack it misses (up to four forms, never the list), and how many
    ordinary requests it flags, with one example and, where the request shows it, why."""
    key = answer_key()
    attacks = key["attacks"][kind]
    p, r = precision_recall(flags, name, attacks)
    found = set(flags.index[flags.to_numpy()])
    missed, wrong = sorted(attacks - found), sorted(found - attacks)
    text = (f"`{name}` flags {len(found):,} requests: {len(found & attacks):,} of the {len(attacks):,} {what} "
            f"requests the checker reads in the log, and {len(wrong):,} ordinary ones. So it misses "
            f"{len(missed):,} attacks (recall {r:.2f}) and {len(wrong):,} of its flags are wrong "
            f"(precision {p:.2f}).")
    if missed:
        forms = _SQLI_FORMS if kind == "sql_injection" else _TRAVERSAL_FORMS
        by_form: dict[str, list[int]] = {}
        for i in missed:
            by_form.setdefault(_form(unquote_plus(key["rows"][i][3]), forms), []).append(i)
        shown = sorted(by_form.items(), key=lambda kv: -len(kv[1]))[:4]
        lines = [f"{form} ({len(rows):,} missed), e.g. row {rows[0]}: `{_shown(key['rows'][rows[0]][3])}`"
                 for form, rows in shown]
        more = len(by_form) - len(shown)
        if len(by_form) == 1:
            text += f" The attacks it misses are all of one form: {lines[0]}."
        else:
            text += (f" The attacks it misses take {len(by_form)} forms"
                     f"{f' (the {len(shown)} largest here)' if more else ''}: " + "; ".join(lines) + ".")
        first_shown = shown[0][1][0]
    if wrong:
        example = key["rows"][wrong[0]][3]
        share = len(wrong) / (key["n_lines"] - len(attacks))
        text += (f" One ordinary request it flags, row {wrong[0]}: `{_shown(example)}`."
                 f"{_why_flagged(unquote_plus(example), kind, share)}")
    if missed or wrong:
        text += (f" Print such a row with `log.loc[{first_shown if missed else wrong[0]}, \"decoded\"]`, change your "
                 "pattern so that it catches the attack or leaves the ordinary request alone, and check again.")
    return p, r, text


def _flag_check(flags, kind: str, name: str, what: str) -> str:
    p, r, progress = _flag_progress(flags, kind, name, what)
    if p >= MIN_PRECISION and r >= MIN_RECALL:
        if p >= FULL_MARKS_BAR and r >= FULL_MARKS_BAR:
            return f"precision {p:.2f}, recall {r:.2f}: {int(flags.sum())} requests flagged as {what}."
        return (f"precision {p:.2f} and recall {r:.2f} pass this check, but full marks need {FULL_MARKS_BAR:.2f} "
                f"on both. {progress}")
    if r < MIN_RECALL and p >= MIN_PRECISION:
        tip = ("Did you decode the path first (`unquote_plus`)? Is the match blind to capitals "
               "(`case=False`)? Compare the attack it misses with your pattern.")
    elif p < MIN_PRECISION and r >= MIN_RECALL:
        tip = ("A word or a character that also appears in honest requests is not a sign of attack: look for "
               "the grammar of the attack instead.")
    else:
        tip = ("Decode first, ignore capitals, and look for the signs of an attack, not for single words.")
    raise CheckFailed(f"{progress} Both precision and recall must be at least {MIN_PRECISION:.2f}. {tip}")


def _check_sqli(sqli) -> str:
    return _flag_check(sqli, "sql_injection", "sqli", "SQL injection")


def _check_traversal(traversal) -> str:
    return _flag_check(traversal, "path_traversal", "traversal", "path traversal")


def _check_scanners(scanners) -> str:
    df = expect_frame(scanners, "scanners", ["ip", "window", "not_found"])
    _expect_counts(df, "scanners", ["not_found"])
    key = answer_key()
    got = _ip_set(df, "scanners")
    expected = set(key["scanners"])
    if not got:
        raise CheckFailed("`scanners` is empty. Keep the 404 answers, count them per address and per "
                          "10-minute window, and keep the counts of 50 or more.")
    extra = got - expected
    if extra and all(key["week_404"].get(ip, 0) >= SCAN_MIN_404 for ip in extra) and \
            not any(ip in expected for ip in extra):
        raise CheckFailed(f"`scanners` includes {', '.join(sorted(extra))}, which collected its 404 answers "
                          "over the whole week (a crawler following old links). A scanner fires hundreds of "
                          "probes in minutes: count per 10-minute window with `pd.Grouper(key=\"time\", "
                          "freq=\"10min\")`.")
    if extra:
        raise CheckFailed(f"`scanners` includes {', '.join(sorted(extra))}, which did not receive 50 or more "
                          "404 (Not Found) answers in one 10-minute window. Count only status 404.")
    if got != expected:
        raise CheckFailed(f"`scanners` lists {len(got)} addresses, but not every address with 50 or more 404 "
                          "answers in one 10-minute window.")
    counts = sorted(n for _, n in key["scanners"].values())
    each = (f"{counts[0]:,} 404 answers" if counts[0] == counts[-1] else
            f"{counts[0]:,} to {counts[-1]:,} 404 answers")
    return f"{len(got)} scanner addresses found, with {each} in one 10-minute window."


def _check_web_guessing(guessing) -> str:
    df = expect_frame(guessing, "guessing", ["ip", "failures", "first", "last", "success"])
    _expect_counts(df, "guessing", ["failures"])
    key = answer_key()["guessing"]
    got = _ip_set(df, "guessing")
    if not got:
        raise CheckFailed("`guessing` is empty. A failed login is a POST to `/login` answered 200 (the form "
                          "again); count them per address and keep 20 or more.")
    if got != set(key):
        raise CheckFailed(f"`guessing` lists {', '.join(sorted(got))}: not exactly the addresses with 20 or "
                          "more failed logins (POST `/login` answered 200). Count only POST requests, and "
                          "only those answered 200.")
    counts = dict(zip(texts(df["ip"], "ip"), df["failures"]))
    for ip, g in key.items():
        n = counts[ip]
        if n == g["failures"] + (1 if g["any_success"] else 0) and n != g["failures"]:
            raise CheckFailed(f"The failures of {ip} include its successful login. Count only the POSTs "
                              "answered 200; the one answered 302 is the success.")
        if n != g["failures"]:
            raise CheckFailed(f"The number of failures of {ip} is not right: count the POST requests to "
                              "`/login` answered 200 (a GET only shows the form).")
    success = _seconds_of(df["success"], "Column `success` of `guessing`")
    for ip, s in zip(texts(df["ip"], "ip"), success):
        g = key[ip]
        if g["success"] is None and s is not None:
            raise CheckFailed(f"`guessing` says {ip} logged in successfully, but its only successful login "
                              "came days **before** its failed ones: someone else behind the same shared "
                              "address (a mobile carrier's). Keep only successes after the first failure.")
        if g["success"] is not None and s is None:
            raise CheckFailed(f"`guessing` says {ip} never logged in, but one of its logins was answered 302 "
                              "after the failures.")
    winners = sum(1 for g in key.values() if g["success"] is not None)
    return f"{len(got)} guessing addresses; {winners} of them got in."


def _check_ssh_logins(logins) -> str:
    df = expect_frame(logins, "logins", ["time", "result", "user", "ip"])
    events = answer_key()["events"]
    results = [r.lower() for r in texts(df["result"], "column `result`")]
    if set(results) - {"failed", "accepted"}:
        raise CheckFailed("Column `result` should say `Failed` or `Accepted`, as the log does. Keep only the "
                          "lines that start with one of them.")
    n_failed = sum(1 for e in events if e[1] == "Failed")
    n_ok = len(events) - n_failed
    if results.count("accepted") == 0:
        raise CheckFailed("`logins` has no `Accepted` line. Keep the accepted logins too: they tell whether a "
                          "guesser got in.")
    if results.count("failed") < n_failed:
        raise CheckFailed(f"`logins` has {results.count('failed')} failed logins, fewer than the log. "
                          "Failures for an account that does not exist read `Failed password for invalid "
                          "user admin from ...`: make `invalid user ` optional in your pattern, "
                          "`(?:invalid user )?`.")
    if results.count("accepted") < n_ok:
        raise CheckFailed(f"`logins` has {results.count('accepted')} accepted logins, but the log has {n_ok} "
                          "`Accepted ...` lines. Some administrators log in with a key instead of a password: "
                          "those lines read `Accepted publickey for ...`. Let your pattern take both words, "
                          "`(?:password|publickey)`.")
    if results.count("accepted") > n_ok:
        raise CheckFailed(f"`logins` has {results.count('accepted')} accepted logins, more than the {n_ok} "
                          "`Accepted ...` lines of the log. Keep one row per line: did a merge or a join "
                          "repeat rows?")
    if results.count("failed") > n_failed:
        raise CheckFailed(f"`logins` has {results.count('failed')} failed logins, more than the {n_failed} "
                          "`Failed password ...` lines of the log. Other lines mention failures too (for "
                          "example `pam_unix(sshd:auth): authentication failure`): start your pattern with "
                          "`^`, so that it matches only messages that begin with `Failed` or `Accepted`.")
    if len(df) != len(events):
        raise CheckFailed(f"`logins` has {len(df)} rows, but the log has {len(events)} `Failed password ...` "
                          "and `Accepted ...` lines. Keep one row per such line, and nothing else: drop the "
                          "rows your pattern did not match with `.dropna(subset=[\"result\"])`.")
    if "invalid" in set(texts(df["user"], "column `user`")):
        raise CheckFailed("Some rows have `invalid` as the user name. In `Failed password for invalid user "
                          "admin`, the user is `admin`.")
    got = _seconds_of(df["time"], "Column `time` of `logins`")
    if any(t is None for t in got):
        raise CheckFailed("Some times in `logins` are empty. The syslog date has no year, and without one "
                          "29 February cannot be a date: put the year from the case file in front, "
                          "`\"2024 \" + ...`, with `format=\"%Y %b %d %H:%M:%S\"`.")
    if min(got) < -365 * 86400:
        raise CheckFailed("The times in `logins` are in the year 1900: the syslog date has no year. Put the "
                          "year from the case file in front, `\"2024 \" + ...`, with "
                          "`format=\"%Y %b %d %H:%M:%S\"`.")
    expected = sorted((sec, r.lower()) for sec, r, _, _ in events)
    if sorted(zip(got, results)) != expected:
        _zone_hint(sorted(got), [e[0] for e in expected], "Column `time` of `logins`")
        raise CheckFailed("The times in `logins` are not the times of the lines. Parse month, day and clock "
                          "of each line, with the year 2024.")
    return f"{n_failed} failed and {n_ok} accepted logins."


def _check_zeek(guessers) -> str:
    df = expect_frame(guessers, "guessers", ["ip", "max_30min"])
    _expect_counts(df, "guessers", ["max_30min"])
    key = answer_key()
    got, expected = _ip_set(df, "guessers"), set(key["guessers"])
    if not got:
        raise CheckFailed("`guessers` is empty. Count each address's failed logins in a 30-minute window that "
                          "slides along (`.rolling(\"30min\")` on a time index) and keep 30 or more.")
    extra, missing = got - expected, expected - got
    slow = {ip for ip in extra if len([e for e in key["events"] if e[3] == ip and e[1] == "Failed"]) >= ZEEK_LIMIT}
    if extra and extra == slow:
        raise CheckFailed(f"`guessers` includes {', '.join(sorted(extra))}, which failed 30 times or more over "
                          "the week, but never 30 times within 30 minutes. Count in a 30-minute window, "
                          "not over the whole log.")
    if extra and all(key["mentions"].get(ip, 0) >= ZEEK_LIMIT for ip in extra):
        raise CheckFailed(f"`guessers` includes {', '.join(sorted(extra))}, which never failed 30 times in 30 "
                          "minutes: you counted lines that mention a failure, and one failed password can "
                          "write two of them. Count only `Failed password` lines.")
    if missing and not extra:
        raise CheckFailed("`guessers` misses at least one guessing address. Fixed half-hours (10:00-10:30, "
                          "10:30-11:00), which is how Zeek counts, cut a burst in two; this question's rule "
                          "counts within any 30 minutes. Use a sliding window: `.rolling(\"30min\")`.")
    if got != expected:
        raise CheckFailed("`guessers` is not the list of addresses with 30 or more failed logins within 30 "
                          "minutes.")
    return f"{len(got)} addresses fail 30 times or more within some 30 minutes."


def _check_break_ins(break_ins) -> str:
    df = expect_frame(break_ins, "break_ins", ["ip", "user", "time"])
    key = answer_key()
    got, expected = _ip_set(df, "break_ins"), set(key["break_ins"])
    extra = got - expected
    if extra & set(key["guessers"]):
        raise CheckFailed(f"`break_ins` includes {', '.join(sorted(extra & set(key['guessers'])))}, but its "
                          "accepted login came before its failures (an honest login from the same office "
                          "days earlier). Keep only logins accepted after the address's first failure.")
    if extra:
        raise CheckFailed(f"`break_ins` includes {', '.join(sorted(extra))}, which is not a guessing address "
                          "(Question 8). A user who mistypes twice and then gets in is not an attack.")
    if got != expected:
        raise CheckFailed("`break_ins` misses a guessing address whose login was accepted after its failures.")
    return (f"{len(got)} guessing address got in." if len(got) == 1 else
            f"{len(got)} guessing addresses got in.")


def _check_port_scans(port_scans) -> str:
    df = expect_frame(port_scans, "port_scans", ["src_ip", "dst_ip", "ports"])
    _expect_counts(df, "port_scans", ["ports"])
    key = answer_key()["scans"]
    got = set(texts(df["src_ip"], "src_ip"))
    expected = {s for s, _ in key}
    if not got:
        raise CheckFailed("`port_scans` is empty. Count the distinct destination ports (`nunique`) of each "
                          "source and target, and keep 100 or more.")
    if gen.MONITOR in got:
        raise CheckFailed(f"`port_scans` includes {gen.MONITOR}, the monitoring server: it checks 22-30 ports "
                          "on each of five servers, many ports in all but never 100 of one target, and it "
                          "opens more connections than anyone. Count distinct ports (`nunique`), per source "
                          "**and** target.")
    if got < expected:
        raise CheckFailed("`port_scans` misses scans. The labels stop on Wednesday: "
                          "apply your rule (100 or more distinct ports of one target) to every row, labelled "
                          "or not.")
    if got != expected:
        raise CheckFailed(f"`port_scans` lists {len(got)} sources: not exactly those that touched 100 or more "
                          "distinct ports of one target. Count distinct ports (`nunique`), not connections.")
    return f"{len(got)} port scans, each touching 100 or more ports of one machine."


def _check_dos(dos_minutes) -> str:
    df = expect_frame(dos_minutes, "dos_minutes", ["connections", "sources"])
    _expect_counts(df, "dos_minutes", ["connections", "sources"])
    key = answer_key()["dos"]
    index = df.index
    if len(df) == 0:
        raise CheckFailed("`dos_minutes` is empty. `flows` holds every column as text, so `dst_port` holds "
                          "'80', not 80, and `flows[\"dst_port\"].isin([80, 443])` finds nothing: convert "
                          "with `flows[\"dst_port\"].astype(int)` or compare with the texts `[\"80\", \"443\"]`. "
                          "Then count connections to the web server per minute (Beijing time) and keep 100 or more.")
    if not isinstance(index, pd.DatetimeIndex):
        dated = [str(c) for c in df.columns if df[c].dtype.kind == "M"]
        if dated:
            raise CheckFailed(f"The minutes are in the column `{dated[0]}` of `dos_minutes`, but the question "
                              f"asks for them as the index: add `.set_index(\"{dated[0]}\")`.")
        raise CheckFailed("The index of `dos_minutes` should be the minutes (dates and times), as `groupby` on "
                          "`...dt.floor(\"min\")` gives it.")
    got = [int((t - pd.Timestamp(gen.START)).total_seconds()) for t in index]
    expected = sorted(m * 60 for m in key)
    if sorted(got) != expected:
        if len(got) == len(expected):
            _zone_hint(sorted(got), expected, "The index of `dos_minutes`")
        if all(g % 3600 == 0 for g in got):
            raise CheckFailed("`dos_minutes` counts per hour. The question asks per minute: `dt.floor(\"min\")`.")
        if set(expected) < set(got):
            raise CheckFailed(f"`dos_minutes` has {len(got)} minutes, more than the floods: some are a port scan "
                              "of the web server. Count only connections to ports 80 and 443 of the web server.")
        raise CheckFailed(f"`dos_minutes` has {len(got)} minutes: not the minutes with 100 or more connections "
                          "to the web server (ports 80 and 443), in Beijing time.")
    return f"{len(got)} minutes of flooding, in {len(_bursts(expected))} bursts."


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
        raise CheckFailed("The chart has no bars. Draw the requests per hour with `ax.bar(...)`.")
    key = answer_key()
    hours, theirs = key["hours"], key["theirs"]
    by_colour: dict[str, list[dict]] = {}
    for b in ax.bars:
        by_colour.setdefault(b["color"], []).append(b)
    if len(by_colour) < 2:
        raise CheckFailed("All bars have one colour, so the attack is not marked. Draw the requests of the "
                          "address that got in (Question 6) as a second set of bars, in another colour.")
    if len(by_colour) > 2:
        raise CheckFailed("The bars have more than two colours. Use one colour for all requests and one for "
                          "the requests of the address that got in.")
    # the main colour is the one that carries more requests; the other marks the break-in
    (_, b1), (_, b2) = sorted(by_colour.items(), key=lambda kv: -sum(b["height"] for b in kv[1]))
    base = sorted(b1, key=lambda b: b["x"])
    heights = [round(b["height"]) for b in base]
    others = [h - t for h, t in zip(hours, theirs)]
    if heights not in (hours, others):
        raise CheckFailed(f"The {len(base)} bars of the main colour do not show the requests in each hour of "
                          "the week, in time order. Count the rows of `log` per hour "
                          "(`log.set_index(\"time\").resample(\"h\").size()`) and draw one bar per hour.")
    xs = [b["x"] for b in base]
    step = min(b - a for a, b in itertools.pairwise(xs))
    if max(b["width"] for b in base) > step * 1.001:
        raise CheckFailed("The bars are wider than an hour, so they overlap. With dates on the x-axis a bar's "
                          "width is counted in days: `width=1/24` is one hour.")
    marked = [b for b in b2 if round(b["height"]) != 0]
    slot = {round(x, 6): i for i, x in enumerate(xs)}
    if any(slot.get(round(b["x"], 6)) is None for b in marked):
        raise CheckFailed("Some bars of the second colour do not stand where the bars of the main colour "
                          "stand, so a reader cannot see which hours they belong to. Draw both sets with "
                          "`ax.bar(...)` on the same x values (the hours, e.g. `per_hour.index`) with the same "
                          "`width` and `align`. Two pandas bar plots (`.plot.bar()`) put their bars at 0, 1, "
                          "2, ... instead of at the hours.")
    if any(round(b["height"]) != theirs[slot[round(b["x"], 6)]] for b in marked):
        raise CheckFailed("The bars of the second colour stand on the right hours, but their heights are not "
                          "the requests per hour of the address that got in through the portal. Check which "
                          "address you took: it is the one in `guessing` (Question 6) whose `success` is not "
                          "empty. Count all its requests per hour, not only its logins.")
    if len(marked) != sum(1 for t in theirs if t):
        raise CheckFailed("Some hours with requests of the address that got in have no bar of the second "
                          "colour. Count its requests for every hour of the week, with `.reindex(per_hour.index, "
                          "fill_value=0)`, and draw them all.")
    expect_printable_text(ax, "Give the chart a title that says what and where, with `ax.set_title(...)`.")
    if not ax.xlabel.strip():
        raise CheckFailed("The horizontal axis has no label. Say what it shows and in which clock, e.g. "
                          "`ax.set_xlabel(\"Day (Beijing time)\")`.")
    entries = [t for t in ax.legend if t.strip() and not t.startswith("_")]
    if len(entries) < 2:
        raise CheckFailed(f"The legend has {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}; a reader "
                          "needs two, one per colour. Give each `ax.bar(...)` a `label=\"...\"` (e.g. "
                          "`label=\"all requests\"`) and call `ax.legend()` after both.")
    if re.search(r"[\u3400-\u9fff]", " ".join(entries)):
        raise CheckFailed("The legend contains Chinese characters. The computer that prints the report may "
                          "lack a Chinese font: write the legend in English or pinyin.")
    if not re.search(r"request", ax.ylabel, re.IGNORECASE):
        raise CheckFailed("Label the vertical axis with what is counted, e.g. `ax.set_ylabel(\"Requests per "
                          "hour\")`.")
    return "one bar per hour of the week, and the break-in marked in a second colour."


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
        where = (f" Your table also has a column `{spare[0]}`: the part made from `flows` kept its addresses "
                 f"there. Rename it before stacking, `.rename(columns={{\"{spare[0]}\": \"ip\"}})`." if spare else
                 " Every part must name its address in a column called `ip` before you stack them.")
        n_empty = int(empty_ip.sum())
        found = (f"One row of `report` has an empty `ip` (attack: {kinds[0]})." if n_empty == 1 else
                 f"{n_empty} rows of `report` have an empty `ip` (attacks: {', '.join(kinds)}).")
        raise CheckFailed(f"{found}{where}")
    attacks = texts(df["attack"], "column `attack`")
    unknown = sorted(set(attacks) - set(ATTACKS))
    if unknown:
        raise CheckFailed(f"Column `attack` should use the words of the question ({', '.join(ATTACKS)}); "
                          f"yours has: {', '.join(unknown)}.")
    pairs = list(zip(texts(df["ip"], "column `ip`"), attacks))
    if len(set(pairs)) != len(pairs):
        raise CheckFailed("Some address appears twice with the same attack. One row per address and attack.")
    missing = sorted({a for ip, a in set(expected) - set(pairs)})
    extra = sorted({f"{ip} ({a})" for ip, a in set(pairs) - set(expected)})
    if missing:
        present = {a for _, a in pairs}
        named = [f"{a} (Question {REPORT_QUESTION[a]})" for a in missing]
        some = [a for a in missing if a in present]
        asked = " and ".join(f"Question {REPORT_QUESTION[a]}" for a in some)
        short = (f" It has some rows of {' and '.join(some)}, but not all: a part comes out short when its "
                 f"question's answer does. Check that {asked} "
                 f"{'passes its check, rerun that cell' if len(some) == 1 else 'pass their checks, rerun those cells'}"
                 ", then this one." if some else "")
        raise CheckFailed(f"The report misses findings of these kinds: {', '.join(named)}.{short} Put together "
                          "the results of Questions 3-6, 8 and 10, one row per address and attack.")
    if extra:
        kinds = sorted({a for ip, a in set(pairs) - set(expected)})
        raise CheckFailed(f"The report lists {', '.join(extra[:4])}{' ...' if len(extra) > 4 else ''}, which "
                          "the questions did not find. Build each part from its question's answer; if that "
                          "question's check does not pass, fix it first ("
                          + ", ".join(f"{a}: Question {REPORT_QUESTION[a]}" for a in kinds) + ").")
    got_in = as_plain(df["got_in"], "column `got_in`")["values"]
    if any(not isinstance(v, bool) for v in got_in):
        raise CheckFailed("Column `got_in` should hold True or False for each row.")
    for (ip, a), g in zip(pairs, got_in):
        if g != expected[(ip, a)][1]:
            raise CheckFailed(f"`got_in` is {g} for {ip} ({a}). Only an address whose guessed password was "
                              "accepted **after** its failures got in (Questions 6 and 9).")
    for (ip, a), log in zip(pairs, texts(df["log"], "column `log`")):
        if log != expected[(ip, a)][0]:
            raise CheckFailed(f"The `log` of {ip} ({a}) should name the file it was found in: `access.log`, "
                              "`auth.log` or `flows`.")
    for col in ("first", "last"):
        _seconds_of(df[col], f"Column `{col}` of `report`")
    firsts = _seconds_of(df["first"], "Column `first` of `report`")
    if any(a is not None and b is not None and b < a for a, b in itertools.pairwise(firsts)):
        raise CheckFailed("The rows of `report` are not in time order. The question asks to sort them by "
                          "`first`, so that the table reads as a story: add `.sort_values(\"first\")`.")
    return (f"{len(df)} findings from three sources; {sum(got_in)} addresses got in. Check each by hand before "
            "it goes into a report.")


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)

parse_log = _q(1, "parse_log", "the access log as a table", ("log",), _check_parse_log, [
    "A group can take one of two shapes, written with `|`: `(?P<answer>yes|no)` captures `yes` or `no`. "
    "The size is digits (`\\d+`), or a dash when nothing was sent (a 304 answer).",
    "`log = pd.Series(lines).str.extract(PATTERN)` makes one row per line and one column per named group; a "
    "line that does not match gives an empty row, so count them with `log[\"ip\"].isna().sum()` (it should "
    "be 0). Every column is text at this point.",
    "`PATTERN = LINE.replace(\"SIZE\", r\"(?P<bytes>\\d+|-)\")`. Then `pd.to_datetime(log[\"time\"], format=\"%d/%b/%Y:%H:%M:%S %z\")"
    ".dt.tz_localize(None)`, `log[\"status\"].astype(int)` and "
    "`log[\"bytes\"].replace(\"-\", \"0\").astype(int)`.",
])
status_mix = _q(2, "status_mix", "the status mix", ("status_share",), _check_status_mix, [
    "Each row of `log` is one request; `status` is its answer.",
    "`value_counts()` counts each value; `normalize=True` turns counts into shares.",
    "`status_share = log[\"status\"].value_counts(normalize=True)`",
])
sqli = _q(3, "sqli", "SQL injection", ("sqli",), _check_sqli, [
    "Look before you add signs: `log.loc[log[\"agent\"].str.contains(\"sqlmap\"), \"decoded\"].head(20)` "
    "shows what an injection tool sends. Each line of `SQLI_SIGNS` is one pattern; the rule is all of them "
    "joined with `|` (\"or\"). In a pattern, `\\W+` stands for any run of spaces, quotes or `/**/`, and a "
    "real star is `\\*` (a bare `*` repeats what stands before it: `/**/` as a sign stops with \"multiple "
    "repeat\"). Write a group as `(?:or|and)`: with a plain `(or|and)` the rule still works, but pandas warns "
    "that the pattern \"has match groups\", because it thinks you wanted to capture them with `str.extract`.",
    "An injection shows itself by SQL grammar, not by one word: `union ... select`, a quote followed by "
    "`or`/`and`, `or 1=1`, a comment `--`, `sleep(`, `information_schema`. Add each as one line of "
    "`SQLI_SIGNS`, and use `case=False`. The check shows one example of each form of attack your rule "
    "misses and one ordinary request it flags: print such a row, `log.loc[row, \"decoded\"]`, and adjust.",
    "Add to the list `r\"'\\W*(?:or|and)\\b\"`, `r\"\\b(?:or|and)\\s+\\d+=\\d+\"`, `r\"\\(\\s*select\"`, "
    "`r\"sleep\\(\"` and `r\"information_schema\"`, then "
    "`sqli = log[\"decoded\"].str.contains(\"|\".join(SQLI_SIGNS), case=False, regex=True)`.",
])
traversal = _q(4, "traversal", "path traversal", ("traversal",), _check_traversal, [
    "Search the `decoded` column, not `path`: there `%2e%2e%2f` has become `../` and `%5c` a backslash. "
    "In a pattern a dot is written `\\.` (a bare `.` means any character).",
    "Traversal climbs out of the web folder with `../` or `..\\` (the pattern `\\.\\.[/\\\\]` takes both), or "
    "names a system file directly (`/etc/passwd`, `win.ini`). A page called `change-passwd` is not an attack: "
    "see what your rule keeps with `log.loc[traversal, \"decoded\"].value_counts().head(20)`.",
    "Add to the list `r\"\\.\\.\\\\\"`, `r\"/etc/(?:passwd|shadow|hosts)\"` and `r\"win\\.ini\"`, then "
    "`traversal = log[\"decoded\"].str.contains(\"|\".join(TRAVERSAL_SIGNS), case=False, regex=True)`.",
])
scanners = _q(5, "scanners", "scanner bursts", ("scanners",), _check_scanners, [
    "This is the lecture's \"busiest address-hours\" (section 5) with two changes: only the rows answered "
    "404, and windows of 10 minutes instead of an hour (`freq=\"10min\"`).",
    "`not_found = log[log[\"status\"] == 404]`, then "
    "`per_window = not_found.groupby([\"ip\", pd.Grouper(key=\"time\", freq=\"10min\")]).size()` counts per "
    "address and window; keep `per_window[per_window >= 50]`.",
    "The counts are a Series with `ip` and `time` in its index. "
    "`.reset_index(name=\"not_found\").rename(columns={\"time\": \"window\"})` makes the table.",
])
web_guessing = _q(6, "web_guessing", "password guessing on /login", ("guessing",), _check_web_guessing, [
    "`posts = log[(log[\"method\"] == \"POST\") & (log[\"path\"] == \"/login\")]`; failures are answered "
    "200, successes 302: `failed_web = posts[posts[\"status\"] == 200]`.",
    "`failed_web.groupby(\"ip\")[\"time\"].agg(failures=\"size\", first=\"min\", last=\"max\")`, keep 20 or "
    "more failures, `.reset_index()`.",
    "For the success, merge the successes with each address's `first` failure, keep those with "
    "`time > first`, and take the earliest per address (`groupby(\"ip\")[\"time\"].min()`); merge it back "
    "with `how=\"left\"` so that addresses without one keep an empty `success`.",
])
ssh_logins = _q(7, "ssh_logins", "logins in auth.log", ("logins",), _check_ssh_logins, [
    "Look at `auth.head()`: the answer cell has split every line already. The date is in three text columns "
    "(`month`, `day`, `clock`) and the login in `message`; work on those, not on `auth_lines`.",
    "The date has no year. Put the case file's year in front: `pd.to_datetime(\"2024 \" + auth[\"month\"] "
    "+ \" \" + auth[\"day\"] + \" \" + auth[\"clock\"], format=\"%Y %b %d %H:%M:%S\")`.",
    "Then `auth[\"message\"].str.extract(r\"^(?P<result>Failed|Accepted) (?:password|publickey) for "
    "(?:invalid user )?(?P<user>\\S+) from (?P<ip>\\S+) port\")`, join it to `auth[[\"time\"]]` and drop the "
    "rows without a result (`.dropna(subset=[\"result\"])`).",
])
zeek_guessers = _q(8, "zeek_guessers", "30 failures in any 30 minutes", ("guessers",), _check_zeek, [
    "Keep the failures, sorted by time: `failed = logins[logins[\"result\"] == \"Failed\"].sort_values(\"time\")`.",
    "A sliding window needs the time as index: `failed.set_index(\"time\").assign(n=1).groupby(\"ip\")"
    "[\"n\"].rolling(\"30min\").sum()` counts, at each failure, the failures of the 30 minutes before.",
    "Take the largest count per address (`.groupby(\"ip\").max()`), keep 30 or more, and make a table with "
    "`ip` and `max_30min`.",
])
break_ins = _q(9, "break_ins", "did a guesser get in?", ("break_ins",), _check_break_ins, [
    "Two small tables first: the accepted logins, `accepted = logins[logins[\"result\"] == \"Accepted\"]`, "
    "and each address's first failure, `first_failure = logins[logins[\"result\"] == \"Failed\"]"
    ".groupby(\"ip\")[\"time\"].min().rename(\"first_failure\").reset_index()`.",
    "`pairs = accepted.merge(first_failure, on=\"ip\")` puts each accepted login next to its address's first "
    "failure. Keep the rows of addresses in `guessers[\"ip\"]` (`.isin`) whose `time` is later than "
    "`first_failure`. Put each condition in its own brackets around `&`: `(a) & (b > c)`; without them "
    "Python reads `&` first and stops with a TypeError about `bitwise_and`.",
    "`pairs = pairs[pairs[\"ip\"].isin(guessers[\"ip\"]) & (pairs[\"time\"] > pairs[\"first_failure\"])]`, "
    "then `break_ins = pairs.sort_values(\"time\").groupby(\"ip\").head(1)[[\"ip\", \"user\", \"time\"]]` "
    "keeps the first one per address.",
])
port_scans = _q(10, "port_scans", "port scans in the flows", ("port_scans",), _check_port_scans, [
    "A scan touches many different ports of one machine; ordinary traffic uses a few.",
    "`flows.groupby([\"src_ip\", \"dst_ip\"])[\"dst_port\"].nunique()` counts distinct ports per source and "
    "target.",
    "Keep 100 or more, `.rename(\"ports\").reset_index()`.",
])
dos_minutes = _q(11, "dos_minutes", "the flood of the web server", ("dos_minutes",), _check_dos, [
    "`ts` is Unix time in UTC, written as text: `pd.to_datetime(flows[\"ts\"].astype(int), unit=\"s\", utc=True)"
    ".dt.tz_convert(\"Asia/Shanghai\").dt.tz_localize(None)` gives Beijing time.",
    "Keep connections to the web server on ports 80 and 443: `flows[\"dst_ip\"] == WEB_SERVER` and "
    "`flows[\"dst_port\"].astype(int).isin([80, 443])`.",
    "`web.groupby(web[\"time\"].dt.floor(\"min\")).agg(connections=(\"src_ip\", \"size\"), "
    "sources=(\"src_ip\", \"nunique\"))`, then keep `connections >= 100`.",
])
timeline = _q(12, "timeline", "a timeline with the break-in marked", ("fig",), _check_timeline, [
    "`per_hour` and the bars of all requests are drawn for you. The second colour needs the same count for "
    "one address: the row of `guessing` (Question 6) whose `success` is not empty names it, "
    "`intruder = guessing.loc[guessing[\"success\"].notna(), \"ip\"].iloc[0]`.",
    "`theirs = log[log[\"ip\"] == intruder].set_index(\"time\").resample(\"h\").size()"
    ".reindex(per_hour.index, fill_value=0)` counts its requests in the same hours, 0 where it sent nothing.",
    "`ax.bar(theirs.index, theirs.values, width=1/24, align=\"edge\", color=\"#D55E00\", label=\"...\")`, then "
    "`ax.set_title(...)`, `ax.set_xlabel(...)`, `ax.set_ylabel(\"Requests per hour\")` and `ax.legend()`.",
])
report = _q(13, "report", "the findings for the case file", ("report",), _check_report, [
    "Build one small table per finding and stack them. The answer cell gives you `span(rows)`: the first and "
    "last time per address of any rows that have `ip` and `time`. Try "
    "`span(log[sqli]).assign(log=\"access.log\", attack=\"sql injection\", got_in=False)` and look at it.",
    "The rows of each part: `log[traversal]`; the scanners' 404 answers, `log[log[\"ip\"].isin(scanners[\"ip\"]) "
    "& (log[\"status\"] == 404)]`; the SSH guessers' failures, `logins[(logins[\"result\"] == \"Failed\") & "
    "logins[\"ip\"].isin(guessers[\"ip\"])]`; the scans, `span(flows.merge(port_scans[[\"src_ip\", "
    "\"dst_ip\"]]), key=\"src_ip\")`, whose address comes out as `ip`. `guessing` already has `first` and "
    "`last`.",
    "`got_in` is `guessing[\"success\"].notna()` for the portal's guessers and "
    "`.assign(got_in=lambda d: d[\"ip\"].isin(break_ins[\"ip\"]))` for the SSH guessers; False elsewhere. Then "
    "`pd.concat(parts, ignore_index=True)[[\"ip\", \"log\", \"attack\", \"first\", \"last\", \"got_in\"]]"
    ".sort_values(\"first\", ignore_index=True)`.",
])

QUESTIONS = [parse_log, status_mix, sqli, traversal, scanners, web_guessing, ssh_logins, zeek_guessers,
             break_ins, port_scans, dos_minutes, timeline, report]
