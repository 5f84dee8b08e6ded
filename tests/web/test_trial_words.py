"""The plan page's "Before you start" after clinical review 8 (S3, M7, M8): the cauda
equina signs go to the emergency department now, with the person's number, before any
"answer the questions again"; pausing is low-risk, not safe; extra pain relief is a change."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from backrub import services
from backrub.store import Store
from tests.web.conftest import NOW, post_form, screen_clear, soup


def _planned(client: TestClient, store: Store) -> list[str]:
    screen_clear(client)
    profile = store.profiles()[0]
    for n in range(20, 0, -1):
        at = NOW - timedelta(days=n)
        services.record_checkin(store, profile, now=NOW, pain=3 + n % 4, at=at.isoformat())
    planned = post_form(client, "/trial/plan", {"seed": "9"})
    assert planned.status_code == 200, planned.text
    points = soup(planned).select("#before-h ~ ul li")
    return [" ".join(li.text.split()) for li in points]


def test_cauda_equina_signs_send_the_person_to_emergency_care_now(
    client: TestClient, web_store: Store
) -> None:
    points = _planned(client, web_store)
    urgent = next(p for p in points if "bladder or bowel control" in p)
    for sign in ("back passage", "leg weakness that is new or getting worse", "both legs"):
        assert sign in urgent
    now = urgent.index("go to an emergency department now")
    assert now < urgent.index("answer the safety questions again today")
    assert "do not answer the questions first" in urgent
    assert "emergency number" in urgent[now:]  # the number, or examples of it, is named
    assert not any("stop and answer the safety questions" in p for p in points)


def test_pausing_is_low_risk_and_extra_pain_relief_is_recorded(
    client: TestClient, web_store: Store
) -> None:
    points = _planned(client, web_store)
    assert any(p.startswith("All massage for your back pain pauses") for p in points)
    pausing = next(p for p in points if p.startswith("Pausing is low-risk"))
    assert "clinical judgement, not a study" in pausing and "Pausing is safe" not in pausing
    flare = next(p for p in points if "flares" in p)
    assert "more of it than usual, record that as a change" in flare
