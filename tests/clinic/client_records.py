"""Records a client makes through the JSON API, each carrying a marker to look for."""

from __future__ import annotations

from typing import Any

from backrub.domain.screening import NO_TO_ALL
from tests.web.conftest import API


def post(client: Any, path: str, body: Any) -> Any:
    return client.post(path, json=body, headers=API)


def make_records(client: Any, marker: str) -> None:
    """Screen clear, then one record of each kind; the texts carry ``marker``."""
    for path, body in (
        ("/api/screening", {"answers": dict(NO_TO_ALL)}),
        ("/api/checkins", {"pain": 4, "sleep": 6, "note": f"{marker} walk", "where": "hip_left:3"}),
        (
            "/api/sessions/pro",
            {"technique": "structural", "minutes": 50, "therapist": f"{marker} hands"},
        ),
        (
            "/api/sessions/self",
            {"tool": "hands", "zones": "glutes_left:60", "note": f"{marker} roll"},
        ),
        ("/api/responses", {"instrument": "peg", "answers": "5,6,4"}),
        ("/api/body-map", {"where": "hip_right:2", "at": "2026-03-01T08:00"}),
    ):
        made = post(client, path, body)
        assert made.status_code == 201, (path, made.text)
