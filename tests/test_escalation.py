"""A same-day stop names the signs of getting worse that fit the person's own answers
(review 10, M4), and the way to the emergency department is worded once for every face."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

import backrub
from backrub.domain.emergency import NO_DRIVING, SOMEONE_TAKES_YOU, use_place, way_there
from backrub.domain.escalation import WORSE_LINE, Escalation, Worse, escalations
from backrub.domain.red_flags import COMBINATIONS, KNOWN_BY_ID
from backrub.domain.screening import NO_TO_ALL, Screening, Tier, Verdict, screen
from backrub.evidence.mentions import find_ids

TODAY = date(2026, 12, 2)
BREATHING = "your breathing gets harder or chest pain starts"
NERVES = "new weakness or numbness in a leg, trouble walking, or a change in bladder or bowel"
INFECTION = {"fever_or_chills": True, "injects_drugs": True}


def _screen(**yes: bool) -> Screening:
    result = screen({**NO_TO_ALL, **yes}, today=TODAY)
    assert result.verdict is Verdict.STOP_SAME_DAY, result.verdict
    return result


def _shown(result: Screening) -> str:
    with use_place("Europe/London"):
        return result.shown_message


def _cites(words: str, line: str) -> tuple[str, ...]:
    """Return the ids in brackets right after ``line`` in ``words``."""
    after = words[words.index(line) + len(line) :]
    assert after.startswith(" ("), after
    return tuple(after[2 : after.index(")")].split(", "))


def test_a_possible_spinal_infection_names_the_nerve_signs_not_breathing() -> None:
    shown = _shown(_screen(**INFECTION))
    assert NERVES in shown
    assert BREATHING not in shown and "chest pain" not in shown
    cited = _cites(shown, WORSE_LINE[Worse.NERVES])
    assert cited == ("nhs-back-pain", "bass-2018", "gcare-red-flags")
    # No clot or MSCC source for an answer about an infection.
    for unrelated in ("nhs-dvt", "nhs-pe", "nice-ng234"):
        assert unrelated not in shown, unrelated
    assert shown.endswith("Your local emergency number is 999.")


def test_sudden_breathlessness_alone_names_breathing_and_chest_pain_not_the_nerves() -> None:
    shown = _shown(_screen(sudden_breathlessness=True))
    assert BREATHING in shown and NERVES not in shown
    assert _cites(shown, WORSE_LINE[Worse.BREATHING]) == ("nhs-pe",)
    # "very hard now" (now: call) comes before "if you get worse" (later: call).
    assert shown.index("If your breathing is very hard now") < shown.index(BREATHING)
    assert "bass-2018" not in shown and "nice-ng234" not in shown


def test_both_an_infection_and_breathlessness_give_both_lines_once_each() -> None:
    shown = _shown(_screen(sudden_breathlessness=True, **INFECTION))
    assert shown.count(BREATHING) == 1 and shown.count(NERVES) == 1
    assert shown.index(BREATHING) < shown.index(NERVES)  # breathing first, always
    assert shown.count("If you get worse") == 2


def test_a_possible_clot_in_a_leg_cites_the_dvt_page_for_its_breathing_line() -> None:
    shown = _shown(_screen(leg_clot_signs=True))
    assert _cites(shown, WORSE_LINE[Worse.BREATHING]) == ("nhs-dvt",)
    assert NERVES not in shown


def test_the_action_cites_the_sources_of_the_same_day_findings_only() -> None:
    shown = _shown(_screen(**INFECTION))
    action = shown.split(" If you get worse")[0]
    ids = {m.id for m in find_ids(action, _catalogue_ids())}
    assert ids == {"nhs-back-pain", "gcare-red-flags", "ahcpr-1994"}
    assert "product-default" not in action  # the 7 days belong to the question


def test_a_possible_spread_to_the_spine_keeps_its_own_line_and_no_generic_one() -> None:
    shown = _shown(_screen(history_of_cancer=True, spinal_pain_new=True))
    assert "If your cancer team gave you a 24-hour number, call it today" in shown
    assert "If you get worse" not in shown  # its own line names the same nerve signs
    # With an infection too, the nerve signs are still said only once.
    both = _shown(_screen(history_of_cancer=True, spinal_pain_new=True, **INFECTION))
    assert NERVES not in both and "difficulty walking" in both


def test_a_same_day_stop_with_no_known_kind_says_call_if_worse_as_a_product_default() -> None:
    assert escalations(()) == (Escalation(Worse.ANY),)
    assert Escalation(Worse.ANY).words.endswith("(a product default).")


@pytest.mark.parametrize(
    "finding",
    [
        *(q.id for q in KNOWN_BY_ID.values() if q.tier is Tier.SAME_DAY),
        *(c.id for c in COMBINATIONS if c.tier is Tier.SAME_DAY),
    ],
)
def test_every_same_day_finding_has_signs_of_getting_worse(finding: str) -> None:
    # A new same-day question must say which signs mean calling now (or have its own line).
    kinds = {e.kind for e in escalations({finding})}
    assert Worse.ANY not in kinds or finding == "cancer_with_spinal_pain", kinds


def test_the_english_message_for_json_has_the_same_lines_with_sources() -> None:
    message = _screen(**INFECTION).message
    assert WORSE_LINE[Worse.NERVES] in message
    assert "If you get worse, for example your breathing" not in message


def test_every_source_the_escalation_and_the_way_there_cite_is_in_the_catalogue() -> None:
    known = _catalogue_ids()
    cited = {
        s
        for f in (*KNOWN_BY_ID, *(c.id for c in COMBINATIONS))
        for e in escalations({f})
        for s in e.sources
    }
    assert cited and cited <= known
    for words in (NO_DRIVING, SOMEONE_TAKES_YOU):
        assert [m.id for m in find_ids(words, known)], words


def test_an_ambulance_case_is_told_only_not_to_drive_as_the_action_asked_for_it() -> None:
    line = way_there(ambulance=True, number="999")
    assert line == NO_DRIVING
    assert "Call" not in line and "999 for" not in line  # no second call
    assert "secamb-999" in line


def test_without_an_ambulance_someone_takes_the_person_or_the_number_is_called() -> None:
    assert "call 115 for an ambulance" in way_there(ambulance=False, number="115")
    unknown = way_there(ambulance=False, number=None)
    assert "call your local emergency number for an ambulance" in unknown
    assert "product default" in unknown


def _catalogue_ids() -> set[str]:
    catalogue = Path(backrub.__file__).parent / "evidence" / "catalogue.toml"
    return {entry["id"] for entry in tomllib.loads(catalogue.read_text("utf-8"))["entry"]}


@pytest.mark.parametrize(
    ("yes", "line"),
    [
        ({"history_of_cancer": True, "spinal_pain_new": True}, "call it today and tell them"),
        ({"sudden_breathlessness": True}, "If your breathing is very hard now"),
    ],
)
def test_the_english_message_keeps_what_the_findings_add(yes: dict[str, bool], line: str) -> None:
    """The JSON, and the refusals that quote it, say what the page says (clinical review
    11, C7): a spread to the spine's cancer-team line names the signs of getting worse."""
    result = _screen(**yes)
    assert line in result.message and line in _shown(result)
