#!/usr/bin/env python3
"""Set up backrub in ./.venv and run it: the two commands of README.md.

    python3 dev.py start [ARGS]   set up, then the web app with demo data (ARGS go to serve)
    python3 dev.py test [ARGS]    set up, then the whole test suite (ARGS go to pytest)

Only the standard library is used here, so a fresh machine with Python 3.11+
needs nothing else. Set-up is skipped when nothing it depends on changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".backrub-setup"
JS = ROOT / "tests" / "js"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt", "tests/js/package-lock.json"):
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before we know the Python
        sys.exit("backrub needs Python 3.11 or newer")
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    print("Installing backrub and its dependencies (pinned in constraints.txt) …", flush=True)
    subprocess.run([*pip, "-c", "constraints.txt", "-e", ".[dev]"], cwd=ROOT, check=True)
    if shutil.which("npm") and (JS / "package-lock.json").exists():
        # ical.js: an independent iCalendar parser the tests compare against.
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=JS, check=True)
    STAMP.write_text(_fingerprint())


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test", "setup"):
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    setup()
    os.chdir(ROOT)
    if command == "setup":
        return
    if command == "test":
        os.execv(str(BIN / "python"), [str(BIN / "python"), "-m", "pytest", *args])
    backrub = str(BIN / "backrub")
    os.execv(backrub, [backrub, "serve", "--demo", *args])


if __name__ == "__main__":
    main()
