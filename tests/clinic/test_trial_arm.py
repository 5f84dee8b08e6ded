"""The client's N-of-1 trial on the clinic server (clinical review 7, item 5).

The assigned therapist's client page says the client's arm today (a period without
massage: no massage, day N of M, until when), so no massage is given in such a period;
another therapist or clinic gets the same 404 as for a missing client. A clinic
client records a change of other treatment on a trial day from their own trial page.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.domain.nof1_design import Design
from backrub.domain.nof1_design import schedule as nof1_schedule
from backrub.domain.nof1_trial import TrialRecord
from backrub.services import trial_care
from backrub.store.trial_rows import add_trial
from tests.clinic.conftest import People, as_, form
from tests.clinic.test_therapist_list import profile_of, screen
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


def _trial(people: People, profile: Any, first: date, arm_today: str | None) -> TrialRecord:
    """Keep a trial from ``first`` (4 pairs of 7 days) whose arm today is ``arm_today``."""
    today = NOW.date()
    for seed in range(200):
        found = nof1_schedule(Design(4, 7, 2, seed), first)
        period = found.period_on(today)
        if arm_today is None or (period is not None and period.arm == arm_today):
            break
    record = TrialRecord(str(uuid.uuid4()), 4, 7, 2, seed, first, found.sha256, NOW)
    return add_trial(people.store, profile.id, record)


def _arm_line(page: str) -> str | None:
    found = BeautifulSoup(page, "html.parser").select_one("#trial-arm")
    return None if found is None else " ".join(found.text.split())


def test_the_assigned_therapist_sees_a_period_without_massage_and_no_one_else(
    people: People,
) -> None:
    profile = profile_of(people, people["a.client1"])
    _trial(people, profile, NOW.date() - timedelta(days=3), "B")
    path = f"/clinic/clients/{people['a.client1'].public_id}"
    page = as_(people, "a.therapist1").get(path)
    assert page.status_code == 200
    line = _arm_line(page.text)
    assert line is not None, page.text[-800:]
    assert "period without massage, day 4 of 7" in line
    assert "Please give no massage until" in line
    for other in ("a.therapist2", "a.admin", "b.therapist1", "a.client1", "a.client2"):
        answer = as_(people, other).get(path)
        assert answer.status_code in (303, 404), other
        assert "N-of-1 trial" not in answer.text and "without massage" not in answer.text
    own = as_(people, "a.therapist2").get(f"/clinic/clients/{people['a.client2'].public_id}")
    assert own.status_code == 200 and _arm_line(own.text) is None  # client 2 has no trial


def test_a_massage_period_names_the_next_one_without_and_a_trial_ahead_its_first_day(
    people: People,
) -> None:
    profile = profile_of(people, people["a.client1"])
    path = f"/clinic/clients/{people['a.client1'].public_id}"
    therapist = as_(people, "a.therapist1")
    ahead = _trial(people, profile, NOW.date() + timedelta(days=2), None)
    line = _arm_line(therapist.get(path).text)
    first_b = next(p for p in ahead.schedule.periods if p.arm == "B")
    assert line is not None and "starts on" in line
    assert "first period without massage" in line and first_b.first.isoformat() in line
    chosen = form(therapist, "/language", {"language": "vi", "next": path})
    assert chosen.status_code == 303
    said = _arm_line(therapist.get(path).text)
    assert said is not None and "Thử nghiệm N-of-1" in said


def test_a_massage_period_says_massage_as_planned(people: People) -> None:
    profile = profile_of(people, people["a.client1"])
    _trial(people, profile, NOW.date() - timedelta(days=1), "A")
    page = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    line = _arm_line(page.text)
    assert line is not None and "massage period, day 2 of 7" in line
    assert "Massage as planned" in line


def test_a_clinic_client_records_a_change_on_their_trial_day(people: People) -> None:
    profile = profile_of(people, people["a.client1"])
    screen(people, profile)
    trial = _trial(people, profile, NOW.date() - timedelta(days=3), None)
    client = as_(people, "a.client1")
    kept = form(client, "/trial/changes", {"change": "medicine", "note": "naproxen halved"})
    assert kept.status_code == 303, kept.text[-600:]
    (change,) = trial_care.changes_for_report(people.store, profile, trial)
    assert change.kind == "medicine" and change.note == "naproxen halved"
    assert "naproxen halved" in client.get("/trial").text
    # another client has no trial: nothing is kept for them, and nothing of client 1 shows
    other = as_(people, "a.client2")
    refused = form(other, "/trial/changes", {"change": "medicine", "note": "x"})
    assert refused.status_code == 404 and "naproxen" not in refused.text


def test_two_periods_without_massage_in_a_row_are_one_run_for_the_therapist(
    people: People,
) -> None:
    # Review 8 (people, F2): "until" the end of this period alone invited a booking
    # on the first day of the next period, also without massage.
    profile = profile_of(people, people["a.client1"])
    today = NOW.date()
    for seed in range(500):
        periods = nof1_schedule(Design(4, 7, 2, seed), today).periods
        runs = [i for i in range(len(periods) - 2) if periods[i].arm == periods[i + 1].arm == "B"]
        if runs and runs[0] > 0:
            break
    first = today - (periods[runs[0]].first - today)  # today is that run's first day
    record = TrialRecord(
        str(uuid.uuid4()),
        4,
        7,
        2,
        seed,
        first,
        nof1_schedule(Design(4, 7, 2, seed), first).sha256,
        NOW,
    )
    trial = add_trial(people.store, profile.id, record)
    now = trial.schedule.period_on(today)
    assert now is not None and now.arm == "B"
    after = next(p for p in trial.schedule.periods if p.first == now.last + timedelta(days=1))
    assert after.arm == "B"
    page = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    line = _arm_line(page.text)
    assert line is not None
    assert f"no massage until {after.last.isoformat()}" in line, line
    resume = (after.last + timedelta(days=1)).isoformat()
    assert f"massage may resume on {resume}" in line, line
