"""Time to look again, on the pages: screening again, and a plan that is not helping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from backrub import services
from backrub.domain.screening import NO_TO_ALL
from backrub.store import Store
from backrub.web import WebSettings, create_app
from tests.test_review import EMERGENCY_SIGNS
from tests.web.conftest import BASE, TestClient, post_form, screen_clear, soup


def test_a_check_in_with_new_leg_symptoms_asks_for_screening_again_on_the_today_page(
    client: TestClient,
) -> None:
    screen_clear(client)
    form = soup(client.get("/")).find(id="checkin")
    assert form is not None and form.find("input", {"name": "new_leg_symptoms"}) is not None
    saved = post_form(client, "/checkins", {"pain": "4", "new_leg_symptoms": "yes"})
    assert saved.status_code == 200
    said = " ".join(soup(saved).get_text(" ").split())
    for sign in EMERGENCY_SIGNS:  # the same words as the command line
        assert sign in said, sign
    review = soup(client.get("/")).find(id="review")
    assert review is not None
    assert "new leg symptoms, numbness or weakness" in review.get_text()
    assert review.find("a", href="/welcome#questions") is not None


def test_a_bad_answer_to_new_leg_symptoms_comes_back_next_to_the_field(
    client: TestClient,
) -> None:
    screen_clear(client)
    response = post_form(client, "/checkins", {"pain": "4", "new_leg_symptoms": "maybe"})
    assert response.status_code == 422
    assert soup(response).find(id="f-new_leg_symptoms-error") is not None


def test_four_weeks_without_improvement_say_see_a_clinician_on_today_progress_and_plan(
    db_url: str,
) -> None:
    start = date(2026, 3, 2)
    later = datetime(2026, 4, 13, 20, tzinfo=UTC)
    app = create_app(WebSettings(db=db_url), clock=lambda: later)
    with TestClient(app, base_url=BASE) as client:
        client.get("/welcome")
        backend = app.state.backend
        name = backend.profile_name
        shown = services.current_profile(backend.store, name, create=True, now=later)
        services.saved(backend.store, shown)
        _seed(backend.store, services.current_profile(backend.store, name, create=False), start)
        for path in ("/", "/progress", "/plan"):
            review = soup(client.get(path)).find(id="review")
            assert review is not None, path
            text = " ".join(review.get_text().split())
            assert "has not improved by 2 points" in text, path
            assert "see a doctor, physiotherapist or other clinician" in text


def _seed(store: Store, profile: object, start: date) -> None:
    from backrub.domain.records import Profile

    assert isinstance(profile, Profile)
    screened = services.record_screening
    screened(store, profile, dict(NO_TO_ALL), today=start)
    services.new_plan(
        store, profile, protocol="cherkin-10-weekly", days="mon,thu", today=start, start=None
    )
    for day in (*range(7), *range(36, 43)):  # the first and the last 7 check-in days
        at = datetime.combine(start + timedelta(days=day), datetime.min.time(), UTC)
        services.record_checkin(store, profile, now=at + timedelta(hours=8), pain=6)
