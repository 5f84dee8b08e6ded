#!/usr/bin/env python3
"""Set up backrub in ./.venv and run it: the two commands of README.md.

    python3 dev.py start [ARGS]   set up, then the web app with demo data (ARGS go to serve)
    python3 dev.py test [ARGS]    set up, then the whole test suite (ARGS go to pytest)
    python3 dev.py setup          set up only (what CI runs before its checks)

Only the standard library is used here, so a fresh machine with Python 3.11+
needs nothing else. Set-up is skipped when nothing it depends on changed: the
pinned files, the Python running dev.py (a new one rebuilds .venv) and whether
Node 20+ and npm are here. Installing ical.js for the iCalendar cross-check is
best effort: without npm or Node 20+, or when `npm ci` fails, one line says so.
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


NODE_MAJOR = 20  # ical.js in tests/js needs Node 20 or newer


def _fingerprint() -> str:
    """What set-up depends on: the pinned files, this Python and whether Node 20+ is here.

    A new Python (an upgrade, another interpreter) rebuilds .venv; installing
    Node 20+ and npm later retries the JavaScript step.
    """
    digest = hashlib.sha256()
    digest.update(f"python: {sys.version}\n".encode())
    digest.update(f"js: {_js_missing()}\n".encode())
    for name in ("pyproject.toml", "constraints.txt", "tests/js/package-lock.json"):
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _node_major(node: str) -> int | None:
    try:
        done = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    version = done.stdout.strip().lstrip("v").split(".")[0]
    return int(version) if done.returncode == 0 and version.isdigit() else None


def _js_missing() -> str | None:
    """Why the ical.js cross-check cannot be installed here, or None when it can."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "npm or node is not installed"
    major = _node_major(node)
    if major is None or major < NODE_MAJOR:
        return f"Node {NODE_MAJOR}+ is needed (found {major or 'an unknown version'})"
    return None


def install_js() -> None:
    """Best effort: install ical.js for the iCalendar cross-check, or say in one line why not."""
    if not (JS / "package-lock.json").exists():
        return
    why = _js_missing()
    if why is None:
        try:
            done = subprocess.run(
                [shutil.which("npm") or "npm", "ci", "--silent", "--no-audit", "--no-fund"],
                cwd=JS,
                capture_output=True,
                text=True,
            )
        except OSError as error:
            why = f"npm ci could not start ({error.strerror})"
        else:
            if done.returncode == 0:
                return
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            why = f"npm ci failed ({last[:160]})"
    print(f"Skipping the ical.js cross-check set-up: {why}; the tests say so.", flush=True)


def create_venv() -> None:
    """Create .venv with pip, or stop with one line naming the missing Debian package."""
    try:
        venv.create(VENV, with_pip=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(VENV, ignore_errors=True)  # half-made: the next run starts afresh
        sys.exit(
            "python3 -m venv cannot install pip into .venv here (ensurepip is missing); "
            "on Debian or Ubuntu: apt-get install python3-venv"
        )


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before we know the Python
        sys.exit("backrub needs Python 3.11 or newer")
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if VENV.exists() and _venv_python_changed():
        print("Python changed: rebuilding .venv …", flush=True)
        shutil.rmtree(VENV)
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        create_venv()
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    print("Installing backrub and its dependencies (pinned in constraints.txt) …", flush=True)
    subprocess.run([*pip, "-c", "constraints.txt", "-e", ".[dev]"], cwd=ROOT, check=True)
    # ical.js: an independent iCalendar parser the tests compare against.
    install_js()
    # The message catalogues: .po in the repository, .mo compiled here (never committed).
    subprocess.run([str(BIN / "python"), "-m", "backrub.i18n", "compile"], cwd=ROOT, check=True)
    STAMP.write_text(fingerprint)


def _venv_python_changed() -> bool:
    """True when .venv was made by another Python version than the one running dev.py."""
    try:
        lines = (VENV / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return True
    settings = dict(line.partition("=")[::2] for line in lines)
    made_by = {k.strip(): v.strip() for k, v in settings.items()}
    version = made_by.get("version") or made_by.get("version_info") or ""
    return version.split(".")[:3] != [str(n) for n in sys.version_info[:3]]


def _workers(args: list[str]) -> list[str]:
    """Spread the suite over up to 4 processes (pytest-xdist), unless ARGS choose (-n, or
    -p no:xdist) or name single tests.

    ``worksteal``: each process starts on its own stretch of the suite, in file order, and
    one that runs out takes the far end of another's. A file can be split between two
    processes (its module fixtures are then built in both); with ``loadfile`` the
    largest file (the authorisation matrix, minutes) kept one process busy at the end
    while the others waited.
    """
    if any(a == "-n" or a.startswith("-n") or a == "no:xdist" or "::" in a for a in args):
        return []
    return ["-n", str(max(1, min(os.cpu_count() or 1, 4))), "--dist", "worksteal"]


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test", "setup"):
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    setup()
    os.chdir(ROOT)
    if command == "setup":
        return
    if command == "test":
        os.execv(str(BIN / "python"), [str(BIN / "python"), "-m", "pytest", *_workers(args), *args])
    backrub = str(BIN / "backrub")
    os.execv(backrub, [backrub, "serve", "--demo", *args])


if __name__ == "__main__":
    main()
