"""One idea, one Vietnamese word: a reader meeting two words takes them for two things."""

from __future__ import annotations

from backrub.i18n.catalogues import po_files, read_catalogue


def test_washout_is_one_word_in_every_vietnamese_catalogue() -> None:
    # Review S9: the trial page said both "thải trừ" and "chuyển tiếp" for a washout.
    said: list[tuple[str, str]] = []
    for path in po_files("vi"):
        for entry in read_catalogue(path):
            ids = entry.id if isinstance(entry.id, (list, tuple)) else (entry.id,)
            strings = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
            if entry.id and any("washout" in str(i).lower() for i in ids):
                said += [(path.name, str(s)) for s in strings]
    assert said, "no message speaks of a washout"
    other = [f"{name}: {text}" for name, text in said if "thải" in text]
    assert not other, "\n".join(other)
    for name, text in said:
        if "washout" in text.lower().replace("%(washout)", ""):
            raise AssertionError(f"{name}: English left in {text!r}")
        assert "chuyển tiếp" in text.lower(), f"{name}: {text!r}"
