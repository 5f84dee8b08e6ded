"""One shape for both faces: the CLI's --json and the API give the same screening summary."""

from __future__ import annotations

import json
from pathlib import Path

from backrub.domain.screening import NO_TO_ALL
from backrub.web import WebSettings
from tests.web.conftest import API, make_client

NOW = {"BACKRUB_NOW": "2026-03-02T09:30:00+00:00", "BACKRUB_TZ": "UTC"}  # as the web's clock


def test_screen_json_and_the_api_give_the_same_summary_with_episode_and_leg_pain(
    run,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = str(tmp_path / "shared.sqlite3")
    added = run("--db", db, "episode", "add", "--onset", "2026-01-05", "--leg-pain", env=NOW)
    assert added.code == 0, added.err
    given = [f"--answer={qid}={'no' if v is False else v}" for qid, v in NO_TO_ALL.items()]
    by_cli = run("--db", db, "screen", *given, "--json", env=NOW)
    assert by_cli.code == 0, by_cli.err
    cli_json = json.loads(by_cli.out)

    with make_client(WebSettings(db=db)) as client:
        made = client.post("/api/screening", json={"answers": dict(NO_TO_ALL)}, headers=API)
    assert made.status_code == 201, made.text
    assert made.json() == cli_json
    # What a person would miss if either face dropped it: the episode and the leg pain.
    assert cli_json["episode"]["research"] == "subacute"
    assert cli_json["episode"]["weeks"] == 8.0
    assert cli_json["leg_pain"]["possible_sciatica"] is True
    assert "no_massage_gun" in cli_json["restrictions"]
    assert cli_json["not_a_medical_device"]
