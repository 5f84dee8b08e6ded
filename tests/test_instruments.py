"""Questionnaires as data, pure scoring and the licensed-wording loader."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backrub.domain.instruments import (
    INSTRUMENTS,
    LOINC,
    PROJECT_CODES,
    Direction,
    Instrument,
    get_instrument,
    minimal_change,
)
from backrub.domain.licensed import licensed_ids, parse_licensed_form
from backrub.domain.rules import PRODUCT_DEFAULT, Rule
from backrub.domain.scoring import Answer, parse_answers, score
from backrub.errors import InvalidInput

# The evidence ids and rule ids the project agreed on (see the task brief / rules.toml).
EVIDENCE_IDS = {
    "elder-2017", "cherkin-2011", "sherman-2014", "hernandez-reif-2001", "furlan-2015",
    "qaseem-2017", "nice-ng59", "ostelo-2008", "dworkin-2008", "reed-2024", "krebs-2009",
    "cheatham-2021", "chen-2021", "ernst-2003", "konrad-2022", "wiewelhove-2019",
    "heiw-definitions", "gcare-red-flags", "ahcpr-1994", "bass-2018", "roland-fairbank-2000",
    "fairbank-pynsent-2000", "hill-2008", "kroenke-2003", "kroenke-2007", "stratford-1995",
    "robinson-mengshoel-2014", "kroenke-2001", "spitzer-2006",
}  # fmt: skip
CHANGE_RULES = {
    "mic_nrs_points": 2,
    "mic_relative_pct": 30,
    "mic_rmdq_points": 5,
    "mic_odi_points": 10,
    "mic_peg_points": 1,
    "mdc_psfs_points": 2,
    "sdc_ffd_cm": 9.8,
}
RULES = {
    rule_id: Rule(rule_id, value, "points", ("ostelo-2008",), "test table")
    for rule_id, value in CHANGE_RULES.items()
}

NRS, PEG, RMDQ, ODI = (INSTRUMENTS[i] for i in ("nrs", "peg", "rmdq", "odi"))
STARTBACK, PHQ2, GAD2, PSFS, FFD = (
    INSTRUMENTS[i] for i in ("startback", "phq2", "gad2", "psfs", "ffd")
)


def scored(instrument_id: str, text: str) -> object:
    instrument = INSTRUMENTS[instrument_id]
    return score(instrument, parse_answers(instrument, text)).score


# --- the catalogue ------------------------------------------------------------------------------


def test_every_instrument_the_design_names_is_available() -> None:
    assert set(INSTRUMENTS) == {
        "nrs", "peg", "rmdq", "phq2", "gad2", "phq9", "gad7", "psfs", "sleep", "ffd", "odi",
        "startback",
    }  # fmt: skip


def test_an_unknown_instrument_names_the_choices() -> None:
    with pytest.raises(InvalidInput) as caught:
        get_instrument("oswestry")
    assert caught.value.field == "instrument"
    assert "'oswestry'" in str(caught.value)
    assert "odi" in str(caught.value) and "startback" in str(caught.value)


def test_instrument_lookup_forgives_case_and_spaces() -> None:
    assert get_instrument(" PHQ2 ") is PHQ2


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=list(INSTRUMENTS))
def test_every_instrument_cites_a_known_source(instrument: Instrument) -> None:
    assert instrument.sources
    for source in instrument.sources:
        assert source in EVIDENCE_IDS or source == PRODUCT_DEFAULT
    assert instrument.notice.strip()
    assert instrument.change_note.strip()


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=list(INSTRUMENTS))
def test_change_thresholds_point_at_rules_in_the_table(instrument: Instrument) -> None:
    for rule_id in (instrument.mic_rule_id, instrument.relative_rule_id):
        assert rule_id is None or rule_id in CHANGE_RULES


@pytest.mark.parametrize(
    ("instrument_id", "points"),
    [("nrs", 2), ("peg", 1), ("rmdq", 5), ("odi", 10), ("psfs", 2), ("ffd", 9.8),
     ("phq2", None), ("gad2", None), ("startback", None), ("sleep", None)],
)  # fmt: skip
def test_minimal_change_is_read_from_the_rules(instrument_id: str, points: float | None) -> None:
    assert minimal_change(INSTRUMENTS[instrument_id], RULES) == points


def test_the_thirty_percent_rule_applies_only_where_ostelo_sets_it() -> None:
    relative = {i.id for i in INSTRUMENTS.values() if i.relative_rule_id == "mic_relative_pct"}
    assert relative == {"nrs", "rmdq", "odi"}


@pytest.mark.parametrize(
    ("instrument_id", "panel", "total"),
    [
        ("nrs", None, "72514-3"),
        ("peg", "91148-7", "91147-9"),
        ("phq2", "55757-9", "55758-7"),
        ("odi", None, "97909-6"),
    ],
)
def test_scores_carry_their_published_loinc_codes(
    instrument_id: str, panel: str | None, total: str
) -> None:
    instrument = INSTRUMENTS[instrument_id]
    assert instrument.score_code.system == LOINC
    assert instrument.score_code.code == total
    assert (instrument.panel_code.code if instrument.panel_code else None) == panel


def test_phq2_and_gad2_items_carry_their_loinc_codes() -> None:
    assert [i.code.code for i in PHQ2.items if i.code] == ["44250-9", "44255-8"]
    assert [i.code.code for i in GAD2.items if i.code] == ["69725-0", "68509-9"]


@pytest.mark.parametrize(
    ("instrument_id", "code"),
    [("rmdq", "rmdq-total"), ("gad2", "gad2-total"), ("psfs", "psfs-mean"),
     ("startback", "startback-total"), ("sleep", "sleep-quality"), ("ffd", "ffd-cm")],
)  # fmt: skip
def test_scores_without_loinc_use_the_project_code_system(instrument_id: str, code: str) -> None:
    assert INSTRUMENTS[instrument_id].score_code.system == PROJECT_CODES
    assert INSTRUMENTS[instrument_id].score_code.code == code


def test_no_project_code_looks_like_a_loinc_code() -> None:
    for instrument in INSTRUMENTS.values():
        codes = [instrument.score_code, instrument.panel_code, *(i.code for i in instrument.items)]
        for code in codes:
            if code is not None and code.system != LOINC:
                assert not code.code.replace("-", "").isdigit(), code


def test_licensed_instruments_ship_no_item_text() -> None:
    assert set(licensed_ids()) == {"odi", "startback"}
    for instrument_id in licensed_ids():
        assert all(item.text is None for item in INSTRUMENTS[instrument_id].items)


def test_free_instruments_ship_their_item_text() -> None:
    for instrument in INSTRUMENTS.values():
        if instrument.ships_item_text:
            assert all(item.text for item in instrument.items), instrument.id


def test_phq_screeners_keep_the_pfizer_notice() -> None:
    notice = "No permission required to reproduce, translate, display or distribute."
    assert notice in PHQ2.notice
    assert notice in GAD2.notice


def test_rmdq_ships_the_24_original_statements_with_its_citation() -> None:
    texts = [item.text for item in RMDQ.items]
    assert len(texts) == 24
    assert texts[0] == "I stay at home most of the time because of my back."
    assert texts[23] == "I stay in bed most of the time because of my back."
    assert len(set(texts)) == 24
    assert "Roland M, Fairbank J. Spine 2000;25:3115-3124" in RMDQ.notice


@pytest.mark.parametrize(
    ("instrument_id", "direction"),
    [("nrs", Direction.HIGHER_IS_WORSE), ("psfs", Direction.HIGHER_IS_BETTER),
     ("sleep", Direction.HIGHER_IS_BETTER), ("ffd", Direction.HIGHER_IS_WORSE),
     ("odi", Direction.HIGHER_IS_WORSE)],
)  # fmt: skip
def test_each_instrument_says_which_way_is_better(instrument_id: str, direction: Direction) -> None:
    assert INSTRUMENTS[instrument_id].direction is direction


# --- scoring: published edge cases --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "percent", "band"),
    [
        ("0,0,0,0,0,0,0,0,0,0", 0.0, "minimal disability"),
        ("2,2,2,2,2,2,2,2,2,2", 40.0, "moderate disability"),
        ("2,2,2,2,2,2,2,2,2,-", 40.0, "moderate disability"),  # 18 / 45: denominator shrinks
        ("1,1,1,1,1,1,1,1,1,1", 20.0, "minimal disability"),
        ("1,1,1,1,1,1,1,1,1,2", 22.0, "moderate disability"),
        ("3,3,3,3,3,3,3,3,3,3", 60.0, "severe disability"),
        ("4,4,4,4,4,4,4,4,4,4", 80.0, "very severe disability"),
        ("5,5,5,5,5,5,5,5,5,5", 100.0, "the highest band: disability in most of life"),
    ],
)
def test_odi_percent_and_band(text: str, percent: float, band: str) -> None:
    result = score(ODI, parse_answers(ODI, text))
    assert result.score == percent
    assert result.band == band
    assert result.to_json()["band"] == band


@pytest.mark.parametrize(
    ("text", "published"),
    [("4,4,4,4,4,4,4,4,4,4", "crippled"), ("5,5,5,5,5,5,5,5,5,5", "bed-bound or exaggerating")],
)
def test_odi_bands_people_read_are_neutral_and_the_published_label_stays_in_the_json(
    text: str, published: str
) -> None:
    result = score(ODI, parse_answers(ODI, text))
    assert result.band is not None
    assert "crippled" not in result.band and "exaggerat" not in result.band
    assert result.to_json()["band_published"] == published
    assert published in [band.label for band in ODI.bands]


def test_odi_with_two_missing_sections_has_no_score() -> None:
    result = score(ODI, parse_answers(ODI, "2,2,2,2,2,2,2,2,-,-"))
    assert result.score is None
    assert result.band is None
    assert result.answered == 8
    assert result.reason is not None and "at most 1" in result.reason


@pytest.mark.parametrize(
    ("text", "total", "psychosocial", "risk"),
    [
        ("0,0,0,0,0,0,0,0,0", 0, 0, "low"),
        ("1,1,1,0,0,0,0,0,0", 3, 0, "low"),  # total 3: the top of low
        ("1,1,1,1,0,0,0,0,0", 4, 0, "medium"),  # total 4: the bottom of medium
        ("0,0,0,0,1,1,1,0,2", 3, 3, "low"),  # item 9 "moderately" does not count
        ("1,0,0,0,1,1,1,0,2", 4, 3, "medium"),  # subscale 3: still medium
        ("0,0,0,0,1,1,1,1,0", 4, 4, "high"),  # subscale 4: high
        ("0,0,0,0,1,1,1,0,3", 4, 4, "high"),  # "very much" counts
        ("0,0,0,0,1,1,1,0,4", 4, 4, "high"),  # "extremely" counts
        ("1,1,1,1,1,1,1,1,4", 9, 5, "high"),
    ],
)
def test_startback_risk_groups_at_their_boundaries(
    text: str, total: int, psychosocial: int, risk: str
) -> None:
    result = score(STARTBACK, parse_answers(STARTBACK, text))
    assert result.score == total
    assert result.subscales["psychosocial"] == psychosocial
    assert result.risk == risk
    assert result.to_json() == {
        "instrument": "startback",
        "score": total,
        "answered": 9,
        "band": None,
        "risk": risk,
        "positive_screen": None,
        "subscales": {"psychosocial": psychosocial},
        "reason": None,
        "urgent_help": False,
        "missing": [],
        "band_published": None,
    }


@pytest.mark.parametrize(("item9", "counts"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)])
def test_startback_item_9_counts_only_for_very_much_or_extremely(item9: int, counts: int) -> None:
    assert scored("startback", f"0,0,0,0,0,0,0,0,{item9}") == counts


def test_startback_with_a_missing_item_has_no_risk_group() -> None:
    result = score(STARTBACK, parse_answers(STARTBACK, "1,1,1,1,1,-,1,1,4"))
    assert result.score is None
    assert result.risk is None
    assert result.to_json()["risk"] is None


def test_startback_item_9_allows_five_options_and_the_others_two() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answers(STARTBACK, "2,0,0,0,0,0,0,0,0")
    assert caught.value.field == "answers[1]"
    with pytest.raises(InvalidInput):
        parse_answers(STARTBACK, "0,0,0,0,0,0,0,0,5")


@pytest.mark.parametrize(
    ("text", "mean"), [("6,7,8", 7.0), ("0,0,0", 0.0), ("10,10,10", 10.0), ("7,7,6", 6.67)]
)
def test_peg_is_the_mean_of_its_three_items(text: str, mean: float) -> None:
    assert scored("peg", text) == mean


@pytest.mark.parametrize("text", ["6,-,8", "-,-,-", "6,7,-"])
def test_peg_needs_all_three_items(text: str) -> None:
    result = score(PEG, parse_answers(PEG, text))
    assert result.score is None
    assert result.reason is not None


@pytest.mark.parametrize(
    ("instrument_id", "text", "total", "positive"),
    [
        ("phq2", "1,2", 3, True),
        ("phq2", "1,1", 2, False),
        ("phq2", "0,0", 0, False),
        ("phq2", "3,3", 6, True),
        ("gad2", "2,1", 3, True),
        ("gad2", "2,0", 2, False),
    ],
)
def test_phq2_and_gad2_screen_positive_from_three(
    instrument_id: str, text: str, total: int, positive: bool
) -> None:
    result = score(INSTRUMENTS[instrument_id], parse_answers(INSTRUMENTS[instrument_id], text))
    assert result.score == total
    assert result.positive_screen is positive
    assert result.to_json()["positive_screen"] is positive


def test_phq2_with_one_answer_missing_is_not_a_screen() -> None:
    result = score(PHQ2, parse_answers(PHQ2, "3,-"))
    assert result.score is None
    assert result.positive_screen is None


@pytest.mark.parametrize(("ticks", "expected"), [(0, 0), (1, 1), (5, 5), (24, 24)])
def test_rmdq_counts_the_ticked_statements(ticks: int, expected: int) -> None:
    answers = ["1"] * ticks + ["0"] * (24 - ticks)
    assert scored("rmdq", ",".join(answers)) == expected


def test_rmdq_with_unanswered_statements_has_no_score_not_the_count_of_its_ticks() -> None:
    # Regression: 2 ticks and 22 blanks scored 2/24, which looks like improvement.
    result = score(RMDQ, parse_answers(RMDQ, ",".join(["1"] * 2 + ["-"] * 22)))
    assert result.score is None
    assert result.answered == 2
    assert result.missing == tuple(range(3, 25))
    assert result.reason is not None
    assert result.reason.startswith("statements 3 to 24 are unanswered")
    assert "needs all 24 answers for a score (roland-fairbank-2000)" in result.reason


def test_rmdq_statement_9_reads_more_slowly_than_usual() -> None:
    assert RMDQ.items[8].text == "I get dressed more slowly than usual because of my back."


@pytest.mark.parametrize(
    ("instrument_id", "text", "reason"),
    [
        ("peg", "4,-,-", "questions 2 and 3 are unanswered; the PEG"),
        ("phq2", "2,-", "question 2 is unanswered; the Patient Health Questionnaire-2"),
        ("gad2", "-,1", "question 1 is unanswered; the Generalized Anxiety Disorder-2"),
        ("odi", "2,2,2,2,2,2,2,2,-,-", "sections 9 and 10 are unanswered; the Oswestry"),
    ],
)
def test_a_score_the_missing_item_rule_forbids_names_what_is_missing(
    instrument_id: str, text: str, reason: str
) -> None:
    instrument = INSTRUMENTS[instrument_id]
    result = score(instrument, parse_answers(instrument, text))
    assert result.score is None
    assert result.reason is not None and result.reason.startswith(reason)


@pytest.mark.parametrize(
    ("text", "mean"), [("2,4,6", 4.0), ("3,4,5,6", 4.5), ("10,0,5,5,5", 5.0), ("1,2,2", 1.67)]
)
def test_psfs_is_the_mean_of_the_named_activities(text: str, mean: float) -> None:
    assert scored("psfs", text) == mean


@pytest.mark.parametrize("text", ["5,5", "5", "1,2,3,4,5,6"])
def test_psfs_needs_three_to_five_activities(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answers(PSFS, text)
    assert caught.value.field == "answers"
    assert "3 to 5" in str(caught.value)


@pytest.mark.parametrize(
    ("instrument_id", "text", "expected"),
    [("nrs", "7", 7), ("sleep", "3", 3), ("ffd", "12.5", 12.5), ("ffd", "-4", -4.0),
     ("ffd", "0", 0.0)],
)  # fmt: skip
def test_single_measures_score_as_given(instrument_id: str, text: str, expected: float) -> None:
    assert scored(instrument_id, text) == expected


def test_json_keeps_one_shape_with_nulls_where_nothing_is_defined() -> None:
    assert score(NRS, (4,)).to_json() == {
        "instrument": "nrs",
        "score": 4,
        "answered": 1,
        "band": None,
        "risk": None,
        "positive_screen": None,
        "subscales": {},
        "reason": None,
        "urgent_help": False,
        "missing": [],
        "band_published": None,
    }
    missing = score(ODI, parse_answers(ODI, "-,-,1,1,1,1,1,1,1,1")).to_json()
    assert missing["score"] is None and missing["band"] is None
    assert "at most 1" in str(missing["reason"])


# --- parsing refuses what is not allowed --------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument_id", "text", "field", "value"),
    [
        ("nrs", "11", "answers[1]", "11"),
        ("nrs", "-1", "answers[1]", "-1"),
        ("nrs", "3.5", "answers[1]", "3.5"),
        ("nrs", "seven", "answers[1]", "seven"),
        ("nrs", "", "answers[1]", ""),
        ("peg", "5,5,x", "answers[3]", "x"),
        ("phq2", "1,4", "answers[2]", "4"),
        ("odi", "0,0,6,0,0,0,0,0,0,0", "answers[3]", "6"),
        ("rmdq", ",".join(["0"] * 23 + ["2"]), "answers[24]", "2"),
        ("ffd", "nan", "answers[1]", "nan"),
        ("ffd", "inf", "answers[1]", "inf"),
        ("ffd", "81", "answers[1]", "81"),
        ("ffd", "-31", "answers[1]", "-31"),
    ],
)
def test_a_bad_answer_names_its_item_the_value_and_what_is_allowed(
    instrument_id: str, text: str, field: str, value: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answers(INSTRUMENTS[instrument_id], text)
    assert caught.value.field == field
    assert caught.value.value == value
    assert "use " in caught.value.allowed and "'-'" in caught.value.allowed


@pytest.mark.parametrize(
    ("instrument_id", "text", "wanted"),
    [("peg", "1,2", "exactly 3"), ("peg", "1,2,3,4", "exactly 3"),
     ("odi", "1,2,3", "exactly 10"), ("phq2", "1,1,1", "exactly 2")],
)  # fmt: skip
def test_the_wrong_number_of_answers_is_refused(instrument_id: str, text: str, wanted: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answers(INSTRUMENTS[instrument_id], text)
    assert caught.value.field == "answers"
    assert caught.value.value == text
    assert wanted in str(caught.value)


def test_scoring_refuses_answers_outside_the_scale_even_without_parsing() -> None:
    with pytest.raises(InvalidInput) as caught:
        score(PHQ2, (1, 7))
    assert caught.value.field == "answers[2]"
    with pytest.raises(InvalidInput):
        score(PHQ2, (True, 1))


# --- invariants ---------------------------------------------------------------------------------


@st.composite
def answers_for(draw: st.DrawFn, instrument: Instrument) -> tuple[Answer, ...]:
    count = draw(st.integers(instrument.fewest_items, instrument.max_items))
    answers: list[Answer] = []
    for index in range(count):
        scale = instrument.item_scale(index)
        if scale.whole:
            value: Answer = draw(st.integers(int(scale.low), int(scale.high)))
        else:
            # a tape measure reads to the millimetre
            value = draw(st.integers(int(scale.low * 10), int(scale.high * 10))) / 10
        missing = draw(st.integers(0, 9)) == 0  # mostly answered, so most draws score
        answers.append(None if missing else value)
    return tuple(answers)


@given(data=st.data(), instrument=st.sampled_from(list(INSTRUMENTS.values())))
def test_a_score_is_always_inside_the_instrument_range(
    data: st.DataObject, instrument: Instrument
) -> None:
    answers = data.draw(answers_for(instrument))
    result = score(instrument, answers)
    if result.score is not None:
        assert instrument.score_low <= result.score <= instrument.score_high
        assert (result.band is None) == (not instrument.bands)
    else:
        assert result.reason


@given(
    sections=st.lists(st.integers(0, 5), min_size=10, max_size=10),
    missing=st.one_of(st.none(), st.integers(0, 9)),
    which=st.integers(0, 9),
)
def test_odi_never_falls_when_one_section_gets_worse(
    sections: list[int], missing: int | None, which: int
) -> None:
    assume(which != missing and sections[which] < 5)
    answers: list[int | None] = [None if n == missing else v for n, v in enumerate(sections)]
    worse = [*answers[:which], sections[which] + 1, *answers[which + 1 :]]
    before, after = score(ODI, answers).score, score(ODI, worse).score
    assert before is not None and after is not None
    assert after > before


@given(data=st.data(), instrument=st.sampled_from(list(INSTRUMENTS.values())))
def test_written_answers_parse_back_to_the_same_values(
    data: st.DataObject, instrument: Instrument
) -> None:
    answers = data.draw(answers_for(instrument))
    text = ",".join("-" if a is None else repr(a) for a in answers)
    assert parse_answers(instrument, text) == answers


# --- licensed wording from a clinic's file ------------------------------------------------------


def odi_file(sections: int = 10, options: int = 6, notice: str = "ODI © J. Fairbank") -> str:
    option_list = ", ".join(f'"o{k}"' for k in range(options))
    items = "".join(
        f'[[items]]\ntext = "Section {n}"\noptions = [{option_list}]\n'
        for n in range(1, sections + 1)
    )
    return f'instrument = "odi"\nnotice = "{notice}"\nversion = "2.1a"\n\n{items}'


def test_a_clinic_file_supplies_the_odi_wording_and_notice() -> None:
    form = parse_licensed_form(odi_file())
    assert form.instrument == "odi"
    assert form.notice == "ODI © J. Fairbank"
    assert form.version == "2.1a"
    assert [item.link_id for item in form.items] == [item.link_id for item in ODI.items]
    assert form.items[0].text == "Section 1"
    assert form.items[0].options == ("o0", "o1", "o2", "o3", "o4", "o5")


def test_a_startback_file_needs_five_options_for_item_9_only() -> None:
    items = '[[items]]\ntext = "q"\noptions = ["Disagree", "Agree"]\n' * 8
    last = 'options = ["Not at all", "Slightly", "Moderately", "Very much", "Extremely"]'
    text = f'instrument = "startback"\nnotice = "© Keele"\n{items}[[items]]\ntext = "q9"\n{last}\n'
    form = parse_licensed_form(text)
    assert len(form.items) == 9
    assert form.items[8].options[3] == "Very much"
    broken = text.replace(last, 'options = ["no", "yes"]')
    with pytest.raises(InvalidInput) as caught:
        parse_licensed_form(broken)
    assert caught.value.field == "items[9].options"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (odi_file(sections=9), "items"),
        (odi_file(options=5), "items[1].options"),
        (odi_file(notice=" "), "notice"),
        (odi_file().replace('"odi"', '"rmdq"'), "instrument"),
        (odi_file().replace('"odi"', '"promis"'), "instrument"),
        (odi_file().replace('text = "Section 3"', 'text = ""'), "items[3].text"),
        (odi_file().replace("version", "licence_key"), "file"),
        ("instrument = odi", "file"),
    ],
)
def test_a_clinic_file_that_does_not_fit_the_instrument_is_refused(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_licensed_form(text)
    assert caught.value.field == field
