"""Low mood and anxiety: PHQ-9 and GAD-7 scoring, urgent-help wording, and the report's flags."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backrub import services
from backrub.domain import backup
from backrub.domain.instruments import INSTRUMENTS, LOINC
from backrub.domain.mood import URGENT_HELP
from backrub.domain.scoring import parse_answers, score
from backrub.errors import InvalidInput
from backrub.evidence import load_catalogue
from backrub.store import Store

PHQ9, GAD7, PHQ2, GAD2 = (INSTRUMENTS[i] for i in ("phq9", "gad7", "phq2", "gad2"))
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _phq9(total: int, item9: int = 0) -> str:
    """Answers with ``total`` spread over items 1-8 (each 0-3) and ``item9`` last."""
    rest = total - item9
    items = [min(3, max(0, rest - 3 * n)) for n in range(8)]
    assert sum(items) == rest
    return ",".join(str(a) for a in [*items, item9])


# ---------------------------------------------------------------- scoring


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild depression", False),
        (9, "mild depression", False),
        (10, "moderate depression", True),  # kroenke-2001: 10 or more
        (14, "moderate depression", True),
        (15, "moderately severe depression", True),
        (19, "moderately severe depression", True),
        (20, "severe depression", True),
        (24, "severe depression", True),  # the most items 1-8 can give
    ],
)
def test_phq9_bands_are_kroenke_2001s_5_10_15_20(total: int, band: str, positive: bool) -> None:
    result = score(PHQ9, parse_answers(PHQ9, _phq9(total)))
    assert (result.score, result.band, result.positive_screen) == (total, band, positive)
    assert result.urgent_help is False


def test_the_highest_phq9_is_27_and_severe() -> None:
    result = score(PHQ9, parse_answers(PHQ9, ",".join(["3"] * 9)))
    assert (result.score, result.band) == (27, "severe depression")


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item_9_above_0_calls_for_urgent_help_whatever_the_total(item9: int) -> None:
    low = score(PHQ9, parse_answers(PHQ9, _phq9(item9, item9=item9)))
    assert low.score == item9 and low.band == "minimal" and low.urgent_help is True


def test_phq9_item_9_calls_for_urgent_help_even_when_other_answers_are_missing() -> None:
    result = score(PHQ9, parse_answers(PHQ9, "-,-,-,-,-,-,-,-,1"))
    assert result.score is None and "questions 1 to 8 are unanswered" in (result.reason or "")
    assert result.urgent_help is True


def test_a_missing_phq9_item_gives_no_score_rather_than_a_low_one() -> None:
    result = score(PHQ9, parse_answers(PHQ9, "3,3,3,3,3,3,3,3,-"))
    assert result.score is None and result.urgent_help is False


@pytest.mark.parametrize(
    ("answers", "total", "band", "positive"),
    [
        ("0,0,0,0,0,0,0", 0, "minimal", False),
        ("1,1,1,1,0,0,0", 4, "minimal", False),
        ("1,1,1,1,1,0,0", 5, "mild anxiety", False),
        ("2,2,2,2,1,0,0", 9, "mild anxiety", False),
        ("2,2,2,2,2,0,0", 10, "moderate anxiety", True),  # spitzer-2006: 10 or more
        ("2,2,2,2,2,2,2", 14, "moderate anxiety", True),
        ("3,2,2,2,2,2,2", 15, "severe anxiety", True),
        ("3,3,3,3,3,3,3", 21, "severe anxiety", True),
    ],
)
def test_gad7_bands_are_spitzer_2006s_5_10_15(
    answers: str, total: int, band: str, positive: bool
) -> None:
    result = score(GAD7, parse_answers(GAD7, answers))
    assert (result.score, result.band, result.positive_screen) == (total, band, positive)
    assert result.urgent_help is False


def test_gad7_with_a_missing_answer_has_no_score() -> None:
    assert score(GAD7, parse_answers(GAD7, "3,3,3,3,3,3,-")).score is None


@pytest.mark.parametrize(("instrument", "text"), [(PHQ9, "0,0,0,0,0,0,0,0,4"), (GAD7, "1,1,1,-1")])
def test_answers_outside_0_to_3_or_of_the_wrong_count_are_refused(instrument, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        parse_answers(instrument, text)
    assert caught.value.field in ("answers[9]", "answers")


@pytest.mark.parametrize(("answers", "urgent"), [("3,3", True), ("3,2", False), ("2,3", False)])
def test_only_the_highest_phq2_calls_for_urgent_help(answers: str, urgent: bool) -> None:
    result = score(PHQ2, parse_answers(PHQ2, answers))
    assert result.positive_screen is True and result.urgent_help is urgent


def test_phq9_and_gad7_carry_their_loinc_codes_and_the_pfizer_notice() -> None:
    assert (PHQ9.panel_code, PHQ9.score_code) is not None
    assert PHQ9.panel_code is not None and GAD7.panel_code is not None
    assert (PHQ9.panel_code.system, PHQ9.panel_code.code) == (LOINC, "44249-1")
    assert PHQ9.score_code.code == "44261-6"
    assert (GAD7.panel_code.code, GAD7.score_code.code) == ("69737-5", "70274-6")
    assert PHQ9.items[8].code is not None and PHQ9.items[8].code.code == "44260-8"
    for instrument in (PHQ9, GAD7):
        assert "No permission required to reproduce" in instrument.notice
        assert "Pfizer" in instrument.notice
        assert instrument.ships_item_text
    assert PHQ2.next_step == "phq9" and GAD2.next_step == "gad7"


def test_the_urgent_help_wording_names_its_source_and_no_made_up_number() -> None:
    catalogue = load_catalogue()
    assert "nhs-lpft-need-help-now" in catalogue
    assert "emergency number" in URGENT_HELP and "mental health helpline" in URGENT_HELP
    assert "999" not in URGENT_HELP  # a UK number would be wrong elsewhere


# ---------------------------------------------------------------- the report


def _record(store: Store, instrument: str, answers: str, at: str) -> None:
    profile = services.current_profile(store, None, create=True, now=NOW)
    services.record_response(
        store, profile, instrument_id=instrument, answers=answers, at=at, now=NOW
    )


def _pdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_a_single_positive_phq2_is_flagged_on_page_1_of_the_default_report(store: Store) -> None:
    _record(store, "phq2", "2,1", "2026-02-20T09:00")
    profile = services.current_profile(store, None, create=False, now=NOW)
    pdf = services.render_report(store, profile, now=NOW, fmt="pdf")  # default sections
    first = _pdf_pages(pdf)[0]
    assert "For the clinician" in first
    assert "Patient Health Questionnaire-2 (PHQ-2) on 2026-02-20" in first
    assert "3 on a scale of 0 to 6" in first and "positive screen" in first
    html = services.render_report(store, profile, now=NOW, fmt="html").decode()
    assert html.index('id="screen-flags"') < html.index('id="section-summary"')


def test_single_results_appear_with_date_score_and_meaning(store: Store) -> None:
    _record(store, "gad7", "1,1,1,1,1,0,0", "2026-02-21")
    _record(store, "nrs", "6", "2026-02-21")
    profile = services.current_profile(store, None, create=False, now=NOW)
    html = services.render_report(
        store, profile, now=NOW, fmt="html", sections="summary,instruments"
    ).decode()
    assert "Generalized Anxiety Disorder-7 (GAD-7) on 2026-02-21: 5 on a scale of 0 to 21" in html
    assert "band: mild anxiety" in html
    assert "a single result: change needs a later score to compare" in html  # the NRS
    assert 'id="screen-flags"' not in html  # nothing positive


def test_an_urgent_phq9_answer_comes_first_among_the_flags(store: Store) -> None:
    _record(store, "gad2", "3,3", "2026-02-19")
    _record(store, "phq9", _phq9(2, item9=1), "2026-02-20")
    profile = services.current_profile(store, None, create=False, now=NOW)
    data = services.report_data(store, profile, now=NOW)
    assert [f.instrument_id for f in data.flags] == ["phq9", "gad2"]
    assert data.flags[0].is_urgent and "better off dead or of self-harm" in data.flags[0].meaning
    assert "highest score" not in data.flags[0].meaning


# ---------------------------------------------------------------- the CLI


def test_survey_phq9_with_item_9_above_0_says_where_to_get_help_now(run) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": NOW.isoformat()}
    result = run("survey", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", env=env)
    assert result.code == 0, result.err
    # A low total under the urgent help is not called "minimal, negative screen" (review).
    low = "(PHQ-9): 1 (Total score low, but your answer to question 9 needs attention now)"
    assert low in result.out and "negative screen" not in result.out
    assert "Please get help now" in result.out and "nhs-lpft-need-help-now" in result.out
    quiet = run("score", "gad7", "--answers", "0,0,0,0,0,0,0", "--json", env=env)
    assert json.loads(quiet.out)["urgent_help"] is False


def test_a_backup_with_a_phq9_answer_out_of_range_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": NOW.isoformat()}
    assert run("survey", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", env=env).code == 0
    out = tmp_path / "backup.json"
    assert run("export", "--format", "json", "--out", str(out), env=env).code == 0
    document = json.loads(out.read_text())
    (response,) = document["data"]["responses"]
    response["answers"][8] = 7
    document["checksum"] = backup.checksum(document["data"])  # a forged, not a damaged, file
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    refused = run("import", str(bad), "--as", "other", env=env)
    assert refused.code == 2 and "answers[9]" in refused.err


def test_a_maximal_phq2_is_flagged_as_very_low_mood_not_as_self_harm(store: Store) -> None:
    _record(store, "phq2", "3,3", "2026-02-20")
    profile = services.current_profile(store, None, create=False, now=NOW)
    (flag,) = services.report_data(store, profile, now=NOW).flags
    assert flag.is_urgent and "highest score" in flag.meaning
    assert "self-harm" not in flag.meaning  # the PHQ-2 does not ask about it


@pytest.mark.parametrize("command", [("score", "phq9"), ("survey", "phq9")])
def test_a_refused_phq9_with_item_9_above_0_still_says_where_to_get_help_now(
    run,  # type: ignore[no-untyped-def]
    command: tuple[str, ...],
) -> None:
    result = run(*command, "--answers", "-,-,-,-,-,-,-,-,2")
    assert result.code == 2
    assert URGENT_HELP in result.out + result.err
    error_lines = [x for x in result.err.splitlines() if x.startswith("error:")]
    assert len(error_lines) == 1 and "answers[1]" in error_lines[0]
    assert result.err.rstrip().endswith(error_lines[0])  # the help first, then the one error
    assert run("history", "--json").out.count("phq9") == 0


def test_a_maximal_phq2_on_the_command_line_says_low_mood_not_thoughts_of_self_harm(run) -> None:  # type: ignore[no-untyped-def]
    shown = run("score", "phq2", "--answers", "3,3")
    assert shown.code == 0
    said = " ".join(shown.out.split())
    assert "very low mood and loss of interest nearly every day" in said
    assert "talk to your doctor today" in said
    assert "better off dead" not in said
    item9 = run("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert "thoughts that you would be better off dead" in " ".join(item9.out.split())
