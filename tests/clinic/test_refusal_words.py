"""Refusals of a choice say what to choose in words, not the list's internal codes."""

from __future__ import annotations

import pytest

from backrub.errors import InvalidInput
from backrub.i18n import use_language
from backrub.web.wording import for_people
from tests.clinic.conftest import People, as_, form

pytestmark = pytest.mark.postgres


def test_an_invitation_without_a_role_asks_whom_you_invite(people: People):
    admin = as_(people, "a.admin")
    refused = form(admin, "/clinic/invite", {"email": "x@y.org", "name": "X"})
    assert refused.status_code == 422
    assert "Choose whether you invite a therapist, a client or an administrator." in refused.text
    assert "Choose one of" not in refused.text
    therapist = as_(people, "a.therapist1")
    data = {"role": "admin", "email": "x@y.org", "name": "X"}
    refused = form(therapist, "/clinic/invite", data)  # a changed form: clients only
    assert refused.status_code == 422 and "Invitation ready" not in refused.text


def test_a_session_without_a_known_technique_asks_for_the_technique(people: People):
    therapist = as_(people, "a.therapist1")
    path = f"/clinic/clients/{people['a.client1'].public_id}/sessions/new"
    refused = form(therapist, path, {"technique": "x", "minutes": "60"})
    assert refused.status_code in (400, 422)
    assert "Choose the technique." in refused.text
    assert "relaxation, structural" not in refused.text


def test_other_lists_still_name_their_choices() -> None:
    with use_language("en"):
        tool = InvalidInput("tool", "x", "choose one of: tennis_ball, foam_roller")
        assert for_people(tool) == "Choose one of: tennis ball, foam roller."
        technique = InvalidInput("technique", "x", "choose one of: relaxation, structural")
        assert for_people(technique) == "Choose the technique."
