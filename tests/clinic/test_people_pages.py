"""The people and invitation pages: no inline script or style, and every word translated."""

from __future__ import annotations

import re

import pytest

from backrub import i18n
from tests.clinic.conftest import People, as_, browser, form
from tests.i18n.english import english_in_html
from tests.web.conftest import soup

pytestmark = pytest.mark.postgres

PSEUDO = {"Accept-Language": i18n.PSEUDO}


def _pages(people: People, headers: dict[str, str]) -> dict[str, object]:
    """Every page of this area, with a form refused once, as their responses."""
    admin = as_(people, "a.admin")
    admin.headers.update(headers)
    client = people["a.client1"].public_id
    therapist = people["a.therapist1"].public_id
    invited = form(admin, "/clinic/invite", {"role": "client", "email": "n@x.org", "name": "N"})
    link = re.search(r'href="http://localhost(/invitations/[^"]+)"', invited.text)
    assert link
    visitor = browser(people)
    visitor.headers.update(headers)
    me = people["a.admin"].public_id
    return {
        "people": admin.get("/clinic/people"),
        "client": admin.get(f"/clinic/people/{client}"),
        "therapist": admin.get(f"/clinic/people/{therapist}"),
        "delete": admin.get(f"/clinic/people/{client}/delete"),
        "delete refused": form(admin, f"/clinic/people/{client}/delete", {"confirm": "x"}),
        "last admin": form(admin, f"/clinic/people/{me}/remove", {}),
        "invite": admin.get("/clinic/invite"),
        "invite refused": form(admin, "/clinic/invite", {"role": "x", "email": "x", "name": ""}),
        "invited": invited,
        "invitation": visitor.get(link.group(1)),
        "invitation refused": form(visitor, link.group(1), {"password": "x", "again": "y"}),
        "gone": visitor.get("/invitations/nothing"),
        "therapist invites": as_(people, "a.therapist1").get("/clinic/invite", headers=headers),
    }


def test_no_inline_script_or_style_and_the_qr_code_is_a_data_image(people: People):
    for name, answer in _pages(people, {}).items():
        page = soup(answer)
        assert page.find("style") is None, name
        assert page.find(attrs={"style": True}) is None, name
        for script in page.find_all("script"):
            assert script.get("src", "").startswith("/static/"), name
        for img in page.find_all("img"):
            src = img["src"]
            assert src.startswith(("/", "data:image/svg+xml")), name
            assert "script" not in src.lower()
    assert "img-src 'self' data:" in answer.headers["Content-Security-Policy"]


def test_every_word_is_translated(people: People, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(i18n.PSEUDO_SWITCH, "1")
    data = {"n"}  # the people's names and e-mail addresses are theirs, not words to translate
    for account in people.accounts.values():
        said = f"{account.display_name} {account.email}".lower()
        data |= set(re.split(r"[\s@.]+", said)) | set(re.split(r"[\s@.\d]+", said))
    for name, answer in _pages(people, PSEUDO).items():
        english = english_in_html(answer.text)
        left = [p for p in english if not set(re.split(r"[\s@.]+", p.lower())) <= data]
        assert left == [], name
