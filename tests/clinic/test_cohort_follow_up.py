"""The follow-up schedule and the cohort report count from the same day 0 and take the
same baseline (review S6-6): a baseline asked through a link always counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from backrub.domain.cohort_windows import WINDOWS, TimePoint, responder_rule
from backrub.domain.follow_up import State
from backrub.domain.records import ProSession, Technique
from backrub.evidence.loading import load_rules
from backrub.services import client_record
from backrub.store import follow_up_rows
from backrub.store.cohort_rows import cohort_rows
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

LAST_DAY = WINDOWS[TimePoint.BASELINE].last_day  # 3: the last day a start counts


def _zone(people: People) -> ZoneInfo:
    found = client_record.client_of(
        people.store, people["a.therapist1"], people["a.client1"].public_id
    )
    return ZoneInfo(found.profile.tz)


def _record_session(people: People, day: date) -> None:
    zone = _zone(people)
    at = datetime.combine(day, time(10), zone)
    profile = people["a.client1"].profile_id
    assert profile is not None
    people.store.add_pro_session(profile, ProSession(at, zone.key, Technique.RELAXATION, 50))


def _today(people: People) -> date:
    return NOW.astimezone(_zone(people)).date()


def _enrolled_on_pain(people: People) -> int:
    rows = cohort_rows(
        people.store,
        clinic_id=people.clinic_ids["a"],
        rules=[responder_rule("nrs", load_rules())],
        started_by=_today(people),
    )
    found = rows.clinic.get("nrs")
    return 0 if found is None else found.enrolled


def test_a_baseline_answered_through_the_link_on_its_last_open_day_counts(
    people: People,
) -> None:
    first = _today(people) - timedelta(days=LAST_DAY)  # today is the last baseline day
    _record_session(people, first)
    assert schedule(people, first_session=first.isoformat()).status_code == 303
    baseline = questionnaires(people)[0]
    assert baseline.why == "baseline"
    closes = datetime.combine(first + timedelta(days=LAST_DAY + 1), time(0), _zone(people))
    assert baseline.expires_at == closes  # the end of today, not 14 days on
    assert _enrolled_on_pain(people) == 0
    path = link_to(people)
    done = form(browser(people), path, {"answer_1": "6", **NO_SIGNS})
    assert done.status_code == 200 and "Thank you" in done.text
    assert questionnaires(people)[0].state is State.COMPLETED
    assert _enrolled_on_pain(people) == 1  # counted as this client's start


def test_the_baseline_closes_when_the_cohort_stops_taking_a_start(people: People) -> None:
    first = _today(people) - timedelta(days=LAST_DAY)
    _record_session(people, first)
    schedule(people, first_session=first.isoformat())
    path = link_to(people)
    closes = questionnaires(people)[0].expires_at
    assert follow_up_rows.expire(people.store, closes - timedelta(seconds=1)) == 0
    assert follow_up_rows.expire(people.store, closes) == 1
    page = browser(people).get(path)
    assert page.status_code == 410 and "The time to answer this questionnaire ended" in page.text


def test_a_schedule_chosen_after_the_last_baseline_day_asks_no_baseline(people: People) -> None:
    first = _today(people) - timedelta(days=LAST_DAY + 1)
    _record_session(people, first)
    assert schedule(people, first_session=first.isoformat()).status_code == 303
    found = questionnaires(people)
    assert [a.why for a in found] == ["week 12", "week 24"]


def test_the_12_and_24_weeks_count_from_the_first_recorded_session(people: People) -> None:
    recorded = _today(people) - timedelta(days=1)
    _record_session(people, recorded + timedelta(days=7))  # a later session: not day 0
    _record_session(people, recorded)
    therapist = as_(people, "a.therapist1")
    page = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/follow-up")
    typed = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "first_session"})
    assert typed is not None and typed["value"] == recorded.isoformat()  # filled in
    assert "The first session recorded for this client was on" in page.text
    other = schedule(people, first_session=(recorded - timedelta(days=5)).isoformat())
    assert other.status_code == 422
    wrong = BeautifulSoup(other.text, "html.parser").select(".field.has-error")
    assert [w.find("input")["name"] for w in wrong] == ["first_session"]  # type: ignore[index]
    said = wrong[0].get_text(" ", strip=True)
    assert "use it, or correct the recorded session first" in said
    assert questionnaires(people) == []  # nothing written
    assert schedule(people, first_session=recorded.isoformat()).status_code == 303
    due = {a.why: a.due_at.astimezone(_zone(people)).date() for a in questionnaires(people)}
    assert (due["week 12"] - recorded).days == WINDOWS[TimePoint.WEEK_12].target_day
    assert (due["week 24"] - recorded).days == WINDOWS[TimePoint.WEEK_24].target_day
    agreed = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/follow-up")
    assert 'id="first-session-differs"' not in agreed.text


def test_before_any_session_is_recorded_the_typed_day_is_taken(people: People) -> None:
    therapist = as_(people, "a.therapist1")
    page = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/follow-up")
    assert "the clinic's report counts from the first recorded session" in page.text
    later = _today(people) + timedelta(days=2)
    assert schedule(people, first_session=later.isoformat()).status_code == 303
    assert len(questionnaires(people)) == 3
    # The first session is then recorded on another day: the page says which day counts.
    _record_session(people, later + timedelta(days=1))
    page = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/follow-up")
    said = BeautifulSoup(page.text, "html.parser").find(id="first-session-differs")
    assert said is not None and "the clinic's report counts from the recorded one" in said.text


def test_a_baseline_link_is_made_only_from_the_first_day_the_cohort_takes_a_start(
    people: People,
) -> None:
    # The schedule chosen 20 days before the first session: an answer now would be
    # too early to count as the start (day -20; the window opens on day -14).
    early = -WINDOWS[TimePoint.BASELINE].first_day  # 14
    first = _today(people) + timedelta(days=20)
    assert schedule(people, first_session=first.isoformat()).status_code == 303
    baseline = questionnaires(people)[0]
    assert baseline.why == "baseline" and not baseline.can_link(NOW)
    page = as_(people, "a.therapist1").get(
        f"/clinic/clients/{people['a.client1'].public_id}/follow-up"
    )
    assert f"A link can be made from {(first - timedelta(days=early)).isoformat()}." in page.text
    assert baseline.can_link(baseline.due_at - timedelta(days=early))
