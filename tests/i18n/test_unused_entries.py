"""A catalogue keeps no message the code no longer says (review S9): an old entry is how a
translator ends up polishing words nobody reads, and how a wrong line comes back."""

from __future__ import annotations

import pytest

from backrub.i18n.catalogues import po_files, read_catalogue
from backrub.i18n.extraction import messages

# The catalogues cleaned so far; add one when it is cleaned (the rest still hold old
# entries: python -m pytest this file after adding a name says which).
CLEAN = (
    "s7_nof1polish.po",
    "s7_nof1stats.po",
    "s8_clinfix8.po",
    "s8_trialreport.po",
    "s8_trialwords.po",
    "s9_banner9.po",
    "s9_trialplain9.po",
    "s10_banner10.po",
    "s10_lead.po",
    "s10_trialp10.po",
    "s10_words10.po",
    "s11_stop11.po",
    "safety.po",
    "webb.po",
)


@pytest.mark.parametrize("name", CLEAN)
def test_every_entry_is_a_message_the_code_still_says(name: str) -> None:
    said = {message.key for message in messages()}
    (path,) = [p for p in po_files("vi") if p.name == name]
    old = []
    for entry in read_catalogue(path):
        key = entry.id[0] if isinstance(entry.id, (list, tuple)) else entry.id
        if key and (entry.context, key) not in said:
            old.append(str(key)[:100])
    assert not old, f"{name} keeps messages no code says:\n" + "\n".join(old)
