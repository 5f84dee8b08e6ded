"""A therapist corrects their own session note with an addendum; the note stays as written.

Only the therapist who wrote the session, while the client is theirs, gets the
form and may add one: another therapist, the client, another clinic's
therapist, an unknown session and a session the client entered all get the
same 404, and nothing is written. The addendum shows under the note on the
therapist's timeline, on the client's History page and in the report, with the
therapist's name and the time; it is audited; it travels in the client's
backup and goes when the client is deleted.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from backrub.store import tables as t
from backrub.store.clinic_tables import audit_log
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import API

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

NOTES = {
    "technique": "relaxation",
    "minutes": "45",
    "subjective": "Sore after gardening",
    "objective": "Tight left paraspinals",
    "assessment": "Responds well to pressure",
    "plan": "Walk daily; see again in a week",
}
CORRECTION = "It was the right paraspinals, not the left."


def write_note(people: People, therapist: str = "a.therapist1", client: str = "a.client1") -> str:
    """``therapist`` writes a session for ``client``; return the session's public id."""
    browser = as_(people, therapist)
    path = f"/clinic/clients/{people[client].public_id}/sessions/new"
    assert form(browser, path, NOTES).status_code == 303
    s = t.pro_sessions
    with people.store.reading() as c:
        query = select(s.c.public_id).where(s.c.therapist_id == people[therapist].id)
        return str(c.execute(query.order_by(s.c.id.desc())).scalars().first())


def addenda_path(people: People, session: str, client: str = "a.client1") -> str:
    return f"/clinic/clients/{people[client].public_id}/sessions/{session}/addenda"


def rows(people: People) -> list[Any]:
    with people.store.reading() as c:
        return [tuple(r) for r in c.execute(select(t.session_addenda)).all()]


def notes(people: People) -> list[Any]:
    with people.store.reading() as c:
        return [tuple(r) for r in c.execute(select(t.pro_sessions)).all()]


def test_the_therapist_adds_an_addendum_and_the_note_stays_as_written(people: People):
    session = write_note(people)
    before = notes(people)
    therapist = as_(people, "a.therapist1")
    timeline = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}").text
    assert addenda_path(people, session) in timeline  # "Add an addendum"
    page = therapist.get(addenda_path(people, session))
    assert page.status_code == 200
    assert "Tight left paraspinals" in page.text  # the note as written, above the form
    saved = form(
        therapist,
        addenda_path(people, session),
        {"text": CORRECTION, "reason": "wrong side noted"},
    )
    assert saved.status_code == 303
    assert notes(people) == before  # the note itself is untouched
    timeline = therapist.get(saved.headers["location"]).text
    assert "Addendum saved under your note." in timeline
    assert "Tight left paraspinals" in timeline and CORRECTION in timeline
    assert "Addendum by Therapist1 A on" in timeline
    assert "wrong side noted" in timeline
    assert timeline.index("Tight left paraspinals") < timeline.index(CORRECTION)
    assert len(rows(people)) == 1


def test_the_client_reads_the_addendum_under_the_note_in_their_history(people: People):
    session = write_note(people)
    therapist = as_(people, "a.therapist1")
    form(therapist, addenda_path(people, session), {"text": CORRECTION})
    history = as_(people, "a.client1").get("/history").text
    assert "written by Therapist1 A (your clinic)" in history
    assert "Addendum by Therapist1 A on" in history and CORRECTION in history
    assert history.index("Tight left paraspinals") < history.index(CORRECTION)  # note first
    assert "Reason:" not in history  # none was given


def test_nobody_else_reaches_the_addendum_form_or_writes_one(people: People):
    session = write_note(people)
    own_client = write_note(people, "a.therapist2", "a.client2")  # therapist 2's own note
    path = addenda_path(people, session)
    for who in ("a.therapist2", "a.client1", "a.admin", "b.therapist1", "b.admin"):
        browser = as_(people, who)
        assert browser.get(path).status_code == 404, who
        answer = form(browser, path, {"text": "Not mine to add"})
        assert answer.status_code == 404, who
        assert "Not mine to add" not in answer.text
    therapist = as_(people, "a.therapist1")
    # Therapist 2's session under therapist 1's client's id, and under its own client's.
    for wrong in (
        addenda_path(people, own_client),
        addenda_path(people, own_client, "a.client2"),
        addenda_path(people, "no-such-session"),
    ):
        assert therapist.get(wrong).status_code == 404, wrong
        assert form(therapist, wrong, {"text": "Not mine"}).status_code == 404, wrong
    assert rows(people) == []


def test_a_session_the_client_entered_takes_no_addendum(people: People):
    client = as_(people, "a.client1")
    made = client.post(
        "/api/sessions/pro", json={"technique": "sports", "minutes": 30}, headers=API
    )
    assert made.status_code == 201
    s = t.pro_sessions
    with people.store.reading() as c:
        (public_id,) = c.execute(select(s.c.public_id)).scalars().all()
    therapist = as_(people, "a.therapist1")
    timeline = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}").text
    assert "Add an addendum" not in timeline
    assert therapist.get(addenda_path(people, public_id)).status_code == 404
    assert form(therapist, addenda_path(people, public_id), {"text": "x"}).status_code == 404


def test_a_therapist_no_longer_assigned_cannot_add_one(people: People):
    session = write_note(people)
    admin = as_(people, "a.admin")
    unassigned = form(
        admin,
        f"/clinic/people/{people['a.client1'].public_id}/unassign",
        {"therapist": people["a.therapist1"].public_id, "confirm": "yes"},
    )
    assert unassigned.status_code in (200, 303), unassigned.text[-300:]
    therapist = as_(people, "a.therapist1")
    assert therapist.get(addenda_path(people, session)).status_code == 404
    assert rows(people) == []


@pytest.mark.parametrize(
    ("data", "field_words"),
    [
        ({"text": ""}, "write the correction"),
        ({"text": "   "}, "write the correction"),
        ({"text": "x" * 2001}, "use at most 2000 characters"),
        ({"text": "fine", "reason": "y" * 201}, "use at most 200 characters"),
    ],
)
def test_an_empty_or_huge_addendum_is_refused_by_its_field_and_nothing_is_written(
    people: People, data: dict[str, str], field_words: str
):
    session = write_note(people)
    answer = form(as_(people, "a.therapist1"), addenda_path(people, session), data)
    assert answer.status_code == 422
    assert field_words in answer.text.replace(",", "").lower()
    field = "reason" if "reason" in data else "text"
    assert f'id="f-{field}-error"' in answer.text  # next to the field it is about
    assert rows(people) == []


def test_without_the_form_token_nothing_is_written(people: People):
    session = write_note(people)
    therapist = as_(people, "a.therapist1")
    answer = therapist.post(addenda_path(people, session), data={"text": CORRECTION})
    assert answer.status_code == 403
    assert rows(people) == []


def test_the_addendum_is_in_the_audit_log_as_a_change_of_the_clients_record(people: People):
    session = write_note(people)
    form(as_(people, "a.therapist1"), addenda_path(people, session), {"text": CORRECTION})
    with people.store.reading() as c:
        found = c.execute(select(audit_log).where(audit_log.c.action == "change")).mappings()
        entries = [dict(e) for e in found]
    what = "POST /clinic/clients/{public_id}/sessions/{session_id}/addenda"
    (entry,) = [e for e in entries if e["what"] == what]
    assert entry["client_ref"] == people["a.client1"].public_id
    assert entry["actor_id"] == people["a.therapist1"].id
    assert CORRECTION not in str(entries)  # no values in the log


def _upload(client: Any, text: str, mode: str, **extra: str) -> Any:
    files = {"file": ("backrub-me.json", text.encode(), "application/json")}
    data = {"csrf_token": client.cookies.get("backrub_csrf"), "mode": mode, **extra}
    return client.post("/backup/import", data=data, files=files)


def test_the_clients_backup_holds_the_addenda_and_replace_keeps_note_and_addenda(people: People):
    client = as_(people, "a.client1")
    assert "session_addenda" not in client.get("/api/export").json()["data"]  # none yet
    session = write_note(people)
    form(as_(people, "a.therapist1"), addenda_path(people, session), {"text": CORRECTION})
    backup = client.get("/api/export")
    (kept,) = backup.json()["data"]["session_addenda"]
    assert kept["text"] == CORRECTION and kept["by"] == "Therapist1 A"
    (note,) = backup.json()["data"]["pro_sessions"]
    assert kept["session_id"] == note["id"]
    before = (notes(people), rows(people))
    assert _upload(client, backup.text, "replace", confirm="yes").status_code == 303
    assert _upload(client, backup.text, "add").status_code == 303
    assert (notes(people), rows(people)) == before  # kept once, never copied
    assert client.get("/history").text.count(CORRECTION) == 1


def test_a_backup_restored_in_the_local_app_keeps_each_addendum_under_its_note(
    people: People, tmp_path: Any
):
    from backrub.services import backup as backups
    from backrub.services.addenda import addenda_of
    from backrub.store import open_store
    from tests.web.conftest import NOW

    session = write_note(people)
    form(as_(people, "a.therapist1"), addenda_path(people, session), {"text": CORRECTION})
    text = as_(people, "a.client1").get("/api/export").text
    local = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    try:
        restored = backups.import_backup(local, text, source="backup.json", now=NOW)
        (addendum,) = addenda_of(local, restored)
        (pro,) = local.pro_sessions(restored.id or 0)
        assert (addendum.session_id, addendum.text, addendum.by) == (
            pro.id,
            CORRECTION,
            "Therapist1 A",
        )
        again = backups.export_json(local, restored, now=NOW)
        assert '"session_addenda"' in again and CORRECTION in again
    finally:
        local.close()


def test_the_report_shows_the_addendum_under_the_note(people: People):
    session = write_note(people)
    therapist = as_(people, "a.therapist1")
    form(therapist, addenda_path(people, session), {"text": CORRECTION, "reason": "wrong side"})
    client = people["a.client1"].public_id
    report = therapist.get(
        f"/clinic/clients/{client}/report/download",
        params={"format": "html", "sections": "sessions"},
    )
    assert report.status_code == 200
    assert "Tight left paraspinals" in report.text
    assert "Addendum by Therapist1 A on" in report.text and CORRECTION in report.text
    assert "Reason: wrong side" in report.text
    assert report.text.index("Tight left paraspinals") < report.text.index(CORRECTION)


def test_the_therapists_report_names_no_internal_id_and_keeps_its_plain_file_name(
    people: People,
):
    from backrub.reports.model import SECTION_TITLES
    from tests.clinic.client_records import make_records
    from tests.clinic.test_clinic_words import UUID

    make_records(as_(people, "a.client1"), "MINE")
    session = write_note(people)
    therapist = as_(people, "a.therapist1")
    form(therapist, addenda_path(people, session), {"text": CORRECTION})
    path = f"/clinic/clients/{people['a.client1'].public_id}/report/download"
    sections = [("sections", name) for name in SECTION_TITLES]
    for fmt in ("html", "pdf"):
        made = therapist.get(path, params=[("format", fmt), *sections])
        assert made.status_code == 200
        disposition = made.headers["content-disposition"]
        assert disposition == f'attachment; filename="backrub-report-2026-03-02.{fmt}"'
    html = therapist.get(path, params=[("format", "html"), *sections]).text
    assert CORRECTION in html
    assert not UUID.findall(html)  # no public id of a client, a session or an addendum
    for account in people.accounts.values():
        assert account.email not in html
    assert "profile_id" not in html and "therapist_id" not in html and "session_id" not in html


def test_the_note_reads_the_same_on_the_timeline_the_addendum_page_and_the_clients_history(
    people: People,
):
    # A part left empty is left out, not shown as an empty heading.
    therapist = as_(people, "a.therapist1")
    path = f"/clinic/clients/{people['a.client1'].public_id}/sessions/new"
    assert form(therapist, path, {**NOTES, "objective": ""}).status_code == 303
    session = write_note(people)  # a second note, with all four parts
    pages = {
        "timeline": therapist.get(f"/clinic/clients/{people['a.client1'].public_id}").text,
        "addendum": therapist.get(addenda_path(people, session)).text,
        "history": as_(people, "a.client1").get("/history").text,
    }
    full = [
        ("Subjective", NOTES["subjective"]),
        ("Objective", NOTES["objective"]),
        ("Assessment", NOTES["assessment"]),
        ("Plan", NOTES["plan"]),
    ]
    for name, page in pages.items():
        notes = [
            [(dt.get_text(), dt.find_next_sibling("dd").get_text()) for dt in dl.find_all("dt")]
            for dl in BeautifulSoup(page, "html.parser").select("dl.soap")
        ]
        if name == "addendum":
            assert notes == [full], name
        else:  # both notes have the same time: their order is not the point here
            assert sorted(notes) == sorted([full, [full[0], *full[2:]]]), name
