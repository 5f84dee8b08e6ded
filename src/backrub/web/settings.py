"""What the web app needs to start, declared as data with its help text.

Every setting can come from the environment with the prefix ``BACKRUB_``
(``BACKRUB_DB``, ``BACKRUB_PROFILE`` …); ``backrub serve`` passes its options
explicitly, and those win. Nothing is read until a ``WebSettings`` is made.
"""

from __future__ import annotations

import ipaddress

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

# The same ceiling as 'backrub import': far above five years of data, so a wrong
# file (a video, a disk image) is refused before it is read into memory.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class WebSettings(BaseSettings):
    """Settings of one web app instance."""

    model_config = SettingsConfigDict(env_prefix="BACKRUB_", extra="ignore", frozen=True)

    db: str = Field(
        default="",
        description=(
            "Database file or SQLAlchemy URL; empty means backrub.sqlite3 in the data "
            "directory (BACKRUB_HOME or the platform's user data directory)."
        ),
    )
    profile: str | None = Field(
        default=None,
        description="Profile shown first; empty means the default profile, as in the CLI.",
    )
    demo: bool = Field(
        default=False,
        description="Load (or re-create) the demo profile before serving, and show it.",
    )
    host: str = Field(
        default="127.0.0.1",
        description=(
            "Address the server listens on. Requests must name this host or a loopback "
            "name, which keeps other web sites from reaching the app (DNS rebinding)."
        ),
    )
    port: int = Field(default=8765, ge=1, le=65535, description="TCP port to listen on.")
    max_upload_bytes: int = Field(
        default=MAX_UPLOAD_BYTES,
        ge=1024,
        description="Largest request body accepted, backups included; larger ones get 413.",
    )

    clinic: bool = Field(
        default=False,
        description=(
            "Serve the clinic server (accounts, therapists, clients) instead of the local "
            "app; needs PostgreSQL (see docs/clinic.md)."
        ),
    )

    hosts: tuple[str, ...] = Field(
        default=(),
        description=(
            "More names the app answers to: the public names a reverse proxy forwards "
            "(clinic.example.org). With these, serving on every interface still checks names."
        ),
    )

    public_url: str = Field(
        default="",
        pattern=r"^(https?://\S+)?$",
        description=(
            "The clinic server's address as clients reach it (https://clinic.example.org), "
            "as `backrub clinic send-follow-ups --base-url` takes it (the same "
            "BACKRUB_PUBLIC_URL): follow-up links shown as QR codes use it. Empty: the "
            "address of the request."
        ),
    )

    @property
    def allowed_hosts(self) -> list[str]:
        """Return the Host header values the app answers to."""
        names = ["127.0.0.1", "localhost", "[::1]"]
        if self.host not in LOOPBACK_NAMES and self.host not in ("0.0.0.0", "::"):
            names.append(f"[{self.host}]" if ":" in self.host else self.host)
        if self.host in ("0.0.0.0", "::") and not self.hosts:
            # Serving on every interface was asked for explicitly (with a warning):
            # the machine's other addresses are not known here, so accept any name.
            names = ["*"]
        return [*names, *self.hosts]


def is_loopback(host: str) -> bool:
    """Return whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
