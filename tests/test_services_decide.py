"""Services decide: the licensed item-file checks and the baseline/latest rule live in one
place each, and every face gets the same answer from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backrub import services
from backrub.domain.instruments import get_instrument
from backrub.errors import InvalidInput
from backrub.services.licensed import items_text, licensed_form
from backrub.services.measures import baseline_and_latest
from backrub.store import Store
from tests.test_cli import _one_clear_line
from tests.web.test_measures_pages import clinic_file

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("instrument", "text", "words"),
    [
        ("odi", None, "wording is licensed; give the file"),
        ("odi", clinic_file("startback"), "give the file for"),
        ("rmdq", clinic_file(), "needs no item file"),
        ("odi", "not toml [", "use TOML"),
    ],
)
def test_an_item_file_is_refused_by_one_rule(instrument: str, text: str | None, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as refused:
        licensed_form(get_instrument(instrument), text)
    assert refused.value.refusal.fields in (("items_file",), ("file",))


def test_an_item_file_must_be_small_utf8() -> None:
    with pytest.raises(InvalidInput, match="UTF-8"):
        items_text(b"\xff\xfe", "odi.toml")
    with pytest.raises(InvalidInput, match="256 KB"):
        items_text(b"#" * (256 * 1024 + 1), "odi.toml")
    form = licensed_form(get_instrument("odi"), items_text(clinic_file().encode(), "odi.toml"))
    assert form is not None and form.instrument == "odi"


def test_the_cli_refuses_a_wrong_item_file_naming_its_flag(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wrong = tmp_path / "startback.toml"
    wrong.write_text(clinic_file("startback"), encoding="utf-8")
    answers = ",".join("1" * 10)
    result = run("survey", "odi", "--answers", answers, "--items-file", str(wrong))
    _one_clear_line(result, "--items-file:", "give the file for")


def test_baseline_and_latest_are_the_first_and_last_scores_and_pain_weeks() -> None:
    start = date(2026, 1, 1)
    pain = {start + timedelta(days=n): float(8 if n < 7 else 3) for n in range(14)}
    scored = {
        "rmdq": [
            (start, 14.0),
            (start + timedelta(days=30), 9.0),
            (start + timedelta(days=60), 6.0),
        ],
        "peg": [(start, 7.0)],  # one answer compares nothing
    }
    [nrs, rmdq] = baseline_and_latest(pain, scored)
    assert (nrs.instrument_id, nrs.baseline, nrs.latest) == ("nrs", 8.0, 3.0)
    assert (nrs.baseline_on, nrs.latest_on) == (start, start + timedelta(days=13))
    assert (rmdq.baseline, rmdq.latest, rmdq.latest_on) == (14.0, 6.0, start + timedelta(days=60))
    assert baseline_and_latest({start: 5.0}, {}) == ()  # under 14 days: nothing compared


def test_progress_and_the_report_compare_the_same_records(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW - timedelta(days=90))
    for weeks, answers in ((0, "1" * 24), (6, "1" * 12 + "0" * 12), (12, "1" * 4 + "0" * 20)):
        services.record_response(
            store,
            profile,
            instrument_id="rmdq",
            answers=",".join(answers),
            at=(NOW - timedelta(weeks=12 - weeks)).isoformat(),
            now=NOW,
        )
    measured = services.progress(store, profile, now=NOW)
    [row] = services.report_data(store, profile, now=NOW).instruments
    [compared] = measured.compared
    assert (row.baseline, row.latest) == (compared.baseline, compared.latest) == (24.0, 4.0)
    assert row.baseline_on == compared.baseline_on == (NOW - timedelta(weeks=12)).date()
    assert row.latest_on == compared.latest_on == NOW.date()
