"""CI and set-up: .ci/run is sound shell, dev.py rebuilds when Python changes, and the
JavaScript cross-check is best effort on a laptop but never silently skipped in CI."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CI_RUN = ROOT / ".ci" / "run"


@pytest.fixture
def dev(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ModuleType:
    """dev.py as a module, its .venv and tests/js pointed at empty temporary folders."""
    spec = importlib.util.spec_from_file_location("backrub_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / "venv")
    monkeypatch.setattr(module, "JS", tmp_path / "js")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "package-lock.json").write_text("{}")
    return module


def _fake_tools(tmp_path: Path, node_version: str | None, npm_exit: int | None) -> str:
    """A PATH holding only stand-ins for node and npm (the tools that reach the network)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if node_version is not None:
        (bin_dir / "node").write_text(f"#!/bin/sh\necho {node_version}\n")
    if npm_exit is not None:
        (bin_dir / "npm").write_text(
            f"#!/bin/sh\necho 'npm ERR! network down' >&2\nexit {npm_exit}\n"
        )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return str(bin_dir)


def test_ci_run_is_valid_bash() -> None:
    done = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_ci_run_never_ends_a_pipe_with_a_quiet_grep_under_pipefail() -> None:
    """`ldconfig -p | grep -q x` exits 141 when grep stops reading early under pipefail."""
    text = CI_RUN.read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    code = [line.split("#", 1)[0] for line in text.splitlines()]
    quiet_grep_in_pipe = re.compile(r"\|\s*grep\b[^|;&]*\s(-[A-Za-z]*q|--quiet|--silent)\b")
    assert [line for line in code if quiet_grep_in_pipe.search(line)] == []


def test_shellcheck_finds_nothing_in_ci_run() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run shellcheck on .ci/run (.ci/run installs it), but it is missing"
            )
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    done = subprocess.run([shellcheck, str(CI_RUN)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_ci_runs_lint_format_and_strict_types_after_set_up_and_before_the_tests() -> None:
    text = CI_RUN.read_text(encoding="utf-8")
    order = [
        "python3 dev.py setup",
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy",
        "python3 dev.py test",
        "second pass under a far time zone",
    ]
    positions = [text.find(step) for step in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "python3-venv" in text  # installed when venv cannot give .venv its pip


def test_the_set_up_fingerprint_changes_with_the_python_version(
    dev: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dev._fingerprint()
    assert dev._fingerprint() == before  # stable while nothing changes
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert dev._fingerprint() != before


def test_a_venv_from_another_python_version_is_rebuilt(dev: ModuleType) -> None:
    dev.VENV.mkdir()
    config = dev.VENV / "pyvenv.cfg"
    config.write_text("home = /usr/bin\nversion = 3.10.12\n")
    assert dev._venv_python_changed()
    here = ".".join(str(n) for n in sys.version_info[:3])
    config.write_text(f"home = /usr/bin\ninclude-system-site-packages = false\nversion = {here}\n")
    assert not dev._venv_python_changed()


@pytest.mark.parametrize(
    ("node", "npm_exit", "reason"),
    [
        (None, None, "npm or node is not installed"),
        ("v20.11.0", None, "npm or node is not installed"),
        ("v18.19.0", 0, "Node 20+ is needed (found 18)"),
        ("v20.11.0", 1, "npm ci failed (npm ERR! network down)"),
    ],
    ids=["no node", "no npm", "node 18", "npm ci fails"],
)
def test_npm_ci_is_best_effort_one_line_and_set_up_goes_on(  # type: ignore[no-untyped-def]
    dev: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    node: str | None,
    npm_exit: int | None,
    reason: str,
) -> None:
    monkeypatch.setenv("PATH", _fake_tools(tmp_path, node, npm_exit))
    dev.install_js()  # does not raise
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert reason in lines[0]
    assert "ical.js" in lines[0]


def test_npm_ci_that_works_prints_nothing(  # type: ignore[no-untyped-def]
    dev: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PATH", _fake_tools(tmp_path, "v22.1.0", 0))
    dev.install_js()
    assert capsys.readouterr().out == ""


def _ical_js_test(tmp_path: Path, *, ci: bool) -> subprocess.CompletedProcess[str]:
    """Run the ical.js tests in a child pytest whose PATH holds no node."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_ics.py", "-k", "ical_js", "-rs", "-q"],
        cwd=ROOT,
        env={**env, "PATH": str(empty), **({"CI": "true"} if ci else {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_node_the_ical_js_cross_check_is_skipped_with_the_reason(tmp_path: Path) -> None:
    done = _ical_js_test(tmp_path, ci=False)
    assert done.returncode == 0, done.stdout
    assert "node is not installed" in done.stdout
    assert "3 skipped" in done.stdout


def test_in_ci_a_missing_node_fails_the_ical_js_cross_check(tmp_path: Path) -> None:
    done = _ical_js_test(tmp_path, ci=True)
    assert done.returncode == 1, done.stdout
    assert "CI must run the ical.js cross-check, but node is not installed" in done.stdout
