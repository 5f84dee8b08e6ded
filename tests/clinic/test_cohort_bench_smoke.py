"""bench/cohort.py on the small seeded clinic, so the cohort benchmark cannot rot unnoticed."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.clinic.test_bench_smoke import _bench_module
from tests.conftest import _fresh_pg_database
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres


def test_the_cohort_bench_measures_the_small_clinic(postgres_url: str) -> None:
    _bench_module("clinic_rows")
    seeding = _bench_module("clinic_seed")
    bench = _bench_module("cohort")
    url = _fresh_pg_database(postgres_url)
    seeding.seed(url, seeding.SMALL, NOW, report=lambda _line: None)

    clinic = bench.measure(url, "clinic", 1)
    therapist = bench.measure(url, "therapist", 1)
    ndjson = bench.measure(url, "ndjson", 1)

    assert clinic["best"] > 0 and therapist["best"] > 0
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            expected = c.execute(
                text(
                    "SELECT count(*) FROM responses r JOIN profiles p ON p.id = r.profile_id "
                    "WHERE p.clinic_id = (SELECT clinic_id FROM accounts WHERE role = 'client' "
                    "GROUP BY clinic_id ORDER BY count(*) DESC, clinic_id LIMIT 1)"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    # The cohort's answers only (its questionnaires, in its windows): some, never more.
    assert 0 < ndjson["resources"] <= expected and ndjson["clients"] > 0
