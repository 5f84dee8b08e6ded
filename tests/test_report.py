"""The clinician report: chosen sections, a STOP that cannot be missed, honest numbers, a PDF."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from time import sleep

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub.domain.adherence import adherence
from backrub.domain.episodes import classify_episode
from backrub.domain.instruments import get_instrument
from backrub.domain.plans import make_plan
from backrub.domain.progress import change, compare_days, compare_with_trials, dose, trend
from backrub.domain.records import (
    Cause,
    CheckIn,
    Episode,
    ProSession,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.domain.rules import Rules
from backrub.domain.screening import NO_TO_ALL, AnsweredBy, Clearance, Screening, Verdict, screen
from backrub.errors import InvalidInput
from backrub.evidence import format_citation, load_catalogue, load_rules
from backrub.reports.model import SECTIONS, ReportData, parse_sections, row_from_change
from backrub.reports.report import NOT_A_DEVICE_LINE, render_html, render_pdf

TZ = "Europe/London"
START = date(2026, 1, 5)  # a Monday
MADE_ON = date(2026, 3, 2)
OVERRIDE_REASON = "Stiff after a long drive, therapist said a little longer is fine"
NO_CHARTS = tuple(s for s in SECTIONS if s != "charts")


@cache
def rules() -> Rules:
    return load_rules()


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def screening(*yes: str, on: date = START) -> Screening:
    answers = {**NO_TO_ALL, **dict.fromkeys(yes, True)}
    return screen(answers, today=on)


def row(instrument_id: str, baseline: float, latest: float, weeks: int = 8) -> object:
    instrument = get_instrument(instrument_id)
    judged = change(instrument, baseline=baseline, latest=latest, rules=rules())
    step = (latest - baseline) / weeks
    series = [(START + timedelta(weeks=w), baseline + step * w) for w in range(weeks + 1)]
    return row_from_change(
        judged,
        instrument,
        baseline_on=START,
        latest_on=series[-1][0],
        series=series,
    )


def make_data(**changes: object) -> ReportData:
    """Return a realistic eight-week report for Alice, with ``changes`` applied."""
    checkins = tuple(
        CheckIn(
            at=at(START + timedelta(days=d), 8),
            tz=TZ,
            pain=max(1, 7 - d // 10),
            soreness=d % 4 if d % 2 else None,
        )
        for d in range(56)
    )
    pro = tuple(
        ProSession(
            at=at(START + timedelta(weeks=w), 10),
            tz=TZ,
            technique=Technique.RELAXATION,
            duration_min=60,
            therapist="Bob Kneader",
            subjective=f"Pain {7 - w}/10 in the morning" if w == 0 else None,
            objective="Tender left QL" if w == 0 else None,
            assessment="Tolerated well" if w == 0 else None,
            plan="Weekly, add walking" if w == 0 else None,
        )
        for w in range(7)
    )
    rolled = tuple(
        SelfSession(
            at=at(START + timedelta(days=d), 19),
            tz=TZ,
            tool=Tool.FOAM_ROLLER,
            zones=(ZoneWork(Zone.GLUTES_LEFT, 90), ZoneWork(Zone.GLUTES_RIGHT, 90)),
        )
        for d in range(0, 56, 2)
    )
    overridden = SelfSession(
        at=at(START + timedelta(days=20), 20),
        tz=TZ,
        tool=Tool.TENNIS_BALL,
        zones=(ZoneWork(Zone.PIRIFORMIS_LEFT, 240), ZoneWork(Zone.PIRIFORMIS_RIGHT, 240)),
        override_reason=OVERRIDE_REASON,
    )
    self_sessions = (*rolled, overridden)
    plan = make_plan(
        "elder-10x60-12w",
        start=START,
        weekdays=frozenset({0}),
        price_per_session=Decimal("70.00"),
        budget_per_session=None,
        budget_total=None,
        currency="EUR",
        tools=frozenset({Tool.FOAM_ROLLER, Tool.TENNIS_BALL}),
        restrictions=frozenset(),
        today=START,
        rules=rules(),
    )
    episode = Episode(onset=date(2025, 11, 1), leg_pain_below_knee=False, cause=Cause.STRAIN)
    nrs, rmdq = row("nrs", 6, 3), row("rmdq", 14, 12)
    pain_by_day = {c.at.date(): float(c.pain) for c in checkins}
    massage_days = {s.at.date() for s in self_sessions}
    rmdq_change = change(get_instrument("rmdq"), baseline=14, latest=12, rules=rules())
    data = ReportData(
        person="Alice Example",
        made_on=MADE_ON,
        cap=rules()["self_massage_cap_min"],
        tz=TZ,
        episode=episode,
        classification=classify_episode(episode, MADE_ON, rules()).duration.describe(),
        screening=screening(),
        plan=plan,
        adherence=adherence(plan, pro, self_sessions, today=MADE_ON),
        instruments=(nrs, rmdq, row("peg", 6, 4.5)),  # type: ignore[arg-type]
        trend=trend(
            [(c.at.date(), float(c.pain)) for c in checkins], label="pain", higher_is_worse=True
        ),
        comparison=compare_days(pain_by_day, massage_days),
        dose=dose(
            sessions_planned=8,
            sessions_done=7,
            self_massage_min=[(s.at.date(), s.total_seconds / 60) for s in self_sessions],
            overrides=1,
            start=START,
            today=MADE_ON,
        ),
        trials=(compare_with_trials(rmdq_change),),
        checkins=checkins,
        pro_sessions=pro,
        self_sessions=self_sessions,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


@cache
def full_html() -> str:
    return render_html(make_data(), SECTIONS)


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def shown_sections(html: str) -> list[str]:
    return [str(s["data-section"]) for s in soup_of(html).find_all("section")]


def text_of(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


# ---------------------------------------------------------------- sections


@pytest.mark.parametrize(
    "chosen",
    [
        ("summary",),
        ("instruments", "summary"),  # shown in report order, not the order given
        ("overrides", "evidence", "screening"),
        NO_CHARTS,
    ],
)
def test_only_the_chosen_sections_appear_in_report_order(chosen: tuple[str, ...]) -> None:
    html = render_html(make_data(), chosen)
    assert shown_sections(html) == [s for s in SECTIONS if s in chosen]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.sampled_from(NO_CHARTS), min_size=1))
def test_any_choice_of_sections_shows_exactly_those(chosen: set[str]) -> None:
    html = render_html(make_data(), sorted(chosen))
    assert set(shown_sections(html)) == chosen
    assert NOT_A_DEVICE_LINE in text_of(soup_of(html).body)


@pytest.mark.parametrize("bad", ["graphs", "", "summary;plan"])
def test_an_unknown_section_is_refused_naming_the_choices(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        render_html(make_data(), ["summary", bad] if bad else [bad])
    assert caught.value.field == "--sections"
    assert "summary, screening, plan" in str(caught.value)


def test_sections_option_reads_commas_and_forgives_case() -> None:
    assert parse_sections(" Plan,summary ") == ("summary", "plan")
    assert parse_sections(None) == SECTIONS


# ---------------------------------------------------------------- screening


@pytest.mark.parametrize(
    ("yes", "verdict", "banner"),
    [
        (("saddle_numbness",), Verdict.STOP_EMERGENCY, "Call the local emergency number"),
        (("chest_pain",), Verdict.STOP_EMERGENCY, "Call the local emergency number"),
        (("leg_clot_signs",), Verdict.STOP_SAME_DAY, "get medical help today"),
        (("fever_or_chills",), Verdict.STOP_SAME_DAY, "out-of-hours service"),
        (("unexplained_weight_loss",), Verdict.STOP_SEE_CLINICIAN, "within days"),
        (("pregnancy",), Verdict.RESTRICTED, None),
        ((), Verdict.CLEAR, None),
    ],
)
def test_a_stop_screening_puts_a_banner_on_top_even_when_screening_is_not_chosen(
    yes: tuple[str, ...], verdict: Verdict, banner: str | None
) -> None:
    result = screening(*yes)
    assert result.verdict is verdict
    html = render_html(make_data(screening=result), ["sessions"])
    soup = soup_of(html)
    found = soup.find(id="stop-banner")
    if banner is None:
        assert found is None
        return
    assert isinstance(found, Tag)
    assert found["role"] == "alert"
    words = text_of(found)
    assert words.startswith("STOP")
    assert banner in words
    assert "No clinician has cleared this yet" in words
    # The banner comes before every section.
    assert soup.find(["section", "div"], attrs={"id": True}) is found


def test_a_cleared_stop_still_shows_the_stop_and_who_cleared_it() -> None:
    stop = screening("history_of_cancer")
    cleared = Clearance(START + timedelta(days=3), "Dr Carol Gp", "Old cancer, in remission")
    words = text_of(
        soup_of(render_html(make_data(screening=stop, clearance=cleared), ["summary"])).find(
            id="stop-banner"
        )
    )
    assert "STOP" in words
    assert "Cleared by Dr Carol Gp on 2026-01-08: Old cancer, in remission." in words


def test_screening_section_lists_each_finding_with_its_sources() -> None:
    html = render_html(make_data(screening=screening("past_blood_clot")), ["screening"])
    words = text_of(soup_of(html).find(id="section-screening"))
    assert "Restricted" in words
    assert "A blood clot in the past" in words
    assert "product default, not evidence, ernst-2003, chen-2021" in words
    assert "no self massage" in words


# ---------------------------------------------------------------- instruments


def instrument_cells(html: str, instrument_id: str) -> list[str]:
    tr = soup_of(html).find("tr", attrs={"data-instrument": instrument_id})
    assert isinstance(tr, Tag)
    return [text_of(td) for td in tr.find_all("td")]


def test_instrument_rows_say_responder_or_not_with_each_thresholds_source() -> None:
    html = full_html()
    _, baseline, latest, moved, relative, absolute = instrument_cells(html, "nrs")
    assert (baseline, latest) == ("6 2026-01-05", "3 2026-03-02")
    assert moved == "improved by 3 points (50%)"
    assert relative == "responder ≥30% improvement; source: ostelo-2008, dworkin-2008"
    assert absolute == "responder minimal important change of 2 points; source: ostelo-2008"

    _, _, _, moved, relative, absolute = instrument_cells(html, "rmdq")
    assert moved == "improved by 2 points (14%)"
    assert relative.startswith("not a responder ≥30% improvement")
    assert absolute == "not a responder minimal important change of 5 points; source: ostelo-2008"


def test_the_30_percent_rule_is_not_claimed_where_the_instrument_does_not_use_it() -> None:
    *_, relative, absolute = instrument_cells(full_html(), "peg")
    assert relative == "no source gives it for this measure"
    assert absolute == "responder minimal important change of 1 point; source: reed-2024"


def test_a_baseline_of_zero_is_not_judged_by_percent() -> None:
    html = render_html(make_data(instruments=(row("nrs", 0, 0),)), ["instruments"])
    relative = instrument_cells(html, "nrs")[4]
    assert relative.startswith("cannot be judged")
    assert "the starting score was 0" in relative


def test_fingertip_to_floor_is_labelled_a_detectable_not_an_important_change() -> None:
    html = render_html(make_data(instruments=(row("ffd", 30, 15),)), ["instruments"])
    *_, moved, relative, absolute = instrument_cells(html, "ffd")
    assert moved == "improved by 15 cm"  # no percent on a scale with negative values
    assert relative == "no source gives it for this measure"
    assert absolute.startswith("beyond measurement error")  # never "responder"
    assert "smallest detectable change of 9.8 cm; source: robinson-mengshoel-2014" in absolute


@pytest.mark.parametrize(
    ("instrument_id", "baseline", "latest", "says", "never"),
    [
        # Regressions: PSFS 2 -> 3 was "50% better, meets the 30% improvement rule";
        # fingertip-to-floor -2 -> -8 cm was "300% better".
        ("psfs", 2, 3, "improved by 1 point, from 2 to 3.", ("%", "responder")),
        ("ffd", -2, -8, "improved by 6 cm, from -2 to -8 cm.", ("%", "responder")),
    ],
)
def test_detectable_change_instruments_get_no_percent_and_no_responder_in_the_report(
    instrument_id: str, baseline: float, latest: float, says: str, never: tuple[str, ...]
) -> None:
    data = make_data(instruments=(row(instrument_id, baseline, latest),))
    html = render_html(data, ["summary", "instruments", "charts"])
    summary = soup_of(html).find("li", attrs={"data-instrument": instrument_id})
    words = text_of(summary)
    assert says in words
    assert "Within measurement error (" in words
    assert "Conclusion: no change beyond measurement error." in words
    for bad in never:
        assert bad not in words
    table = text_of(soup_of(html).find("tr", attrs={"data-instrument": instrument_id}))
    assert "%" not in table.replace("30% rule", "")


def test_fingertip_to_floor_says_where_its_threshold_was_measured() -> None:
    html = render_html(make_data(instruments=(row("ffd", 30, 15),)), ["charts"])
    caption = band_captions(html)[0]
    assert "trained clinicians in a mixed group" in caption
    assert "measured at home, the error is likely larger" in caption


def band_captions(html: str) -> list[str]:
    captions = [text_of(c) for c in soup_of(html).find_all("figcaption")]
    return [c for c in captions if "shaded band" in c]


def conclusion_of(words: str) -> str:
    found = re.search(r"Conclusion: ([^.]+)\.", words)
    assert found is not None, words
    return found.group(1)


@pytest.mark.parametrize(
    ("baseline", "latest", "conclusion"),
    [
        (14, 6, "meaningful improvement"),  # leaves the band: a responder
        (14, 12, "no meaningful change"),  # stays inside it
        (10, 7, "improved by 30% or more, but not by the minimal important change"),
        (8, 14, "meaningfully worse"),
    ],
)
def test_chart_captions_explain_the_band_and_conclude_as_the_summary_does(
    baseline: float, latest: float, conclusion: str
) -> None:
    # Regression: every caption said "Inside the shaded band ...: no meaningful change",
    # even under a line that left the band while the summary said responder.
    data = make_data(instruments=(row("rmdq", baseline, latest),))
    html = render_html(data, ["summary", "charts"])
    summary = text_of(soup_of(html).find("li", attrs={"data-instrument": "rmdq"}))
    (caption,) = band_captions(html)
    assert caption.startswith(
        "The shaded band is the starting score ± the minimal important change of 5 points "
        "(source: ostelo-2008)"
    )
    assert "no meaningful change" not in caption.split("Conclusion")[0]
    assert conclusion_of(summary) == conclusion_of(caption) == conclusion


def test_summary_names_the_person_the_classification_and_the_honest_caveat() -> None:
    words = text_of(soup_of(full_html()).find(id="section-summary"))
    assert "Person: Alice Example" in words
    assert "by the research convention" in words
    assert "Pain improved by 3 points (50%), from 6 to 3." in words
    assert "+" not in words
    assert "low to very-low certainty (furlan-2015)" in words
    assert "only as part of a package that includes exercise" in words


# ---------------------------------------------------------------- sessions, overrides


def test_professional_sessions_show_their_soap_notes() -> None:
    table = soup_of(full_html()).find(id="pro-sessions")
    assert isinstance(table, Tag)
    rows = table.find_all("tr")[1:]
    assert len(rows) == 7
    first = text_of(rows[0])
    assert first.startswith("2026-01-05 relaxation 60 Bob Kneader")
    assert "S: Pain 7/10 in the morning O: Tender left QL A: Tolerated well" in first


def test_every_override_of_the_cap_is_listed_with_its_reason() -> None:
    html = render_html(make_data(), ["overrides"])
    words = text_of(soup_of(html).find(id="section-overrides"))
    assert "5 min a day for tennis ball and foam roller together" in words
    assert "(product default, not evidence)" in words
    table = soup_of(html).find(id="overrides-table")
    assert isinstance(table, Tag)
    cells = [text_of(td) for td in table.find_all("td")]
    # 8 min with the ball; that evening's foam roller brought the day to 11.
    assert cells == ["2026-01-25", "tennis ball", "8.0", "11.0", OVERRIDE_REASON]


def test_no_overrides_says_so() -> None:
    data = make_data()
    calm = tuple(s for s in data.self_sessions if not s.override_reason)
    words = text_of(
        soup_of(render_html(replace(data, self_sessions=calm), ["overrides"])).find(
            id="section-overrides"
        )
    )
    assert "No overrides of the self-massage cap." in words


# ---------------------------------------------------------------- evidence


def test_every_evidence_id_cited_anywhere_gets_its_full_reference() -> None:
    catalogue = load_catalogue()
    soup = soup_of(full_html())
    listed = {
        str(li["data-evidence"]): " ".join(li.get_text().split())
        for li in soup.select("#references li")
    }
    references = soup.find(id="section-evidence")
    assert isinstance(references, Tag)
    references.decompose()
    body = text_of(soup.body)
    cited = {i for i in catalogue.ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body)}
    assert {"furlan-2015", "nice-ng59", "ostelo-2008", "elder-2017", "cherkin-2011"} <= cited
    assert set(listed) == cited
    for entry_id, words in listed.items():
        assert words == f"{entry_id}: {format_citation(catalogue.get(entry_id))}"


def test_evidence_the_caller_adds_is_listed_even_if_not_in_the_text() -> None:
    html = render_html(make_data(evidence=("hill-2008",)), ["evidence"])
    ids = [li["data-evidence"] for li in soup_of(html).select("#references li")]
    assert "hill-2008" in ids


# ---------------------------------------------------------------- the page itself


def test_the_page_is_self_contained_with_no_script_and_no_external_url() -> None:
    soup = soup_of(full_html())
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert soup.find("img") is None
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.split(":")[-1] in {"src", "href", "action", "data", "srcset"}:
                assert not str(value).lower().startswith(("http://", "https://", "//"))
    style = soup.find("style")
    assert style is not None
    assert "http" not in style.get_text()
    assert "@import" not in style.get_text()


def test_charts_are_inline_svg_with_ids_unique_on_the_page() -> None:
    soup = soup_of(full_html())
    figures = soup.select("#section-charts figure")
    # pain, three questionnaires, self-massage minutes
    assert len(figures) == 5
    assert all(f.find("svg") is not None for f in figures)
    ids = [str(t["id"]) for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_the_report_is_dated_by_the_day_passed_in_and_is_the_same_every_time() -> None:
    later = render_html(make_data(made_on=date(2026, 4, 1)), ["summary"])
    footer = text_of(soup_of(later).find("footer"))
    assert "Report made on 2026-04-01." in footer
    assert NOT_A_DEVICE_LINE in footer
    assert render_html(make_data(), NO_CHARTS) == render_html(make_data(), NO_CHARTS)


def test_the_person_is_named_by_name_only() -> None:
    html = render_html(make_data(person="Dana <b>Smith</b>"), ["summary"])
    assert "Dana &lt;b&gt;Smith&lt;/b&gt;" in html  # escaped, never markup
    with pytest.raises(InvalidInput):
        make_data(person="  ")


def test_importing_the_renderers_loads_neither_matplotlib_nor_weasyprint() -> None:
    probe = (
        "import sys, backrub.reports.report; "
        "print('matplotlib' in sys.modules, 'weasyprint' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


# ---------------------------------------------------------------- PDF


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture(scope="module")
def stop_pdf() -> bytes:
    return render_pdf(make_data(screening=screening("saddle_numbness")), SECTIONS)


def test_the_pdf_carries_the_clinician_headings_and_numbers(stop_pdf: bytes) -> None:
    assert stop_pdf.startswith(b"%PDF-")
    words = pdf_text(stop_pdf)
    for heading in (
        "report for Alice Example",
        "STOP: emergency. Call the local emergency number",
        "Summary",
        "Plan and adherence",
        "Questionnaires and measures",
        "Self-massage cap overrides",
        "Evidence references",
        "improved by 3 points (50%)",
        "minimal important change of 5 points",
        "ostelo-2008",
        OVERRIDE_REASON[:30],
        "not a medical device",
        "Report made on 2026-03-02",
        "points (0–10)",  # a chart axis label: the SVG text survived as text
        "product default, not evidence",
    ):
        assert heading in words, heading


def test_the_pdf_keeps_to_the_chosen_sections_and_is_the_same_every_time() -> None:
    pdf = render_pdf(make_data(), ["summary", "overrides"])
    # A second ticks over between the two renders: embedded fonts used to carry
    # the wall-clock second they were subset in, so the bytes differed.
    sleep(1.1)
    assert pdf == render_pdf(make_data(), ["summary", "overrides"])
    words = pdf_text(pdf)
    assert "Self-massage cap overrides" in words
    assert "Questionnaires and measures" not in words
    assert "Evidence references" not in words


def test_a_screening_answered_no_to_all_by_a_script_says_so_in_the_report() -> None:
    scripted = screen(NO_TO_ALL, today=START, answered_by=AnsweredBy.SCRIPT)
    html = render_html(make_data(screening=scripted), ["summary", "screening"])
    words = text_of(soup_of(html).find(id="section-screening"))
    assert "answered 'no' to all by a script" in words
    summary = text_of(soup_of(html).find(id="section-summary"))
    assert "answered 'no' to all by a script" in summary
    by_person = render_html(make_data(screening=screening()), ["screening"])
    assert "by a script" not in text_of(soup_of(by_person))


def test_an_emergency_stopped_at_the_first_answer_says_the_rest_were_not_asked() -> None:
    partial = screen({"bladder_bowel_change": True}, today=START)
    html = render_html(make_data(screening=partial), ["screening"])
    banner = text_of(soup_of(html).find(id="stop-banner"))
    assert banner.startswith("STOP: emergency")
    assert "the other questions were not asked" in banner


def test_under_18_is_named_in_the_report_as_not_for_this_person() -> None:
    young = screen({**NO_TO_ALL, "age_band": "under_18"}, today=START)
    banner = text_of(
        soup_of(render_html(make_data(screening=young), ["screening"])).find(id="stop-banner")
    )
    assert "Under 18" in banner and "product default" in banner
