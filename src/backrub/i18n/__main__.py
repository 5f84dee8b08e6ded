"""Catalogue tools for developers and translators.

    python -m backrub.i18n compile            write the .mo files (dev.py setup runs it)
    python -m backrub.i18n missing [PART]     untranslated messages as .po entries to fill in
    python -m backrub.i18n status             how many messages each part has and lacks

PART is where a message is in the package (web, cli, domain, services, reports,
evidence, ...) and names its catalogue: ``locale/vi/<PART>.po``.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

from backrub.i18n.catalogues import compile_all, po_files, read_catalogue
from backrub.i18n.extraction import Message, messages

LANGUAGE = "vi"


def _translated() -> set[tuple[str | None, str]]:
    done: set[tuple[str | None, str]] = set()
    for path in po_files(LANGUAGE):
        for entry in read_catalogue(path):
            text = entry.string
            filled = all(text) if isinstance(text, tuple) else bool(text)
            if entry.id and filled and not entry.fuzzy:
                key = entry.id[0] if isinstance(entry.id, (tuple, list)) else entry.id
                done.add((entry.context, str(key)))
    return done


def _missing() -> dict[tuple[str | None, str], list[Message]]:
    done = _translated()
    found: dict[tuple[str | None, str], list[Message]] = defaultdict(list)
    for message in messages():
        if message.key not in done:
            found[message.key].append(message)
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def missing(part: str | None) -> int:
    for places in _missing().values():
        first = places[0]
        if part is not None and first.part != part:
            continue
        print("#: " + " ".join(place.where for place in places))
        if "%(" in first.id or (first.plural and "%(" in first.plural):
            print("#, python-format")
        if first.context:
            print(f"msgctxt {_quote(first.context)}")
        print(f"msgid {_quote(first.id)}")
        if first.plural:
            print(f"msgid_plural {_quote(first.plural)}")
            print('msgstr[0] ""')
        else:
            print('msgstr ""')
        print()
    return 0


def status() -> int:
    total: Counter[str] = Counter()
    seen: set[tuple[str | None, str]] = set()
    for message in messages():
        if message.key not in seen:
            seen.add(message.key)
            total[message.part] += 1
    lacking = Counter(places[0].part for places in _missing().values())
    for part in sorted(total):
        print(f"{part:12} {total[part]:5} messages, {lacking[part]:5} not yet in Vietnamese")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["compile"]:
        print(f"compiled {len(compile_all())} message catalogue(s)")
        return 0
    if argv[:1] == ["missing"] and len(argv) <= 2:
        return missing(argv[1] if len(argv) == 2 else None)
    if argv == ["status"]:
        return status()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
