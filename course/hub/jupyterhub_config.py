"""JupyterHub configuration of the course (`course hub start` runs `jupyterhub -f` on this file).

Stock pieces only, as The Littlest JupyterHub uses them for a small class: PAMAuthenticator
(the system accounts `course hub setup` made), the default LocalProcessSpawner (each person's
server runs as their own Linux user, in their home folder) and configurable-http-proxy.
Instructors get Formgrader in their own JupyterLab, on the course directory (~/course);
trainees get only the Assignments panel. Paths come from hub.json, written by setup.
"""
import grp
import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub

settings_file = os.environ.get("COURSE_HUB_SETTINGS", "/srv/procuratorial-course/hub/hub.json")
S = json.loads(Path(settings_file).read_text(encoding="utf-8"))
ENV_BIN = str(Path(S["env"]) / "bin")
STATE = Path(S["state_dir"])

# --- network: the public address, the hub's and the proxy's own (loopback) ports ----------
ip = os.environ.get("HUB_IP", "127.0.0.1")
port = int(os.environ.get("HUB_PORT", "8000"))
c.JupyterHub.bind_url = f"http://{ip}:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('HUB_INTERNAL_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('HUB_PROXY_API_PORT', '8001')}"
# The proxy: PyPI's configurable-http-proxy (a Python port of the npm package, same command
# line and REST API), installed in the shared environment; no Node.js needed. Started through
# course/hub/proxy.py, which lifts its limit of 10 requests at a time (a class logs in together).
c.ConfigurableHTTPProxy.command = [os.path.join(ENV_BIN, "python"), "-m", "course.hub.proxy"]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# --- the hub's own state, root only ------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops everyone's server

# --- who may log in ----------------------------------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(S["trainees"]) | set(S["instructors"])
c.JupyterHub.load_groups = {
    S["trainees_group"]: {"users": S["trainees"]},
    S["instructors_group"]: {"users": S["instructors"]},
}

# A token for scripts (tests, a browser test, monitoring): only when COURSE_HUB_API_TOKEN is set.
_api_token = os.environ.get("COURSE_HUB_API_TOKEN")
if _api_token:
    c.JupyterHub.services = [{"name": "course-admin", "api_token": _api_token}]
    c.JupyterHub.load_roles = [{
        "name": "course-admin",
        "services": ["course-admin"],
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub"],
    }]

# --- each person's server ----------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"  # the default, said out loud
c.Spawner.cmd = [os.path.join(ENV_BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PATH": f"{ENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "COURSE_DATA_DIR": S["data_dir"],
    "NBGRADER_EXCHANGE": S["exchange"],
}


def _is_instructor(username: str) -> bool:
    try:
        return username in grp.getgrnam(S["instructors_group"]).gr_mem
    except KeyError:
        return False


def role_environment(spawner):
    """Trainees: no Formgrader, no solutions (COURSE_MODE=class). Instructors: the course."""
    env = dict(spawner.environment)  # a copy: the configured dict is shared by all spawners
    if _is_instructor(spawner.user.name):
        config_path = [os.path.join(S["role_config"], "instructor"), S["jupyter_etc"]]
        env.pop("COURSE_MODE", None)
        # umask 002: what an instructor's server and terminals write in the shared course
        # directory stays writable for the other instructors (nbgrader's groupshared does not
        # cover every folder, e.g. those `nbgrader collect` makes). Others still cannot read
        # it: the course directory itself is 2770. (With 007, `nbgrader release_feedback`
        # would copy unreadable pages into the exchange.)
        spawner.cmd = ["/bin/sh", "-c", 'umask 0002 && exec "$@"', "sh", *c.Spawner.cmd]
    else:
        config_path = [os.path.join(S["role_config"], "trainee"), S["jupyter_etc"]]
        env["COURSE_MODE"] = "class"
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(config_path)
    spawner.environment = env


c.Spawner.pre_spawn_hook = role_environment
