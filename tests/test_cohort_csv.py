"""The cohort CSV, read back with the csv module: the "started too low" count (issue 14)."""

from __future__ import annotations

import csv
import io

from backrub.domain.cohort_counts import CohortCounts
from backrub.domain.cohort_report import assemble
from backrub.domain.cohort_windows import responder_rule
from backrub.evidence import load_rules
from backrub.reports.cohort_csv import HEADER, TOO_LOW, cohort_csv

RULES = load_rules()
COUNTS = CohortCounts(40, 30, 12, 25, 9, 10, 6)


def _too_low_rows(low: dict[str, int]) -> dict[str, dict[str, str]]:
    rules = [responder_rule(i, RULES) for i in ("nrs", "rmdq")]
    report = assemble({"nrs": COUNTS, "rmdq": COUNTS}, [], rules, too_low=low)
    text = cohort_csv(report).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    found = [r for r in rows if r["figure"] == TOO_LOW]
    assert [r["instrument"] for r in found] == ["nrs", "rmdq"]  # one row per instrument
    assert all(r["group"] == "clinic" and r["time_point"] == "baseline" for r in found)
    return {r["instrument"]: r for r in found}


def test_the_csv_says_how_many_started_too_low_as_the_page_does() -> None:
    rows = _too_low_rows({"rmdq": 12})
    assert rows["rmdq"]["out_of"] == "12"
    assert "not enrolled" in rows["rmdq"]["note"] and "product default" in rows["rmdq"]["note"]
    assert rows["nrs"]["out_of"] == "0"  # none: said, not left out


def test_fewer_than_10_who_started_too_low_are_not_given_away_in_the_csv() -> None:
    rows = _too_low_rows({"rmdq": 3, "nrs": 10})
    assert rows["rmdq"]["out_of"] == "" and rows["rmdq"]["note"] == "too few clients"
    assert rows["nrs"]["out_of"] == "10"
