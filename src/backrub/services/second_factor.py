"""The second factor on the clinic server: time-based codes (TOTP, RFC 6238) (issue 13).

An authenticator app on the person's phone shows a 6-digit code that changes
every 30 seconds; a code of the step before or after is taken too (clocks
drift). A code is taken once: the step it belongs to is recorded (beside the
sign-in failures), and a code of that step or an earlier one is refused after
it, whatever worker process answers. Optional for therapists and clients,
required for administrators (``required``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import segno

from backrub.domain.accounts import Account, Role, WebSession
from backrub.store import account_secrets, sign_in_rows
from backrub.store import accounts as account_rows
from backrub.store.repository import Store

DIGITS = 6
STEP = 30  # seconds
DRIFT = 1  # steps either side


def required(account: Account) -> bool:
    """Administrators must have a second factor; others may."""
    return account.role is Role.ADMIN


def new_secret() -> str:
    """Return a fresh random key (160 bits, base32), not saved yet."""
    return pyotp.random_base32()


def well_formed(secret: str) -> bool:
    return len(secret) == 32 and all(char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for char in secret)


def app_link(secret: str, account: Account, issuer: str) -> str:
    """Return the otpauth:// link an authenticator app reads from the QR code."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP)
    return totp.provisioning_uri(name=account.email, issuer_name=issuer)


def qr_data_uri(link: str) -> str:
    """Return the QR code of ``link`` as a data: URI of an SVG picture (no script, no style)."""
    return str(segno.make(link, error="m").svg_data_uri(scale=5, border=2))


@dataclass(frozen=True, slots=True)
class Setup:
    """What the set-up page shows: the key as text, and the QR code of the app link."""

    secret: str
    link: str
    qr: str  # data: URI of an SVG picture


ENROLMENT_KEY = "second_factor_enrolment_key"


def _server_key(store: Store) -> bytes:
    """Return this server's random key for deriving keys to set up (made on first use)."""
    found = store.get_meta(ENROLMENT_KEY)
    if found is None:
        store.set_meta(ENROLMENT_KEY, secrets.token_hex(32))
        found = store.get_meta(ENROLMENT_KEY)  # two workers at once: the last one written
    assert found is not None
    return bytes.fromhex(found)


def pending_secret(store: Store, session: WebSession) -> str:
    """Return the key this signed-in browser is offered to set up, never one it chose.

    Derived from a random key only the server holds and this session, so it stays the
    same across a wrong code and changes with every new session; the page's form never
    carries a key the server would trust (a chosen key, such as all "A"s, would make the
    second factor anyone's).
    """
    message = f"{session.id}:{session.account.id}:{session.created_at.timestamp()}"
    digest = hmac.new(_server_key(store), message.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode("ascii")


def setup(store: Store, account: Account, secret: str | None = None) -> Setup:
    """Return a new key to set up (or ``secret`` again, after a wrong code), not saved yet."""
    if secret is None or not well_formed(secret):
        secret = new_secret()
    clinic = account_rows.clinic_by_id(store, account.clinic_id)
    issuer = f"backrub ({clinic.name})" if clinic else "backrub"
    link = app_link(secret, account, issuer.replace(":", " "))
    return Setup(secret, link, qr_data_uri(link))


def _step_of(secret: str, code: str, now: datetime) -> int | None:
    """Return the step whose code ``code`` is (within the drift), or None."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP)
    here = totp.timecode(now)
    for step in range(here - DRIFT, here + DRIFT + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _take(store: Store, account: Account, secret: str, code: str, now: datetime) -> bool:
    """Return whether ``code`` is right and unused for ``account``; mark it used if so."""
    step = _step_of(secret, code, now)
    if step is None:
        return False
    step_start = datetime.fromtimestamp(step * STEP, UTC)
    return sign_in_rows.take_code_step(store, f"code:{account.id}", step_start)


def check(store: Store, account: Account, code: str, now: datetime) -> bool:
    """Return whether ``code`` completes a sign-in of ``account`` (right, and not used before)."""
    secret = account_secrets.totp_secret(store, account.id)
    return secret is not None and _take(store, account, secret, code, now)


def enrol(store: Store, account: Account, secret: str, code: str, now: datetime) -> bool:
    """Save ``secret`` as the account's second factor when ``code`` shows the app has it."""
    if not well_formed(secret) or not _take(store, account, secret, code, now):
        return False
    account_secrets.set_totp_secret(store, account.id, secret)
    return True


def remove(store: Store, account: Account) -> bool:
    """Remove the second factor; refused (False) for an administrator, who must keep it."""
    if required(account):
        return False
    account_secrets.set_totp_secret(store, account.id, None)
    return True
