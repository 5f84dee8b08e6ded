"""A clinic server with records in it, for the isolation tests (issue 13).

``build_world(url)`` seeds the two clinics of ``conftest.seed`` and gives
a.client2 (same clinic, another therapist's) and b.client1 (another clinic)
one of each record: a screening, a check-in, a self-massage, a professional
session, a questionnaire response and a body-map mark, each with a note text
that appears nowhere else. Clinic b also has a used and an expired invitation.

``dump(store)`` is every table (but the audit log, which grows on reads by
design, and a session's last-seen time) as sets of rows, to compare before and
after a request: "nothing changed" means equal dumps.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyotp
from sqlalchemy import select

from backrub.domain.accounts import Account
from backrub.services import clinic_sessions
from backrub.store import Store, tables
from backrub.store.clinic_tables import accounts, invitations
from backrub.store.scope import all_clinics
from backrub.web import WebSettings, create_app
from tests.clinic.conftest import People, TestClient, seed
from tests.web.conftest import API, BASE, NOW, fixed_clock

CSRF = "m" * 43  # a well-formed double-submit token: the cookie and the form carry it

# Record kinds as the correction routes name them, and how each is made through the API.
KINDS: dict[str, tuple[str, dict[str, Any]]] = {
    "checkin": ("/api/checkins", {"pain": 4, "note": "{note}"}),
    "self": (
        "/api/sessions/self",
        {"tool": "foam_roller", "zones": "glutes_left:60", "note": "{note}"},
    ),
    "pro": (
        "/api/sessions/pro",
        {"technique": "structural", "minutes": 50, "subjective": "{note}", "therapist": "{note}"},
    ),
    "response": ("/api/responses", {"instrument": "rmdq", "answers": "1,1" + ",0" * 22}),
    "mark": ("/api/body-map", {"where": "thigh_back_right:5"}),
}
HISTORY_KEYS = {
    "checkin": "checkins",
    "self": "self_sessions",
    "pro": "pro_sessions",
    "response": "responses",
    "mark": "pain_spots",
}
HOLDERS = ("a.client2", "b.client1")  # whose records the others ask for


@dataclass
class World:
    people: People
    records: dict[tuple[str, str], int] = field(default_factory=dict)  # (holder, kind) -> id
    notes: dict[str, list[str]] = field(default_factory=dict)  # holder -> seeded texts
    tokens: dict[str, str] = field(default_factory=dict)  # "used"/"expired" -> invitation

    @property
    def store(self) -> Store:
        return self.people.store

    def texts_of(self, name: str) -> list[str]:
        """Return what would show that ``name``'s data leaked: name, e-mail, notes."""
        account = self.people[name]
        return [account.display_name, account.email, *self.notes.get(name, [])]

    def client(self, name: str | None, *, complete: bool = True) -> TestClient:
        """A fresh browser, signed in as ``name`` (or nobody), with a known CSRF token."""
        browser = TestClient(self.people.app, base_url=BASE, follow_redirects=False)
        browser.cookies.set("backrub_csrf", CSRF)
        if name is not None:
            token = clinic_sessions.start(
                self.store, self.people[name], NOW, address="testclient", complete=complete
            )
            browser.cookies.set("backrub_session", token)
        return browser


def note_for(holder: str, kind: str) -> str:
    return f"Seeded-{kind}-note-of-{holder.replace('.', '-')}"


def _seed_records(world: World, holder: str) -> None:
    from backrub.domain.screening import NO_TO_ALL

    browser = world.client(holder)
    made = browser.post("/api/screening", json={"answers": dict(NO_TO_ALL)}, headers=API)
    assert made.status_code == 201, made.text
    for kind, (path, template) in KINDS.items():
        note = note_for(holder, kind)
        body = {k: (note if v == "{note}" else v) for k, v in template.items()}
        made = browser.post(path, json=body, headers=API)
        assert made.status_code == 201, (path, made.text)
        if "{note}" in template.values():
            world.notes.setdefault(holder, []).append(note)
    history = browser.get("/api/history").json()
    for kind, key in HISTORY_KEYS.items():
        (record,) = history[key]
        world.records[holder, kind] = int(record["id"])


def _seed_invitations(world: World) -> None:
    admin = world.people["b.admin"]
    for state, expires, used in (
        ("used", NOW + timedelta(days=3), NOW - timedelta(days=1)),
        ("expired", NOW - timedelta(hours=1), None),
    ):
        token = secrets.token_urlsafe(32)
        world.tokens[state] = token
        with world.store.writing() as c:
            c.execute(
                invitations.insert().values(
                    token_hash=hashlib.sha256(token.encode()).hexdigest(),
                    clinic_id=admin.clinic_id,
                    role="client",
                    email=f"invited-{state}@b.example",
                    display_name=f"Invited {state.capitalize()} B",
                    invited_by=admin.id,
                    therapist_id=world.people["b.therapist1"].id,
                    created_at=NOW - timedelta(days=4),
                    expires_at=expires,
                    used_at=used,
                )
            )


def build_world(url: str) -> World:
    app = create_app(WebSettings(db=url, clinic=True), clock=fixed_clock)
    people = seed(app.state.backend.store)
    people.app = app
    world = World(people)
    with people.store.writing() as c:  # a.therapist2 signs in with a code from an app
        c.execute(
            accounts.update()
            .where(accounts.c.id == people["a.therapist2"].id)
            .values(totp_secret=pyotp.random_base32())
        )
    try:
        for holder in HOLDERS:
            _seed_records(world, holder)
        _seed_invitations(world)
    except BaseException:
        people.store.close()
        raise
    return world


# -- what the database holds -------------------------------------------------------------

IGNORED = {"audit_log": None, "web_sessions": {"last_seen_at"}}


def dump(store: Store) -> dict[str, set[tuple[tuple[str, Any], ...]]]:
    """Return every row of every table (see ``IGNORED``) as sets of (column, value) pairs."""
    import backrub.store.clinic_tables  # noqa: F401  (its tables join the metadata)

    found: dict[str, set[tuple[tuple[str, Any], ...]]] = {}
    with all_clinics(), store.reading() as c:
        for table in tables.metadata.sorted_tables:
            if table.name in IGNORED and IGNORED[table.name] is None:
                continue
            skip = IGNORED.get(table.name) or set()
            rows = c.execute(select(table)).mappings().all()
            found[table.name] = {
                tuple((k, v) for k, v in row.items() if k not in skip) for row in rows
            }
    return found


Change = tuple[str, str, tuple[tuple[str, Any], ...]]  # table, "added"/"removed", row


def changes(before: dict[str, set[Any]], after: dict[str, set[Any]]) -> list[Change]:
    """Return the rows added or removed, table by table."""
    found: list[Change] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, set()), after.get(name, set())
        found += [(name, "removed", row) for row in old - new]
        found += [(name, "added", row) for row in new - old]
    return found


def worded(found: list[Change]) -> str:
    return "; ".join(f"{table}: {how} {dict(row)}" for table, how, row in found)


def tied_to(row: tuple[tuple[str, Any], ...], table: str, accounts: list[Account]) -> bool:
    """Return whether ``row`` of ``table`` belongs to one of ``accounts`` (or their clinic's).

    Clinic-wide rows (invitations, assignments) count for a clinic only when every
    account of that clinic is in ``accounts``; the caller passes whole clinics then.
    """
    values = dict(row)
    ids = {a.id for a in accounts}
    profiles = {a.profile_id for a in accounts if a.profile_id is not None}
    if table == "accounts":
        return values["id"] in ids
    if table == "profiles":
        return values["id"] in profiles
    if table == "web_sessions":
        return values["account_id"] in ids
    if "profile_id" in values:
        return values["profile_id"] in profiles
    people = ("therapist_id", "client_id", "invited_by")
    return any(values.get(column) in ids for column in people)
