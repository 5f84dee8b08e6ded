"""Follow-up questionnaires on the clinic server (issue 14): schedule, link, answers, view."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from backrub.domain.follow_up import State
from backrub.services import client_record, follow_up
from backrub.store.follow_up_tables import administrations, follow_up_links, follow_up_schedules
from backrub.store.tables import responses
from tests.clinic.conftest import People, as_, browser, form
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

FIRST = NOW.date().isoformat()  # the first session: today
NO_SIGNS = {f"flag_{q.id}": "no" for q in follow_up.warning_signs()}


def schedule(people: People, client: str = "a.client1", **data: Any) -> Any:
    therapist = {"a.client1": "a.therapist1", "b.client1": "b.therapist1"}[client]
    page = f"/clinic/clients/{people[client].public_id}/follow-up"
    fields = {"template": "study", "instruments": ["nrs"], "first_session": FIRST} | data
    return form(as_(people, therapist), page, fields)


def questionnaires(people: People, client: str = "a.client1") -> list[Any]:
    therapist = {"a.client1": "a.therapist1", "b.client1": "b.therapist1"}[client]
    found = client_record.client_of(people.store, people[therapist], people[client].public_id)
    return list(follow_up.of_client(people.store, found).administrations)


def link_to(people: People, client: str = "a.client1", index: int = 0) -> str:
    """Return the path of a new link to the client's questionnaire ``index``, as shown."""
    therapist = {"a.client1": "a.therapist1", "b.client1": "b.therapist1"}[client]
    chosen = questionnaires(people, client)[index]
    page = f"/clinic/clients/{people[client].public_id}/follow-up/link"
    shown = form(as_(people, therapist), page, {"administration": chosen.public_id})
    assert shown.status_code == 200, shown.text[-300:]
    found = BeautifulSoup(shown.text, "html.parser").find(id="follow-up-link")
    assert found is not None and "data:image/svg+xml" in shown.text  # the QR code
    return str(found["href"]).removeprefix("http://localhost")


def count(people: People, table: Any) -> int:
    with people.store.reading() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())


def state_of(people: People, index: int = 0) -> State:
    return questionnaires(people)[index].state


def test_the_study_schedule_makes_baseline_12_and_24_week_questionnaires(people: People) -> None:
    answered = schedule(people, instruments=["nrs", "rmdq"])
    assert answered.status_code == 303
    found = questionnaires(people)
    assert len(found) == 6 and {a.state for a in found} == {State.SCHEDULED}
    days = sorted({a.due_at.date() for a in found})
    assert [(d - NOW.date()).days for d in days] == [0, 84, 168]
    page = as_(people, "a.therapist1").get(
        f"/clinic/clients/{people['a.client1'].public_id}/follow-up"
    )
    assert "Baseline, then 12 and 24 weeks" in page.text and "not sent yet" in page.text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"template": "monthly"}, "template"),
        ({"instruments": []}, "instruments"),
        ({"instruments": ["odi"]}, "instruments"),
        ({"first_session": "someday"}, "first_session"),
        ({"template": "every_weeks", "every_weeks": "13"}, "every_weeks"),
        ({"template": "before_visits", "visits": "next tuesday"}, "visits"),
    ],
)
def test_a_bad_schedule_is_refused_with_the_field_named_and_nothing_written(
    people: People, data: dict[str, Any], field: str
) -> None:
    answered = schedule(people, **data)
    assert answered.status_code == 422
    page = BeautifulSoup(answered.text, "html.parser")
    wrong = page.select(".field.has-error")
    assert [w for w in wrong if w.find(attrs={"name": field})], answered.text[-500:]
    assert count(people, follow_up_schedules) == 0 and count(people, administrations) == 0


def test_a_new_schedule_replaces_the_unsent_questionnaires_of_the_one_before(
    people: People,
) -> None:
    schedule(people)
    schedule(people, template="every_weeks", every_weeks="4", instruments=["peg"])
    found = questionnaires(people)
    assert {a.instrument for a in found} == {"peg"} and len(found) == 6


def test_a_link_opens_only_its_questionnaire_with_no_menu_and_no_name(people: People) -> None:
    schedule(people)
    path = link_to(people)
    page = browser(people).get(path)
    assert page.status_code == 200
    assert "Clinic A" in page.text and "Client1 A" not in page.text
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("nav") is None
    assert [a["href"] for a in soup.find_all("a")] == []  # nowhere else to go
    assert state_of(people) is State.OPENED


def test_a_partly_answered_form_resumes_and_finishing_keeps_one_response(people: People) -> None:
    schedule(people, instruments=["peg"])
    path = link_to(people)
    client = browser(people)
    saved = form(client, path, {"answer_1": "6", "action": "later"})
    assert saved.status_code == 303
    assert state_of(people) is State.PARTLY
    again = BeautifulSoup(client.get(path).text, "html.parser")
    chosen = again.find("input", attrs={"name": "answer_1", "value": "6"})
    assert chosen is not None and chosen.has_attr("checked")  # where it stopped
    answers = {"answer_1": "6", "answer_2": "5", "answer_3": "4", **NO_SIGNS}
    first = form(client, path, answers)
    assert first.status_code == 200 and "Thank you" in first.text
    second = form(browser(people), path, answers)  # another tab, a double click
    assert second.status_code == 410 and "answered this questionnaire already" in second.text
    assert count(people, responses) == 1
    done = questionnaires(people)[0]
    assert done.state is State.COMPLETED and done.response_id is not None
    assert browser(people).get(path).status_code == 410


def test_a_form_sent_with_a_wrong_or_missing_answer_names_it_and_keeps_nothing(
    people: People,
) -> None:
    schedule(people, instruments=["peg"])
    path = link_to(people)
    client = browser(people)
    answered = form(client, path, {"answer_1": "11", "answer_2": "5", **NO_SIGNS})
    assert answered.status_code == 422
    page = BeautifulSoup(answered.text, "html.parser")
    assert page.select(".has-error input[name='answer_1']")
    assert page.select(".has-error input[name='answer_3']")  # not answered
    missing_sign = dict(NO_SIGNS)
    missing_sign.pop("flag_chest_pain")
    answered = form(
        client, path, {"answer_1": "1", "answer_2": "1", "answer_3": "1", **missing_sign}
    )
    assert answered.status_code == 422
    page = BeautifulSoup(answered.text, "html.parser")
    assert page.select(".has-error input[name='flag_chest_pain']")
    assert form(client, path, {"action": "later"}).status_code == 422
    assert count(people, responses) == 0 and state_of(people) is State.SCHEDULED


def test_an_expired_link_says_so_in_plain_words(people: People) -> None:
    schedule(people)
    path = link_to(people)
    from backrub.store import follow_up_rows

    assert follow_up_rows.expire(people.store, NOW + timedelta(days=15)) == 1  # the baseline
    page = browser(people).get(path)
    assert page.status_code == 410 and "The time to answer this questionnaire ended" in page.text
    assert form(browser(people), path, {"answer_1": "3", **NO_SIGNS}).status_code == 410
    assert count(people, responses) == 0


def test_a_token_that_is_not_a_link_or_of_another_clinic_is_not_found(people: People) -> None:
    schedule(people, "b.client1")
    other = link_to(people, "b.client1")
    unknown = "/follow-up/" + "x" * 43
    assert browser(people).get(unknown).status_code == 404
    # A therapist of clinic a cannot make a link to clinic b's questionnaire.
    theirs = questionnaires(people, "b.client1")[0]
    page = f"/clinic/clients/{people['b.client1'].public_id}/follow-up/link"
    tried = form(as_(people, "a.therapist1"), page, {"administration": theirs.public_id})
    assert tried.status_code == 404 and other not in tried.text
    # Nor with its own client's page and the other's questionnaire id.
    schedule(people)
    page = f"/clinic/clients/{people['a.client1'].public_id}/follow-up/link"
    tried = form(as_(people, "a.therapist1"), page, {"administration": theirs.public_id})
    assert tried.status_code == 422
    assert count(people, follow_up_links) == 1


def test_a_warning_sign_answered_yes_tops_the_therapists_page_with_the_time(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    signs = NO_SIGNS | {"flag_bladder_bowel_change": "yes"}
    done = form(browser(people), path, {"answer_1": "3", **signs})
    assert done.status_code == 200 and "Get help now" in done.text
    page = as_(people, "a.therapist1").get("/clinic/follow-up")
    soup = BeautifulSoup(page.text, "html.parser")
    alert = soup.select_one("main [role=alert]")
    assert alert is not None and "Client1 A" in alert.text and "2026-03-02 09:30" in alert.text
    assert "bladder" in alert.text.lower()
    assert "1 of 1 answered in time" in page.text
    assert "Client2 A" not in as_(people, "a.therapist1").get("/clinic/follow-up").text


def test_overdue_questionnaires_come_first_on_the_therapists_page(people: People) -> None:
    schedule(people, first_session=(NOW.date() - timedelta(days=2)).isoformat())
    page = as_(people, "a.therapist1").get("/clinic/follow-up")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    heading = [h.text for h in soup.find_all("h2")]
    assert heading[0] == "Overdue"
    rows = soup.select("table.records tbody tr")
    assert len(rows) == 1 and "Client1 A" in rows[0].text


def test_administrators_and_clients_do_not_see_the_follow_up_pages(people: People) -> None:
    for who in ("a.admin", "a.client1"):
        assert as_(people, who).get("/clinic/follow-up").status_code == 404
    page = f"/clinic/clients/{people['a.client2'].public_id}/follow-up"
    assert as_(people, "a.therapist1").get(page).status_code == 404


def test_the_link_speaks_the_clients_language_and_keeps_the_language_answered_in(
    people: People,
) -> None:
    account = people["a.client1"]
    assert account.profile_id is not None
    people.store.set_profile_language(account.profile_id, "vi")
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    page = client.get(path)
    assert "Gửi câu trả lời của tôi" in page.text  # "Send my answers"
    language = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "language"})
    assert language is not None and language["value"] == "vi"
    done = form(client, path, {"answer_1": "4", "language": "vi", **NO_SIGNS})
    assert done.status_code == 200 and "Cảm ơn bạn" in done.text
    with people.store.reading() as c:
        assert c.execute(select(responses.c.language)).scalar_one() == "vi"


def test_deleting_a_client_deletes_their_follow_up(people: People) -> None:
    from backrub.store import people_rows

    schedule(people)
    path = link_to(people)
    form(browser(people), path, {"answer_1": "4", **NO_SIGNS})
    people_rows.delete_client(people.store, people["a.client1"])
    for table in (follow_up_schedules, administrations, follow_up_links, responses):
        assert count(people, table) == 0, table.name


def test_the_follow_up_overview_is_in_the_audit_log_for_each_client_shown(
    people: People,
) -> None:
    from backrub.store.clinic_tables import audit_log

    schedule(people)
    as_(people, "a.therapist1").get("/clinic/follow-up")
    with people.store.reading() as c:
        found = c.execute(
            select(audit_log.c.client_ref).where(audit_log.c.what == "GET /clinic/follow-up")
        ).all()
    assert [r.client_ref for r in found] == [people["a.client1"].public_id]


def test_a_warning_sign_saved_part_way_on_a_questionnaire_not_yet_due_shows_at_once(
    people: People,
) -> None:
    visit = (NOW + timedelta(days=3)).date().isoformat()  # due in 2 days: a link can be made
    schedule(people, template="before_visits", visits=visit, instruments=["nrs"])
    path = link_to(people)  # handed over early by QR code
    saved = form(browser(people), path, {"flag_chest_pain": "yes", "action": "later"})
    assert saved.status_code == 303
    page = as_(people, "a.therapist1").get("/clinic/follow-up")
    alert = BeautifulSoup(page.text, "html.parser").select_one("main [role=alert]")
    assert alert is not None and "Client1 A" in alert.text and "chest" in alert.text.lower()


def _therapists_alert(people: People) -> Any:
    page = as_(people, "a.therapist1").get("/clinic/follow-up")
    return BeautifulSoup(page.text, "html.parser").select_one("main [role=alert]")


def test_a_yes_sent_with_another_answer_missing_is_kept_and_the_client_told_to_get_help(
    people: People,
) -> None:
    """Review S6-1: the form is refused for the missing answer, the "yes" is not lost."""
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    refused = form(browser(people), path, {**NO_SIGNS, "flag_chest_pain": "yes"})
    assert refused.status_code == 422
    assert "Get help now" in refused.text and "go to an emergency department now" in refused.text
    alert = _therapists_alert(people)
    assert alert is not None and "Client1 A" in alert.text and "chest" in alert.text.lower()


def test_a_yes_saved_for_later_with_a_wrong_answer_elsewhere_is_kept(people: People) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    sent = {"flag_bladder_bowel_change": "yes", "answer_1": "eleven", "action": "later"}
    refused = form(browser(people), path, sent)
    assert refused.status_code == 422 and "Get help now" in refused.text
    alert = _therapists_alert(people)
    assert alert is not None and "bladder" in alert.text.lower()


def test_after_saving_a_yes_for_later_the_page_says_to_get_help_now(people: People) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    saved = form(client, path, {"flag_chest_pain": "yes", "action": "later"})
    assert saved.status_code == 303
    again = client.get(saved.headers["location"])
    assert again.status_code == 200
    soup = BeautifulSoup(again.text, "html.parser")
    banner = soup.select_one("[role=alert]")
    assert banner is not None and "Get help now" in banner.text
    assert "Your answers so far are kept" in again.text


def test_a_form_with_no_yes_shows_no_alarm(people: People) -> None:
    schedule(people, instruments=["nrs"])
    page = browser(people).get(link_to(people))
    assert page.status_code == 200 and "Get help now" not in page.text
    assert _therapists_alert(people) is None


@pytest.mark.parametrize("odd", ["2", "yes", "-1", "1e9"])
def test_an_rmdq_box_sent_with_an_odd_value_is_refused_by_its_field(
    people: People, odd: str
) -> None:
    """Review S6-20: it was stored as "no" without a word."""
    schedule(people, instruments=["rmdq"])
    path = link_to(people)
    refused = form(browser(people), path, {**NO_SIGNS, "answer_1": "1", "answer_3": odd})
    assert refused.status_code == 422
    soup = BeautifulSoup(refused.text, "html.parser")
    assert soup.select_one("#f-answer_3-error") is not None  # named by its sentence
    assert soup.select_one("#f-answer_1-error") is None
    assert count(people, responses) == 0


def test_a_yes_on_a_follow_up_is_on_the_therapists_client_list_too(people: People) -> None:
    """Review S6-2: the list is where a therapist looks; the follow-up page is under More."""
    schedule(people, instruments=["nrs"])
    form(browser(people), link_to(people), {"flag_chest_pain": "yes", "action": "later"})
    listed = as_(people, "a.therapist1").get("/clinic/clients")
    alert = BeautifulSoup(listed.text, "html.parser").select_one("main [role=alert]")
    assert alert is not None and "Client1 A" in alert.text and "chest" in alert.text.lower()
    other = as_(people, "a.therapist2").get("/clinic/clients")
    assert "Client1 A" not in other.text


def test_no_link_for_a_questionnaire_due_more_than_3_days_ahead_but_the_baseline(
    people: People,
) -> None:
    """Review S6-17: a 24-week questionnaire answered at day 0 is lost to the 24-week
    figures, and the real one is never sent."""
    schedule(people, instruments=["nrs"])
    week12 = questionnaires(people)[1]
    assert week12.why == "week 12"
    page = f"/clinic/clients/{people['a.client1'].public_id}/follow-up"
    therapist = as_(people, "a.therapist1")
    refused = form(therapist, page + "/link", {"administration": week12.public_id})
    assert refused.status_code == 422 and "not due yet" in refused.text
    soup = BeautifulSoup(refused.text, "html.parser")
    assert soup.select_one("#f-administration-error") is not None
    assert count(people, follow_up_links) == 0
    shown = therapist.get(page).text
    day = (week12.due_at - timedelta(days=3)).date().isoformat()
    assert f"A link can be made from {day}." in shown
    assert shown.count('name="administration"') == 1  # only the baseline has the button
    link_to(people)  # the baseline: a link at any time


def test_the_qr_code_carries_the_configured_public_address(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review S6-25: behind a proxy the request's own address may be a local one."""
    app = people.app.state.backend
    public = app.settings.model_copy(update={"public_url": "https://clinic.example"})
    monkeypatch.setattr(people.app.state, "backend", replace(app, settings=public))
    schedule(people)
    chosen = questionnaires(people)[0]
    page = f"/clinic/clients/{people['a.client1'].public_id}/follow-up/link"
    shown = form(as_(people, "a.therapist1"), page, {"administration": chosen.public_id})
    found = BeautifulSoup(shown.text, "html.parser").find(id="follow-up-link")
    assert found is not None and str(found["href"]).startswith("https://clinic.example/follow-up/")


def test_an_answer_sent_as_the_questionnaire_expires_says_it_expired(people: People) -> None:
    """Review S6-18: the last submit, refused because the time ran out meanwhile, says so
    (not "answered already"). The expiry is written by the same transaction's first
    statement, as the hourly sweep would have written it just before."""
    from sqlalchemy import event, update

    schedule(people, instruments=["nrs"])
    path = link_to(people)
    engine = people.store.engine
    chosen = questionnaires(people)[0]

    done: list[bool] = []

    def expire_first(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        completing = statement.startswith("UPDATE administrations SET") and (
            "completed_at" in statement
        )
        if completing and not done:
            done.append(True)
            expire = update(administrations).where(administrations.c.id == chosen.id)
            conn.execute(expire.values(state="expired", partial=None))

    event.listen(engine, "before_cursor_execute", expire_first)
    try:
        late = form(browser(people), path, {**NO_SIGNS, "answer_1": "4"})
    finally:
        event.remove(engine, "before_cursor_execute", expire_first)
    assert done
    assert late.status_code == 410 and "The time to answer this questionnaire ended" in late.text
    assert count(people, responses) == 0
