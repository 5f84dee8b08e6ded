"""The cohort report's pages and downloads: who sees what, hiding, CSV, PDF, FHIR NDJSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import select, update

from backrub.domain.accounts import Role
from backrub.domain.cohort_cells import Reason, Suppressed
from backrub.domain.cohort_summary import Flow
from backrub.domain.records import Response
from backrub.reports.cohort_fhir import bulk_uuid, ndjson_lines
from backrub.services import audit as audit_service
from backrub.services import cohort as cohort_service
from backrub.store import accounts as account_rows
from backrub.store.clinic_tables import assignments, audit_log
from tests.clinic.cohort_world import DAY0, Client, add_client, odi, rmdq
from tests.clinic.conftest import _HASH, People, as_, form
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

ROUTES = ("/clinic/cohort", "/clinic/cohort/csv", "/clinic/cohort/pdf", "/clinic/cohort/fhir")


def _plan(name: str, therapist: str, n: int, clinic: str = "a") -> Client:
    better = n % 3 != 0  # two in three improve
    return Client(
        name,
        (therapist,),
        clinic=clinic,
        pain={0: 7, 84: 3 if better else 6, 168: 2 if better else 7},
        answers={0: ("rmdq", rmdq(14)), 84: ("rmdq", rmdq(6 if better else 13))},
    )


@pytest.fixture
def cohort(people: People) -> People:
    """Clinic a: 12 clients each for therapists 1 and 2, 3 for a third (too few)."""
    store = people.store
    people.accounts["a.therapist3"] = account_rows.add_account(
        store,
        clinic_id=people.clinic_ids["a"],
        role=Role.THERAPIST,
        email="therapist3@a.example",
        display_name="=HYPERLINK(1)",
        password_hash=_HASH,
        now=NOW,
    )
    plans = [_plan(f"p{n}", "therapist1", n) for n in range(12)]
    plans += [_plan(f"q{n}", "therapist2", n) for n in range(12)]
    plans += [_plan(f"r{n}", "therapist3", n) for n in range(3)]
    plans.append(
        Client(
            "b0",
            ("therapist1",),
            clinic="b",
            pain={0: 9, 84: 1},
            answers={0: ("odi", odi(30)), 84: ("odi", odi(5))},
        )
    )
    for plan in plans:
        add_client(store, people, plan)
    return people


def test_the_administrator_sees_the_clinic_and_every_therapist_by_name(cohort: People) -> None:
    page = as_(cohort, "a.admin").get("/clinic/cohort")
    assert page.status_code == 200
    body = page.text
    for name in ("Therapist1 A", "Therapist2 A", "=HYPERLINK(1)"):
        assert name in body
    assert "Started: 27" in body  # every client of clinic a with a session; not clinic b's
    assert "Not shown: fewer than 10 clients." in body  # therapist 3
    assert "it would reveal a cell with too few clients" in body  # and one more with it
    funnel = body[body.index('<figure class="cohort-funnel">') : body.index("</figure>")]
    assert "<svg" in funnel and "<script" not in funnel and "style=" not in funnel
    assert "Cohort p1" not in body and "Cohort r1" not in body  # no client is named
    assert "Elder" in body and "not a trial" in body


def test_the_study_beside_the_clinic_with_its_caveats_and_one_decimal(cohort: People) -> None:
    body = as_(cohort, "a.admin").get("/clinic/cohort").text
    assert "55.4% at 12 weeks, 46.1% at 24 weeks" in body  # as published, never "55%"
    assert "75.0% were still improved" in body
    assert "compare them with the column &#34;Only those who answered&#34;" in body
    assert "not like for like" in body and "3 months or more" in body
    assert "no longer clearly better than at the start" in body
    assert "a product rule combining the absolute and the relative thresholds" in body
    assert "Counted only from a start of 2 or more (product default)." in body  # pain
    assert "consistent with chance" in body and "about 1 in 20 falls outside" in body
    assert "a therapist whose clients stop answering can look better" in body
    assert "the therapist they are assigned to now" in body
    assert "no more than chance" not in body
    assert "pseudonymised (no names), not anonymous" in body  # what the download holds


def test_a_therapist_sees_only_their_own_beside_the_clinic(cohort: People) -> None:
    body = as_(cohort, "a.therapist2").get("/clinic/cohort").text
    assert "Started: 27" in body  # the clinic's figures
    assert "Therapist1 A" not in body and "HYPERLINK" not in body
    assert "Your clients" in body


def test_beside_one_colleague_a_therapist_is_not_shown_the_clinic(people: People) -> None:
    # Two therapists with 12 clients each: clinic minus one's own is the other's figures.
    for n in range(12):
        add_client(people.store, people, _plan(f"p{n}", "therapist1", n))
        add_client(people.store, people, _plan(f"q{n}", "therapist2", n))
    body = as_(people, "a.therapist1").get("/clinic/cohort").text
    assert "Started: 12" in body  # their own clients
    assert "Started: 24" not in body and "The rest of the clinic: not shown." in body
    assert '<figure class="cohort-funnel">' not in body  # its line is the clinic's share
    admin = as_(people, "a.admin").get("/clinic/cohort").text
    assert "Started: 24" in admin


@pytest.mark.parametrize("route", ROUTES)
def test_a_client_finds_nothing(cohort: People, route: str) -> None:
    assert as_(cohort, "a.client1").get(route).status_code == 404


def test_only_an_administrator_exports_the_answers(cohort: People) -> None:
    assert as_(cohort, "a.therapist1").get("/clinic/cohort/fhir").status_code == 404


def test_the_csv_is_formula_safe_and_names_no_client(cohort: People) -> None:
    got = as_(cohort, "a.admin").get("/clinic/cohort/csv")
    assert got.status_code == 200
    rows = list(csv.DictReader(io.StringIO(got.text)))
    groups = {r["group"] for r in rows}
    assert groups == {"clinic", "Therapist1 A", "Therapist2 A", "'=HYPERLINK(1)"}
    hidden = [r for r in rows if r["group"] == "'=HYPERLINK(1)" and r["figure"] == "improved"]
    assert hidden and all(r["responders"] == "" and r["note"] for r in hidden)
    assert "Cohort" not in got.text
    low = {r["instrument"]: r["out_of"] for r in rows if r["figure"] == "started too low"}
    assert low == dict.fromkeys(("nrs", "peg", "rmdq", "odi"), "0")  # everyone had room


def test_the_pdf(cohort: People) -> None:
    got = as_(cohort, "a.therapist1").get("/clinic/cohort/pdf")
    assert got.status_code == 200
    assert got.content.startswith(b"%PDF")


def test_the_cohorts_answers_as_fhir_ndjson_and_nothing_else(cohort: People) -> None:
    # Not in the cohort: z1 never had a session. z2 is in it, but only the RMDQ at
    # the start and the PEG at 12 weeks go out: not the PHQ-9, not an answer on day 200.
    add_client(
        cohort.store,
        cohort,
        Client("z1", ("therapist1",), start=None, pain={0: 7}, answers={0: ("rmdq", rmdq(14))}),
    )
    z2_answers = {
        0: ("rmdq", rmdq(14)),
        5: ("phq9", (1,) * 9),
        84: ("peg", (5, 6, 4)),
        200: ("rmdq", rmdq(3)),
    }
    z2 = add_client(
        cohort.store, cohort, Client("z2", ("therapist2",), pain={0: 7, 84: 3}, answers=z2_answers)
    )
    got = as_(cohort, "a.admin").get("/clinic/cohort/fhir")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/fhir+ndjson")
    lines = got.text.splitlines()
    assert len(lines) == 27 * 2 + 2  # two RMDQ answers each of the 27, and z2's two
    parsed = [json.loads(line) for line in lines]
    for resource in parsed:
        checked = QuestionnaireResponse.model_validate(resource)
        assert checked.status == "completed"
        assert checked.subject.reference.startswith("Patient/")
    assert len({r["id"] for r in parsed}) == len(lines)
    patients = {r["subject"]["reference"] for r in parsed}
    assert {r["questionnaire"].rsplit("/", 1)[1] for r in parsed} == {"rmdq", "peg"}
    assert "Cohort" not in got.text

    # Line for line what the Python reference makes of z2's two answers.
    def answer(day: int) -> Response:
        name, answers = z2_answers[day]
        when = datetime.combine(DAY0 + timedelta(days=day), time(8), ZoneInfo("Asia/Ho_Chi_Minh"))
        return Response(when, "Asia/Ho_Chi_Minh", name, answers)

    expected = [
        json.loads(x) for x in ndjson_lines([(z2.public_id, answer(0)), (z2.public_id, answer(84))])
    ]
    patient = expected[0]["subject"]["reference"]
    mine = [r for r in parsed if r["subject"]["reference"] == patient]
    assert len(mine) == len(expected)
    for got_one, want in zip(mine, expected, strict=True):
        assert got_one == want, (got_one, want)
    with cohort.store.reading() as c:
        entries = c.execute(
            select(audit_log).where(audit_log.c.action == "export").order_by(audit_log.c.id)
        ).all()
    # One entry for the download with the count, then one per client whose answers left,
    # all by the administrator, at the same moment, in clinic a.
    summary, *each = entries
    assert (summary.what, summary.client_ref) == ("GET /clinic/cohort/fhir (28 clients)", None)
    assert len(each) == 28 and {e.what for e in each} == {"GET /clinic/cohort/fhir"}
    assert {(e.clinic_id, e.actor_id, e.at) for e in entries} == {
        (cohort.clinic_ids["a"], cohort["a.admin"].id, summary.at)
    }
    refs = {str(e.client_ref) for e in each}
    assert {f"Patient/{bulk_uuid('patient|' + ref)}" for ref in refs} == patients
    assert z2.public_id in refs and cohort["a.z1"].public_id not in refs  # not in the cohort
    trail = audit_service.access_of(cohort.store, z2)  # the client's own access page
    assert [(e.action, e.actor_name) for e in trail][:1] == [("export", "Admin A")]
    page = as_(cohort, "a.z2").get("/account/access").text
    assert "Admin A (administrator) downloaded your questionnaire answers" in page


def test_the_page_in_vietnamese_says_what_is_hidden(cohort: People) -> None:
    admin = as_(cohort, "a.admin")
    assert form(admin, "/language", {"language": "vi", "next": "/clinic/cohort"}).status_code == 303
    body = admin.get("/clinic/cohort").text
    assert 'lang="vi"' in body
    assert "Không hiển thị: ít hơn 10 khách hàng." in body
    assert "Báo cáo nhóm khách hàng" in body and "Bắt đầu: 27" in body


def test_the_counts_are_kept_for_the_day_but_follow_a_reassignment(cohort: People) -> None:
    first = cohort_service.therapist_report(cohort.store, cohort["a.therapist2"], NOW)
    again = cohort_service.therapist_report(cohort.store, cohort["a.therapist2"], NOW)
    assert again == first
    # Therapist 1's twelve clients move to therapist 2: the next report follows at once.
    with cohort.store.writing() as c:
        c.execute(
            update(assignments)
            .where(assignments.c.therapist_id == cohort["a.therapist1"].id)
            .values(therapist_id=cohort["a.therapist2"].id)
        )
    moved = cohort_service.therapist_report(cohort.store, cohort["a.therapist2"], NOW)
    assert moved != first
    before = first.instruments[0].clinic.attrition
    assert isinstance(before, Flow) and before.enrolled == 27  # the rest: 15 of two others
    # Now the rest of the clinic is therapist 3's 3 clients: the clinic is not shown.
    after = moved.instruments[0].clinic.attrition
    assert isinstance(after, Suppressed) and after.reason is Reason.REST_OF_CLINIC


def test_an_answer_entered_after_the_fact_shows_from_the_next_day_as_the_page_says(
    cohort: People,
) -> None:
    page = as_(cohort, "a.admin").get("/clinic/cohort").text
    assert "an answer given or corrected today shows here from the next day" in page
    today = cohort_service.clinic_report(cohort.store, cohort["a.admin"], NOW)
    # A client whose first session was long ago, entered today with their answers (no
    # therapist yet: a change of assignment would show at once).
    add_client(cohort.store, cohort, Client("late", (), pain={0: 8, 84: 2}))
    same_day = cohort_service.clinic_report(cohort.store, cohort["a.admin"], NOW)
    assert same_day == today  # kept for the day
    tomorrow = cohort_service.clinic_report(cohort.store, cohort["a.admin"], NOW + timedelta(1))
    pain = next(i for i in tomorrow.instruments if i.rule.instrument_id == "nrs").clinic.attrition
    assert isinstance(pain, Flow) and pain.enrolled == 28
