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


def _said(english: str) -> list[tuple[str, str]]:
    """Return (catalogue, Vietnamese) of every entry whose English holds ``english``."""
    said: list[tuple[str, str]] = []
    for path in po_files("vi"):
        for entry in read_catalogue(path):
            ids = entry.id if isinstance(entry.id, (list, tuple)) else (entry.id,)
            strings = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
            if entry.id and any(english in " ".join(str(i).split()) for i in ids):
                said += [(path.name, " ".join(str(s).split())) for s in strings]
    return said


def test_the_change_people_call_important_is_never_called_significant() -> None:
    # Review m10: "đáng kể" beside a p value reads as "statistically significant".
    said = _said("call important")
    assert len(said) >= 5, said
    wrong = [f"{name}: {text}" for name, text in said if "coi là quan trọng" not in text]
    assert not wrong, "\n".join(wrong)


def test_a_product_default_is_backrubs_default_in_every_vietnamese_catalogue() -> None:
    # Review m11: "mặc định của sản phẩm" beside "mặc định của backrub, không phải từ nghiên
    # cứu" reads as two kinds of default.
    said = _said("product default")
    assert len(said) >= 10, said
    wrong = [f"{name}: {text}" for name, text in said if "mặc định của backrub" not in text]
    assert not wrong, "\n".join(wrong)
    for name, text in _said("not evidence"):
        if "mặc định" in text:
            assert "không phải từ nghiên cứu" in text, f"{name}: {text}"
