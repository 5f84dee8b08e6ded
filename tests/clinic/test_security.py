"""The clinic server's defences (issue 13): sessions, CSRF, removal, deletion.

- session fixation: a session cookie the browser had before signing in is not
  the one after, and never opens the new account;
- CSRF on every form and API write (generated from the route table): no token
  (or no API header) -> 403 and nothing written;
- the session cookie's flags; signing out ends the session on the server;
- login throttling, invitation reuse and expiry, a removed therapist and a
  deleted client, once the branches that add them are here.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from backrub.store.clinic_tables import accounts, invitations, web_sessions
from tests.clinic.conftest import PASSWORD, People, TestClient, app_database, as_, browser, form
from tests.clinic.test_authorisation_matrix import (
    ADMIN,
    CLIENT,
    PENDING,
    PUBLIC,
    SIGNED,
    STAFF,
    THERAPIST,
    audience_of,
    route_table,
)
from tests.clinic.world import CSRF, World, build_world, changes, dump, tied_to, worded
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

SESSION = "backrub_session"


def set_cookie(response: Any, name: str) -> str | None:
    """Return the value ``response`` sets for cookie ``name`` (None: not set)."""
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";")[0].strip().strip('"') or None
    return None


def cookie_header(response: Any, name: str) -> str:
    found = [h for h in response.headers.get_list("set-cookie") if h.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


def reopen(people: People, token: str, path: str = "/progress") -> Any:
    """Return what a browser holding only session ``token`` gets at ``path``."""
    other = browser(people)
    other.cookies.set(SESSION, token)
    return other.get(path)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return form(client, "/sign-in", {"email": email, "password": password})


# -- session fixation -------------------------------------------------------------------


def test_a_planted_random_token_is_replaced_at_sign_in_and_opens_nothing(people: People):
    planted = secrets.token_urlsafe(32)
    victim = browser(people)
    victim.cookies.set(SESSION, planted)
    signed = sign_in(victim, "client1@a.example")
    assert signed.status_code == 303
    issued = set_cookie(signed, SESSION)
    assert issued and issued != planted
    assert reopen(people, planted).status_code == 303  # to the sign-in page
    assert "Client1 A" in reopen(people, issued, "/").text


def test_an_attackers_own_session_planted_in_a_browser_never_becomes_the_victims(
    people: People,
):
    attacker = as_(people, "a.client2")
    planted = attacker.cookies.get(SESSION)
    assert planted
    victim = browser(people)
    victim.cookies.set(SESSION, planted)
    signed = sign_in(victim, "client1@a.example")
    issued = set_cookie(signed, SESSION)
    assert issued and issued != planted
    page = reopen(people, planted, "/")
    assert "Client1 A" not in page.text  # the attacker's token does not open the victim's
    with people.store.reading() as c:
        hashes = set(c.execute(select(web_sessions.c.token_hash)).scalars())
    assert hashlib.sha256(issued.encode()).hexdigest() in hashes
    assert issued not in hashes  # only the hash is kept


# -- cookies and signing out ------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "secure"), [("https://localhost", True), ("http://localhost", False)]
)
def test_the_session_cookie_is_httponly_lax_and_secure_under_https(
    people: People, base: str, secure: bool
):
    client = TestClient(people.app, base_url=base, follow_redirects=False)
    client.get("/sign-in")
    before = client.cookies.get("backrub_csrf")
    signed = sign_in(client, "therapist1@a.example")
    assert signed.status_code == 303
    flags = {part.strip().lower() for part in cookie_header(signed, SESSION).split(";")}
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert ("secure" in flags) is secure
    if later("backrub.web.security", "renew_csrf") is not None:  # the auth branch
        csrf = {part.strip().lower() for part in cookie_header(signed, "backrub_csrf").split(";")}
        assert {"httponly", "samesite=strict"} <= csrf and ("secure" in csrf) is secure
        assert set_cookie(signed, "backrub_csrf") != before  # a new token at sign-in


def test_signing_out_ends_the_session_on_the_server(people: People):
    client = as_(people, "a.client1")
    token = client.cookies.get(SESSION)
    assert token and client.get("/progress").status_code == 200
    out = form(client, "/sign-out", {})
    assert out.status_code == 303 and out.headers["location"] == "/sign-in"
    replay = reopen(people, token)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/sign-in")
    with people.store.reading() as c:
        left = c.execute(
            select(web_sessions).where(web_sessions.c.account_id == people["a.client1"].id)
        )
        assert left.first() is None


# -- CSRF on every write ----------------------------------------------------------------

WRITES = ("POST", "PATCH", "PUT", "DELETE")
# Who may use a route of each audience, so that without the check the write would happen.
WRITER = {
    PUBLIC: "a.client1",
    CLIENT: "a.client2",  # a holder of seeded records: they edit their own
    SIGNED: "a.client1",
    STAFF: "a.therapist1",
    THERAPIST: "a.therapist1",
    ADMIN: "a.admin",
}
NOBODY_WRITES = ("/sign-in", "/invitations/{token}")


def csrf_cases() -> Iterator[Any]:
    for path, methods in sorted(route_table().items()):
        for method in sorted(methods & set(WRITES)):
            yield pytest.param(path, method, id=f"{method} {path}")


@pytest.fixture(scope="module")
def world(postgres_url: str) -> Iterator[World]:
    built = build_world(app_database(postgres_url))
    yield built
    built.store.close()


def own_path(world: World, path: str) -> str:
    """Fill ``path`` with the writer's OWN objects: the write would be allowed."""
    kind = {
        "/api/checkins/": "checkin",
        "/api/sessions/pro/": "pro",
        "/api/sessions/self/": "self",
        "/api/responses/": "response",
        "/api/body-map/": "mark",
    }
    found = next((k for start, k in kind.items() if path.startswith(start)), "checkin")
    filled = path.replace("{kind}", found)
    filled = filled.replace("{record_id}", str(world.records["a.client2", found]))
    own_client = "a.client1" if audience_of(path) == THERAPIST else "a.client3"
    filled = filled.replace("{public_id}", world.people[own_client].public_id)
    filled = filled.replace("{token}", fresh_invitation(world))
    filled = filled.replace("{instrument_id}", "rmdq")
    if "{session_id}" in filled:  # a session note the therapist wrote for their client
        filled = filled.replace("{session_id}", own_note(world, "a.therapist1", own_client))
    assert "{" not in filled, f"add a filler for {path} to own_path()"
    return filled


def own_note(world: World, therapist: str, client: str) -> str:
    """Return the public id of a session ``therapist`` writes now for ``client``."""
    from sqlalchemy import select

    from backrub.services import client_record
    from backrub.store.tables import pro_sessions

    people = world.people
    record = client_record.client_of(world.store, people[therapist], people[client].public_id)
    made = client_record.write_session(
        world.store, people[therapist], record, now=NOW, technique="relaxation", duration_min=30
    )
    with world.store.reading() as c:
        query = select(pro_sessions.c.public_id).where(pro_sessions.c.id == made.id)
        return str(c.execute(query).scalar_one())


def fresh_invitation(world: World) -> str:
    token = secrets.token_urlsafe(32)
    admin = world.people["a.admin"]
    with world.store.writing() as c:
        c.execute(
            invitations.insert().values(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                clinic_id=admin.clinic_id,
                role="client",
                email=f"new-{secrets.token_hex(4)}@a.example",
                display_name="Someone Invited",
                invited_by=admin.id,
                created_at=NOW,
                expires_at=NOW + timedelta(days=3),
            )
        )
    return token


@pytest.mark.parametrize(("path", "method"), list(csrf_cases()))
def test_every_write_without_its_token_is_refused_and_writes_nothing(
    world: World, path: str, method: str
):
    audience = audience_of(path)
    if audience == PENDING:
        pytest.skip("the second-factor step: tested with a real code in the auth tests")
    if audience not in WRITER:
        pytest.skip(f"{path} answers no one on the clinic server (404 before any form)")
    writer = None if path in NOBODY_WRITES else WRITER[audience]
    client = world.client(writer)
    target = own_path(world, path)
    before = dump(world.store)
    if path.startswith("/api"):  # the API's guard: the X-Backrub-Client header
        body = None if method == "DELETE" else {"pain": 1}
        answer = client.request(method, target, json=body)
    else:  # a form, with the CSRF cookie but no token in it
        fields = {"pain": "1", "email": "client1@a.example", "password": PASSWORD}
        answer = client.request(method, target, data=fields)
    assert answer.status_code == 403, f"{method} {path} as {writer}: {answer.status_code}"
    wrote = changes(before, dump(world.store))
    assert not wrote, f"{method} {path}: wrote {worded(wrote)}"


def test_a_wrong_token_is_refused_too(world: World):
    client = world.client("a.client2")
    assert client.cookies.get("backrub_csrf") == CSRF
    before = dump(world.store)
    answer = client.post("/checkins", data={"csrf_token": "x" * 43, "pain": "1"})
    assert answer.status_code == 403
    assert not changes(before, dump(world.store))


# -- removal ----------------------------------------------------------------------------


def remove(people: People, name: str) -> None:
    """Remove a therapist: the people branch's service when it is here, else the flag."""
    remove_staff = later("backrub.services.people", "remove_staff")
    if remove_staff is None:
        with people.store.writing() as c:
            c.execute(
                accounts.update().where(accounts.c.id == people[name].id).values(active=False)
            )
        return
    remove_staff(people.store, people["a.admin"], people[name], NOW)


def later(module: str, name: str) -> Any:
    """Return ``module.name`` when another branch of issue 13 has added it, else None."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def test_a_removed_therapist_loses_access_at_once(people: People):
    therapist = as_(people, "a.therapist1")
    assert therapist.get("/clinic").status_code == 200
    remove(people, "a.therapist1")
    page = therapist.get("/clinic")
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    again = sign_in(browser(people), "therapist1@a.example")
    assert again.status_code in (401, 429) and set_cookie(again, SESSION) is None


# -- another person named in a form field, on one's own object ---------------------------

# (writer, path with the writer's own object, field -> the person named there)
BODY_OBJECTS = [
    ("a.admin", "/clinic/people/{a.client3}/assign", {"therapist": "b.therapist1"}),
    ("a.admin", "/clinic/people/{a.client1}/unassign", {"therapist": "b.therapist1"}),
    ("a.admin", "/clinic/invite", {"role": "client", "therapist": "b.therapist1"}),
    ("a.therapist1", "/clinic/invite", {"role": "client", "therapist": "a.therapist2"}),
    ("a.therapist1", "/clinic/invite", {"role": "therapist"}),  # a therapist invites clients
]


@pytest.mark.parametrize(
    ("writer", "path", "named"),
    [pytest.param(*c, id=f"{c[0]} {c[1]} {c[2]}") for c in BODY_OBJECTS],
)
def test_a_form_naming_someone_outside_ones_reach_changes_nothing_of_theirs(
    world: World, writer: str, path: str, named: dict[str, str]
):
    route = path.replace("{a.client3}", "{public_id}").replace("{a.client1}", "{public_id}")
    if route not in route_table():
        pytest.skip(f"{route} is not on this branch yet (the URL contract of issue 13)")
    for name in ("a.client1", "a.client3"):
        path = path.replace("{" + name + "}", world.people[name].public_id)
    fields = {k: world.people[v].public_id if "." in v else v for k, v in named.items()}
    fields |= {"csrf_token": CSRF, "email": "someone-new@a.example", "name": "Someone New"}
    fields["display_name"] = "Someone New"
    client = world.client(writer)
    before = dump(world.store)
    answer = client.post(path, data=fields)
    assert answer.status_code < 500
    wrote = changes(before, dump(world.store))
    named_people = [world.people[v] for v in named.values() if "." in v]
    theirs = [c for c in wrote if tied_to(c[2], c[0], named_people)]
    assert not theirs, f"{writer} {path}: {answer.status_code}, wrote {worded(theirs)}"
    if writer.split(".")[1].startswith("therapist"):  # a therapist invites clients only
        staff = [c for c in wrote if c[0] == "invitations" and dict(c[2])["role"] != "client"]
        assert not staff, f"{writer} invited staff: {worded(staff)}"
