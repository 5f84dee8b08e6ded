"""The cohort's counts come out of PostgreSQL as the domain counts them by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backrub.domain.cohort_counts import CohortCounts
from backrub.domain.cohort_windows import COHORT_INSTRUMENTS, responder_rule
from backrub.evidence.loading import load_rules
from backrub.store.cohort_rows import cohort_rows
from tests.clinic.cohort_world import DAY0, Client, add_client, odi, reference, rmdq
from tests.clinic.conftest import People

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

LATE = date(2026, 12, 31)
UNSCORABLE_RMDQ = (None, *rmdq(5)[1:])

PLANS = (
    Client(
        "c1",
        ("therapist1",),
        pain={-3: 8, 0: 7, 84: 3, 168: 2},
        answers={0: ("rmdq", rmdq(12)), 80: ("rmdq", rmdq(5)), 90: ("rmdq", rmdq(10))},
    ),
    # Ties: -2 and +2 from day 0, 70 and 98 from day 84: the earlier counts.
    Client("c2", ("therapist2",), pain={2: 6, -2: 4, 70: 5, 98: 2, 155: 6}),
    # Local days: 23:00 in Los Angeles is the next day in UTC (day 182 stays in).
    Client("c3", ("therapist1",), tz="America/Los_Angeles", hour=23, pain={0: 6, 84: 4, 182: 1}),
    # 06:00 in Ho Chi Minh City is the day before in UTC (day -14 stays in).
    Client("c4", ("therapist1",), hour=6, pain={-14: 9, 84: 3}),
    Client("c5", ("therapist2",), start=None, pain={0: 8, 84: 1}),  # no session: not enrolled
    Client("c6", ("therapist1", "therapist2"), pain={1: 5, 84: 4, 168: 2}),
    Client(
        "c7",
        (),
        pain={0: 3, 84: 1},
        answers={
            0: ("odi", odi(30)),
            84: ("odi", odi(15, missing=1)),
            168: ("odi", odi(5, missing=2)),
            170: ("odi", odi(40)),
        },
    ),
    Client("c8", ("therapist2",), pain={0: 10, 84: 7, 168: 8}),  # 30% exactly: a responder
    Client(
        "c9",
        ("therapist2",),
        answers={
            0: ("rmdq", rmdq(10)),
            84: ("rmdq", UNSCORABLE_RMDQ),
            85: ("rmdq", rmdq(5)),
            1: ("odi", odi(0)),
            86: ("odi", odi(0)),
        },
    ),
    Client("c10", ("therapist1",), pain={84: 2, 168: 1}),  # no baseline: not enrolled
    # Starts at pain 1: could never improve by 2 points, so not enrolled on pain.
    Client("c11", ("therapist1",), pain={0: 1, 84: 0}),
    # Only follow-up links: "pain now" 6 -> 3, and PEG 6.00 -> 5.00 (1 point: a responder).
    Client(
        "c12",
        ("therapist2",),
        answers={
            0: ("nrs", (6,)),
            84: ("nrs", (3,)),
            1: ("peg", (6, 7, 5)),
            85: ("peg", (5, 5, 5)),
        },
    ),
    # The follow-up's pain 4 on day 84 is closer than the check-in's 7 on day 90;
    # RMDQ starts at 4, below the 5 points that matter: not enrolled on the RMDQ.
    Client(
        "c13",
        ("therapist1",),
        pain={0: 8, 90: 7},
        answers={84: ("nrs", (4,)), 3: ("rmdq", rmdq(4)), 86: ("rmdq", rmdq(0))},
    ),
    # PEG starts at 0.33: no room for 1 point, not enrolled on the PEG.
    Client("c14", ("therapist2",), answers={0: ("peg", (0, 1, 0)), 84: ("peg", (0, 0, 0))}),
)
OTHER_CLINIC = Client(
    "x1",
    ("therapist1",),
    clinic="b",
    pain={0: 9, 84: 1, 168: 1},
    answers={0: ("rmdq", rmdq(20)), 84: ("rmdq", rmdq(1))},
)


def _rules() -> list:
    rules = load_rules()
    return [responder_rule(i, rules) for i in COHORT_INSTRUMENTS]


@pytest.fixture
def world(people: People) -> People:
    for plan in (*PLANS, OTHER_CLINIC):
        add_client(people.store, people, plan)
    return people


def test_pain_counted_by_hand(world: People) -> None:
    found = cohort_rows(
        world.store, clinic_id=world.clinic_ids["a"], rules=_rules(), started_by=LATE
    )
    # Enrolled c1 c2 c3 c4 c6 c7 c8 c12 c13 (not c11, who starts at 1); improved at 12:
    # c1 c3 c4 c7 c8, c12 (6 -> 3 by link) and c13 (8 -> 4: the link's answer on day 84
    # beats the check-in on day 90); answered at 24: c1 c2 c3 c6 c8, improved c1 c3 c6;
    # improved at 12 and answered at 24: c1 c3 c8, still improved: c1 c3.
    assert found.clinic["nrs"] == CohortCounts(9, 9, 7, 5, 3, 3, 2)


def test_the_questionnaires_counted_by_hand(world: People) -> None:
    found = cohort_rows(
        world.store, clinic_id=world.clinic_ids["a"], rules=_rules(), started_by=LATE
    )
    # RMDQ: c1 12 -> 5 (day 80 beats day 90), c9 10 -> 5; c13 starts at 4: not enrolled.
    assert found.clinic["rmdq"] == CohortCounts(2, 2, 2, 0, 0, 0, 0)
    # ODI: c7 60 -> 33.33 improved; at 24 weeks day 168 cannot be scored, day 170 (80)
    # is worse. c9 starts at 0: not enrolled.
    assert found.clinic["odi"] == CohortCounts(1, 1, 1, 1, 0, 1, 0)
    # PEG: c12 6.00 -> 5.00 (1 point, reed-2024); c14 starts at 0.33: not enrolled.
    assert found.clinic["peg"] == CohortCounts(1, 1, 1, 0, 0, 0, 0)
    # Counted apart: c11 (pain 1), c13 (RMDQ 4), c9 (ODI 0), c14 (PEG 0.33).
    assert found.too_low == {"nrs": 1, "rmdq": 1, "odi": 1, "peg": 1}


@pytest.mark.parametrize("instrument", COHORT_INSTRUMENTS)
def test_the_sql_counts_as_the_domain_does(world: People, instrument: str) -> None:
    found = cohort_rows(
        world.store, clinic_id=world.clinic_ids["a"], rules=_rules(), started_by=LATE
    )
    assert found.clinic[instrument] == reference(PLANS, instrument)
    # c7 has no therapist: the residual cell, counted on its own.
    alone = reference([p for p in PLANS if not p.therapists], instrument)
    assert found.unassigned.get(instrument, CohortCounts(0, 0, 0, 0, 0, 0, 0)) == alone
    by_name = {t.display_name: t.counts for t in found.therapists}
    assert set(by_name) == {"Therapist1 A", "Therapist2 A"}
    for n in (1, 2):
        mine = [p for p in PLANS if f"therapist{n}" in p.therapists]
        expected = reference(mine, instrument)
        assert (
            by_name[f"Therapist{n} A"].get(instrument, CohortCounts(0, 0, 0, 0, 0, 0, 0))
            == expected
        )


def test_another_clinics_client_is_never_counted(world: People) -> None:
    found = cohort_rows(
        world.store, clinic_id=world.clinic_ids["b"], rules=_rules(), started_by=LATE
    )
    assert found.clinic["nrs"] == CohortCounts(1, 1, 1, 1, 1, 1, 1)
    assert [t.display_name for t in found.therapists] == ["Therapist1 B"]
    a = cohort_rows(world.store, clinic_id=world.clinic_ids["a"], rules=_rules(), started_by=LATE)
    assert a.clinic["rmdq"].enrolled == 2  # c1 and c9; not clinic b's x1


def test_one_therapist_beside_the_clinic(world: People) -> None:
    found = cohort_rows(
        world.store,
        clinic_id=world.clinic_ids["a"],
        rules=_rules(),
        started_by=LATE,
        therapist_id=world["a.therapist1"].id,
    )
    assert [t.display_name for t in found.therapists] == ["Therapist1 A"]
    assert found.clinic["nrs"].enrolled == 9
    assert found.therapists[0].counts["nrs"] == reference(
        [p for p in PLANS if "therapist1" in p.therapists], "nrs"
    )
    other = cohort_rows(
        world.store,
        clinic_id=world.clinic_ids["a"],
        rules=_rules(),
        started_by=LATE,
        therapist_id=world["b.therapist1"].id,
    )
    assert other.therapists == []  # another clinic's therapist sees nobody here


def test_only_clients_whose_24_week_window_has_closed(world: People) -> None:
    found = cohort_rows(
        world.store,
        clinic_id=world.clinic_ids["a"],
        rules=_rules(),
        started_by=DAY0 - timedelta(days=1),
    )
    assert found.clinic == {}
    assert found.therapists == []
