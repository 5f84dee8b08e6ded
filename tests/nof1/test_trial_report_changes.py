"""The trial report names the changes of other treatment the person recorded (CENT 2015
item 4a, concurrent therapies) with their day, period and arm, and its schedule chart
has the periods' dates (trialfix: issue 15 leftovers).

Hand-made: the trial of ``tests.nof1.test_trial_days`` (3 pairs of 7 days from
2 March 2026, seed 11), two changes kept on its days: ibuprofen stopped on day 3 (in
period 1) and physiotherapy started on day 10 (in period 2).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bs4 import BeautifulSoup, Tag

from backrub.domain.nof1_changes import TrialChange
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.records import Profile
from backrub.i18n import formats, use_language
from backrub.services.reporting import render_report
from backrub.services.trial_report import trial_document
from backrub.store import Store
from backrub.store.trial_rows import add_change
from tests.nof1.test_trial_days import FIRST, _profile, _trial

LATER = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)  # after the last day (42 days)


def _with_changes(store: Store) -> tuple[Profile, TrialRecord]:
    profile = _profile(store)
    record = _trial(store, profile)
    assert profile.id is not None and record.id is not None
    for offset, kind, note in ((9, "treatment", "physio started"), (2, "medicine", "")):
        day = FIRST + timedelta(days=offset)
        at = datetime.combine(day, LATER.time(), UTC)
        add_change(store, profile.id, record.id, TrialChange(day, kind, note, at))
    return profile, record


def _arm(record: TrialRecord, offset: int) -> tuple[int, str]:
    period = record.schedule.period_on(FIRST + timedelta(days=offset))
    assert period is not None
    arm = "massage" if period.arm == "A" else "no massage"
    return record.schedule.periods.index(period) + 1, arm


def _section(html: str) -> Tag:
    found = BeautifulSoup(html, "html.parser").select_one("#section-trial")
    assert found is not None
    return found


def test_the_report_lists_each_change_with_its_day_period_and_arm(store: Store) -> None:
    profile, record = _with_changes(store)
    section = _section(trial_document(store, profile, now=LATER, fmt="html").decode())
    text = section.get_text(" ")
    assert "2 changes of pain medicine or other treatment were recorded during the trial:" in text
    assert "backrub does not record other treatments" not in text
    shown = [li.get_text() for li in section.select("ul.trial-changes li")]
    first, second = _arm(record, 2), _arm(record, 9)
    assert shown == [
        f"2026-03-04 (day 3, period {first[0]}, {first[1]}): Pain medicine changed",
        f"2026-03-11 (day 10, period {second[0]}, {second[1]}): "
        "Other treatment started or stopped: physio started",
    ]
    clinician = _section(render_report(store, profile, now=LATER, fmt="html"))
    assert [li.get_text() for li in clinician.select("ul.trial-changes li")] == shown


def test_without_changes_the_report_says_none_was_recorded_in_both_languages(
    store: Store,
) -> None:
    profile = _profile(store)
    _trial(store, profile)
    text = _section(trial_document(store, profile, now=LATER, fmt="html").decode()).get_text(" ")
    assert "No change of pain medicine or other treatment was recorded on the trial page" in text
    with use_language("vi"):
        html = trial_document(store, profile, now=LATER, fmt="html").decode()
    assert "No change of pain medicine" not in html


def test_the_changes_read_in_vietnamese(store: Store) -> None:
    profile, _record = _with_changes(store)
    with use_language("vi"):
        section = _section(trial_document(store, profile, now=LATER, fmt="html").decode())
    shown = [li.get_text() for li in section.select("ul.trial-changes li")]
    assert len(shown) == 2 and "physio started" in shown[1]
    assert "giai đoạn" in shown[1] and "Other treatment" not in shown[1]


def test_the_reports_schedule_chart_writes_each_periods_first_day(store: Store) -> None:
    profile, record = _with_changes(store)
    section = _section(trial_document(store, profile, now=LATER, fmt="html").decode())
    labels = [t.get_text() for t in section.select("figure svg text")]
    firsts = [formats.day_month(p.first) for p in record.schedule.periods]
    dated = [label for label in labels if label in firsts]
    # Each period's first day where it fits: at least every other one, the first always.
    assert dated[0] == formats.day_month(FIRST) and labels.count(dated[0]) == 1
    assert len(dated) >= (len(firsts) + 1) // 2 and len(set(dated)) == len(dated)
