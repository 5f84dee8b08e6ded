"""The trial report's secondary outcomes (sleep, weekly PEG) and CENT 2015 items 4a, 5, 6a,
11a, 12, 17, 19 and 23, with figures that can be counted by hand (clinical review 7,
items 7 and 8).

The trial: 3 pairs of 7 days from 2 March 2026 (seed 11). Every day a check-in: pain
3 on massage days and 6 without; sleep 8 on massage days and 4 without, except on a
period's first day (no sleep answer), so 18 days of sleep an arm; ibuprofen on the
first two days. Self-massage of 2 minutes on each massage day, and one of 1 minute
with more pain after (5) than before (3) on the 4th day of the first massage period.
One professional session on the 5th day of the first massage period. A weekly PEG of
5, 6, 7 (score 6) on the 4th day of periods 1 and 4. An episode since 8 weeks before
the first day, without pain below the knee.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup, Tag

from backrub import services
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.questions import Tier
from backrub.domain.records import Profile
from backrub.domain.red_flags import QUESTIONS
from backrub.domain.screening import NO_TO_ALL
from backrub.i18n import use_language
from backrub.services.reporting import render_report
from backrub.services.trial_report import report_json, trial_csv, trial_document, trial_report
from backrub.store import Store
from tests.nof1.test_trial_days import FIRST, NOON, _profile, _trial

LATER = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)  # after the last day (42 days)


def _at(day: date, hour: int = 12) -> str:
    return datetime.combine(day, NOON.time(), UTC).replace(hour=hour).isoformat()


def _self(store: Store, profile: Profile, day: date, seconds: int, **more: object) -> None:
    zone = "glutes_right" if more else "glutes_left"
    services.log_self_session(
        store,
        profile,
        now=LATER,
        tool="tennis_ball",
        zones=zone,
        seconds=seconds,
        at=_at(day, 15 if more else 14),
        **more,
    )


def _run(store: Store) -> tuple[Profile, TrialRecord]:
    profile = _profile(store)
    services.add_episode(
        store, profile, today=FIRST - timedelta(days=1), onset=FIRST - timedelta(weeks=8),
        leg_pain_below_knee=False,
    )  # fmt: skip
    record = _trial(store, profile)
    starts = {p.first for p in record.schedule.periods}
    for n in range(42):
        day = FIRST + timedelta(days=n)
        massage = record.schedule.arm_on(day) == "A"
        values: dict[str, object] = {"pain": 3 if massage else 6}
        if day not in starts:
            values["sleep"] = 8 if massage else 4
        if n < 2:
            values["medication"] = "ibuprofen"
        services.record_checkin(store, profile, now=LATER, at=_at(day), **values)
        if massage:
            _self(store, profile, day, 120)
    first_a = next(p for p in record.schedule.periods if p.arm == "A")
    _self(store, profile, first_a.first + timedelta(days=3), 60, pain_before=3, pain_after=5)
    services.log_pro_session(
        store, profile, now=LATER, technique="relaxation", duration_min=60,
        at=_at(first_a.first + timedelta(days=4), 16),
    )  # fmt: skip
    for period in (record.schedule.periods[0], record.schedule.periods[3]):
        services.record_response(
            store, profile, instrument_id="peg", answers="5,6,7", now=LATER,
            at=_at(period.first + timedelta(days=3), 18),
        )  # fmt: skip
    return profile, record


def _section(store: Store, profile: Profile) -> Tag:
    page = BeautifulSoup(trial_document(store, profile, now=LATER, fmt="html"), "html.parser")
    found = page.select_one("#section-trial")
    assert found is not None
    return found


def _heading_text(section: Tag, title: str) -> str:
    """The text under the h3 ``title`` up to the next h3."""
    heading = next(h for h in section.select("h3") if h.text == title)
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h3":
            break
        parts.append(sibling.get_text(" ", strip=True))
    return " ".join(parts)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_each_period_shows_what_was_given_mean_pain_sleep_and_peg(store: Store) -> None:
    profile, record = _run(store)
    report = trial_report(store, profile, now=LATER)
    periods = record.schedule.periods
    first_a = next(n for n, p in enumerate(periods, start=1) if p.arm == "A")
    by = {p.number: p for p in report.periods}
    assert len(by) == 6
    for n, period in enumerate(periods, start=1):
        massage = period.arm == "A"
        got = by[n]
        assert got.days == 7 and got.pain.days == 7
        assert got.pain.mean == (3.0 if massage else 6.0)  # CENT 17: per period
        assert (got.sleep.days, got.sleep.mean) == (6, 8.0 if massage else 4.0)
        minutes = 14 + (1 if n == first_a else 0) if massage else 0
        assert got.self_minutes == minutes  # CENT 5: as recorded
        assert got.pro_sessions == (1 if n == first_a else 0)
        assert len(got.peg) == (1 if n in (1, 4) else 0)
    assert by[1].peg[0] == (periods[0].first + timedelta(days=3), 6.0)
    assert (report.sleep["A"].days, report.sleep["A"].mean) == (18, 8.0)
    assert (report.sleep["B"].days, report.sleep["B"].mean) == (18, 4.0)

    section = _section(store, profile)
    table = next(
        t for t in section.select("table") if "Self-massage minutes" in t.select_one("thead").text
    )
    rows = [[c.get_text(" ", strip=True) for c in r.select("td")] for r in table.select("tbody tr")]
    assert len(rows) == 6
    row = rows[first_a - 1]
    assert row[:6] == [str(first_a), "massage", "7", "3.0 (7)", "1", "15"]
    assert row[6] == "8.0 (6)"
    assert rows[0][7].startswith("6.0") and rows[1][7] == "not answered"
    secondary = _heading_text(section, "Secondary outcomes")
    assert "Sleep (secondary, not tested): mean 8.0 over 18 days with massage" in secondary
    assert "4.0 over 18 days without massage" in secondary
    assert "Weekly PEG (secondary, not tested): answered 2 times" in secondary

    data = report_json(report)
    assert data["secondary_sleep"]["A"] == {"days": 18, "mean": 8.0}
    assert [p["self_massage_min"] for p in data["by_period"]][first_a - 1] == 15
    rows_csv = list(csv.DictReader(trial_csv(report).splitlines()))
    assert [r["sleep"] for r in rows_csv[:2]] == ["", "8" if periods[0].arm == "A" else "4"]
    assert rows_csv[3]["peg"] == "6"
    assert sum(int(r["professional_sessions"]) for r in rows_csv) == 1
    assert sum(int(r["self_massage_min"]) for r in rows_csv) == 3 * 7 * 2 + 1

    clinician = BeautifulSoup(render_report(store, profile, now=LATER, fmt="html"), "html.parser")
    trial = clinician.select_one("#section-trial")
    assert trial is not None and "mean 8.0 over 18 days with massage" in trial.text
    assert "Self-massage minutes" in trial.text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_cent_lines_hold_the_condition_outcomes_blinding_methods_harms_and_hash(
    store: Store,
) -> None:
    profile, record = _run(store)
    section = _section(store, profile)
    condition = _heading_text(section, "Condition and other treatment")
    assert "the episode had lasted 8 weeks" in condition  # CENT 4a
    assert "no pain below the knee was reported" in condition
    assert "recorded on 2 of 42 days with a check-in (ibuprofen)" in condition
    outcomes = _heading_text(section, "Outcomes")  # CENT 6a
    assert "Primary outcome: daily pain from 0 to 10, the mean of that day's check-ins" in outcomes
    assert "Secondary outcomes, described and not tested" in outcomes
    methods = _heading_text(section, "Methods")
    assert "Blinding: not blinded." in methods  # CENT 11a
    assert "each of the 8 orders the 3 pairs could have had" in methods  # CENT 12
    assert "cannot go below 1 in 8" in methods and "AR(1)" in methods
    assert "one-sided (lower pain with massage)" in methods  # clinical review 8, M11
    header = [th.text for th in section.select("th")]
    assert "Randomisation test p, one-sided (lower pain with massage)" in header
    secondary = _heading_text(section, "Secondary outcomes")  # clinical review 8, M9
    assert "(washout days included)" in secondary and "covers the 7 days before" in secondary
    assert "flat prior on the difference" in methods and "first 2 days" in methods
    assert "self-registration" in section.text and "not an entry in a trial registry" in (
        section.text
    )  # CENT 23
    worse = next(p for p in record.schedule.periods if p.arm == "A").first + timedelta(days=3)
    harms = _heading_text(section, "Harms")  # CENT 19
    # with its period and arm, as CENT 19 asks (clinical review 8, M10)
    assert f"higher than before it on: {worse.isoformat()} (period 1, massage)." in harms
    assert "was ended on" not in harms  # no red-flag stop here
    assert "New leg symptoms" not in harms and "records no other side effects" in harms
    with use_language("vi"):
        vi = _section(store, profile).text
    assert "Tác hại" in vi and "Kết cục phụ" in vi and "Từng giai đoạn" in vi
    assert "8,0" in vi  # the mean sleep, with the Vietnamese decimal sign


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_red_flag_stop_is_a_harm_with_its_date(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    day = FIRST + timedelta(days=9)
    for n in range(9):
        services.record_checkin(
            store, profile, now=LATER, at=_at(FIRST + timedelta(days=n)), pain=4
        )
    sign = next(q.id for q in QUESTIONS if q.tier is Tier.EMERGENCY)
    services.record_screening(store, profile, {**NO_TO_ALL, sign: True}, today=day)
    harms = _heading_text(_section(store, profile), "Harms")
    second = record.schedule.periods[1]
    assert second.holds(day)
    arm = "massage" if second.arm == "A" else "no massage"
    ended = f"The trial was ended on {day.isoformat()} (period 2, {arm}) because a screening"
    assert ended in harms
    assert record.sha256  # the same trial, ended early
    condition = _heading_text(_section(store, profile), "Condition and other treatment")
    assert "no episode start recorded" in condition
    assert "no pain medicine was recorded" in condition
