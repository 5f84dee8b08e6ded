"""The evidence catalogue and the rules table: shipped data, validation, display."""

from __future__ import annotations

import copy
import json
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.errors import NotFound
from backrub.evidence import (
    REQUIRED_RULE_IDS,
    CatalogueError,
    entry_to_json,
    format_citation,
    format_entry,
    format_index,
    load_catalogue,
    load_rules,
    parse_catalogue,
    parse_rules,
)


def shipped(name: str) -> dict[str, Any]:
    text = resources.files("backrub.evidence").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.fixture
def raw_catalogue() -> dict[str, Any]:
    return copy.deepcopy(shipped("catalogue.toml"))


@pytest.fixture
def raw_rules() -> dict[str, Any]:
    return copy.deepcopy(shipped("rules.toml"))


def raw_entry(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    return next(e for e in data["entry"] if e["id"] == entry_id)


# ------------------------------------------------------------ shipped data


# DOIs and their verification exactly as reference/evidence.md gives them.
REQUIRED_STUDIES = [
    ("elder-2017", "10.1093/pm/pnw347", True),
    ("cherkin-2011", "10.7326/0003-4819-155-1-201107050-00002", True),
    ("sherman-2014", "10.1370/afm.1602", False),
    ("hernandez-reif-2001", "10.3109/00207450109149744", True),
    ("furlan-2015", "10.1002/14651858.CD001929.pub3", True),
    ("qaseem-2017", "10.7326/M16-2367", True),
    ("nice-ng59", None, None),
    ("ostelo-2008", "10.1097/BRS.0b013e31815e3a10", True),
    ("dworkin-2008", "10.1016/j.jpain.2007.09.005", True),
    ("reed-2024", "10.1016/j.jpain.2023.07.028", True),
    ("cheatham-2021", "10.26603/001c.23530", True),
    ("chen-2021", "10.1093/ptj/pzaa199", True),
    ("krebs-2009", "10.1007/s11606-009-0981-1", True),
    ("ernst-2003", "10.1093/rheumatology/keg306", True),
]


@pytest.mark.parametrize(("entry_id", "doi", "verified"), REQUIRED_STUDIES)
def test_every_required_study_is_present_with_its_doi_as_in_evidence_md(
    entry_id: str, doi: str | None, verified: bool | None
) -> None:
    entry = load_catalogue().get(entry_id)
    if doi is None:
        assert entry.doi is None
    else:
        assert entry.doi is not None
        assert (entry.doi.value, entry.doi.verified) == (doi, verified)


@pytest.mark.parametrize(
    "entry_id",
    [
        "konrad-2022",
        "wiewelhove-2019",
        "heiw-definitions",
        "gcare-red-flags",
        "ahcpr-1994",
        "bass-2018",
        "roland-fairbank-2000",
        "fairbank-pynsent-2000",
        "hill-2008",
        "kroenke-2003",
        "kroenke-2007",
        "stratford-1995",
        "robinson-mengshoel-2014",
    ],
)
def test_every_id_that_rules_or_screening_cite_is_in_the_catalogue(entry_id: str) -> None:
    assert entry_id in load_catalogue()


@pytest.mark.parametrize(
    ("entry_id", "pmid", "verified"),
    [
        ("cherkin-2011", "21727288", True),  # confirmed in issue 10
        ("sherman-2014", "24615306", False),
        ("ostelo-2008", "18165753", False),
        ("dworkin-2008", "18055266", False),
        ("qaseem-2017", "28192789", False),
        ("furlan-2015", "26329399", False),
        ("krebs-2009", "19418100", True),
        ("reed-2024", "37544394", True),
        ("cheatham-2021", "35382115", True),
        ("chen-2021", "33156927", True),
        ("konrad-2022", "35616852", True),
    ],
)
def test_pmids_marked_unverified_in_evidence_md_stay_unverified(
    entry_id: str, pmid: str, verified: bool
) -> None:
    entry = load_catalogue().get(entry_id)
    assert entry.pmid is not None
    assert (entry.pmid.value, entry.pmid.verified) == (pmid, verified)


def test_an_identifier_evidence_md_gives_without_a_number_is_left_out() -> None:
    # Elder 2017 and Hernandez-Reif 2001: "PMID: [UNVERIFIED]" with no number.
    catalogue = load_catalogue()
    assert catalogue.get("elder-2017").pmid is None
    assert catalogue.get("hernandez-reif-2001").pmid is None


def test_the_cochrane_review_says_low_to_very_low_certainty() -> None:
    assert "low to very low" in load_catalogue().get("furlan-2015").certainty


def test_elder_2017_lists_no_control_group_among_its_limits() -> None:
    entry = load_catalogue().get("elder-2017")
    assert "no control group" in entry.limits
    assert "signal" in entry.certainty


def test_sherman_2014_is_labelled_neck_pain_and_an_extrapolation() -> None:
    entry = load_catalogue().get("sherman-2014")
    assert "neck pain, not back pain: extrapolation" in entry.limits
    assert entry.population is not None and "neck pain" in entry.population
    assert "neck" in entry.certainty


@pytest.mark.parametrize(
    ("entry_id", "n", "session_min", "total_sessions", "weeks"),
    [
        ("elder-2017", 104, "60", "10", "12"),
        ("cherkin-2011", 401, "50–60", "10", "10"),
        ("hernandez-reif-2001", 24, "30", "10", "5"),
        ("sherman-2014", 228, "30–60", None, "4"),
    ],
)
def test_trial_doses_match_evidence_md(
    entry_id: str, n: int, session_min: str, total_sessions: str | None, weeks: str
) -> None:
    entry = load_catalogue().get(entry_id)
    assert entry.n == n
    assert entry.protocol is not None
    assert str(entry.protocol.session_min) == session_min
    assert entry.protocol.weeks is not None and str(entry.protocol.weeks) == weeks
    shown = None if entry.protocol.total_sessions is None else str(entry.protocol.total_sessions)
    assert shown == total_sessions


# Values as the project brief gives them.
RULE_VALUES = {
    "self_massage_cap_min": 5,
    "zone_seconds_default": 60,
    "zone_seconds_max": 120,
    "zone_seconds_min_counted": 30,
    "pain_rise_stop_points": 2,
    "gun_zone_seconds_max": 120,
    "gun_session_max_min": 8,
    "gun_start_level_max": 5,
    "gun_level_step_max": 2,
    "gun_progress_soreness_below": 4,
    "gun_progress_pain_during_max": 3,
    "gun_level_max_lumbar": 10,
    "gun_level_max_glutes": 14,
    "gun_level_max_legs": 16,
    "rest_soreness_threshold": 4,
    "acute_weeks_research": 6,
    "chronic_weeks": 12,
    "acute_weeks_acp": 4,
    "mic_nrs_points": 2,
    "mic_relative_pct": 30,
    "mic_rmdq_points": 5,
    "mic_odi_points": 10,
    "mic_peg_points": 1,
    "mdc_psfs_points": 2,
    "sdc_ffd_cm": 9.8,
    "followup_weeks_first": 12,
    "followup_weeks_second": 24,
    "checkin_future_max_days": 1,
    "plan_start_days_ahead_max": 365,
    "activity_goal_min_day": 30,
    "trend_min_weeks": 4,
    "nof1_min_days_per_group": 7,
    "gun_start_level_suggested": 1,
    "assessment_window_days": 7,
    "peg_every_days": 7,
    "report_window_weeks": 26,
}


def test_the_rules_table_holds_every_rule_with_its_agreed_value() -> None:
    rules = load_rules()
    assert set(RULE_VALUES) == REQUIRED_RULE_IDS
    assert {rule_id: rules[rule_id].value for rule_id in RULE_VALUES} == RULE_VALUES


def test_every_rule_has_a_source_that_exists_and_a_note() -> None:
    catalogue = load_catalogue()
    for rule in load_rules().values():
        assert rule.sources, rule.id
        assert all(s == PRODUCT_DEFAULT or s in catalogue for s in rule.sources), rule.id
        assert rule.note.strip(), rule.id


@pytest.mark.parametrize(
    ("rule_id", "sources", "cited_as"),
    [
        ("self_massage_cap_min", ("product-default",), "product default, not evidence"),
        ("mic_nrs_points", ("ostelo-2008",), "source: ostelo-2008"),
        ("mic_peg_points", ("reed-2024",), "source: reed-2024"),
        ("acute_weeks_research", ("heiw-definitions",), "source: heiw-definitions"),
        ("acute_weeks_acp", ("qaseem-2017",), "source: qaseem-2017"),
        ("followup_weeks_second", ("elder-2017",), "source: elder-2017"),
        ("sdc_ffd_cm", ("robinson-mengshoel-2014",), "source: robinson-mengshoel-2014"),
    ],
)
def test_rules_name_the_source_a_person_sees(
    rule_id: str, sources: tuple[str, ...], cited_as: str
) -> None:
    rule = load_rules()[rule_id]
    assert rule.sources == sources
    assert rule.cite() == cited_as


def test_the_five_minute_cap_says_it_has_no_source() -> None:
    rule = load_rules()["self_massage_cap_min"]
    assert rule.is_product_default
    assert "no source" in rule.note


def test_changing_a_loaded_rules_dict_does_not_change_the_next_load() -> None:
    first = load_rules()
    del first["mic_nrs_points"]
    assert "mic_nrs_points" in load_rules()


# ------------------------------------------------------------ validation


def test_the_shipped_files_pass_the_same_validation_as_modified_ones(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any]
) -> None:
    catalogue = parse_catalogue(raw_catalogue)
    assert catalogue.ids == load_catalogue().ids
    assert parse_rules(raw_rules, catalogue) == load_rules()


def test_a_product_default_rule_without_a_note_fails_to_load(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any]
) -> None:
    raw_rules["rules"]["self_massage_cap_min"]["note"] = "  "
    with pytest.raises(CatalogueError, match=r"self_massage_cap_min.*note.*must say why"):
        parse_rules(raw_rules, parse_catalogue(raw_catalogue))


def test_a_rule_citing_an_unknown_evidence_id_fails_to_load(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any]
) -> None:
    raw_rules["rules"]["mic_nrs_points"]["sources"] = ["ostelo-2009"]
    with pytest.raises(CatalogueError, match=r"mic_nrs_points.*'ostelo-2009'"):
        parse_rules(raw_rules, parse_catalogue(raw_catalogue))


def test_a_rule_without_sources_fails_to_load(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any]
) -> None:
    raw_rules["rules"]["mic_odi_points"]["sources"] = []
    with pytest.raises(CatalogueError, match=r"mic_odi_points.*sources.*must not be empty"):
        parse_rules(raw_rules, parse_catalogue(raw_catalogue))


def test_a_missing_rule_that_the_domain_reads_fails_to_load(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any]
) -> None:
    del raw_rules["rules"]["gun_level_max_legs"]
    with pytest.raises(CatalogueError, match=r"missing rule.*gun_level_max_legs"):
        parse_rules(raw_rules, parse_catalogue(raw_catalogue))


@pytest.mark.parametrize("value", ["5", True, -1])
def test_a_rule_value_that_is_not_a_number_of_zero_or_more_fails_to_load(
    raw_catalogue: dict[str, Any], raw_rules: dict[str, Any], value: object
) -> None:
    raw_rules["rules"]["self_massage_cap_min"]["value"] = value
    with pytest.raises(CatalogueError, match=r"self_massage_cap_min.*value"):
        parse_rules(raw_rules, parse_catalogue(raw_catalogue))


def test_a_duplicate_entry_id_fails_to_load(raw_catalogue: dict[str, Any]) -> None:
    raw_catalogue["entry"].append(copy.deepcopy(raw_entry(raw_catalogue, "cherkin-2011")))
    with pytest.raises(CatalogueError, match="duplicate entry id 'cherkin-2011'"):
        parse_catalogue(raw_catalogue)


@pytest.mark.parametrize(
    "field", ["id", "kind", "authors", "design", "key_results", "certainty", "summary", "limits"]
)
def test_an_entry_missing_a_required_field_fails_to_load(
    raw_catalogue: dict[str, Any], field: str
) -> None:
    del raw_entry(raw_catalogue, "elder-2017")[field]
    with pytest.raises(CatalogueError, match=f"field '{field}' is required"):
        parse_catalogue(raw_catalogue)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("kind", "blog", "must be one of"),
        ("n", "104", "whole number"),
        ("n", -3, "whole number"),
        ("year", 2017.5, "whole number"),
        ("limits", "no control group", "list"),
        ("key_results", [], "must not be empty"),
        ("summary", "", "non-empty"),
        ("doi", {"value": "10.1093/pm/pnw347"}, "'verified' is required"),
        ("doi", {"value": "10.1093/pm/pnw347", "verified": "yes"}, "true or false"),
        ("protocol", {"session_min": [60, 50]}, "low, high"),
        ("protocol", {"minutes": 60}, "'minutes' is not a known field"),
        ("key_result", ["typo"], "'key_result' is not a known field"),
        ("related", ["no-such-study"], "related id 'no-such-study'"),
        ("related", ["elder-2017"], "must not list the entry itself"),
        ("id", "Elder 2017", "kebab-case"),
    ],
)
def test_an_entry_with_a_wrong_value_fails_to_load_naming_the_field(
    raw_catalogue: dict[str, Any], field: str, value: object, problem: str
) -> None:
    raw_entry(raw_catalogue, "elder-2017")[field] = value
    with pytest.raises(CatalogueError, match=problem):
        parse_catalogue(raw_catalogue)


def test_removing_an_entry_another_entry_relates_to_fails_to_load(
    raw_catalogue: dict[str, Any],
) -> None:
    raw_catalogue["entry"] = [e for e in raw_catalogue["entry"] if e["id"] != "ostelo-2008"]
    with pytest.raises(CatalogueError, match="related id 'ostelo-2008'"):
        parse_catalogue(raw_catalogue)


@given(st.text(min_size=1, max_size=30))
def test_any_source_that_is_not_an_evidence_id_is_refused(source: str) -> None:
    catalogue = load_catalogue()
    raw = copy.deepcopy(shipped("rules.toml"))
    raw["rules"]["mic_nrs_points"]["sources"] = [source]
    if source in catalogue or source == PRODUCT_DEFAULT:
        parse_rules(raw, catalogue)
    else:
        with pytest.raises(CatalogueError, match="mic_nrs_points"):
            parse_rules(raw, catalogue)


# ------------------------------------------------------------ lookup and display


@given(st.text(max_size=40).filter(lambda s: s not in load_catalogue()))
def test_an_unknown_id_gives_one_line_that_says_how_to_list_ids(entry_id: str) -> None:
    with pytest.raises(NotFound) as caught:
        load_catalogue().get(entry_id)
    message = str(caught.value)
    assert repr(entry_id) in message
    assert "backrub evidence" in message
    assert "\n" not in message


def test_the_catalogue_iterates_in_file_order_and_knows_its_ids() -> None:
    catalogue = load_catalogue()
    assert [entry.id for entry in catalogue] == list(catalogue.ids)
    assert len(catalogue) == len(set(catalogue.ids))
    assert catalogue.ids[0] == "elder-2017"
    assert "nonexistent-1999" not in catalogue


JSON_KEYS = {
    "id", "kind", "citation", "doi", "pmid", "urls", "design", "n", "population",
    "protocol", "outcomes", "key_results", "certainty", "summary", "limits", "related",
}  # fmt: skip


def test_every_entry_has_the_same_public_json_shape() -> None:
    for entry in load_catalogue():
        data = entry_to_json(entry)
        assert set(data) == JSON_KEYS, entry.id
        assert json.loads(json.dumps(data)) == data


def test_json_keeps_doses_and_verification_flags() -> None:
    data = json.loads(json.dumps(entry_to_json(load_catalogue().get("cherkin-2011"))))
    protocol = data["protocol"]
    assert protocol["session_min"] == {"low": 50, "high": 60}
    assert protocol["sessions_per_week"] == {"low": 1, "high": 1}
    assert protocol["total_sessions"] == {"low": 10, "high": 10}
    assert data["pmid"] == {"value": "21727288", "verified": True}
    assert data["citation"]["short"] == "Cherkin et al. 2011"
    assert data["citation"]["year"] == 2011


def test_the_text_view_shows_citation_dose_results_certainty_limits_and_summary() -> None:
    text = format_entry(load_catalogue().get("cherkin-2011"))
    for expected in [
        "Cherkin DC, Sherman KJ, Kahn J, et al. A Comparison",
        "Annals of Internal Medicine 2011;155(1):1–9.",
        "DOI 10.7326/0003-4819-155-1-201107050-00002",
        "PMID 21727288",
        "n: 401",
        "Protocol: 50–60 min sessions, 1 per week, 10 sessions, over 10 weeks",
        "relaxation 2.9 (95% CI 1.8 to 4.0)",
        "Certainty: single randomised controlled trial",
        "  - participants not blinded to massage vs usual care",
        "In short: Ten weekly massages",
    ]:
        assert expected in text


def test_the_text_view_says_when_a_number_or_title_is_not_known() -> None:
    text = format_entry(load_catalogue().get("nice-ng59"))
    assert "n: not given" in text
    assert "DOI" not in text
    assert "[title not recorded]" not in format_entry(load_catalogue().get("kroenke-2003"))


@pytest.mark.parametrize(
    ("entry_id", "citation"),
    [
        (
            "kroenke-2003",
            "Kroenke K, Spitzer RL, Williams JB. The Patient Health Questionnaire-2: validity of a "
            "two-item depression screener. Medical Care 2003;41(11):1284–1292.",
        ),
        (
            "kroenke-2007",
            "Kroenke K, Spitzer RL, Williams JB, et al. Anxiety disorders in primary care: "
            "prevalence, impairment, comorbidity, and detection. Annals of Internal Medicine "
            "2007;146(5):317–325.",
        ),
        (
            "hill-2008",
            "Hill JC, Dunn KM, Lewis M, et al. A primary care back pain screening tool: "
            "identifying patient subgroups for initial treatment. Arthritis & Rheumatism "
            "2008;59(5):632–641.",
        ),
        (
            "stratford-1995",
            "Stratford P, Gill C, Westaway M, et al. Assessing disability and change on "
            "individual patients: a report of a patient specific measure. Physiotherapy Canada "
            "1995;47(4):258–263.",
        ),
        (
            "fairbank-pynsent-2000",
            "Fairbank JC, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940–2952.",
        ),
        (
            "robinson-mengshoel-2014",
            "Robinson HS, Mengshoel AM. Assessments of lumbar flexion range of motion: "
            "intertester reliability and concurrent validity of 2 commonly used clinical tests. "
            "Spine 2014;39(4).",
        ),
    ],
)
def test_every_instrument_paper_has_its_real_title(entry_id: str, citation: str) -> None:
    assert format_citation(load_catalogue().get(entry_id)) == citation


def test_no_entry_lacks_a_title() -> None:
    assert [e.id for e in load_catalogue() if not e.title] == []


def test_cherkin_2011_effects_read_as_improvements_with_matching_intervals() -> None:
    results = " ".join(load_catalogue().get("cherkin-2011").key_results)
    assert "−" not in results  # no negative estimate beside a positive interval
    assert "relaxation 2.9 (95% CI 1.8 to 4.0)" in results
    assert "relaxation 1.7 (95% CI 1.2 to 2.2)" in results


def test_nice_ng59_carries_its_last_update_date() -> None:
    entry = load_catalogue().get("nice-ng59")
    assert "last updated 11 December 2020" in entry.design
    assert not any("update dates not verified" in limit for limit in entry.limits)


def test_robinson_mengshoel_2014_has_its_doi_and_says_it_is_a_clinician_measured_mixed_sample() -> (
    None
):
    entry = load_catalogue().get("robinson-mengshoel-2014")
    text = format_entry(entry)
    assert "DOI 10.1097/BRS.0000000000000131" in text
    assert entry.n == 98
    assert "mixed sample" in (entry.population or "")
    assert any("clinicians" in limit for limit in entry.limits)


def test_the_index_has_one_line_per_entry_with_citation_and_certainty() -> None:
    catalogue = load_catalogue()
    lines = format_index(catalogue).splitlines()
    assert len(lines) == len(catalogue)
    for line, entry in zip(lines, catalogue, strict=True):
        assert line.startswith(entry.id + " ")
        assert entry.short_citation in line
        assert line.endswith(entry.certainty)
    assert "Roland & Fairbank 2000" in format_index(catalogue)


def test_each_short_citation_names_its_source_once() -> None:
    # Review S9: "ACP 2017 (Qaseem et al.)" read "the American College of Physicians 2017
    # (ACP 2017 (Qaseem et al.))" in a sentence that names the College already.
    for entry in load_catalogue():
        short = entry.short_citation
        first = entry.authors[0].split()[0] if entry.authors else ""
        assert not short.endswith("et al.)"), f"{entry.id}: authors in brackets: {short}"
        assert not first or short.count(first) <= 1, f"{entry.id}: {short}"
    assert load_catalogue().get("qaseem-2017").short_citation == "Qaseem et al. 2017"
