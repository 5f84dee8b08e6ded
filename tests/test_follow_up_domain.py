"""Follow-up schedules, states and reminders as pure rules (issue 14)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backrub.domain.follow_up import (
    REMINDER_DAYS,
    Event,
    State,
    Template,
    after,
    due_dates,
    reminder_due,
)
from backrub.errors import InvalidInput

FIRST = date(2026, 3, 2)


def days(template: Template, today: date, **kw: object) -> list[tuple[date, str]]:
    found = due_dates(template, first_session=FIRST, today=today, **kw)  # type: ignore[arg-type]
    return [(d.on, d.why) for d in found]


def test_the_study_template_asks_at_baseline_then_12_and_24_weeks() -> None:
    assert days(Template.STUDY, FIRST) == [
        (FIRST, "baseline"),
        (date(2026, 5, 25), "week 12"),
        (date(2026, 8, 17), "week 24"),
    ]


def test_a_baseline_chosen_a_few_days_late_is_due_today_and_weeks_late_not_at_all() -> None:
    assert days(Template.BASELINE, FIRST + timedelta(days=3)) == [
        (FIRST + timedelta(days=3), "baseline")
    ]
    assert days(Template.BASELINE, FIRST + timedelta(days=8)) == []
    assert days(Template.STUDY, FIRST + timedelta(weeks=13)) == [(date(2026, 8, 17), "week 24")]


def test_every_n_weeks_runs_for_24_weeks_and_refuses_a_bad_number() -> None:
    found = days(Template.EVERY_WEEKS, FIRST, every_weeks=4)
    assert [why for _on, why in found] == [f"week {w}" for w in (4, 8, 12, 16, 20, 24)]
    for bad in (0, 13, "x", None, "2.5"):
        with pytest.raises(InvalidInput) as refused:
            days(Template.EVERY_WEEKS, FIRST, every_weeks=bad)
        assert refused.value.field == "every_weeks"


def test_before_visits_is_the_day_before_each_visit_still_to_come() -> None:
    visits = [date(2026, 3, 20), date(2026, 3, 10), date(2026, 3, 10), date(2026, 3, 3)]
    found = days(Template.BEFORE_VISITS, date(2026, 3, 5), visits=visits)
    assert found == [(date(2026, 3, 9), "visit"), (date(2026, 3, 19), "visit")]


@pytest.mark.parametrize(
    ("state", "event", "then"),
    [
        (State.SCHEDULED, Event.SEND, State.SENT),
        (State.SCHEDULED, Event.OPEN, State.OPENED),  # a QR code shown in the clinic
        (State.SENT, Event.OPEN, State.OPENED),
        (State.OPENED, Event.SAVE_PART, State.PARTLY),
        (State.PARTLY, Event.OPEN, State.PARTLY),  # opening again does not go back
        (State.PARTLY, Event.COMPLETE, State.COMPLETED),
        (State.SENT, Event.COMPLETE, State.COMPLETED),
        (State.SENT, Event.EXPIRE, State.EXPIRED),
        (State.PARTLY, Event.EXPIRE, State.EXPIRED),
    ],
)
def test_the_state_moves_one_way(state: State, event: Event, then: State) -> None:
    assert after(state, event) is then


@pytest.mark.parametrize("final", [State.COMPLETED, State.EXPIRED])
@pytest.mark.parametrize("event", list(Event))
def test_nothing_happens_to_a_finished_questionnaire(final: State, event: Event) -> None:
    with pytest.raises(ValueError):
        after(final, event)


def test_a_questionnaire_is_sent_once() -> None:
    with pytest.raises(ValueError):
        after(State.OPENED, Event.SEND)


def test_reminders_come_on_the_product_default_days_and_then_stop() -> None:
    sent = datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert REMINDER_DAYS == (3, 7)
    assert not reminder_due(sent, 0, sent + timedelta(days=2, hours=23))
    assert reminder_due(sent, 0, sent + timedelta(days=3))
    assert not reminder_due(sent, 1, sent + timedelta(days=6))
    assert reminder_due(sent, 1, sent + timedelta(days=7))
    assert not reminder_due(sent, 2, sent + timedelta(days=30))
