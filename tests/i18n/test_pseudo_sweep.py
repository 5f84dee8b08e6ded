"""Every page, form answer and command of backrub, in the pseudo-locale: no English is left.

In the pseudo-locale (``qps``) every translated string comes out wrapped and
accented (``⟦Ŧóđàý⟧``), so English a person would still read is English that
never went through the catalogue (tests/i18n/english.py finds it). The pages
and forms come from the app's routers (as tests/web/test_plain_words.py finds
them), the commands from the click group: a new page, form or command is swept
without anyone listing it. The demo profile is made in the pseudo-locale too,
so its sample notes are not taken for untranslated words.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from backrub import i18n
from backrub.cli.app import cli
from backrub.evidence import load_catalogue
from backrub.web import WebSettings
from tests.i18n.english import english_in_html, english_in_text
from tests.web.conftest import TestClient, make_client, post_form
from tests.web.test_plain_words import (
    BAD,
    BAD_FORMS,
    GET_PAGES,
    KINDS,
    POSTS,
    _fields_of,
    _record_ids,
)

PSEUDO = {"Accept-Language": i18n.PSEUDO}


@pytest.fixture(autouse=True)
def _pseudo_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.PSEUDO_SWITCH, "1")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("pseudo") / "demo.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(i18n.PSEUDO_SWITCH, "1")
        with i18n.use_language(i18n.PSEUDO):
            client = make_client(WebSettings(db=str(db), demo=True), headers=PSEUDO)
        with client:
            client.get("/welcome")
            marked = post_form(
                client, "/body-map", {"region_hip_left": "3"}, follow_redirects=False
            )
            assert marked.status_code == 303
            yield client


def _english(response: Any) -> list[str]:
    kind = response.headers.get("content-type", "")
    if kind.startswith("text/html"):
        return english_in_html(response.text)
    return []


@pytest.mark.parametrize("path", GET_PAGES)
def test_a_page_has_no_english_left(demo: TestClient, path: str) -> None:
    response = demo.get(path)
    assert response.status_code < 500, path
    assert _english(response) == [], path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_correction_page_has_no_english_left(demo: TestClient, kind: str, action: str) -> None:
    ids = _record_ids(demo)
    response = demo.get(f"/history/{kind}/{ids[kind]}/{action}")
    assert response.status_code == 200
    assert _english(response) == []


@pytest.mark.parametrize(("path", "kind"), POSTS)
def test_a_form_answer_has_no_english_left(demo: TestClient, path: str, kind: str) -> None:
    for record_kind, n in _record_ids(demo).items():
        path = path.replace(f"/history/{record_kind}/0/", f"/history/{record_kind}/{n}/")
    generic = re.sub(r"/\d+/", "/N/", path)
    data = BAD_FORMS.get(path, BAD_FORMS.get(generic, {})) if kind == "bad" else {}
    if kind == "bad" and not data:
        data = {name: BAD for name in _fields_of(demo, path)}
    response = post_form(demo, path, data)
    assert response.status_code < 500, path
    assert _english(response) == [], (path, kind)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


# What --help shows that is not words: option names, metavars, command names.
_NOT_WORDS = re.compile(r"--?[\w-]+(?:=\S+)?|\b[A-Z][A-Z_]{2,}\b|\[[^\]]*\]")


@pytest.mark.parametrize("path", [" ".join(p) or "backrub" for p in _commands(cli)])
def test_the_help_of_a_command_has_no_english_left(path: str) -> None:
    args = [] if path == "backrub" else path.split()
    with i18n.use_language(i18n.PSEUDO):
        result = CliRunner().invoke(cli, [*args, "--help"], env={"BACKRUB_LANG": i18n.PSEUDO})
    assert result.exit_code == 0, result.output
    names = set(cli.commands) | {n for p in _commands(cli) for n in p}
    text = _NOT_WORDS.sub(" ", result.output)
    text = " ".join(word for word in text.split() if word not in names)
    assert english_in_text(text) == []


COMMANDS = [
    ("profile", "list"),
    ("history",),
    ("progress",),
    ("today",),
    ("plan", "show"),
    ("evidence",),
    ("checkin", "--pain", "11"),
    ("checkin", "--pain", "3", "--at", "yesterday morning"),
]
# A command line the output suggests ("backrub session run TOOL") is not words.
_COMMAND_LINE = re.compile(r"backrub(?: (?:[a-z][a-z-]*|[A-Z][A-Z_]*|--?[\w-]+(?:=\S+)?))+")


_SOURCE_NAMES = sorted(
    {
        text
        for entry in (load_catalogue().get(i) for i in load_catalogue().ids)
        for text in (entry.short_citation, entry.title, entry.id)  # the id is typed
        if text
    },
    key=len,
    reverse=True,
)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("pseudo-cli")
    made = _backrub(home, "demo", "--weeks", "4")
    assert made.returncode == 0, made.stderr
    return home


def _backrub(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BACKRUB_HOME": str(home),
        "BACKRUB_LANG": i18n.PSEUDO,
        i18n.PSEUDO_SWITCH: "1",
    }
    env.pop("BACKRUB_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "backrub", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_what_a_command_says_has_no_english_left(demo_home: Path, args: tuple[str, ...]) -> None:
    result = _backrub(demo_home, "--profile", "demo", *args)
    assert result.returncode in (0, 2), result.stderr
    said = _COMMAND_LINE.sub(" ", result.stdout + result.stderr)
    for kept in _SOURCE_NAMES:  # a source keeps its title in its own language; ids are typed
        said = said.replace(kept, " ")
    assert english_in_text(said) == [], args
