"""The therapist's pages: the client list, a client's timeline, SOAP notes, the report."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from backrub import i18n
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts
from tests.clinic.conftest import People, as_, form
from tests.clinic.test_therapist_list import (
    EMERGENCY,
    add_clients,
    answer,
    check_in,
    profile_of,
    screen,
)
from tests.i18n.english import english_in_html
from tests.web.conftest import NOW

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

UNKNOWN = "0b6f8a3e-5d7c-4c1a-9a55-2f0d3b9e6c11"


def pages(public_id: str) -> list[str]:
    base = f"/clinic/clients/{public_id}"
    return [base, f"{base}/sessions/new", f"{base}/report", f"{base}/report/download?format=html"]


def test_the_list_puts_an_emergency_first_with_its_time_in_words(people: People):
    one = profile_of(people, people["a.client1"])
    screen(people, one, EMERGENCY, days_ago=1)
    with people.store.writing() as c:  # the client lives in London: 999
        c.execute(t.profiles.update().where(t.profiles.c.id == one.id).values(tz="Europe/London"))
    page = as_(people, "a.therapist1").get("/clinic/clients")
    assert page.status_code == 200
    row = re.search(r'<tr id="c-[^"]+" class="urgent">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "Client1 A" in row.group(1)
    assert "Emergency signs:" in row.group(1)  # in words, not colour only
    assert "backrub told the client to call 999 or go to an emergency department." in (row.group(1))
    assert "Contact the client now." in row.group(1)
    assert "2026-03-01" in row.group(1)
    assert "Times are in" in row.group(1)
    assert f'href="/clinic/clients/{people["a.client1"].public_id}"' in row.group(1)
    assert "Client2 A" not in page.text  # therapist 2's client
    assert '<table class="records caseload">' in page.text  # stacks on a phone (app.css)
    assert "backrub does not alert anyone: this list is only read when you open it." in page.text


def test_item_9_shows_when_it_was_answered_in_the_clients_zone(people: People):
    one = profile_of(people, people["a.client1"])
    answer(people, one, "phq9", "0,0,0,0,0,0,0,0,2", hours_ago=2)
    page = as_(people, "a.therapist1").get("/clinic/clients")
    assert "self-harm" in page.text and "Today:" in page.text
    assert "call the local emergency number" in page.text  # no country for UTC
    assert "2026-03-02 07:30" in page.text  # NOW is 09:30 UTC; the profile's zone is UTC


def test_the_list_is_for_therapists_only(people: People):
    assert as_(people, "a.admin").get("/clinic/clients").status_code == 404
    assert as_(people, "a.client1").get("/clinic/clients").status_code == 404


def test_another_therapists_or_clinics_client_is_not_there(people: People):
    therapist = as_(people, "a.therapist1")
    for name in ("a.client2", "a.client3", "b.client1"):
        public_id = people[name].public_id
        for path, unknown in zip(pages(public_id), pages(UNKNOWN), strict=True):
            found, missing = therapist.get(path), therapist.get(unknown)
            assert found.status_code == missing.status_code == 404, path
            assert found.text == missing.text.replace(UNKNOWN, public_id), path
        refused = form(therapist, pages(people[name].public_id)[1], {"technique": "other"})
        assert refused.status_code == 404
    for who in ("a.admin", "a.therapist2", "b.therapist1", "a.client1"):
        for path in pages(people["a.client1"].public_id):
            assert as_(people, who).get(path).status_code == 404, (who, path)


def test_a_soap_session_is_saved_with_the_therapist_and_the_client_sees_it(people: People):
    client = people["a.client1"]
    therapist = as_(people, "a.therapist1")
    path = f"/clinic/clients/{client.public_id}/sessions/new"
    assert "Subjective" in therapist.get(path).text
    notes = {
        "technique": "relaxation",
        "minutes": "45",
        "subjective": "Sore after gardening",
        "objective": "Tight left paraspinals",
        "assessment": "Muscular, no red flags",
        "plan": "Walk daily; see again in a week",
    }
    saved = form(therapist, path, notes)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/clinic/clients/{client.public_id}?saved=session"
    with people.store.reading() as c:
        row = c.execute(select(t.pro_sessions)).one()
    assert row.therapist_id == people["a.therapist1"].id
    assert row.therapist == "Therapist1 A"
    assert row.profile_id == client.profile_id
    timeline = therapist.get(saved.headers["location"]).text
    assert "Session saved" in timeline and "Tight left paraspinals" in timeline
    history = as_(people, "a.client1").get("/history").text
    assert "written by Therapist1 A (your clinic)" in history


def test_a_bad_session_says_which_field_and_saves_nothing(people: People):
    therapist = as_(people, "a.therapist1")
    path = f"/clinic/clients/{people['a.client1'].public_id}/sessions/new"
    refused = form(therapist, path, {"technique": "relaxation", "minutes": "900"})
    assert refused.status_code == 422
    assert 'id="f-minutes-error"' in refused.text
    with people.store.reading() as c:
        assert c.execute(select(t.pro_sessions)).first() is None


def test_the_timeline_shows_the_clients_records_newest_first(people: People):
    one = profile_of(people, people["a.client1"])
    screen(people, one, days_ago=40)
    check_in(people, one, hours_ago=24 * 35)
    check_in(people, one, hours_ago=3, note="stiff this morning")
    answer(people, one, "phq9", "1,1,1,1,1,1,1,1,0", hours_ago=5)
    therapist = as_(people, "a.therapist1")
    base = f"/clinic/clients/{people['a.client1'].public_id}"
    page = therapist.get(base).text
    assert page.index("stiff this morning") < page.index("PHQ-9")
    assert "8 out of 27" in page  # the questionnaire with its score
    assert "No warning signs" not in page  # 40 days ago: earlier than the first window
    assert f'href="{base}?days=90"' in page
    earlier = therapist.get(f"{base}?days=90").text
    assert "No warning signs" in earlier
    assert earlier.count("pain 4/10") == 2


def test_the_report_has_the_clients_data(people: People):
    one = profile_of(people, people["a.client1"])
    check_in(people, one, hours_ago=3, note="stiff this morning")
    therapist = as_(people, "a.therapist1")
    base = f"/clinic/clients/{people['a.client1'].public_id}"
    assert therapist.get(f"{base}/report").status_code == 200
    form(therapist, f"{base}/sessions/new", {"technique": "sports", "minutes": "30"})
    report = therapist.get(f"{base}/report/download?format=html&sections=summary&sections=sessions")
    assert report.status_code == 200, report.text[:500]
    assert "attachment" in report.headers["content-disposition"]
    assert "Client1 A" in report.text
    assert "Therapist1 A" in report.text
    pdf = therapist.get(f"{base}/report/download?format=pdf&sections=summary")
    assert pdf.content.startswith(b"%PDF")
    refused = therapist.get(f"{base}/report/download?format=doc&sections=summary")
    assert refused.status_code == 422 and 'id="f-format-error"' in refused.text
    assert NOW.date().isoformat() in report.headers["content-disposition"]


def test_no_english_is_left_on_the_pages_in_the_pseudo_locale(
    people: People, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(i18n.PSEUDO_SWITCH, "1")
    one = profile_of(people, people["a.client1"])
    screen(people, one, EMERGENCY, days_ago=1)
    check_in(people, one, hours_ago=3, new_leg_symptoms="yes")
    answer(people, one, "phq2", "2,1", hours_ago=4)
    therapist = as_(people, "a.therapist1")
    form(
        therapist,
        pages(people["a.client1"].public_id)[1],
        {"technique": "sports", "minutes": "30", "plan": "walk"},
    )
    therapist.headers["Accept-Language"] = i18n.PSEUDO
    base = f"/clinic/clients/{people['a.client1'].public_id}"
    for path in ("/clinic/clients", base, f"{base}/sessions/new", f"{base}/report"):
        page = therapist.get(path)
        assert page.status_code == 200, path
        assert "⟦" in page.text and english_in_html(page.text) == [], path
    refused = form(therapist, f"{base}/sessions/new", {"technique": "sports", "minutes": "x"})
    assert english_in_html(refused.text) == []


def test_a_restriction_is_at_the_top_of_the_client_page_and_the_session_form(people: People):
    one = profile_of(people, people["a.client1"])
    therapist = as_(people, "a.therapist1")
    base = f"/clinic/clients/{people['a.client1'].public_id}"
    assert "No safety answers yet" in therapist.get(base).text
    screen(people, one, "past_blood_clot", days_ago=40)  # outside the timeline's 30 days
    for path, below in ((base, "Timeline</h2>"), (f"{base}/sessions/new", 'name="technique"')):
        page = therapist.get(path).text
        banner = page.index("Before any massage: no self massage, no professional massage")
        assert page.index("<h1>") < banner < page.index(below)
    form_page = therapist.get(f"{base}/sessions/new").text
    assert "rule out professional massage until a clinician says it is safe (" in form_page
    assert "Record a session only if a clinician has cleared them." in form_page
    listed = therapist.get("/clinic/clients").text
    assert "Before any massage:" in listed and "no professional massage" in listed


def test_a_pregnancy_restriction_is_worded_and_no_session_warning(people: People):
    one = profile_of(people, people["a.client1"])
    screen(people, one, "pregnancy", days_ago=2)
    therapist = as_(people, "a.therapist1")
    page = therapist.get(f"/clinic/clients/{people['a.client1'].public_id}/sessions/new").text
    assert "Before any massage: no massage gun, no face down" in page
    assert "rule out professional massage" not in page


def test_the_list_in_vietnamese_names_the_tiers_and_the_number(people: People):
    one = profile_of(people, people["a.client1"])
    screen(people, one, EMERGENCY, days_ago=1)
    answer(people, one, "gad2", "2,2", hours_ago=4)
    therapist = as_(people, "a.therapist1")
    therapist.headers["Accept-Language"] = "vi"
    page = therapist.get("/clinic/clients").text
    assert "Dấu hiệu cấp cứu:" in page and "Cần xem sớm:" in page
    assert "gọi 115 hoặc đến khoa cấp cứu" in page  # no country for UTC: by the language
    assert "backrub không báo động cho ai" in page


def test_a_row_kept_from_an_earlier_visit_is_worded_in_the_language_chosen_since(
    people: People,
):
    """Rows are rendered once a process for what they show (web/clinic/client_rows.py):
    the language is part of that, and so is a change to the client's line."""
    one = profile_of(people, people["a.client1"])
    therapist = as_(people, "a.therapist1")

    def row() -> str:
        page = therapist.get("/clinic/clients")
        assert page.status_code == 200
        found = re.search(r'<tr id="c-[^"]+"[^>]*>(.*?)</tr>', page.text, re.S)
        assert found is not None
        return found.group(1)

    first = row()
    assert "Times are in" in first and "No check-in yet" in first
    assert "No safety answers yet" in first
    assert form(therapist, "/language", {"language": "vi", "next": "/clinic/clients"})
    again = row()
    assert "Giờ được ghi theo" in again and "Chưa có ghi nhận hằng ngày" in again
    assert "Times are in" not in again and "Chưa có câu trả lời an toàn" in again
    screen(people, one, EMERGENCY, days_ago=1)  # the line changes: a new row
    assert "Chưa có câu trả lời an toàn" not in row()


def test_a_name_written_like_the_rows_own_mark_is_shown_as_text_and_splits_nothing(
    people: People,
):
    """Rows rendered together are split at a mark no value can hold (web/clinic/client_rows.py)."""
    odd = "Odd <!--end of row--> Name"
    with people.store.writing() as c:
        c.execute(
            accounts.update()
            .where(accounts.c.id == people["a.client1"].id)
            .values(display_name=odd)
        )
    add_clients(people, people["a.therapist1"], 2)
    page = as_(people, "a.therapist1").get("/clinic/clients")
    assert page.status_code == 200
    rows = re.findall(r'<tr id="c-[^"]+"[^>]*>(.*?)</tr>', page.text, re.S)
    assert len(rows) == 3
    assert "Odd &lt;!--end of row--&gt; Name" in page.text and odd not in page.text
    assert sum("Extra" in row for row in rows) == 2
