"""The sign-in and account pages in the pseudo-locale: every word went through the catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from backrub import i18n
from tests.clinic.auth_support import Town, enrol, sign_in, town_fixture  # noqa: F401
from tests.clinic.conftest import PASSWORD, browser, form
from tests.i18n.english import english_in_html

pytestmark = pytest.mark.postgres

NAMES = {"Admin A", "Client1 A"}  # the people's own names are not translated


@pytest.fixture(autouse=True)
def _pseudo_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.PSEUDO_SWITCH, "1")


def _pseudo(town: Town) -> Any:
    client = browser(town)
    client.headers["Accept-Language"] = i18n.PSEUDO
    return client


def _no_english(*answers: Any) -> None:
    for answer in answers:
        assert answer.status_code < 500 and "⟦" in answer.text
        left = [words for words in english_in_html(answer.text) if words not in NAMES]
        assert left == [], answer.request.url


def test_signing_in_in_another_language(town: Town):
    client = _pseudo(town)
    pages = [client.get("/sign-in"), sign_in(client, "nobody@a.example", "guess")]
    for _ in range(5):
        sign_in(client, "nobody@a.example", "guess")
    pages.append(sign_in(client, "nobody@a.example", "guess"))
    assert pages[-1].status_code == 429
    _no_english(*pages)


def test_the_account_pages_in_another_language(town: Town):
    admin = _pseudo(town)
    sign_in(admin, "admin@a.example")
    pages = [admin.get("/account/second-factor")]
    pages.append(form(admin, "/account/second-factor", {"secret": "A" * 32, "code": "1"}))
    enrol(town, admin)
    pages.append(admin.get("/account?done=second-factor"))
    pages.append(form(admin, "/account/password", {"current": "wrong one", "new": "x"}))
    pages.append(form(admin, "/account/password", {"current": PASSWORD, "new": "x"}))
    phone = _pseudo(town)
    sign_in(phone, "admin@a.example")
    pages += [phone.get("/sign-in/code"), form(phone, "/sign-in/code", {"code": "12"})]
    client = _pseudo(town)
    sign_in(client, "client1@a.example")
    pages += [client.get("/account"), form(client, "/account/second-factor/remove", {})]
    _no_english(*pages)
