"""The learner's own workspace for `make lab`: student versions that are never overwritten.

The first run copies the student version of every ready module into the workspace. Later
runs (after `git pull`, say) add modules that are new, refresh files the learner never
changed, and leave every file the learner has edited exactly as it is. What was copied is
remembered by content hash in ``.course-workspace.json``.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from course import syllabus
from course.classroom import REPO
from course.i18n import ENGLISH
from course.nbgrader_run import GRADING, build_edition, course_root, edition_of, nbgrader, source_root

MANIFEST = ".course-workspace.json"
STUDENT_VERSIONS = ".student_versions"  # in the course's grading folder (grading/ or grading/zh_CN/)

# Instructor-side nbgrader panels make no sense on a learner's own laptop; validation does.
DISABLED_LAB_EXTENSIONS = {
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:create-assignment": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyter/nbgrader:assignment-list": True,
    "@jupyter/nbgrader:menu": True,
    # Offline by design: no "get notified about Jupyter news" prompt.
    "@jupyterlab/apputils-extension:announcements": True,
}


DISABLED_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.assignment_list": False,
}


def _write_lab_config(config_dir: Path, course_id: str, lang: str = ENGLISH) -> None:
    """Jupyter configuration used by `make lab` (JUPYTER_CONFIG_DIR points here). For an
    edition, JupyterLab itself speaks its language (the language pack, PyPI's
    jupyterlab-language-pack-<lang>, set in the learner's settings as Settings > Language does)."""
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": DISABLED_LAB_EXTENSIONS}, indent=1) + "\n", encoding="utf-8")
    (config_dir / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": DISABLED_SERVER_EXTENSIONS}}, indent=1) + "\n",
        encoding="utf-8")
    # nbgrader's Validate button reads this; without it nbgrader warns on every start.
    (config_dir / "nbgrader_config.py").write_text(
        "# Written by `course workspace`: the learner's own nbgrader settings.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n", encoding="utf-8")
    settings = config_dir / "lab" / "user-settings" / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    if lang != ENGLISH:
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"locale": lang}, indent=1) + "\n", encoding="utf-8")
    elif settings.is_file():
        settings.unlink()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source_fingerprint(module_id: str, grading: Path) -> str:
    """Changes when anything the student version is made from changes: the module's source
    folder, the nbgrader configuration, or nbgrader itself."""
    import nbgrader as nbgrader_pkg

    h = hashlib.sha256(nbgrader_pkg.__version__.encode())
    h.update((grading / "nbgrader_config.py").read_bytes())
    source = source_root(grading) / module_id
    for p in sorted(source.rglob("*")):
        if p.is_file() and ".ipynb_checkpoints" not in p.parts:
            h.update(p.relative_to(source).as_posix().encode())
            h.update(_sha(p).encode())
    return h.hexdigest()


FINGERPRINT = ".course-source.sha256"


def student_versions(module_id: str, grading: Path = GRADING) -> Path:
    """The student version of a module, generated without touching the gradebook, and only
    again when its sources changed (nbgrader takes several seconds a module)."""
    folder = grading / STUDENT_VERSIONS / module_id
    stamp = grading / STUDENT_VERSIONS / f"{module_id}{FINGERPRINT}"
    fingerprint = _source_fingerprint(module_id, grading)
    try:
        if folder.is_dir() and stamp.read_text(encoding="utf-8").strip() == fingerprint:
            return folder
    except OSError:
        pass
    nbgrader("generate_assignment", module_id, "--force", "--no-db",
             f"--CourseDirectory.release_directory={(grading / STUDENT_VERSIONS).relative_to(course_root(grading))}",
             grading=grading)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    return folder


def update(path: str | Path | None = None, grading: Path = GRADING) -> Path:
    """Create or update the workspace at `path` from the course whose grading folder is
    `grading` (an edition's: its notebooks are built first)."""
    lang = edition_of(grading)
    if lang != ENGLISH:
        build_edition(lang)
    folder = Path(path or REPO / ("workspace" if lang == ENGLISH else f"workspace-{lang}")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        copied = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        copied = {}

    kept = []
    for module in syllabus.modules(ready_only=True):
        if lang != ENGLISH and lang not in module.notebooks_translated:
            continue
        source = student_versions(module.id, grading)
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = file.relative_to(source.parent).as_posix()
            target = folder / rel
            if target.exists():
                if copied.get(rel) != _sha(target):
                    kept.append(rel)  # the learner's work: never touched
                    continue
                if _sha(target) == _sha(file):
                    continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            copied[rel] = _sha(target)

    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(manifest_path)

    from course.autograde.batch import _config

    _write_lab_config(folder / ".jupyter", _config(grading).CourseDirectory.course_id, lang)

    if kept:
        print("Kept your own work (not overwritten): " + ", ".join(kept))
    return folder
