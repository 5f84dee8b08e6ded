"""A command of the CLI starts without loading the web app.

Every ``backrub`` command (and each of the hundreds the tests run in a child
process) paid for importing FastAPI and every route when only ``serve`` needs
them: about a second of CPU each. ``serve`` imports the web app when it runs
(tests/clinic/test_clinic_cli.py serves with workers).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WEB = ("fastapi", "starlette", "backrub.web.app", "uvicorn")


def loaded_by(args: list[str], home: Path) -> set[str]:
    """Return the modules loaded by running ``backrub ARGS`` in a child process."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['backrub', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('backrub', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', *sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKRUB_HOME": str(home)},
        timeout=120,
    )
    return set(done.stderr.rpartition("MODULES")[2].split())


def test_a_command_that_does_not_serve_loads_no_web_code(tmp_path: Path) -> None:
    loaded = loaded_by(["today"], tmp_path)
    assert "backrub.cli" in loaded, "the probe ran the CLI"
    assert not loaded & set(WEB), f"the CLI loaded {sorted(loaded & set(WEB))}"
