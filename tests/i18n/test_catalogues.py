"""The Vietnamese catalogue is complete, sound and compiles (issue 12).

Every message marked in the source (Python and templates) has a Vietnamese
translation that is not fuzzy and keeps the placeholders of its English source;
two catalogue files never give one message two translations.
"""

from __future__ import annotations

from collections import defaultdict

from backrub.i18n import _, use_language
from backrub.i18n.catalogues import compiled, placeholders, po_files, read_catalogue
from backrub.i18n.extraction import messages


def _entries() -> list[tuple[str, object]]:
    out = []
    for path in po_files("vi"):
        for entry in read_catalogue(path):
            if entry.id:
                out.append((path.name, entry))
    return out


def test_there_is_a_vietnamese_catalogue_that_compiles() -> None:
    files = po_files("vi")
    assert files, "no locale/vi/*.po"
    for path in files:
        assert compiled(path)  # babel raises on a broken file


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    wrong = []
    for name, entry in _entries():
        ids = entry.id if isinstance(entry.id, (list, tuple)) else (entry.id,)  # type: ignore[attr-defined]
        strings = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)  # type: ignore[attr-defined]
        for text in strings:
            if (
                text
                and placeholders(text) != placeholders(ids[-1])
                and placeholders(text) != placeholders(ids[0])
            ):
                wrong.append(f"{name}: {ids[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_no_entry_is_fuzzy_and_none_is_translated_twice_differently() -> None:
    fuzzy = [f"{name}: {entry.id!r}" for name, entry in _entries() if entry.fuzzy]  # type: ignore[attr-defined]
    assert not fuzzy, "fuzzy entries (check and unmark them):\n" + "\n".join(fuzzy)
    seen: dict[tuple[object, object], set[object]] = defaultdict(set)
    for _name, entry in _entries():
        key = (entry.context, str(entry.id))  # type: ignore[attr-defined]
        seen[key].add(str(entry.string))  # type: ignore[attr-defined]
    twice = [
        f"{key[1]!r}: {sorted(map(str, values))}" for key, values in seen.items() if len(values) > 1
    ]
    assert not twice, "\n".join(twice)


def test_every_message_is_in_vietnamese() -> None:
    """Every message marked in the source has a Vietnamese translation (none fuzzy)."""
    done = set()
    for _name, entry in _entries():
        strings = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)  # type: ignore[attr-defined]
        if all(strings) and not entry.fuzzy:  # type: ignore[attr-defined]
            key = entry.id[0] if isinstance(entry.id, (list, tuple)) else entry.id  # type: ignore[attr-defined]
            done.add((entry.context, key))  # type: ignore[attr-defined]
    lacking = sorted(
        f"{message.where}: {message.id!r}" for message in messages() if message.key not in done
    )
    assert not lacking, (
        "not yet in Vietnamese (python -m backrub.i18n missing PART):\n" + "\n".join(lacking)
    )


def test_english_is_the_fallback_for_an_unknown_message() -> None:
    with use_language("vi"):
        assert (
            _("A sentence nobody translated, %(who)s.", who="Lan")
            == "A sentence nobody translated, Lan."
        )


def test_an_empty_text_stays_empty_in_every_language() -> None:
    with use_language("vi"):
        assert _("") == ""  # plain gettext would return the catalogue's header here
