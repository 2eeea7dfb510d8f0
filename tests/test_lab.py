"""`make lab`: JupyterLab serves the workspace, and nbgrader's Validate speaks plain words."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course import workspace


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url, token, method="GET"):
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read().decode()


@pytest.fixture
def lab(tmp_path, course_copy):
    folder = workspace.update(tmp_path / "ws", grading=course_copy)
    port, token = _free_port(), "test-token"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(folder / ".jupyter"),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", f"--notebook-dir={folder}", "--no-browser",
         f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _call(f"{base}/api/status", token)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield base, token
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_lab_serves_the_module_and_hides_instructor_panels(lab):
    base, token = lab
    listing = json.loads(_call(f"{base}/api/contents/01-case-data", token))
    assert {f["name"] for f in listing["content"]} >= {"1-lecture.ipynb", "2-exercises.ipynb"}
    page = _call(f"{base}/lab/tree/01-case-data/2-exercises.ipynb", token)
    assert "@jupyter/nbgrader:formgrader" in page  # listed among the disabled extensions


def test_validate_button_reports_plain_messages_on_the_blank_notebook(lab):
    base, token = lab
    result = json.loads(_call(f"{base}/assignments/validate?path=01-case-data/2-exercises.ipynb", token,
                              method="POST"))
    assert result["success"] is True
    failed = result["value"]["failed"]
    assert failed, "a blank notebook must not validate"
    first = failed[0]["raw_error"]
    assert "Not yet: Question 1" in first and "Traceback" not in first
