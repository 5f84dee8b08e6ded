"""The screening's stop banner opens with the person's own answers (people review 8, F5).

An emergency or same-day stop says first what the person answered yes to, then what to
do now (the call link, the zone's number); an emergency's list of signs and its sources
wait behind a "Why" disclosure, and the line for someone who cannot get there cannot be
read against "Call 115 now".
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from backrub.domain.screening import SAME_DAY_MESSAGE, SEE_CLINICIAN_MESSAGE
from backrub.domain.verdicts import (
    CAUDA_EQUINA_WHY,
    EMERGENCY_ACTION,
    EMERGENCY_AMBULANCE_ACTION,
    EMERGENCY_WHY,
    OTHER_EMERGENCY_WHY,
    SPINAL_CORD_WHY,
)
from tests.web.conftest import TestClient, answers, as_shown, post_form, soup

WEAK_AFTER_CANCER = {"history_of_cancer": True, "leg_weakness_new": True}
OWN_REASON = "Cancer now or in the past, with weakness, numbness or pain in a leg"
AMBULANCE = "for an ambulance"
# After an action that asked for the ambulance, the line only says not to drive: no
# second "Call 999" (session 11), with the ambulance service's page as its source.
NO_DRIVING = "Do not drive yourself: wait for the ambulance. (SECAmb (NHS ambulance service)"
TAKEN = (
    "Do not drive yourself: ask someone to take you to the emergency department now. If no "
    "one can take you straight away, or you are alone, call"
)


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def _alert(page: BeautifulSoup) -> Tag:
    alert = page.find(attrs={"role": "alert"})
    assert isinstance(alert, Tag)
    return alert


def _screen(client: TestClient, zone: str, **yes: bool) -> BeautifulSoup:
    response = post_form(client, "/screening", {**answers(**yes), "tz": zone})
    assert response.status_code == 200
    return soup(response)


def test_an_emergency_opens_with_the_call_then_the_persons_reason_then_what_to_do(
    client: TestClient,
) -> None:
    # Review 10, m4: the call straight after the title, so that a long list of answers
    # never pushes it below the fold on a phone.
    page = _screen(client, "Asia/Ho_Chi_Minh", **WEAK_AFTER_CANCER)
    alert = _alert(page)
    shown = _words(alert)
    order = [
        "STOP: this may be an emergency",
        "Call 115 now",
        "You answered yes to:",
        OWN_REASON,
        as_shown(EMERGENCY_ACTION),
        "Your local emergency number is 115.",
        "If your cancer team gave you a 24-hour number",
        f"{TAKEN} 115 for an ambulance.",
        "Why",
        "(metastatic spinal cord compression)",
    ]
    places = [shown.index(words) for words in order]
    assert places == sorted(places), shown
    # The person's answers in a list of their own, before any advice.
    findings = alert.find("ul", class_="findings")
    assert isinstance(findings, Tag)
    listed = [_words(li) for li in findings.find_all("li")]
    assert listed == [OWN_REASON], listed  # the most urgent first
    assert alert.find("a", href="tel:115") is not None
    # The old line, which read as "call only if you cannot get there", is gone.
    assert "if you cannot get to an emergency department" not in _words(page)


def test_the_signs_and_their_sources_are_behind_a_why_disclosure(client: TestClient) -> None:
    alert = _alert(_screen(client, "Europe/London", bladder_bowel_change=True))
    why = alert.find("details")
    assert isinstance(why, Tag)
    summary = why.find("summary")
    assert summary is not None and summary.get_text(strip=True) == "Why"
    assert why.find_parent("section") is alert and "open" not in why.attrs  # closed at first
    assert _words(why.p) == " ".join(as_shown(part) for part in EMERGENCY_WHY)  # type: ignore[arg-type]
    assert len(why.find_all("a")) >= 7  # each source a link, as before
    # Outside the disclosure: no list of signs, no sources.
    why.extract()
    assert "cauda equina" not in _words(alert)
    assert "Royal Free" not in _words(alert)
    assert "Call 999 now" in _words(alert)


def test_without_a_known_number_the_ambulance_line_names_the_local_number(
    client: TestClient,
) -> None:
    alert = _alert(_screen(client, "UTC", chest_pain=True))
    assert alert.find("a", href=True, attrs={"class": "call"}) is None
    shown = _words(alert)
    # Chest pain: an ambulance, never "get there yourself" (review S9-1).
    assert as_shown(EMERGENCY_AMBULANCE_ACTION) in shown
    assert NO_DRIVING in shown
    assert shown.count("for an ambulance") == 1  # asked once, not twice
    assert "take you to the emergency department" not in shown
    assert "for example 115 in Vietnam" in shown


def test_chest_pain_a_clot_in_the_lungs_or_an_injury_call_for_an_ambulance(
    client: TestClient,
) -> None:
    for yes in ({"chest_pain": True}, {"major_trauma": True}):
        shown = _words(_alert(_screen(client, "Europe/London", **yes)))
        assert NO_DRIVING in shown, yes
        assert "Call 999 for an ambulance" not in shown  # the action asked already
        assert shown.count("for an ambulance") == 1, yes
        assert TAKEN not in shown
    # Cauda equina: someone takes the person, or the ambulance when no one can.
    shown = _words(_alert(_screen(client, "Europe/London", bladder_bowel_change=True)))
    assert f"{TAKEN} 999 for an ambulance." in shown


def test_a_same_day_stop_opens_with_the_persons_answer_and_keeps_its_words(
    client: TestClient,
) -> None:
    page = _screen(client, "Europe/London", leg_clot_signs=True)
    alert = _alert(page)
    shown = _words(alert)
    assert alert.find("h1").get_text(strip=True) == "STOP: get medical help today"  # type: ignore[union-attr]
    reason = "A leg that is swollen, warm or painful in the calf: a possible blood clot"
    assert shown.index("You answered yes to:") < shown.index(reason)
    assert shown.index(reason) < shown.index(as_shown(SAME_DAY_MESSAGE))
    assert "Your local emergency number is 999." in shown
    assert alert.find("details") is None and AMBULANCE not in shown  # no emergency lines


def test_a_within_days_stop_and_the_rest_of_the_page_are_as_before(client: TestClient) -> None:
    page = _screen(client, "Europe/London", night_pain_unrelieved=True)
    alert = _alert(page)
    shown = _words(alert)
    assert "You answered yes to:" not in shown and alert.find("details") is None
    assert as_shown(SEE_CLINICIAN_MESSAGE) in shown
    # Below the banner: what the answers showed, and the clearance form.
    main = _words(page.find("main"))  # type: ignore[arg-type]
    assert "What your answers showed" in main
    assert "After a clinician has seen you" in main


def test_below_an_emergency_banner_the_page_is_unchanged(client: TestClient) -> None:
    page = _screen(client, "Asia/Ho_Chi_Minh", **WEAK_AFTER_CANCER)
    main = page.find("main")
    assert isinstance(main, Tag)
    after = [_words(h) for h in main.find_all("h2")]
    # Review 10, m5: no clearance form ("After a clinician has seen you") while the
    # emergency stands, which no clearance lifts.
    assert after == ["What your answers showed", "After you have been seen"]
    assert "Not a medical device" in _words(main)


def test_the_today_page_keeps_an_emergency_short_with_its_signs_behind_why(
    client: TestClient,
) -> None:
    """The Today page repeats a stopped screening's words: the same split as the result."""
    _screen(client, "Europe/London", bladder_bowel_change=True)
    alert = _alert(soup(client.get("/")))
    assert "STOP: this may be an emergency" in _words(alert)
    why = alert.find("details")
    assert isinstance(why, Tag) and as_shown(CAUDA_EQUINA_WHY) in _words(why)
    why.extract()
    shown = _words(alert)
    assert "Call your local emergency number now, or go to an emergency department." in shown
    assert "cauda equina" not in shown


def test_a_combination_is_listed_once_in_a_few_words_with_its_clinical_term_under_why(
    client: TestClient,
) -> None:
    # Review S9: the combination's long words pushed the call below the fold at 360 px,
    # and the cancer answers inside it were listed again beside it.
    yes = dict.fromkeys(("history_of_cancer", "active_cancer", "leg_numbness_new"), True)
    alert = _alert(_screen(client, "Asia/Ho_Chi_Minh", **yes))
    findings = alert.find("ul", class_="findings")
    assert isinstance(findings, Tag)
    assert [_words(li) for li in findings.find_all("li")] == [OWN_REASON]
    why = alert.find("details")
    assert isinstance(why, Tag)
    assert "(metastatic spinal cord compression)" in _words(why)
    why.extract()
    assert "metastatic" not in _words(alert) and "pressed on" not in _words(alert)


def test_a_clot_with_breathlessness_lists_the_clot_once_and_says_the_lungs_under_why(
    client: TestClient,
) -> None:
    yes = dict.fromkeys(("leg_clot_signs", "sudden_breathlessness"), True)
    alert = _alert(_screen(client, "Europe/London", **yes))
    findings = alert.find("ul", class_="findings")
    assert isinstance(findings, Tag)
    listed = [_words(li) for li in findings.find_all("li")]
    assert listed == ["A possible blood clot in a leg, with sudden shortness of breath"]
    assert "a clot may have reached the lungs" in _words(alert.find("details"))  # type: ignore[arg-type]


def test_why_opens_with_the_signs_of_the_persons_own_answers(client: TestClient) -> None:
    # Review S9: chest pain alone opened "Why" with the signs of cauda equina.
    for yes, first in (
        ({"chest_pain": True}, OTHER_EMERGENCY_WHY),
        ({"bladder_bowel_change": True}, CAUDA_EQUINA_WHY),
        ({"history_of_cancer": True, "leg_weakness_new": True}, SPINAL_CORD_WHY),
    ):
        why = _alert(_screen(client, "Europe/London", **yes)).find("details")
        assert isinstance(why, Tag)
        assert _words(why.p).startswith(as_shown(first)), yes  # type: ignore[arg-type]
        for part in EMERGENCY_WHY:  # every sign is still there
            assert as_shown(part) in _words(why)


def test_the_today_page_shows_the_answers_the_call_and_the_ambulance_as_the_result_does(
    client: TestClient,
) -> None:
    # Review 10, M1: Today showed only the action and "Why": no answers, no call button,
    # and for chest pain no "ambulance, do not drive yourself".
    _screen(client, "Europe/London", chest_pain=True)
    alert = _alert(soup(client.get("/")))
    findings = alert.find("ul", class_="findings")
    assert isinstance(findings, Tag)
    assert [_words(li) for li in findings.find_all("li")] == ["Chest pain"]
    call = alert.find("a", attrs={"class": "call"})
    assert isinstance(call, Tag) and call["href"] == "tel:999"
    assert _words(call) == "Call 999 now"
    shown = _words(alert)
    assert shown.index("Call 999 now") < shown.index("You answered yes to:")  # m4
    assert NO_DRIVING in shown
    assert TAKEN not in shown


def test_an_ambulance_case_is_never_offered_the_way_to_go_there_oneself(
    client: TestClient,
) -> None:
    # Review 10, M2: "or go to an emergency department" sat just above "Call 999 for an
    # ambulance now. Do not drive yourself."
    for yes in (
        {"chest_pain": True},
        {"major_trauma": True},
        {"leg_clot_signs": True, "sudden_breathlessness": True},
    ):
        _screen(client, "Europe/London", **yes)
        for page in ("/screening", "/"):
            alert = _alert(soup(client.get(page)))
            alert.find("details").extract()  # type: ignore[union-attr]
            shown = _words(alert)
            assert "go to an emergency department" not in shown, (yes, page)
            order = [as_shown(EMERGENCY_AMBULANCE_ACTION), "Your local emergency number is 999."]
            order.append(NO_DRIVING)
            places = [shown.index(words) for words in order]
            assert places == sorted(places), (yes, page, shown)
    # Cauda equina keeps both ways there: the call, or someone takes the person.
    shown = _words(_alert(_screen(client, "Europe/London", bladder_bowel_change=True)))
    assert as_shown(EMERGENCY_ACTION) in shown and f"{TAKEN} 999 for an ambulance." in shown


def test_a_partly_answered_same_day_stop_is_marked_to_take_the_focus_first(
    client: TestClient,
) -> None:
    # Review 10, M8: the "so far" stop banner comes before the first question still open
    # (static/focus.js focuses [data-focus-first][tabindex=-1] before the first error).
    response = post_form(client, "/screening", {"leg_clot_signs": "yes", "tz": "Europe/London"})
    page = soup(response)
    stop = page.find("section", attrs={"data-focus-first": True})
    assert isinstance(stop, Tag) and stop.get("tabindex") == "-1"
    assert stop.get("role") == "alert" and "You answered yes to:" in _words(stop)
    assert page.find(attrs={"aria-invalid": "true"}) is not None  # the open questions


def test_todays_stop_box_offers_a_clearance_only_where_one_can_be_recorded(
    client: TestClient,
) -> None:
    """Person-in-pain review 11, P3: under an emergency the box offered "recording a
    clinician's clearance", which the screening page says cannot be done there."""
    _screen(client, "Europe/London", chest_pain=True)
    link = _alert(soup(client.get("/"))).find("a", href="/screening")
    assert isinstance(link, Tag)
    assert _words(link) == "What was found, and what to do when you have been seen"
    _screen(client, "Europe/London", night_pain_unrelieved=True)  # a clinician can clear it
    link = _alert(soup(client.get("/"))).find("a", href="/screening")
    assert isinstance(link, Tag)
    assert _words(link) == "What was found, and recording a clinician's clearance"
