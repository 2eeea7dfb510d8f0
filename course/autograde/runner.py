"""The process that runs one trainee's code, inside the sandbox.

It speaks newline-delimited JSON on its original stdin/stdout with the grader outside:

- ``{"op": "run", "code": ...}``: run a cell (IPython syntax, magics included); the reply
  carries the cell's outputs in nbformat's shape (streams, displays, its result, its error),
  which the grader writes into the autograded notebook for the instructor;
- ``{"op": "get", "name": ...}``: the named answer, encoded by `course.transport`;
- ``{"op": "call", "name": ..., "args": [...]}``: call a trainee function on plain data.

Printed text is kept up to the output limit, charts and other displays up to the display
limit; the rest is dropped and counted. What escapes Python (a C library writing to its file
descriptors) goes to stderr, which the grader caps as well. The runner never
sees a test: the checks run outside, on what `get` and `call` return. Before any trainee
code runs it drops root (when started as root), applies the resource limits it was given,
and points stdout away from the protocol channel.
"""
from __future__ import annotations

import gc
import io
import json
import os
import re
import resource
import sys
import traceback


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


def forget_failed_cell(shell, error: BaseException | None = None, collect: bool = True) -> None:
    """A failed cell's traceback keeps its frames alive, and with them whatever the cell had
    allocated (a memory bomb's hoard): let it go before the next cell. The frames' locals are
    cleared as well, because something still held the error after the names below were
    dropped: after a 1.5 GB bomb the process stayed at its memory limit (1,530 MB against
    416 MB with the frames cleared), and whichever answer next needed memory was lost.
    `collect=False` leaves the reference cycles to Python's own collector, where memory is not
    limited."""
    if error is not None and error.__traceback__ is not None:
        traceback.clear_frames(error.__traceback__)
    shell.last_execution_result = None
    for attr in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, attr):
            setattr(sys, attr, None)
    if collect:
        gc.collect()  # tracebacks sit in reference cycles


class CappedStream(io.TextIOBase):
    """sys.stdout or sys.stderr during a cell: keeps text up to the shared budget, counts the rest."""

    def __init__(self, name: str, outputs: list, budget: dict):
        self.name, self._outputs, self._budget = name, outputs, budget

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self._budget["text"]
        kept = text[:max(room, 0)]
        self._budget["text"] = room - len(kept)
        self._budget["dropped"] += len(text) - len(kept)
        if kept:
            last = self._outputs[-1] if self._outputs else None
            if last and last["output_type"] == "stream" and last["name"] == self.name:
                last["text"] += kept
            else:
                self._outputs.append({"output_type": "stream", "name": self.name, "text": kept})
        return len(text)


def _rich(data: dict, metadata: dict, budget: dict) -> tuple[dict, dict] | None:
    """A display's data within the display budget (its text form always fits), or None."""
    size = sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())
    if size <= budget["display"]:
        budget["display"] -= size
        return data, metadata
    budget["dropped"] += size
    plain = data.get("text/plain")
    return ({"text/plain": plain[:2000]}, {}) if isinstance(plain, str) else None


def _plain_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if isinstance(v, (str, dict, list))}


def capture_into(shell, outputs: list, budget: dict) -> None:
    """Route the shell's displays and results into `outputs`, as a kernel would publish them."""

    def publish(data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        kept = _rich(_plain_data(data), metadata or {}, budget)
        if kept:
            outputs.append({"output_type": "display_data", "data": kept[0], "metadata": kept[1]})

    shell.display_pub.publish = publish
    hook = shell.displayhook
    hook.write_output_prompt = lambda: None

    def write_format_data(format_dict, md_dict=None):
        kept = _rich(_plain_data(format_dict), md_dict or {}, budget)
        if kept:
            outputs.append({"output_type": "execute_result", "data": kept[0], "metadata": kept[1],
                            "execution_count": hook.prompt_count})

    hook.write_format_data = write_format_data


def error_output(shell, err: BaseException) -> dict:
    """The cell's error as nbformat's error output, with IPython's plain traceback."""
    try:
        tb = shell.InteractiveTB.structured_traceback(type(err), err, err.__traceback__)
    except Exception:  # a traceback that cannot be formatted still names the error
        tb = [f"{type(err).__name__}: {str(err)[:2000]}"]
    return {"output_type": "error", "ename": type(err).__name__, "evalue": str(err)[:2000],
            "traceback": [_ANSI.sub("", line)[:4000] for line in tb[-60:]]}


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _evalue(exc: BaseException) -> str:
    """An error's text (a KeyError's comes quoted, 'x', as Python prints it)."""
    try:
        return str(exc)[:2000]
    except Exception:  # an exception whose text cannot be made is reported by its kind alone
        return ""


def _where(exc: BaseException) -> dict | None:
    """The trainee's line that raised `exc` (plain data: line number in its cell, text, function)."""
    try:
        from course.explain import trainee_line

        return trainee_line(exc.__traceback__)
    except Exception:  # a line that cannot be found is left out, never an error of its own
        return None


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
    import numpy
    import pandas  # noqa: F401 - warm import before the first cell

    # OpenBLAS allocates its work buffer at the first matrix product that needs it and, if that
    # allocation fails, ends the process (exit status 1). After a memory bomb, or on a machine
    # short of memory, that would lose every later answer: allocate it now, while memory is
    # there. The product must be large enough to take the buffered path: OpenBLAS 0.3.31
    # (numpy 2.4.6) multiplies a 64 x 64 product without its buffer, so a warm-up of that size
    # left the buffer unallocated and the bomb test failed again.
    numpy.ones((512, 512)) @ numpy.ones((512, 512))
    from IPython.core.interactiveshell import InteractiveShell

    from course.transport import NotTransportable, decode, encode

    shell = InteractiveShell.instance()
    shell.showtraceback = lambda *a, **k: None  # errors are reported through the channel
    shell.InteractiveTB.set_mode("Plain")
    ns = shell.user_ns
    outputs: list = []
    budget = {"text": int(cfg.get("output_kb", 256)) * 1024, "display": int(cfg.get("display_kb", 4096)) * 1024,
              "dropped": 0}
    capture_into(shell, outputs, budget)
    try:  # charts appear under their cell as in a kernel (the inline backend closes them after it)
        shell.enable_matplotlib("inline")
    except Exception:
        pass

    def reply(obj: dict) -> None:
        channel_out.write(json.dumps(obj) + "\n")
        channel_out.flush()

    reply({"ready": True, "uid": os.getuid()})
    for line in channel_in:
        msg = json.loads(line)
        op = msg.get("op")
        try:
            if op == "run":
                outputs.clear()
                budget["dropped"] = 0
                saved = sys.stdout, sys.stderr
                sys.stdout = CappedStream("stdout", outputs, budget)
                sys.stderr = CappedStream("stderr", outputs, budget)
                try:
                    result = shell.run_cell(msg["code"], store_history=False, silent=False)
                finally:
                    sys.stdout, sys.stderr = saved
                err = result.error_in_exec or result.error_before_exec
                if err is not None:
                    outputs.append(error_output(shell, err))
                answer = {"ok": err is None, "outputs": list(outputs), "dropped": budget["dropped"]}
                if err is not None:
                    answer.update(ename=type(err).__name__, evalue=str(err)[:2000])
                reply(answer)
                outputs.clear()
                if err is not None:
                    forget_failed_cell(shell, err)
                    result = err = answer = None
            elif op == "get":
                name = msg["name"]
                if name not in ns:
                    reply({"ok": False, "missing": True})
                else:
                    reply({"ok": True, "value": encode(ns[name], f"`{name}`")})
            elif op == "call":
                fn = ns.get(msg["name"])
                args = [decode(a) for a in msg["args"]]
                try:
                    value = fn(*args)
                except NotTransportable:
                    raise
                except BaseException as exc:  # the trainee's line goes with the error, as data
                    reply({"ok": False, "ename": type(exc).__name__, "evalue": _evalue(exc),
                           "where": _where(exc)})
                    continue
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
