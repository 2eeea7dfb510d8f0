"""The process that runs one trainee's code, inside the sandbox.

It speaks newline-delimited JSON on its original stdin/stdout with the grader outside:

- ``{"op": "run", "code": ...}``: run a cell (IPython syntax, magics included);
- ``{"op": "get", "name": ...}``: the named answer, encoded by `course.transport`;
- ``{"op": "call", "name": ..., "args": [...]}``: call a trainee function on plain data.

Whatever the trainee's code prints goes to stderr, which the grader caps. The runner never
sees a test: the checks run outside, on what `get` and `call` return. Before any trainee
code runs it drops root (when started as root), applies the resource limits it was given,
and points stdout away from the protocol channel.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import sys


def _limits(cfg: dict) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cfg["memory_mb"] * mb, cfg["memory_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (cfg["cpu_seconds"], cfg["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (cfg["file_mb"] * mb, cfg["file_mb"] * mb))
    resource.setrlimit(resource.RLIMIT_NPROC, (cfg["processes"], cfg["processes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _drop_root(uid: int) -> None:
    if os.getuid() == 0 and uid:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        if os.getuid() == 0:  # pragma: no cover - setuid failed silently
            raise SystemExit("could not drop root")


def forget_failed_cell(shell, collect: bool = True) -> None:
    """A failed cell's traceback keeps its frames alive, and with them whatever the cell had
    allocated (a memory bomb's hoard): let it go before the next cell. `collect=False` leaves
    the reference cycles to Python's own collector, where memory is not limited."""
    shell.last_execution_result = None
    for attr in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, attr):
            setattr(sys, attr, None)
    if collect:
        gc.collect()  # tracebacks sit in reference cycles


def main() -> None:
    cfg = json.loads(os.environ.pop("COURSE_SANDBOX_LIMITS"))
    # The protocol channel moves to private descriptors; fd 0 reads nothing, fd 1 joins stderr.
    channel_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    channel_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")

    _drop_root(cfg.get("uid", 0))
    _limits(cfg)

    import matplotlib

    matplotlib.use("Agg")
    import pandas  # noqa: F401 - warm import before the first cell
    from IPython.core.interactiveshell import InteractiveShell

    from course.transport import NotTransportable, decode, encode

    shell = InteractiveShell.instance()
    shell.showtraceback = lambda *a, **k: None  # errors are reported through the channel
    ns = shell.user_ns

    def reply(obj: dict) -> None:
        channel_out.write(json.dumps(obj) + "\n")
        channel_out.flush()

    reply({"ready": True, "uid": os.getuid()})
    for line in channel_in:
        msg = json.loads(line)
        op = msg.get("op")
        try:
            if op == "run":
                result = shell.run_cell(msg["code"], store_history=False, silent=False)
                err = result.error_in_exec or result.error_before_exec
                if err is None:
                    reply({"ok": True})
                else:
                    reply({"ok": False, "ename": type(err).__name__, "evalue": str(err)[:2000]})
                if err is not None:
                    result = err = None
                    forget_failed_cell(shell)
            elif op == "get":
                name = msg["name"]
                if name not in ns:
                    reply({"ok": False, "missing": True})
                else:
                    reply({"ok": True, "value": encode(ns[name], f"`{name}`")})
            elif op == "call":
                fn = ns.get(msg["name"])
                args = [decode(a) for a in msg["args"]]
                value = fn(*args)
                reply({"ok": True, "value": encode(value, f"what {msg['name']} returned")})
            else:
                reply({"ok": False, "ename": "ProtocolError", "evalue": f"unknown op {op!r}"})
        except NotTransportable as exc:
            reply({"ok": False, "ename": "NotTransportable", "evalue": str(exc)})
        except BaseException as exc:  # the trainee's code failed; SystemExit included
            reply({"ok": False, "ename": type(exc).__name__, "evalue": str(exc)[:2000]})
            sys.stdout.flush()


if __name__ == "__main__":
    main()
