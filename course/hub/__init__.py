"""The course's JupyterHub on one machine: roster, system accounts, shared paths, the hub.

`course hub setup --roster hub/roster.toml` (as root) checks the whole roster, then makes the
accounts, the nbgrader exchange, the shared environment and data, and the instructors'
course directory; `course hub start|stop` runs JupyterHub with `jupyterhub_config.py` from
this folder. See docs/instructor-guide.md.
"""
