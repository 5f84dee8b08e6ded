"""The CENT-style trial report: on its own (HTML, PDF) and as a section of the clinician report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from backrub import services
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.records import Profile
from backrub.services.reporting import render_report
from backrub.services.trial_report import trial_csv, trial_document, trial_report
from backrub.store import Store
from tests.nof1.test_trial_days import FIRST, NOON, _profile, _trial

LATER = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)  # after the last day (3 pairs of 7 days)


def _run_trial(store: Store) -> tuple[Profile, TrialRecord]:
    profile = _profile(store)
    record = _trial(store, profile)
    for n in range(42):
        day = FIRST + timedelta(days=n)
        at = datetime.combine(day, NOON.time(), UTC)
        arm = record.schedule.arm_on(day)
        pain = 3 if arm == "A" else 6
        services.record_checkin(store, profile, now=at, pain=pain, at=at.isoformat())
        if arm == "A":
            services.log_self_session(
                store,
                profile,
                now=at,
                tool="tennis_ball",
                zones="glutes_left",
                seconds=60,
                at=(at + timedelta(hours=1)).isoformat(),
            )
    return profile, record


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_trial_report_holds_what_cent_asks(store: Store) -> None:
    profile, record = _run_trial(store)
    report = trial_report(store, profile, now=LATER)
    assert len(report.days) == 42 and report.adherence.share == 1.0
    assert report.analysis is not None and report.analysis.primary.difference == pytest.approx(3.0)
    page = BeautifulSoup(trial_document(store, profile, now=LATER, fmt="html"), "html.parser")
    section = page.select_one("#section-trial")
    assert section is not None and record.sha256 in section.text
    assert len(section.select("svg rect")) >= 42  # a column a day, and the legend
    assert "Completed on" in section.text and "42 of 42 days" in section.text
    assert "Sensitivity: every day" in section.text
    assert "Primary: washout days left out" in section.text
    assert len(section.select("table")[-1].select("tbody tr")) == 42  # the daily values
    pdf = trial_document(store, profile, now=LATER, fmt="pdf")
    assert pdf.startswith(b"%PDF")
    clinician = render_report(store, profile, now=LATER, fmt="html")
    assert b'id="section-trial"' in clinician
    lines = trial_csv(report).splitlines()
    assert lines[0] == (
        "date,pair,period,arm,washout,pain,massage_recorded,"
        "sleep,peg,professional_sessions,self_massage_min"
    )
    assert len(lines) == 43
