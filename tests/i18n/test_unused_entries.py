"""A catalogue keeps no message the code no longer says (review S9): an old entry is how a
translator ends up polishing words nobody reads, and how a wrong line comes back.

Every Vietnamese catalogue is checked (session 11 removed the last old entries). A message
said through ``N_()``, a data file or a variable is still said: ``messages()`` finds those.
"""

from __future__ import annotations

import pytest

from backrub.i18n.catalogues import po_files, read_catalogue
from backrub.i18n.extraction import messages

CATALOGUES = sorted(path.name for path in po_files("vi"))


@pytest.fixture(scope="module")
def said() -> set[tuple[str | None, str]]:
    return {message.key for message in messages()}


def test_every_catalogue_is_checked() -> None:
    assert len(CATALOGUES) >= 50 and "cli.po" in CATALOGUES and "webb.po" in CATALOGUES


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_entry_is_a_message_the_code_still_says(
    said: set[tuple[str | None, str]], name: str
) -> None:
    (path,) = [p for p in po_files("vi") if p.name == name]
    old = []
    for entry in read_catalogue(path):
        key = entry.id[0] if isinstance(entry.id, (list, tuple)) else entry.id
        if key and (entry.context, key) not in said:
            old.append(str(key)[:100])
    assert not old, f"{name} keeps messages no code says:\n" + "\n".join(old)
