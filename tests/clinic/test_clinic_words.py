"""Every page and form of the clinic server, as each person who opens it, in plain words.

The pages come from the app's own route table (``app.routes``): a new page is
swept without anyone listing it, and a page whose path has a parameter this
file cannot fill fails, saying where to add it. Each page is opened as a
client, a therapist and an administrator of clinic A (and by nobody signed
in), with its parameters filled from that person's own objects (a therapist's
own client, an administrator's therapist and client, a client's own records),
in the pseudo-locale (``qps``: every translated string wrapped in ⟦…⟧), so:

- English left outside the brackets was never translated (tests/i18n/english.py);
- what a person reads holds no internal id, role code, rule key, ``None``,
  Python repr or traceback (the words of tests/web/test_plain_words.py, and
  the clinic's own: public ids, role codes);
- no inline script or style (the CSP would block it).

Then every form of the clinic's own pages is posted empty and with wrong
values by the person who was shown it: the answer is a 4xx with one line that
names a field in the person's words (its label), never a 500 or a traceback,
in English and with no English left in the pseudo-locale.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyotp
import pytest
from bs4 import BeautifulSoup, Tag

from backrub import i18n
from backrub.domain.instruments import INSTRUMENTS
from backrub.evidence import load_catalogue
from backrub.reports.model import SECTION_TITLES
from backrub.services import accounts as account_services
from backrub.services import clinic_sessions, second_factor
from backrub.store.clinic_tables import login_failures
from backrub.store.scope import all_clinics
from backrub.web import WebSettings, create_app
from backrub.web.clinic.routes import ROUTERS as CLINIC_ROUTERS
from backrub.web.clinic.who import CLIENT_DENIED
from backrub.web.routes import ROUTERS as LOCAL_ROUTERS
from tests.clinic.conftest import People, app_database, as_, browser, form, seed
from tests.i18n.english import english_in_html
from tests.web.conftest import NOW, answers, fixed_clock
from tests.web.test_plain_words import findings, inline_code, seen_text

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.postgres

PSEUDO = {"Accept-Language": i18n.PSEUDO}
ENGLISH = {"Accept-Language": "en"}
# Who opens each page: nobody signed in, each role, a therapist with sign-in codes
# set up, and the same therapist half-way through signing in (password right, the
# code from their app still to come).
WHO = ("nobody", "a.client1", "a.therapist1", "a.admin", "a.therapist2", "a.therapist2 half-way")
INVITED = "Lan Pham"  # the name of someone with a live invitation
# Not pages: the API answers JSON, the rest are files or probes.
NOT_PAGES = re.compile(r"^/(?:api|static)(?:/|$)|^/healthz$")

# ---------------------------------------------------------------- the clinic's own words

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
CLINIC_SLIPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a public id", UUID),
    ("a role code", re.compile(r"(?<![\w@./-])(?:admin|therapist|client)(?![\w@-]|\.\w)")),
    ("a role code", re.compile(r"\bRole\.[A-Z]+|\b(?:ADMIN|THERAPIST|CLIENT)\b")),
    ("None", re.compile(r"\bNone\b")),
    ("a Python repr", re.compile(r"<[\w.]+ object at 0x|\b[A-Z]\w+\((?:id|\w+)=|\{'\w+': ")),
    ("a Python repr", re.compile(r"\bdatetime\.|\bDecimal\(|\[\]|\bTrue\b|\bFalse\b")),
    ("a traceback", re.compile(r"Traceback \(most recent call last\)|File \"/")),
    ("a template slip", re.compile(r"\{\{|\}\}|\{%|%\}|%\(\w+\)s")),
    ("a stage or token word", re.compile(r"\b(?:csrf|token_hash|password_hash|totp)\b")),
)


def slips(html: str, *, pseudo: bool = True) -> list[str]:
    """Return every slip a person would read on ``html``: the local app's words and ours.

    ``pseudo``: the page is in the pseudo-locale, where "client" or "therapist"
    outside the brackets is a code; in English they are words.
    """
    found = findings(html)
    text = re.sub(r"\s+", " ", seen_text(html))
    for what, pattern in CLINIC_SLIPS:
        if what == "a role code" and not pseudo:
            continue
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{what}: {match.group(0)!r} in …{text[start:end]}…")
    return found


def test_the_scan_finds_the_clinic_slips() -> None:
    bad = {
        "Role: therapist": "a role code",
        "Signed in as admin.": "a role code",
        "Role.THERAPIST": "a role code",
        "Last check-in: None": "None",
        "<backrub.domain.accounts.Account object at 0x7f>": "a Python repr",
        "Account(id=3, email='x')": "a Python repr",
        "Client 3f2b1c4d-1a2b-4c3d-8e9f-0a1b2c3d4e5f": "a public id",
        "Hello {{ name }}": "a template slip",
    }
    for text, what in bad.items():
        assert any(f.startswith(what) for f in slips(f"<p>{html.escape(text)}</p>")), text
    fine = (
        '<p>Therapist1 A (therapist1@a.example) <a href="/clinic/clients/'
        '3f2b1c4d-1a2b-4c3d-8e9f-0a1b2c3d4e5f">Client1 A</a> Admin A</p>'
    )
    assert slips(fine) == []


# ---------------------------------------------------------------- the clinic, filled in


@dataclass
class Answer:
    who: str
    path: str
    status: int
    kind: str
    text: str
    attachment: bool  # a file to keep (the report): its own document, not a page


@dataclass
class Swept:
    people: People
    clients: dict[str, TestClient]
    pages: dict[str, list[Answer]] = field(default_factory=dict)  # route -> answers
    forms: dict[str, tuple[str, str]] = field(default_factory=dict)  # action -> (who, page)
    values: dict[str, str] = field(default_factory=dict)  # extra objects (a live invitation)


def _seed_records(people: People) -> None:
    """Give client 1 of clinic A a screening and one record of each kind, through the pages."""
    client = as_(people, "a.client1")
    for path, data in (
        ("/screening", answers()),
        ("/checkins", {"pain": "3"}),
        ("/sessions/pro", {"technique": "relaxation", "minutes": "60"}),
        ("/sessions/self", {"tool": "hands", "zones": ["glutes_left"], "seconds": "60"}),
        ("/body-map", {"region_hip_left": "3"}),
        ("/questionnaires/nrs", {"answer_1": "4"}),
        ("/plan", {"protocol": "cherkin-10-weekly", "days": ["mon"]}),
    ):
        answered = form(client, path, data)
        assert answered.status_code in (200, 303), (path, answered.text[-400:])
    _seed_trial(people)


def _seed_trial(people: People) -> None:
    """Give client 1 a running N-of-1 trial (its plan needs 14 days of check-ins first)."""
    from backrub.domain.nof1_design import Design, schedule
    from backrub.domain.nof1_trial import TrialRecord
    from backrub.store.trial_rows import add_trial

    profile = account_services.client_profile(people.store, people["a.client1"])
    assert profile is not None and profile.id is not None
    planned = schedule(Design(3, 7, 2, 1), NOW.date())
    record = TrialRecord("trial-a-client1", 3, 7, 2, 1, NOW.date(), planned.sha256, NOW)
    add_trial(people.store, profile.id, record)


def _invitation(people: People) -> str | None:
    """Return the token of a live invitation, when the invitations have landed."""
    try:
        from backrub.services import invitations  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    invited = invitations.invite(
        people.store,
        people["a.admin"],
        role="therapist",
        email="lan.pham@a.example",
        name=INVITED,
        therapist=None,
        now=NOW,
        address=None,
    )
    return str(invited.token)


def _follow_up(people: People) -> str:
    """Return the token of a link to a follow-up questionnaire of a.client1's."""
    from backrub.services import client_record, follow_up
    from backrub.services.follow_up_schedule import parse_schedule

    client = client_record.client_of(
        people.store, people["a.therapist1"], people["a.client1"].public_id
    )
    choice = parse_schedule(
        template="study",
        instruments=["peg"],
        first_session=NOW.date().isoformat(),
        every_weeks=None,
        visits=None,
        today=NOW.date(),
    )
    follow_up.choose_schedule(
        people.store, client, choice, therapist=people["a.therapist1"], now=NOW, address=None
    )
    first = follow_up.of_client(people.store, client).administrations[0]
    return follow_up.new_link(people.store, client, first.public_id, NOW)


def _second_factor(people: People, name: str) -> None:
    secret = second_factor.new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    assert second_factor.enrol(people.store, people[name], secret, code, NOW)


def _record_ids(people: People) -> dict[str, int]:
    profile = account_services.client_profile(people.store, people["a.client1"])
    assert profile is not None
    data = people.store.load(profile)
    kinds = {
        "checkin": data.checkins,
        "pro": data.pro_sessions,
        "self": data.self_sessions,
        "mark": data.pain_spots,
        "response": data.responses,
    }
    return {kind: rows[-1].id for kind, rows in kinds.items() if rows}


Filler = Callable[[Swept, str, str], list[dict[str, str]]]


def _public_id(swept: Swept, who: str, path: str) -> list[dict[str, str]]:
    """Each person's own: a therapist's client, an administrator's therapist and client."""
    people = swept.people
    names = {
        "a.admin": ["a.therapist1", "a.client1"],
        "a.therapist1": ["a.client1"],
        "a.therapist2": ["a.client2"],
    }.get(who, ["a.client1"])
    if "{session_id}" in path:  # a session note the therapist wrote for their client
        writer = who if who in ("a.therapist1", "a.therapist2") else "a.therapist1"
        return [
            {"public_id": people[name].public_id, "session_id": _note(swept, writer)}
            for name in names
        ]
    return [{"public_id": people[name].public_id} for name in names]


def _note(swept: Swept, therapist: str) -> str:
    """Return the public id of a session ``therapist`` wrote for their client (written once)."""
    key = f"note:{therapist}"
    if key not in swept.values:
        from sqlalchemy import select

        from backrub.services import client_record
        from backrub.store.tables import pro_sessions

        people = swept.people
        client = "a.client2" if therapist == "a.therapist2" else "a.client1"  # theirs
        record = client_record.client_of(people.store, people[therapist], people[client].public_id)
        made = client_record.write_session(
            people.store,
            people[therapist],
            record,
            now=NOW,
            technique="relaxation",
            duration_min=45,
        )
        query = select(pro_sessions.c.public_id).where(pro_sessions.c.id == made.id)
        with people.store.reading() as c:
            swept.values[key] = str(c.execute(query).scalar_one())
    return swept.values[key]


def _token(swept: Swept, who: str, path: str) -> list[dict[str, str]]:
    if path.startswith("/follow-up/"):  # a follow-up link of a.client1's
        return [{"token": swept.values["follow_up"]}, {"token": "no-such-link"}]
    live = swept.values.get("token")
    return [{"token": live}, {"token": "no-such-invitation"}] if live else [{"token": "gone"}]


def _instrument(swept: Swept, who: str, path: str) -> list[dict[str, str]]:
    return [{"instrument_id": i} for i in INSTRUMENTS]


def _entry(swept: Swept, who: str, path: str) -> list[dict[str, str]]:
    # Every entry is swept by tests/i18n/test_pseudo_sweep.py; here the clinic's frame around one.
    return [{"entry_id": sorted(load_catalogue().ids)[0]}]


def _record(swept: Swept, who: str, path: str) -> list[dict[str, str]]:
    ids = _record_ids(swept.people)
    return [{"kind": kind, "record_id": str(n)} for kind, n in ids.items()]


# What fills each path parameter. A new parameter: add its filler here.
FILLERS: dict[str, Filler] = {
    "public_id": _public_id,
    "session_id": _public_id,  # with its client: a session note the therapist wrote
    "token": _token,
    "instrument_id": _instrument,
    "entry_id": _entry,
    "kind": _record,
    "record_id": _record,
}
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


# Pages that need a query to show anything but a refusal.
QUERIES = {
    "/guided/plan": "?tool=foam_roller",
    "/guided/run": "?tool=foam_roller",
    "/report/download": "?format=html&" + "&".join(f"sections={s}" for s in SECTION_TITLES),
}
QUERIES["/clinic/clients/{public_id}/report/download"] = QUERIES["/report/download"]


def filled(swept: Swept, who: str, route: str) -> list[str]:
    """Return ``route`` with its parameters filled from ``who``'s own objects."""
    return [path + QUERIES.get(route, "") for path in _filled(swept, who, route)]


def _filled(swept: Swept, who: str, route: str) -> list[str]:
    params = _PARAM.findall(route)
    unknown = [p for p in params if p not in FILLERS]
    assert not unknown, (
        f"{route}: no filler for {unknown}: add one to FILLERS in tests/clinic/test_clinic_words.py"
    )
    if not params:
        return [route]
    paths = []
    for values in FILLERS[params[0]](swept, who, route):
        path = route
        for name in params:
            path = re.sub(r"\{" + name + r"(?::\w+)?\}", values[name], path)
        paths.append(path)
    return paths


def _flat(routes: Any) -> Iterator[Any]:
    """Every route, with the routers the app includes opened up."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _flat(inner.routes) if inner is not None else [route]


def _routes_of(routes: Any, method: str) -> list[str]:
    return sorted(
        {
            str(route.path)
            for route in _flat(routes)
            if method in (getattr(route, "methods", None) or ())
            and not NOT_PAGES.match(str(getattr(route, "path", "")))
        }
    )


def _router_routes(method: str) -> list[str]:
    return _routes_of(
        [r for router in (*LOCAL_ROUTERS, *CLINIC_ROUTERS) for r in router.routes], method
    )


GET_ROUTES = _router_routes("GET")
CLINIC_POSTS = _routes_of([r for router in CLINIC_ROUTERS for r in router.routes], "POST")


def _kind(response: Any) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0]


def _sweep(swept: Swept) -> None:
    for route in GET_ROUTES:
        answers_ = swept.pages.setdefault(route, [])
        for who in WHO:
            for path in filled(swept, who, route):
                response = swept.clients[who].get(path, headers=PSEUDO)
                sent = "attachment" in response.headers.get("content-disposition", "")
                answer = Answer(
                    who, path, response.status_code, _kind(response), response.text, sent
                )
                answers_.append(answer)
                if answer.kind == "text/html" and answer.status == 200:
                    _keep_forms(swept, who, path, response.text)


def _keep_forms(swept: Swept, who: str, page: str, html: str) -> None:
    for found in BeautifulSoup(html, "html.parser").find_all("form"):
        if isinstance(found, Tag) and str(found.get("method", "")).lower() == "post":
            action = str(found.get("action", "")) or page  # no action: the page itself
            swept.forms.setdefault(action, (who, page))


def _browser_of(people: People, who: str) -> TestClient:
    if who == "nobody":
        return browser(people)
    if who.endswith(" half-way"):
        client = browser(people)
        account = people[who.removesuffix(" half-way")]
        token = clinic_sessions.start(people.store, account, NOW, address=None, complete=False)
        client.cookies.set("backrub_session", token)
        return client
    return as_(people, who)


@pytest.fixture(scope="module")
def swept(postgres_url: str) -> Iterator[Swept]:
    """Clinic A with client 1's records, every GET page opened by everyone, in ``qps``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(i18n.PSEUDO_SWITCH, "1")
        app = create_app(WebSettings(db=app_database(postgres_url), clinic=True), clock=fixed_clock)
        people = seed(app.state.backend.store)
        people.app = app
        try:
            with all_clinics():  # the test's own seeding; each request has its own scope
                _seed_records(people)
            clients = {w: _browser_of(people, w) for w in WHO}
            found = Swept(people, clients)
            _second_factor(people, "a.therapist2")
            token = _invitation(people)
            if token:
                found.values["token"] = token
            with all_clinics():  # the sweep's own records; each request has its own scope
                found.values["follow_up"] = _follow_up(people)
                _sweep(found)
            yield found
        finally:
            people.store.close()


def test_the_sweep_covers_every_page_of_the_app(swept: Swept) -> None:
    """The pages swept are the app's own GET routes: none left out, none made up."""
    assert set(GET_ROUTES) == set(_routes_of(swept.people.app.routes, "GET"))
    assert {"/sign-in", "/clinic", "/history", "/progress"} <= set(GET_ROUTES)


def test_a_parameter_with_no_filler_fails_with_where_to_add_it(swept: Swept) -> None:
    with pytest.raises(AssertionError, match="add one to FILLERS"):
        filled(swept, "a.admin", "/clinic/things/{thing_id}")


@pytest.mark.parametrize("route", GET_ROUTES)
def test_a_page_has_no_english_left_and_speaks_plainly(swept: Swept, route: str) -> None:
    answers_ = swept.pages[route]
    opened = [a for a in answers_ if 200 <= a.status < 300]
    if route not in CLIENT_DENIED:  # the local app's profiles: nobody's on the server
        assert opened, f"{route}: nobody opened it ({[(a.who, a.status) for a in answers_]})"
    names = [INVITED] + [account.display_name for account in swept.people.accounts.values()]
    problems = []
    for answer in answers_:
        if answer.status >= 500:
            problems.append(f"{answer.who} {answer.path}: {answer.status}")
        if answer.kind != "text/html":
            continue
        for found in english_in_html(_without(answer.text, names)):
            problems.append(f"{answer.who} {answer.path}: English left: {found!r}")
        if answer.attachment:  # the report names its sources by id and has its own style
            continue
        for found in slips(answer.text) + inline_code(answer.text):
            problems.append(f"{answer.who} {answer.path}: {found}")
    assert not problems, "\n".join(problems)


def _without(html: str, names: list[str]) -> str:
    """``html`` without the people's names ("Admin A" is a name, not English left)."""
    for name in sorted(names, key=len, reverse=True):
        html = html.replace(name, " ")
    return html


# ---------------------------------------------------------------- the forms

# An empty form here is no refusal: it signs out, or asks nothing.
NOT_REFUSALS = {"/sign-out", "/account/sign-out-everywhere"}
# Forms whose every field takes any text: there is no wrong value, only an empty one.
ANY_TEXT = {"/clinic/clients/{public_id}/sessions/{session_id}/addenda"}
BAD_VALUES = {"email": "not an address", "number": "-1", "date": "someday", "tel": "x"}
_SHORT = frozenset({"your", "this", "that", "with", "from", "the", "and", "optional"})


def _fields(found: Tag) -> dict[str, str]:
    """Return the typed fields of a form and what each takes wrong."""
    fields: dict[str, str] = {}
    for control in found.find_all(["input", "textarea", "select"]):
        if not isinstance(control, Tag) or not control.get("name"):
            continue
        kind = str(control.get("type", "text"))
        if kind in ("hidden", "submit", "button", "file"):
            continue
        fields[str(control["name"])] = BAD_VALUES.get(kind, "x,y;z")
    return fields


def _labels(found: Tag) -> list[str]:
    return [
        " ".join(label.get_text(" ").split())
        for label in found.find_all(["label", "legend"])
        if isinstance(label, Tag)
    ]


def _error_lines(html: str) -> list[tuple[str, bool]]:
    """Return each error line and whether its place names its field.

    A line under a field's own label (inside its ``.field`` or fieldset), or
    one a field points to with aria-describedby, is read with that field.
    """
    page = BeautifulSoup(html, "html.parser")
    described = {
        name
        for control in page.find_all(attrs={"aria-describedby": True})
        if isinstance(control, Tag)
        for name in str(control["aria-describedby"]).split()
    }
    found = []
    for line in page.select('[role="alert"], .error, .errors li'):
        if not line.get_text(strip=True):
            continue
        home = line.find_parent(class_="field") or line.find_parent("fieldset")
        placed = line.get("id") in described or (
            home is not None and home.find(["label", "legend"]) is not None
        )
        found.append((" ".join(line.get_text(" ").split()), placed))
    return found


def names_a_field(line: str, labels: list[str]) -> bool:
    """Whether ``line`` names one of the fields, by a word of its label."""
    said = set(re.findall(r"[a-z-]{4,}", line.lower()))
    for label in labels:
        words = set(re.findall(r"[a-z-]{4,}", label.lower())) - _SHORT
        if words & said:
            return True
    return False


def _forget_wrong_tries(swept: Swept) -> None:
    """Forget the wrong sign-in tries so far: each post here is a person's first try."""
    with swept.people.store.writing() as c:
        c.execute(login_failures.delete())


def _post_path(swept: Swept, route: str) -> tuple[str, str, Tag] | None:
    """Return the filled path of ``route``, the person shown its form, and the form (English)."""
    for action, (who, page) in swept.forms.items():
        for path in _filled(swept, who, route):
            if action.split("?")[0] == path:
                html = swept.clients[who].get(page, headers=ENGLISH).text
                for found in BeautifulSoup(html, "html.parser").find_all("form"):
                    if isinstance(found, Tag) and (found.get("action") or page) == action:
                        return path, who, found
                raise AssertionError(f"{page} no longer shows its form to {action}")
    return None


@pytest.mark.parametrize("kind", ["empty", "wrong"])
@pytest.mark.parametrize("route", [r for r in CLINIC_POSTS if r not in NOT_REFUSALS])
def test_a_clinic_form_posted_empty_or_wrong_names_the_field(
    swept: Swept, route: str, kind: str
) -> None:
    shown = _post_path(swept, route)
    if shown is None:
        pytest.skip(f"no page of the sweep shows a form posting to {route}")
    path, who, found = shown
    if not _fields(found):
        pytest.skip(f"{route}: a button with nothing to type: posting it is the action")
    if kind == "wrong" and route in ANY_TEXT:
        pytest.skip(f"{route}: every field takes any text (empty is refused: the other case)")
    client = swept.clients[who]
    data = _fields(found) if kind == "wrong" else {}
    _forget_wrong_tries(swept)
    english = form(client, path, data, headers=ENGLISH)
    assert 400 <= english.status_code < 500, (who, path, english.status_code, english.text[-300:])
    assert "Traceback" not in english.text
    if _kind(english) == "text/html":
        lines = _error_lines(english.text)
        assert lines, f"{path} ({kind}): no error line on the page"
        labels = _labels(found)
        named = [line for line, placed in lines if placed or names_a_field(line, labels)]
        assert named, (path, lines, labels)
        assert slips(english.text, pseudo=False) == []
    _forget_wrong_tries(swept)
    pseudo = form(client, path, data, headers=PSEUDO)
    assert pseudo.status_code == english.status_code
    if _kind(pseudo) == "text/html":
        names = [INVITED] + [a.display_name for a in swept.people.accounts.values()]
        assert english_in_html(_without(pseudo.text, names)) == []
