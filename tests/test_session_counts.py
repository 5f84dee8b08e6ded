"""One count everywhere: the plan page, plan show, progress, the report and the API agree.

One profile, made through the real CLI at a pinned moment: a 10-session plan
(70 EUR each) that began four weeks ago, three sessions done (one of them on
another day than planned) and one missed. Every surface must show the same
planned, due, done, missed and upcoming numbers and the same cost, as
``backrub.domain.adherence`` defines them.
"""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from backrub.web import WebSettings, create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
ENV = {"BACKRUB_NOW": NOW.isoformat(), "BACKRUB_TZ": "UTC"}

# cherkin-10-weekly on Mondays from 2 February: 2, 9, 16, 23 Feb and 2 Mar are due today.
# Done: 2 Feb, 9 Feb, and Thursday 19 Feb (settles 16 Feb). Missed: 23 Feb.
SENTENCE = (
    "10 professional sessions in the whole plan (700.00 EUR); 5 due up to 2026-03-02 and "
    "3 done; missed: 2026-02-23; 5 still to come (350.00 EUR)."
)
EXPECTED = {
    "planned": 10,
    "due": 5,
    "done": 3,
    "missed": ["2026-02-23"],
    "upcoming": 5,  # the Mondays after today; no free Monday is left for 23 February
    "unscheduled": 1,
    "cost_planned": "700.00",
    "cost_upcoming": "350.00",
    "currency": "EUR",
    "share_pct": 60,
}


@pytest.fixture
def made(run, home: Path) -> Path:  # type: ignore[no-untyped-def]
    """Make the profile through the CLI; return the database file."""
    steps = [
        ("screen", "--no-to-all"),
        (
            "plan",
            "new",
            "--protocol",
            "cherkin-10-weekly",
            "--days",
            "mon",
            "--price",
            "70",
            "--start",
            "2026-02-02",
        ),
        *(
            ("session", "log", "pro", "--technique", "relaxation", "--minutes", "60", "--at", at)
            for at in ("2026-02-02T10:00", "2026-02-09T10:00", "2026-02-19T10:00")
        ),
    ]
    for step in steps:
        result = run(*step, env=ENV)
        assert result.code == 0, (step, result.err)
    found = list(home.rglob("*.db")) + list(home.rglob("*.sqlite*"))
    assert found, "the CLI keeps its database under BACKRUB_HOME"
    return found[0]


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_every_surface_shows_the_same_session_count(run, made: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # CLI: plan show (text and JSON), progress --json, the report
    shown = run("plan", "show", env=ENV)
    assert shown.code == 0, shown.err
    assert SENTENCE in " ".join(shown.out.split())
    plan_json = json.loads(run("plan", "show", "--json", env=ENV).out)
    counted = plan_json["adherence"]["professional"]
    assert {k: counted[k] for k in EXPECTED} == EXPECTED
    assert counted["words"] == SENTENCE
    # the calendar shown is the re-planned one; the counts stay those of the plan as made
    assert sum(1 for s in plan_json["sessions"] if s["on"] > "2026-03-02") == EXPECTED["upcoming"]

    progress = json.loads(run("progress", "--json", env=ENV).out)
    dose = progress["dose"]
    assert dose["professional_sessions"] == counted
    assert (dose["sessions_planned"], dose["sessions_due"], dose["sessions_done"]) == (10, 5, 3)
    assert SENTENCE in dose["words"]

    out = tmp_path / "report.html"
    assert run("report", "--out", str(out), "--sections", "all", env=ENV).code == 0
    report = _text(out.read_text())
    assert report.count(SENTENCE) == 3  # the summary, the plan and the progress sections
    assert "9 planned" not in report and "630" not in report

    # Web pages and the API, on the same database at the same moment
    app = create_app(WebSettings(db=f"sqlite:///{made}"), clock=lambda: NOW)
    with TestClient(app, base_url="http://localhost") as client:
        client.get("/welcome")
        plan_page = client.get("/plan")
        assert plan_page.status_code == 200
        assert SENTENCE in _text(plan_page.text)
        progress_page = client.get("/progress")
        assert progress_page.status_code == 200
        assert SENTENCE in _text(progress_page.text)
        api = client.get("/api/plan", headers={"X-Backrub-Client": "tests"})
        assert api.status_code == 200
        assert api.json()["adherence"]["professional"] == counted
        api_progress = client.get("/api/progress", headers={"X-Backrub-Client": "tests"})
        assert api_progress.status_code == 200
        assert api_progress.json()["dose"]["professional_sessions"] == counted
