"""The authorisation matrix (issue 13): every route x every role x someone else's object.

The cases are generated from the route table (the local app's routers and the
clinic's, as ``create_app`` includes them), so a route added later is in the
matrix at once, and FAILS until ``AUDIENCE`` says who the route is for (the
parameters it takes must have a filler in ``fill``). The routes of the issue's
URL contract that a branch does not have yet are skipped with that reason.

For every case, a.client1, a.therapist1 or a.admin (or nobody, or a.admin
half-signed-in: second factor pending) asks for an object of ANOTHER client,
therapist or clinic: a path parameter, and the same public id in the query and
in any form or JSON field that could name a person. The answer:

- nobody, or a session whose second factor is pending (a code to give, or an
  administrator's to set up): 303 to the sign-in page or the step still to do
  (pages) or 401 (the API), unless the route is public or that step;
- anyone else, when the object is someone else's or the route is not for them:
  404, the same page as a missing one (405 for a method the route lacks);
- in every case no other person's name, e-mail or note text in the answer, and
  for a write, nothing in the database changed (the route's own audience writing
  on their own record may change their own rows, never another person's).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from backrub.store.scope import all_clinics
from backrub.web.clinic.routes import ROUTERS as CLINIC_ROUTERS
from backrub.web.clinic.who import CLIENT_DENIED
from backrub.web.routes import ROUTERS as LOCAL_ROUTERS
from tests.clinic.conftest import TestClient, app_database
from tests.clinic.world import (
    CSRF,
    HOLDERS,
    KINDS,
    Change,
    World,
    build_world,
    changes,
    dump,
    tied_to,
    worded,
)
from tests.web.conftest import API

pytestmark = pytest.mark.postgres

# Not routes of ours to check: the files, the health probe and the API's description.
NOT_CHECKED = {
    "/static": "static files: the same for everyone, no records",
    "/healthz": "the load balancer's probe: 'ok' for anyone, no records",
    "/api/openapi.json": "the API's description: the same for everyone, no records",
}

PUBLIC = "anyone"  # nobody signed in too
CLIENT = "client"  # the local app's journeys: a signed-in client on their own record
SIGNED = "signed"  # any complete session (the evidence, the rules, the account pages)
STAFF = "staff"  # administrators and therapists
ADMIN = "admin"
THERAPIST = "therapist"
PENDING = "pending"  # the second-factor step: a session whose password was right
NO_ONE = "no one"  # local pages the clinic server does not have (``who.CLIENT_DENIED``)

_LOCAL_SIGNED = ("/evidence", "/evidence/{entry_id}", "/api/evidence", "/api/evidence/{entry_id}")
_LOCAL_SIGNED += ("/api/rules",)

# Who each route is for. A route missing here fails the matrix: add it, with its audience.
AUDIENCE: dict[str, str] = {
    "/language": PUBLIC,
    "/sign-in": PUBLIC,
    "/sign-out": PUBLIC,
    "/sign-in/code": PENDING,
    "/invitations/{token}": PUBLIC,
    "/follow-up/{token}": PUBLIC,  # a follow-up link: the token is all its holder has
    "/clinic/follow-up": THERAPIST,
    "/clinic/clients/{public_id}/follow-up": THERAPIST,
    "/clinic/clients/{public_id}/follow-up/link": THERAPIST,
    # the assigned therapist; an administrator for a client nobody is assigned to
    "/clinic/clients/{public_id}/follow-up/contacted": STAFF,
    "/clinic": STAFF,
    "/clinic/people": ADMIN,
    "/clinic/people/{public_id}": ADMIN,
    "/clinic/people/{public_id}/assign": ADMIN,
    "/clinic/people/{public_id}/unassign": ADMIN,
    "/clinic/people/{public_id}/remove": ADMIN,
    "/clinic/people/{public_id}/delete": ADMIN,
    "/clinic/people/{public_id}/password-link": ADMIN,
    "/clinic/people/{public_id}/reset-codes": ADMIN,
    "/clinic/clients/{public_id}/password-link": THERAPIST,
    "/clinic/invitations/withdraw": ADMIN,
    "/clinic/invite": STAFF,
    "/clinic/clients": THERAPIST,
    "/clinic/clients/{public_id}": THERAPIST,
    "/clinic/clients/{public_id}/sessions/new": THERAPIST,
    "/clinic/clients/{public_id}/sessions/{session_id}/addenda": THERAPIST,
    "/clinic/clients/{public_id}/contacted": THERAPIST,
    "/clinic/clients/{public_id}/clearances/acknowledge": THERAPIST,
    "/clinic/clients/{public_id}/report": THERAPIST,
    "/clinic/clients/{public_id}/report/download": THERAPIST,
    "/clinic/audit": ADMIN,
    "/clinic/audit/download": ADMIN,
    "/clinic/cohort": STAFF,
    "/clinic/cohort/csv": STAFF,
    "/clinic/cohort/pdf": STAFF,
    "/clinic/cohort/fhir": ADMIN,
    "/account": SIGNED,
    "/account/password": SIGNED,
    "/account/sign-out-everywhere": SIGNED,
    "/account/second-factor": SIGNED,
    "/account/second-factor/remove": SIGNED,
    "/account/access": CLIENT,
    **dict.fromkeys(_LOCAL_SIGNED, SIGNED),
    **dict.fromkeys(CLIENT_DENIED, NO_ONE),
}

# The issue's URL contract: routes other helpers are adding (method guesses: GET and POST).
CONTRACT = (
    "/sign-in/code",
    "/account",
    "/account/second-factor",
    "/account/access",
    "/invitations/{token}",
    "/clinic/people",
    "/clinic/people/{public_id}",
    "/clinic/invite",
    "/clinic/clients",
    "/clinic/clients/{public_id}",
    "/clinic/clients/{public_id}/sessions/new",
    "/clinic/clients/{public_id}/report",
    "/clinic/clients/{public_id}/report/download",
    "/clinic/audit",
)

ROLES = {  # role -> who plays it (complete session?)
    "nobody": (None, True),
    "pending": ("a.therapist2", False),  # password right, the code of their app to come
    "enrolling": ("a.admin", False),  # password right, an administrator's code to set up
    "client": ("a.client1", True),
    "therapist": ("a.therapist1", True),
    "admin": ("a.admin", True),
}
HALF_WAY = ("nobody", "pending", "enrolling")  # not signed in (yet)

# Whose data each role must never see or change (the role's own clinic, for admins, is theirs).
_CLINIC_B = ("b.admin", "b.therapist1", "b.therapist2", "b.client1", "b.client2", "b.client3")
VICTIMS = {
    "nobody": ("a.client1", "a.client2", "a.client3", *_CLINIC_B),
    "pending": ("a.client1", "a.client2", "a.client3", *_CLINIC_B),
    "enrolling": ("a.client1", "a.client2", "a.client3", *_CLINIC_B),
    "client": ("a.client2", "a.client3", *_CLINIC_B),
    "therapist": ("a.client2", "a.client3", *_CLINIC_B),
    "admin": _CLINIC_B,
}
# Persons whose public id is put where a route takes one, per role.
PERSONS = {
    "admin": ("b.client1", "b.therapist1", "b.admin"),
    "therapist": ("a.client2", "a.client3", "b.client1", "a.therapist2", "b.therapist1"),
    "client": ("a.client2", "a.client3", "b.client1", "a.therapist1", "b.therapist1"),
}
PERSONS["nobody"] = PERSONS["pending"] = PERSONS["enrolling"] = ("a.client2", "b.client1")


@cache
def route_table() -> dict[str, set[str]]:
    """Return path -> methods of every API route the clinic server includes."""
    found: dict[str, set[str]] = {}
    for router in [*LOCAL_ROUTERS, *CLINIC_ROUTERS]:
        for context in iter_route_contexts(router.routes):
            route = context.original_route
            if isinstance(route, APIRoute):
                found.setdefault(route.path, set()).update(route.methods - {"HEAD"})
    return found


@dataclass(frozen=True)
class Case:
    path: str
    method: str
    role: str
    target: str  # "a.client2:checkin", "b.client1", "used", or "-" (no path parameter)

    def __str__(self) -> str:
        return f"{self.method} {self.path} as {self.role}, object {self.target}"


def targets(path: str, role: str) -> list[str]:
    """Return the other people's objects to put in ``path``'s parameters for ``role``."""
    if "{record_id}" in path:
        kinds = [k for k in KINDS if path.startswith("/api") and _api_kind(path) == k]
        kinds = kinds or list(KINDS)
        return [f"{holder}:{kind}" for holder in HOLDERS for kind in kinds]
    if "{public_id}" in path:
        return list(PERSONS[role])
    if "{token}" in path:
        return ["used", "expired"]
    # No person in the path: the public ids go in the query and the form instead.
    return list(PERSONS[role][:2]) if role in ("admin", "therapist") else [PERSONS[role][0]]


_API_KINDS = {
    "/api/checkins/": "checkin",
    "/api/sessions/pro/": "pro",
    "/api/sessions/self/": "self",
    "/api/responses/": "response",
    "/api/body-map/": "mark",
}


def _api_kind(path: str) -> str | None:
    return next((kind for start, kind in _API_KINDS.items() if path.startswith(start)), None)


def all_cases() -> Iterator[Any]:
    table = route_table()
    paths = sorted(set(table) | set(CONTRACT))
    for path in paths:
        methods = sorted(table.get(path, {"GET", "POST"}))
        for method in methods:
            for role in ROLES:
                for target in targets(path, role):
                    case = Case(path, method, role, target)
                    yield pytest.param(case, id=str(case))


@pytest.fixture(scope="module")
def world(postgres_url: str) -> Iterator[World]:
    built = build_world(app_database(postgres_url))
    yield built
    built.store.close()


def fill(world: World, case: Case) -> str:
    """Return the case's path with each parameter filled with the case's object."""
    path = case.path
    if "{record_id}" in path:
        holder, kind = case.target.split(":")
        path = path.replace("{kind}", kind)
        path = path.replace("{record_id}", str(world.records[holder, kind]))
    if "{public_id}" in path:
        path = path.replace("{public_id}", world.people[case.target].public_id)
    if "{token}" in path:
        path = path.replace("{token}", world.tokens[case.target])
    if "{session_id}" in path:  # a professional session of the holder (a.client2's else)
        path = path.replace("{session_id}", _session_ref(world, case.target))
    path = path.replace("{instrument_id}", "rmdq").replace("{entry_id}", "furlan-2015")
    assert "{" not in path, f"{case}: no filler for a parameter of {path}: add one to fill()"
    return path


def _session_ref(world: World, target: str) -> str:
    """Return the public id of a professional session seeded for ``target`` (or a.client2)."""
    from sqlalchemy import select

    from backrub.store.tables import pro_sessions

    holder = target if (target, "pro") in world.records else HOLDERS[0]
    query = select(pro_sessions.c.public_id).where(
        pro_sessions.c.id == world.records[holder, "pro"]
    )
    with all_clinics(), world.store.reading() as c:  # the test's own look-up
        return str(c.execute(query).scalar_one())


def person_of(world: World, case: Case) -> str:
    """Return the public id this case names in the query and the body."""
    name = case.target.split(":")[0]
    if name in world.people.accounts:
        return world.people[name].public_id
    return world.people["b.client1"].public_id


def body_of(world: World, case: Case) -> dict[str, Any]:
    """Return plausible fields for a write: what a form or the API would send."""
    person = person_of(world, case)
    kind = case.target.split(":")[1] if ":" in case.target else "checkin"
    if case.path.startswith("/api"):
        return {
            "checkin": {"pain": 1, "note": "changed by the matrix"},
            "pro": {"minutes": 30},
            "self": {"pain_after": 1},
            "response": {"at": "2026-03-01T08:00"},
            "mark": {"intensity": 2},
        }[kind]
    return {
        "csrf_token": CSRF,
        "pain": "1",
        "note": "changed by the matrix",
        "email": "nobody@nowhere.example",
        "password": "not the password of anyone",
        "code": "000000",
        "display_name": "Someone New",
        "role": "client",
        "confirm": "yes",
        "public_id": person,
        "client": person,
        "therapist": person,
        "account": person,
    } | BODY_EXTRA.get(case.path, {})


# Fields that name another person's object in a route without a path parameter.
BODY_EXTRA = {"/clinic/invitations/withdraw": {"email": "invited-expired@b.example"}}


def send(world: World, browser: TestClient, case: Case) -> Any:
    person = person_of(world, case)
    query = {"client": person, "therapist": person, "public_id": person}
    path = fill(world, case)
    kwargs: dict[str, Any] = {"params": query}
    if case.method in ("POST", "PATCH", "PUT", "DELETE"):
        body = body_of(world, case)
        if case.path.startswith("/api"):
            kwargs["headers"] = API
            if case.method != "DELETE":
                kwargs["json"] = body
        else:
            kwargs["data"] = body
    return browser.request(case.method, path, **kwargs)


def allowed(case: Case) -> bool:
    """Return whether the case's role may use the route at all (on their own things)."""
    audience = audience_of(case.path)
    role = case.role
    if audience == PUBLIC:
        return True
    if audience == PENDING:
        return role == "pending"
    if role == "enrolling":
        return case.path == "/account/second-factor" and case.method in ("GET", "POST")
    if role in HALF_WAY:
        return False
    return {
        CLIENT: role == "client",
        SIGNED: True,
        STAFF: role in ("admin", "therapist"),
        ADMIN: role == "admin",
        THERAPIST: role == "therapist",
        NO_ONE: False,
    }[audience]


def audience_of(path: str) -> str:
    """Return who ``path`` is for; a clinic route must be in ``AUDIENCE``.

    The local app's routes all run ``gate_local`` (a signed-in client on their own
    record), so one not listed is for clients.
    """
    if path in AUDIENCE:
        return AUDIENCE[path]
    assert _is_local(path), (
        f"{path} is not in the authorisation matrix: add it to AUDIENCE in "
        "tests/clinic/test_authorisation_matrix.py (who is it for?)"
    )
    return CLIENT


def others_object(case: Case) -> bool:
    return any(p in case.path for p in ("{record_id}", "{public_id}", "{token}"))


def check_status(case: Case, response: Any) -> None:
    status = response.status_code
    where = response.headers.get("location", "")
    said = f"{case}: answered {status} {where}"
    if status == 405:
        return  # the route lacks the method: nothing was done
    if case.role in HALF_WAY and not allowed(case):
        if case.path.startswith("/api"):
            assert status == 401, said
        else:  # to the sign-in page, or on to the step still to do
            assert status == 303 and where.startswith(NEXT_STEPS[case.role]), said
        return
    if audience_of(case.path) == PENDING and status == 303 and where.startswith("/sign-in"):
        return  # the code step, for someone with no code to give: back to signing in
    if others_object(case) or not allowed(case):
        if case.path == "/" and case.method == "GET" and case.role in ("admin", "therapist"):
            assert status == 303 and where == "/clinic", said
            return
        tokens = (404, 410) if "{token}" in case.path else (404,)
        assert status in tokens, said
        return
    assert status < 500, said


NEXT_STEPS = {
    "nobody": "/sign-in",
    "pending": "/sign-in",  # /sign-in/code too
    "enrolling": ("/sign-in", "/account/second-factor"),
}


def test_every_route_has_an_audience() -> None:
    """A route added later must be placed in the matrix before it can ship."""
    missing = [
        path
        for path in route_table()
        if path not in AUDIENCE and not _is_local(path) and path not in NOT_CHECKED
    ]
    assert not missing, (
        "routes the authorisation matrix does not know: add each to AUDIENCE in "
        f"tests/clinic/test_authorisation_matrix.py (who is it for?): {missing}"
    )


@cache
def _is_local(path: str) -> bool:
    """Return whether ``path`` is one of the local app's routes (behind ``gate_local``)."""
    return any(
        getattr(ctx.original_route, "path", None) == path
        for router in LOCAL_ROUTERS
        for ctx in iter_route_contexts(router.routes)
    )


def test_the_live_app_has_no_route_the_matrix_misses(world: World) -> None:
    """Routes added straight onto the app (not through the routers) are in the matrix too."""
    table = route_table()
    live: dict[str, set[str]] = {}
    for context in iter_route_contexts(world.people.app.routes):
        route = context.original_route
        path = getattr(route, "path", "")
        if path in NOT_CHECKED:
            continue
        methods = (getattr(route, "methods", None) or {"GET"}) - {"HEAD"}
        live.setdefault(path, set()).update(methods)
    missing = {p: m - table.get(p, set()) for p, m in live.items() if m - table.get(p, set())}
    assert not missing, f"routes outside the routers the matrix reads: {missing}"


@pytest.mark.parametrize("case", list(all_cases()))
def test_no_role_reaches_another_persons_object(world: World, case: Case) -> None:
    if case.path not in route_table():
        pytest.skip(f"{case.path} is not on this branch yet (the URL contract of issue 13)")
    actor, complete = ROLES[case.role]
    browser = world.client(actor, complete=complete)
    writes = case.method not in ("GET", "HEAD")
    before = dump(world.store) if writes else {}
    response = send(world, browser, case)
    check_status(case, response)
    seen = response.text + response.headers.get("location", "")
    for victim in VICTIMS[case.role]:
        for text in world.texts_of(victim):
            assert text not in seen, f"{case}: the answer shows {text!r} ({victim}'s)"
    if writes:
        check_writes(world, case, changes(before, dump(world.store)))


def check_writes(world: World, case: Case, wrote: list[Change]) -> None:
    """Nothing written for someone else's object; the audience's own rows at most."""
    if others_object(case) or not allowed(case):
        assert not wrote, f"{case}: wrote {worded(wrote)}"
        return
    victims = [world.people[n] for n in VICTIMS[case.role]]
    theirs = [c for c in wrote if tied_to(c[2], c[0], victims)]
    assert not theirs, f"{case}: changed another person's rows: {worded(theirs)}"
    if case.role in ("client", *HALF_WAY):
        # No clinic-wide rights: every row written is the actor's own (or a failed sign-in).
        actor = ROLES[case.role][0]
        own = [world.people[actor]] if actor else []
        stray = [c for c in wrote if c[0] != "login_failures" and not tied_to(c[2], c[0], own)]
        assert not stray, f"{case}: wrote outside the person's own record: {worded(stray)}"
