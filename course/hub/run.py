"""`course hub start|stop|status`: JupyterHub in the background, with a pid file and a log.

Start and stop are scriptable (a browser test drives them): `start` returns once the hub
answers on its address, or fails with the end of the log.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

DEFAULT_STATE = "/srv/procuratorial-course/hub"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port(previous: int | None) -> int:
    """The loopback port of the last start when it is free again, else a new one. Servers that
    outlived a hub killed without cleanup (kill -9, a crash) still call the hub's old internal
    address: a hub on another port would leave them unable to authenticate anyone."""
    if previous:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the hub binds it
            try:
                s.bind(("127.0.0.1", previous))
                return previous
            except OSError:
                pass
    return _free_port()


def _last_run(state: Path) -> dict:
    try:
        return json.loads((state / "hub.run.json").read_text())
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie (ended, not yet reaped) is not running
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _pid(state: Path) -> int | None:
    try:
        pid = int((state / "hub.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def url(state: Path) -> str | None:
    try:
        return json.loads((state / "hub.run.json").read_text())["url"]
    except (OSError, ValueError, KeyError):
        return None


def start(state_dir: str | Path = DEFAULT_STATE, ip: str = "127.0.0.1", port: int = 8000,
          timeout: float = 90, api_token: str | None = None) -> str:
    state = Path(state_dir)
    settings_file = state / "hub.json"
    if not settings_file.is_file():
        raise RuntimeError(f"{settings_file} is missing: run `course hub setup --roster ...` first")
    if _pid(state):
        raise RuntimeError(f"the hub is already running (pid {_pid(state)}); `course hub stop` first")
    settings = json.loads(settings_file.read_text())
    env_bin = Path(settings["env"]) / "bin"
    last = _last_run(state)
    ports = {"hub_internal_port": _port(last.get("hub_internal_port")),
             "proxy_api_port": _port(last.get("proxy_api_port"))}
    env = {
        "PATH": f"{env_bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "HOME": "/root",
        "COURSE_HUB_SETTINGS": str(settings_file),
        "HUB_IP": ip,
        "HUB_PORT": str(port),
        "HUB_INTERNAL_PORT": str(ports["hub_internal_port"]),
        "HUB_PROXY_API_PORT": str(ports["proxy_api_port"]),
    }
    if api_token:
        env["COURSE_HUB_API_TOKEN"] = api_token
    log_path = state / "hub.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([str(env_bin / "jupyterhub"), "-f", settings["hub_config"]],
                                cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    (state / "hub.pid").write_text(f"{proc.pid}\n")
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    address = f"http://{host}:{port}"
    (state / "hub.run.json").write_text(json.dumps({"url": address, "pid": proc.pid, **ports}) + "\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the hub stopped (exit {proc.returncode}); end of {log_path}:\n"
                               + _tail(log_path))
        try:
            with urllib.request.urlopen(f"{address}/hub/api/", timeout=2) as r:
                if r.status == 200:
                    return address
        except OSError:
            time.sleep(0.5)
    stop(state)
    raise RuntimeError(f"the hub did not answer on {address} within {timeout:.0f} s; end of {log_path}:\n"
                       + _tail(log_path))


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(state_dir: str | Path = DEFAULT_STATE, timeout: float = 30) -> bool:
    """Stop the hub (it stops the proxy and everyone's server); False if it was not running."""
    state = Path(state_dir)
    pid = _pid(state)
    if pid is None:
        (state / "hub.pid").unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)  # our child when started in this process
            if done:
                break
        except ChildProcessError:
            pass
        if not _alive(pid):
            break
        time.sleep(0.3)
    else:
        os.killpg(pid, signal.SIGKILL)
    (state / "hub.pid").unlink(missing_ok=True)
    return True


def status(state_dir: str | Path = DEFAULT_STATE) -> str:
    state = Path(state_dir)
    pid = _pid(state)
    return f"running (pid {pid}) on {url(state)}" if pid else "not running"
