"""Hidden tests of assignment 04-network-traces: what only they use.

Every field of every log line, the bar for full marks on the attack flags, and the exact
windows, counts and times of the findings, compared with `course.exercises.traces`'s
`answer_key` and with the planted `truth`, which only these checks read (the visible ones
measure against the checker's own labelling of the requests, held to this truth by a test).
"""
from __future__ import annotations

import functools

import pandas as pd

from course import data
from course.checking import CheckFailed, column_kind, column_kinds, texts
from course.data import traces as gen
from course.exercises.traces import (ASSIGNMENT, ATTACKS, DAY_MINUTE, ZEEK_LIMIT, _column_of, _date, _fresh,
                                     _seconds_of, _stamp, answer_key, precision_recall)
from course.i18n import N_, translator

_ = translator(ASSIGNMENT)   # its words are in the assignment's catalog (course.translate.package_files)

FULL_PRECISION, FULL_RECALL = 0.97, 0.97        # the graded bar for full marks
REPORT_SLACK = pd.Timedelta(minutes=10)          # tolerance on a report's first / last times


@functools.lru_cache(maxsize=1)
def truth() -> dict:
    """The planted truth (the grader has it; the sandbox does not)."""
    lines = data.load("web_attack_lines")
    web = data.load("web_attacks")
    ssh = data.load("ssh_attacks")
    flows = data.load("flow_attacks")
    report = {}
    for label, (log, kind) in ATTACKS.items():
        if kind:
            for r in web[web["kind"] == kind].itertuples(index=False):
                report[(r.ip, label)] = (log, r.first, r.last, r.got_in == "yes")
    # Question 8's sliding rule, not `zeek_notice` (Zeek's fixed periods miss a burst across a boundary)
    for r in ssh[ssh["max_30min"].astype(int) >= ZEEK_LIMIT].itertuples(index=False):
        report[(r.ip, "ssh guessing")] = ("auth.log", r.first, r.last, r.got_in == "yes")
    spans = answer_key()["scan_span"]
    for r in flows[flows["kind"] == "PortScan"].itertuples(index=False):
        # every connection of the scanner to the scanned machine, the scan and whatever followed it
        first, last = spans[(r.src_ip, r.dst_ip)]
        report[(r.src_ip, "port scan")] = ("flows", _stamp(first), _stamp(last), False)
    return {
        "lines": {kind: {int(n) - 1 for n, k in zip(lines["line"], lines["kind"]) if k == kind}
                  for kind in set(lines["kind"])},
        "report": report,    # (ip, attack) -> (log, first, last, got_in)
    }


def check_log_fields(log) -> None:
    """Hidden part of Question 1: every field of every line."""
    log = _fresh(log, "log")
    key = answer_key()
    rows = key["rows"]
    if log["bytes"].dtype.kind not in "iu":
        held = _("numbers with decimals") if column_kinds(log["bytes"]) == ["numbers"] else column_kind(log["bytes"])
        raise CheckFailed(_("Column `bytes` holds {held}, not whole numbers. Replace `-` by 0 and convert "
                            "with `.astype(int)`.", held=held))
    if [int(v) for v in log["bytes"]] != [r[5] for r in rows]:
        raise CheckFailed(_("Column `bytes` is not each line's size in bytes, with 0 where the log writes `-`."))
    for col, k in (("ip", 0), ("method", 2), ("path", 3), ("referer", 6), ("agent", 7)):
        # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
        if texts(log[col], _("column `{column}`", column=col)) != [r[k] for r in rows]:
            raise CheckFailed(_("Column `{column}` of `log` does not hold exactly that field of each line "
                                "(without the quotes around it).", column=col))


def check_full_marks(flags, kind: str, name: str) -> None:
    """Hidden part of Questions 3 and 4: the graded bar for full marks."""
    flags = _fresh(flags, name)
    p, r = precision_recall(flags, name, truth()["lines"][kind])
    if p < FULL_PRECISION or r < FULL_RECALL:
        bar, precision, recall = f"{FULL_RECALL:.2f}", f"{p:.2f}", f"{r:.2f}"
        raise CheckFailed(_("For full marks `{name}` needs precision and recall of at least {bar}; "
                            "yours are {precision} and {recall}. Look at the attacking addresses' requests that "
                            "your rule leaves out, and at the ordinary ones it flags.",
                            name=name, bar=bar, precision=precision, recall=recall))


def check_scanner_windows(scanners) -> None:
    """Hidden part of Question 5: the window and the count of each burst."""
    scanners = _fresh(scanners, "scanners")
    key = answer_key()["scanners"]
    if len(scanners) != len(key):
        raise CheckFailed(_("`scanners` should have one row per address and window."))
    starts = _seconds_of(scanners["window"], _column_of("window", "scanners", capital=True))
    for ip, start, n in zip(texts(scanners["ip"], "ip"), starts, scanners["not_found"]):
        if ip not in key or key[ip][0] != start:
            raise CheckFailed(_("The window of {ip} is not the start of the fixed 10-minute window that holds "
                                "its burst (e.g. 10:20:00 for 10:20-10:30).", ip=ip))
        if int(n) != key[ip][1]:
            raise CheckFailed(_("The number of 404 answers of {ip} in its window is not right.", ip=ip))


def check_guessing_times(guessing) -> None:
    """Hidden part of Question 6: first and last failure and the time of the success."""
    guessing = _fresh(guessing, "guessing")
    key = answer_key()["guessing"]
    ips = texts(guessing["ip"], "ip")
    for col, k in (("first", "first"), ("last", "last"), ("success", "success")):
        times = _seconds_of(guessing[col], _column_of(col, "guessing", capital=True))
        for ip, t in zip(ips, times):
            if t != key[ip][k]:
                raise CheckFailed(_(GUESSING_TIME[col], ip=ip))


def check_logins_exact(logins) -> None:
    """Hidden part of Question 7: user and address of every login."""
    logins = _fresh(logins, "logins")
    got = sorted(zip(_seconds_of(logins["time"], "time"), [r.lower() for r in texts(logins["result"], "result")],
                     texts(logins["user"], "user"), texts(logins["ip"], "ip")))
    expected = sorted((sec, r.lower(), u, ip) for sec, r, u, ip in answer_key()["events"])
    if got != expected:
        raise CheckFailed(_("Not every row of `logins` has the user name and the address of its line."))


def check_zeek_counts(guessers) -> None:
    """Hidden part of Question 8: the largest count in 30 minutes, give or take the window's edge."""
    guessers = _fresh(guessers, "guessers")
    key = answer_key()["guessers"]
    for ip, n in zip(texts(guessers["ip"], "ip"), guessers["max_30min"]):
        if abs(float(n) - key[ip]) > 2:
            raise CheckFailed(_("`max_30min` of {ip} is not the largest number of its failures within 30 minutes.",
                                ip=ip))


def check_break_in_details(break_ins) -> None:
    """Hidden part of Question 9: which account, and when."""
    break_ins = _fresh(break_ins, "break_ins")
    key = answer_key()["break_ins"]
    times = _seconds_of(break_ins["time"], _column_of("time", "break_ins", capital=True))
    for ip, user, t in zip(texts(break_ins["ip"], "ip"), texts(break_ins["user"], "user"), times):
        if (user, t) != key[ip]:
            raise CheckFailed(_("The account or the time of {ip}'s login is not right: the first login "
                                "accepted after its first failure.", ip=ip))


def check_port_scan_rows(port_scans) -> None:
    """Hidden part of Question 10: target and number of ports of each scan."""
    port_scans = _fresh(port_scans, "port_scans")
    got = {(s, d): int(n) for s, d, n in zip(texts(port_scans["src_ip"], "src_ip"),
                                              texts(port_scans["dst_ip"], "dst_ip"), port_scans["ports"])}
    if got != answer_key()["scans"]:
        raise CheckFailed(_("Not every row of `port_scans` has the scanned machine and the number of distinct "
                            "ports it was probed on."))


def check_dos_counts(dos_minutes) -> None:
    """Hidden part of Question 11: connections and distinct sources in each minute."""
    dos_minutes = _fresh(dos_minutes, "dos_minutes")
    key = answer_key()["dos"]
    start = pd.Timestamp(gen.START)
    for t, c, s in zip(dos_minutes.index, dos_minutes["connections"], dos_minutes["sources"]):
        m = int((t - start).total_seconds()) // 60
        if int(c) != key[m][0]:
            raise CheckFailed(_("The number of connections in minute {minute} is not right.",
                                minute=_date(t, DAY_MINUTE)))
        if int(s) != key[m][1]:
            raise CheckFailed(_("The number of sources in minute {minute} is not right: count distinct "
                                "addresses (`nunique`), not connections.", minute=_date(t, DAY_MINUTE)))


def check_report_times(report) -> None:
    """Hidden part of Question 13: first and last times, Beijing time, within a few minutes."""
    report = _fresh(report, "report")
    expected = truth()["report"]
    for col, k in (("first", 1), ("last", 2)):
        if report[col].dtype.kind != "M":
            raise CheckFailed(_("Column `{column}` of `report` should hold dates and times.", column=col))
        for ip, a, t in zip(texts(report["ip"], "ip"), texts(report["attack"], "attack"), report[col]):
            if abs(t - pd.Timestamp(expected[(ip, a)][k])) > REPORT_SLACK:
                raise CheckFailed(_(REPORT_TIME[col], ip=ip, attack=a))


GUESSING_TIME = {  # column -> what its time should be
    "first": N_("The `first` time of {ip} is not right: the first failed login."),
    "last": N_("The `last` time of {ip} is not right: the last failed login."),
    "success": N_("The `success` time of {ip} is not right: the first successful login after the first failure."),
}
REPORT_TIME = {
    "first": N_("The `first` time of {ip} ({attack}) is not when its attack began (Beijing time)."),
    "last": N_("The `last` time of {ip} ({attack}) is not when its attack ended (Beijing time)."),
}


