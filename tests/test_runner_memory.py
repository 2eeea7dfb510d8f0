"""What the autograder's runner keeps after a failed cell (course/autograde/runner.py)."""
from __future__ import annotations

import weakref

from course.autograde.runner import forget_failed_cell


def test_a_failed_cell_lets_go_of_what_its_functions_held_and_keeps_the_notebooks_names():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    saved = shell.showtraceback
    shell.showtraceback = lambda *a, **k: None
    try:
        shell.run_cell("class Hoard(bytearray):\n    pass\nkept = 'answer'\nrefs = []", store_history=False)
        result = shell.run_cell("import weakref\ndef bomb():\n    hoard = Hoard(10_000_000)\n"
                                "    refs.append(weakref.ref(hoard))\n    raise MemoryError\nbomb()",
                                store_history=False)
        error = result.error_in_exec
        assert isinstance(error, MemoryError)
        hoard = shell.user_ns["refs"][0]
        held = [result, error]       # whatever else still holds the error (IPython, a reply) ...
        forget_failed_cell(shell, error)
        assert hoard() is None, "the failed cell's frames still hold the hoard"   # ... frees it anyway
        assert shell.user_ns["kept"] == "answer"          # the notebook's own names stay
        del held
    finally:
        shell.showtraceback = saved
