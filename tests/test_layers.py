"""Imports go one way: domain <- store <- services <- cli, web (docs/DESIGN: Architecture).

Every module under src/backrub is read with ``ast`` (imports inside functions and
under TYPE_CHECKING count too). A wrong arrow fails with the module, the line and
the import, so the fix is to move the code, not to widen these tables.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "backrub"

# What each part of backrub may import from backrub (its own part included).
# "backrub" is the package itself (its __version__).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "backrub": frozenset(),
    "errors": frozenset({"i18n"}),
    "settings": frozenset(),  # where the database is: environment only
    "clock": frozenset({"errors", "i18n"}),  # the one clock
    # Words in the person's language: a context variable each face sets, and the catalogues.
    "i18n": frozenset({"i18n"}),
    # Pure rules and values: nothing but themselves and the error type.
    "domain": frozenset({"domain", "errors", "i18n"}),
    # The catalogue and rules as data; a rule is a domain value (domain.rules.Rule).
    "evidence": frozenset({"evidence", "domain", "errors", "i18n"}),
    "store": frozenset({"store", "domain", "errors", "i18n"}),
    # Data in, SVG/HTML/PDF/CSV/FHIR/ICS out: domain values and evidence, never the store.
    "reports": frozenset({"reports", "domain", "evidence", "errors", "i18n"}),
    # The demo profile's generator: domain values and rules only (services.backup saves it).
    "demo": frozenset({"domain", "evidence", "errors", "i18n"}),
    "services": frozenset(
        {"backrub", "services", "domain", "evidence", "store", "reports", "demo", "errors", "clock"}
        | {"i18n"}
    ),
    "cli": frozenset(
        {"backrub", "cli", "services", "domain", "evidence", "errors", "clock", "settings", "i18n"}
    ),
    # The web draws the same SVG charts as the report (reports.charts), and names its sections.
    "web": frozenset(
        {"backrub", "web", "services", "domain", "evidence", "reports", "errors", "clock"}
        | {"settings", "i18n"}
    ),
    "__main__": frozenset({"cli"}),
}

# cli and web touch the store only to open it. Each exception, with its reason.
STORE_FOR_FACES = {
    "backrub.store.open_store": "opening the database is the face's job",
    "backrub.store.Store": "the type of what was opened, passed on to services",
    "backrub.store.revision.Revision": "web/app.py: the page cache watches what it opened",
    "backrub.store.quick.quick_checkin": "cli/app.py: the fast check-in, before SQLAlchemy loads",
}
# What cli and web may call on an opened store; every query goes through services.
STORE_ATTRIBUTES_FOR_FACES = {
    "close": "closing what the face opened",
    "engine": "web/app.py hands the engine it opened to the revision counter",
}
# Temporary: helper "today" is reworking the profile pages (issue 11, item 10); the lead
# removes this exception when that branch moves these store calls into services.
STORE_CALLS_TEMPORARILY_ALLOWED = {"backrub.web.routes.profiles"}

# The one arrow between the faces: `backrub serve` starts the web app.
CLI_MAY_IMPORT_WEB = {"backrub.cli.serve_cmds"}


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path, ast.parse(path.read_text("utf-8"), str(path))


def _part(module: str) -> str:
    """Return the part of backrub a dotted name is in ("backrub" for the package's own names)."""
    parts = module.split(".")
    if len(parts) > 1 and ((PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").exists()):
        return parts[1]
    return "backrub"


def _imports(module: str, path: Path, tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Yield (line, dotted name) for every import of backrub, ``from`` imports as module.name."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _arrows() -> Iterator[tuple[str, int, str]]:
    for module, path, tree in _modules():
        for line, name in _imports(module, path, tree):
            if name == "backrub" or name.startswith("backrub."):
                yield module, line, name


def test_every_part_of_backrub_is_placed_in_a_layer() -> None:
    unplaced = {_part(m) for m, _, _ in _modules()} - set(MAY_IMPORT)
    assert not unplaced, f"add these to MAY_IMPORT with what they may import: {unplaced}"


def test_imports_go_one_way() -> None:
    wrong = []
    for module, line, name in _arrows():
        source, target = _part(module), _part(name)
        if target in MAY_IMPORT[source]:
            continue
        if source in ("cli", "web") and target == "store" and name in STORE_FOR_FACES:
            continue
        if target == "web" and module in CLI_MAY_IMPORT_WEB:
            continue
        wrong.append(f"{module}:{line} imports {name} ({source} -> {target})")
    assert not wrong, "imports against domain <- store <- services <- cli, web:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(("face", "other"), [("web", "cli"), ("cli", "web")])
def test_the_two_faces_do_not_import_each_other(face: str, other: str) -> None:
    crossing = [
        f"{module}:{line} imports {name}"
        for module, line, name in _arrows()
        if _part(module) == face and _part(name) == other and module not in CLI_MAY_IMPORT_WEB
    ]
    assert not crossing


def _store_expression(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store"
    )


def test_cli_and_web_only_open_the_store_and_leave_queries_to_services() -> None:
    queries = []
    for module, _path, tree in _modules():
        if _part(module) not in ("cli", "web") or module in STORE_CALLS_TEMPORARILY_ALLOWED:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _store_expression(node.value)
                and node.attr not in STORE_ATTRIBUTES_FOR_FACES
            ):
                queries.append(f"{module}:{node.lineno} uses store.{node.attr}")
    assert not queries, "move these store queries into services:\n" + "\n".join(queries)


def test_only_the_store_imports_sqlalchemy_and_alembic() -> None:
    outside = []
    for module, path, tree in _modules():
        if _part(module) == "store":
            continue
        for line, name in _imports(module, path, tree):
            if name.split(".")[0] in ("sqlalchemy", "alembic"):
                outside.append(f"{module}:{line} imports {name}")
    assert not outside


def test_the_checker_sees_a_wrong_arrow() -> None:
    """The walk itself works: a domain module importing services would be caught."""
    tree = ast.parse("from backrub.services import safety\nimport backrub.store\n")
    found = list(_imports("backrub.domain.x", PACKAGE / "domain" / "x.py", tree))
    assert [name for _, name in found] == ["backrub.services.safety", "backrub.store"]
    relative = ast.parse("from ..services import safety\n")
    found = list(_imports("backrub.domain.x", PACKAGE / "domain" / "x.py", relative))
    assert [name for _, name in found] == ["backrub.services.safety"]
