"""The audit log: every access to a client's data recorded once; shown to admins and clients."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from fastapi import HTTPException
from fastapi.responses import PlainTextResponse
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from backrub.domain.accounts import Role
from backrub.services import audit
from backrub.store import open_store
from backrub.store.clinic_tables import accounts, audit_log
from backrub.web.clinic.routes.audit import shown_what
from backrub.web.clinic.who import staff
from tests.clinic.conftest import People, as_, browser
from tests.web.conftest import API, NOW

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

PROBE = "/clinic/clients/{public_id}/audit-probe"


def rows(people: People) -> list[dict[str, object]]:
    with people.store.reading() as c:
        found = c.execute(select(audit_log).order_by(audit_log.c.id)).mappings().all()
    return [dict(r) for r in found]


def add_probe(people: People) -> None:
    """A staff page on one client, like the therapist's pages (built elsewhere)."""

    def probe(public_id: str, who: object = staff(Role.THERAPIST, Role.ADMIN)) -> PlainTextResponse:
        clinic = who.account.clinic_id  # type: ignore[attr-defined]
        with people.store.reading() as c:
            found = c.execute(
                select(accounts.c.id).where(
                    accounts.c.clinic_id == clinic, accounts.c.public_id == public_id
                )
            ).first()
        if found is None:
            raise HTTPException(404)
        return PlainTextResponse("the client's report")

    people.app.add_api_route(PROBE, probe, methods=["GET"])


def test_a_therapist_reading_a_client_makes_one_entry(people: People):
    add_probe(people)
    client1 = people["a.client1"]
    therapist = as_(people, "a.therapist1")
    page = therapist.get(f"/clinic/clients/{client1.public_id}/audit-probe?secret=x")
    assert page.status_code == 200
    (entry,) = rows(people)
    assert entry["actor_id"] == people["a.therapist1"].id
    assert entry["actor_role"] == "therapist"
    assert entry["actor_name"] == "Therapist1 A"
    assert entry["client_ref"] == client1.public_id
    assert entry["action"] == "read"
    assert entry["what"] == "GET /clinic/clients/{public_id}/audit-probe"  # no values, no query
    assert entry["address"] == "testclient"
    assert entry["at"] == NOW
    assert entry["clinic_id"] == people.clinic_ids["a"]


def test_refused_requests_and_pages_without_records_are_not_recorded(people: People):
    add_probe(people)
    therapist = as_(people, "a.therapist1")
    other = people["b.client1"].public_id
    assert therapist.get(f"/clinic/clients/{other}/audit-probe").status_code == 404
    client = as_(people, "a.client1")
    assert client.get("/evidence").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/app.css").status_code in (200, 404)
    assert browser(people).get("/progress").status_code == 303  # nobody signed in
    bad = client.post("/api/checkins", json={"pain": 11}, headers=API)
    assert bad.status_code == 422  # a refused write reached nothing
    assert rows(people) == []


def test_a_client_reading_changing_and_exporting_their_record(people: People):
    client = as_(people, "a.client1")
    me = people["a.client1"]
    assert client.get("/progress").status_code == 200
    made = client.post("/api/checkins", json={"pain": 4, "sleep": 6}, headers=API)
    assert made.status_code == 201
    assert client.get("/backup/export.json").status_code == 200
    assert client.get("/api/export", headers=API).status_code == 200
    found = [(r["client_ref"], r["action"], r["what"], r["actor_role"]) for r in rows(people)]
    assert found == [
        (me.public_id, "read", "GET /progress", "client"),
        (me.public_id, "change", "POST /api/checkins", "client"),
        (me.public_id, "export", "GET /backup/export.json", "client"),
        (me.public_id, "export", "GET /api/export", "client"),
    ]


def test_when_the_entry_cannot_be_written_the_data_is_not_shown(people: People):
    client = as_(people, "a.client1")
    with people.store.writing() as c:
        c.execute(text("ALTER TABLE audit_log RENAME TO audit_log_gone"))
    page = client.get("/progress")
    assert page.status_code == 503
    assert "audit log" in page.text
    assert "Client1 A" not in page.text


def seed_log(people: People) -> None:
    for letter in ("a", "b"):
        for n, action in enumerate(("read", "change", "export")):
            audit.record(
                people.store,
                who=people[f"{letter}.therapist1"],
                client_ref=people[f"{letter}.client1"].public_id,
                action=action,
                what=f"GET /clinic/clients/{{public_id}}/x{letter}",
                address="203.0.113.7",
                now=NOW - timedelta(days=n),
            )
    audit.record(
        people.store,
        who=people["a.admin"],
        client_ref=people["a.client2"].public_id,
        action="assign",
        what="assign",
        address=None,
        now=NOW - timedelta(days=5),
    )


def test_the_admin_sees_their_clinics_entries_only_newest_first(people: People):
    seed_log(people)
    page = as_(people, "a.admin").get("/clinic/audit")
    assert page.status_code == 200
    assert "/xa" in page.text and "/xb" not in page.text
    assert "Therapist1 B" not in page.text and "Client1 B" not in page.text
    assert page.text.index("2026-03-02 09:30") < page.text.index("2026-03-01 09:30")
    assert "UTC" in page.text
    assert as_(people, "a.therapist1").get("/clinic/audit").status_code == 404
    assert as_(people, "a.client1").get("/clinic/audit").status_code == 404


def test_the_admins_filters(people: People):
    seed_log(people)
    admin = as_(people, "a.admin")
    client2 = people["a.client2"].public_id
    by_client = admin.get("/clinic/audit", params={"client": client2})
    assert "Assigned" in by_client.text and "/xa" not in by_client.text
    by_action = admin.get("/clinic/audit", params={"action": "export"})
    assert by_action.text.count("/xa") == 1
    by_person = admin.get("/clinic/audit", params={"person": people["a.admin"].public_id})
    assert "Assigned" in by_person.text and "/xa" not in by_person.text
    one_day = admin.get("/clinic/audit", params={"since": "2026-03-01", "until": "2026-03-01"})
    assert one_day.text.count("/xa") == 1
    for params, field in (
        ({"since": "yesterday"}, "From"),
        ({"since": "2026-03-02", "until": "2026-03-01"}, "To"),
        ({"client": people["b.client1"].public_id}, "Client"),  # another clinic's: unknown
        ({"action": "drop"}, "Action"),
        ({"before": "x"}, "Page"),
    ):
        bad = admin.get("/clinic/audit", params=params)
        assert bad.status_code == 422, params
        assert f'id="audit-error">{field}:' in bad.text


def test_the_admins_pages_are_keyset_paged(people: People):
    for n in range(audit.PAGE_SIZE + 3):
        audit.record(
            people.store,
            who=people["a.therapist1"],
            client_ref=people["a.client1"].public_id,
            action="read",
            what=f"GET /p{n:03d}",
            address=None,
            now=NOW,  # the same moment: the row order breaks the tie
        )
    admin = as_(people, "a.admin")
    first = admin.get("/clinic/audit")
    assert "/p052" in first.text and "/p002<" not in first.text
    older = first.text.split("before=", 1)[1].split('"', 1)[0]
    second = admin.get(f"/clinic/audit?before={older}")
    assert second.text.count("<code>/p") == 3
    assert all(f"<code>/p00{n}</code>" in second.text for n in range(3))
    assert "Older entries" not in second.text


def test_the_csv_is_the_filtered_rows_of_the_clinic_with_formulas_neutralised(people: People):
    seed_log(people)
    with people.store.writing() as c:
        c.execute(
            accounts.update()
            .where(accounts.c.id == people["a.client1"].id)
            .values(display_name="=HYPERLINK(1)")
        )
    audit.record(
        people.store,
        who=people["a.therapist1"],
        client_ref=people["a.client1"].public_id,
        action="read",
        what="GET /x",
        address="+1",
        now=NOW,
    )
    got = as_(people, "a.admin").get(
        "/clinic/audit/download", params={"client": people["a.client1"].public_id}
    )
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(got.text)))
    assert table[0] == list(audit.CSV_COLUMNS)
    # The download itself (first: newest), clinic a's three seeded entries and the new one.
    assert len(table) == 1 + 5
    assert table[1][1:3] == ["Admin A", "admin"] and table[1][5] == "export"
    assert {r[3] for r in table[1:]} == {"'=HYPERLINK(1)"}
    assert table[2][7] == "'+1"
    assert "Therapist1 B" not in got.text and "/xb" not in got.text
    assert rows(people)[-1]["what"] == "GET /clinic/audit/download"


def test_a_client_sees_who_opened_their_record_and_nothing_of_others(people: People):
    add_probe(people)
    therapist = as_(people, "a.therapist1")
    # The therapist pages exist now: opening a client's timeline is a read like the probe.
    assert therapist.get(f"/clinic/clients/{people['a.client1'].public_id}").status_code == 200
    therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/audit-probe")
    as_(people, "a.therapist2").get(f"/clinic/clients/{people['a.client2'].public_id}/audit-probe")
    audit.record(
        people.store,
        who=people["a.client1"],
        client_ref=None,
        action="sign-in",
        what="POST /sign-in",
        address=None,
        now=NOW,
    )
    page = as_(people, "a.client1").get("/account/access")
    assert page.status_code == 200
    assert "2026-03-02 09:30</time>: Therapist1 A (therapist) opened your record." in page.text
    assert "You signed in." in page.text
    assert "Therapist2 A" not in page.text
    assert as_(people, "a.therapist1").get("/account/access").status_code == 404


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
def test_the_log_is_append_only_on_postgresql(people: People, statement: str):
    seed_log(people)
    with pytest.raises(DBAPIError, match="append-only"), people.store.writing() as c:
        c.execute(text(statement))
    assert len(rows(people)) == 7


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
def test_the_log_is_append_only_on_sqlite(tmp_path, statement: str):
    store = open_store(str(tmp_path / "a.sqlite3"))
    with store.writing() as c:
        c.execute(audit_log.insert().values(clinic_id=1, at=NOW, action="read", what="GET /x"))
    with pytest.raises(DBAPIError, match="append-only"), store.writing() as c:
        c.execute(text(statement))
    with store.reading() as c:
        assert c.execute(select(audit_log.c.action)).scalars().all() == ["read"]
    store.close()


def test_the_access_page_in_vietnamese_in_the_clients_zone(people: People):
    add_probe(people)
    me = people["a.client1"]
    assert me.profile_id is not None
    people.store.set_profile_language(me.profile_id, "vi")
    people.store.set_profile_zone(me.profile_id, "Asia/Ho_Chi_Minh")
    as_(people, "a.therapist1").get(f"/clinic/clients/{me.public_id}/audit-probe")
    page = as_(people, "a.client1").get("/account/access")
    assert "Therapist1 A (chuyên viên xoa bóp) đã mở hồ sơ của bạn." in page.text
    assert "Asia/Ho_Chi_Minh" in page.text
    assert "2026-03-02T16:30:00+07:00" in page.text  # 09:30 UTC, said in the client's zone


@pytest.mark.parametrize(
    ("method", "status", "template", "headers", "action"),
    [
        ("GET", 200, "/progress", [], "read"),
        ("GET", 303, "/", [], None),  # only a redirect: the page it leads to is recorded
        ("GET", 404, "/clinic/clients/{public_id}", [], None),
        ("GET", 200, "/clinic/clients/{public_id}/report/download", [], "export"),
        ("GET", 200, "/report/download", [], "export"),
        ("GET", 200, "/x", [(b"content-disposition", b"attachment; filename=a.csv")], "export"),
        ("POST", 303, "/checkin", [], "change"),
        ("POST", 201, "/api/checkins", [], "change"),
        ("POST", 422, "/checkin", [], None),  # a refused write reached nothing
        ("POST", 303, "/backup/import", [], "import"),
        ("DELETE", 204, "/api/x", [], "change"),
        ("OPTIONS", 200, "/progress", [], None),
    ],
)
def test_the_action_follows_the_method_and_the_answer(method, status, template, headers, action):
    from backrub.web.clinic.audit_trail import action_of

    assert action_of(method, status, template, headers) == action


def test_a_clients_own_entries_say_the_client_and_keep_no_name(people: People):
    client = as_(people, "a.client1")
    assert client.get("/progress").status_code == 200
    (entry,) = rows(people)
    assert entry["actor_id"] is None and entry["actor_name"] is None
    page = as_(people, "a.admin").get("/clinic/audit")
    cells = page.text.split("<tbody>")[1]
    assert "Nobody signed in" not in cells
    assert "<td>The client</td>\n      <td>Client1 A</td>" in cells
    got = as_(people, "a.admin").get("/clinic/audit/download")
    table = list(csv.reader(io.StringIO(got.text)))
    own = [r for r in table[1:] if r[6] == "GET /progress"]
    assert [r[1:4] for r in own] == [["client (own record)", "client", "Client1 A"]]


@pytest.mark.parametrize(
    ("what", "shown"),
    [
        ("GET /progress", ("", "Progress")),
        ("POST /questionnaires/{instrument_id}", ("", "Questionnaires")),
        ("GET /clinic/clients/{public_id}/report/download", ("", "Report")),
        ("GET /clinic/clients/{public_id}", ("", "Timeline")),
        ("POST /sign-in", ("", "Sign in")),
        ("GET /somewhere/else", ("/somewhere/else", "")),
        ("invite therapist", ("", "therapist")),
    ],
)
def test_the_page_column_says_the_page_in_words(what: str, shown: tuple[str, str]):
    assert shown_what(what) == shown


def test_the_admins_page_says_utc_at_each_time(people: People):
    as_(people, "a.client1").get("/progress")
    page = as_(people, "a.admin").get("/clinic/audit")
    assert "2026-03-02 09:30 UTC</td>" in page.text
    assert "<td>Progress</td>" in page.text and "<code>/progress</code>" not in page.text


def test_the_client_list_records_one_read_per_listed_client_in_one_insert(people: People):
    from tests.clinic.test_therapist_list import add_clients, counted

    extra = add_clients(people, people["a.therapist1"], 3)
    therapist = as_(people, "a.therapist1")
    with counted(people) as statements:
        assert therapist.get("/clinic/clients").status_code == 200
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO AUDIT_LOG")]
    assert len(inserts) == 1
    found = rows(people)
    listed = {people["a.client1"].public_id, *(c.public_id for c in extra)}
    assert {e["client_ref"] for e in found} == listed and len(found) == 4
    for entry in found:
        assert entry["action"] == "read" and entry["what"] == "GET /clinic/clients"
        assert entry["actor_id"] == people["a.therapist1"].id
        assert entry["clinic_id"] == people.clinic_ids["a"] and entry["at"] == NOW
    # the client sees that their therapist's list showed them
    access = as_(people, "a.client1").get("/account/access").text
    assert "Therapist1 A" in access
