"""The query plans of the clinic server's hot requests (``bench/clinic_load.py --plans``).

Runs the app in-process on the seeded database, signed in as a therapist and as
a client picked at random, catches every SQL statement each request sends
(SQLAlchemy's ``before_cursor_execute``), then shows each statement with
``EXPLAIN (ANALYZE, BUFFERS)`` and the same parameters, all in one transaction
that is rolled back (the check-in's INSERT is not kept).
"""

from __future__ import annotations

import hashlib
import random
import secrets
import statistics
import time
import warnings
from typing import Any

import psycopg
from clinic_seed import psycopg_url, utc
from sqlalchemy import event

from backrub.web import WebSettings, create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8765"


def _signed_in(
    conn: psycopg.Connection, role: str, now: str, rng: random.Random
) -> tuple[int, str]:
    rows = conn.execute(
        "SELECT a.id, a.clinic_id FROM accounts a JOIN assignments s"
        " ON (a.role = 'therapist' AND s.therapist_id = a.id)"
        " OR (a.role = 'client' AND s.client_id = a.id)"
        " WHERE a.role = %s ORDER BY a.id LIMIT 2000",
        (role,),
    ).fetchall()
    account_id, clinic_id = rng.choice(rows)
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO web_sessions (token_hash, account_id, clinic_id, stage, created_at,"
        " last_seen_at) VALUES (%s, %s, %s, 'full', %s, %s)",
        (hashlib.sha256(token.encode()).hexdigest(), account_id, clinic_id, utc(now), utc(now)),
    )
    conn.commit()
    return int(account_id), token


def caught(url: str, now: str, list_path: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Return, per request, the statements it sent with their parameters."""
    rng = random.Random(7)
    with psycopg.connect(psycopg_url(url)) as conn:
        therapist_id, therapist = _signed_in(conn, "therapist", now, rng)
        _, client = _signed_in(conn, "client", now, rng)
    app = create_app(WebSettings(db=url, clinic=True), clock=lambda: utc(now))
    sent: list[tuple[str, Any]] = []

    @event.listens_for(app.state.backend.store.engine, "before_cursor_execute")
    def keep(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        if not many:
            sent.append((statement, params))

    found: list[tuple[str, list[tuple[str, Any]]]] = []
    with TestClient(app, base_url=BASE, follow_redirects=False) as browser:
        browser.cookies.set("backrub_session", therapist)
        for _ in range(2):  # the second time: what a warm server sends
            sent.clear()
            answer = browser.get(list_path)
        statements = list(sent)
        cpu = _cpu_ms(lambda: browser.get(list_path))
        found.append((f"GET {list_path} ({answer.status_code}, a therapist, {cpu})", statements))
        browser.cookies.set("backrub_session", client)
        browser.get("/")
        csrf = browser.cookies.get("backrub_csrf")
        sent.clear()
        answer = browser.post("/checkins", data={"csrf_token": csrf, "pain": "3", "sleep": "7"})
        found.append((f"POST /checkins ({answer.status_code}, a client)", list(sent)))
        sent.clear()
        answer = browser.get("/?saved=1")
        found.append((f"GET /?saved=1 ({answer.status_code}, the same client)", list(sent)))
        form = {"csrf_token": csrf, "pain": "3"}
        post = _cpu_ms(lambda: browser.post("/checkins", data=form))
        page = _cpu_ms(lambda: (browser.post("/checkins", data=form), browser.get("/?saved=1")))
        print(f"in-process CPU: POST /checkins {post}; POST /checkins then GET /?saved=1 {page}")
    found.append(_service_list(app, therapist_id, now, sent))
    return found


def _service_list(
    app: Any, therapist_id: int, now: str, sent: list[tuple[str, Any]]
) -> tuple[str, list[tuple[str, Any]]]:
    """The therapist's list straight from the service, timed (median of 20 warm calls)."""
    from backrub.services import caseload
    from backrub.store import accounts as account_rows

    store = app.state.backend.store
    therapist = account_rows.account_by_id(store, therapist_id)
    assert therapist is not None
    took, cpu = [], []
    for _ in range(21):
        sent.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        lines = caseload.client_list(store, therapist, utc(now))
        took.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    median = 1000 * statistics.median(took[1:])
    title = (
        f"services.caseload.client_list: {len(lines)} clients, median {median:.1f} ms"
        f" in-process (CPU {1000 * statistics.median(cpu[1:]):.1f} ms)"
    )
    return title, list(sent)


def _cpu_ms(request: Any, rounds: int = 20) -> str:
    """Median CPU time of this process (not PostgreSQL's) per call of ``request``."""
    took = []
    for _ in range(rounds):
        started = time.process_time()
        request()
        took.append(time.process_time() - started)
    return f"median CPU {1000 * statistics.median(took):.1f} ms in-process"


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else f"{text[:most]} ... ({len(text)} characters)"


def print_plans(url: str, now: str, list_path: str) -> None:
    requests = caught(url, now, list_path)
    with psycopg.connect(psycopg_url(url)) as conn:
        for request, statements in requests:
            print(f"\n=== {request}: {len(statements)} statements")
            for statement, params in statements:
                shown = " ".join(statement.split())
                print(f"\n--- {_cut(shown, 3000)}\n    params: {_cut(str(params), 300)}")
                if statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                    continue
                with conn.cursor() as cur:
                    cur.execute("SAVEPOINT plan")
                    try:
                        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                        for (line,) in cur.fetchall():
                            print(f"    {line}")
                    except psycopg.Error as error:
                        print(f"    (not explained: {error})")
                    cur.execute("ROLLBACK TO SAVEPOINT plan")
        conn.rollback()
