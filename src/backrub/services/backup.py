"""Use cases for moving data: backups, exports, the demo profile and its summary."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from backrub.domain.inputs import parse_int
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.services.records import _DEFAULT_KEY, history, local_zone, parse_zone

if TYPE_CHECKING:
    from backrub.store import Store


def export_json(store: Store, profile: Profile, *, now: datetime) -> str:
    """Return the lossless JSON backup of ``profile``."""
    from backrub.domain import backup

    return backup.dumps(backup.to_document(store.load(profile), exported_at=now))


def export_csv(store: Store, profile: Profile) -> bytes:
    """Return the profile as a zip of tidy CSV tables (columns in docs/exports.md)."""
    from backrub.reports.csv_export import csv_zip

    return csv_zip(store.load(profile))


def export_fhir(store: Store, profile: Profile, *, now: datetime) -> str:
    """Return the profile as a FHIR R4 Bundle (JSON text)."""
    import json

    from backrub.reports.fhir import fhir_bundle

    bundle = fhir_bundle(store.load(profile), generated_at=now)
    return json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"


def import_backup(store: Store, text: str, *, source: str) -> Profile:
    """Restore a backup as a new profile; all or nothing."""
    from backrub.domain import backup

    data = backup.from_text(text, source=source)
    if any(p.name == data.profile.name for p in store.profiles()):
        raise InvalidInput(
            "profile",
            data.profile.name,
            "a profile with this name exists already; import into another database",
        )
    profile = store.restore(data)
    if store.get_meta(_DEFAULT_KEY) is None:
        store.set_meta(_DEFAULT_KEY, profile.name)
    return profile


def load_demo(
    store: Store,
    *,
    now: datetime,
    tz: object = None,
    weeks: object = 12,
    seed: object = 7,
) -> Profile:
    """Create (or re-create) the demo profile and make it the default.

    ``tz`` is the demo profile's zone (default: the suggested zone); its records
    end at ``now`` and none is later.
    """
    from backrub import demo

    data = demo.make_demo(
        now=now,
        tz=parse_zone(tz if tz is not None else local_zone()),
        weeks=parse_int("--weeks", weeks, 1, 260),
        seed=parse_int("--seed", seed, 0, 2**31),
    )
    existing = [p for p in store.profiles() if p.name == demo.DEMO_NAME]
    if existing:
        store.delete_profile(existing[0])
    profile = store.restore(data)
    store.set_meta(_DEFAULT_KEY, profile.name)
    return profile


def summary(store: Store, profile: Profile) -> dict[str, Any]:
    """Return counts and first/last dates: what the demo and the dashboard lead with."""
    assert profile.id is not None
    data = history(store, profile)
    pains = [c.pain for c in data.checkins]
    first_week, last_week = pains[:7], pains[-7:]
    return {
        "profile": profile.name,
        "checkins": len(data.checkins),
        "pro_sessions": len(data.pro_sessions),
        "self_sessions": len(data.self_sessions),
        "self_massage_min": round(sum(s.total_seconds for s in data.self_sessions) / 60, 1),
        "first": data.checkins[0].at.isoformat() if data.checkins else None,
        "last": data.checkins[-1].at.isoformat() if data.checkins else None,
        "pain_first_week_mean": round(sum(first_week) / len(first_week), 1) if pains else None,
        "pain_last_week_mean": round(sum(last_week) / len(last_week), 1) if pains else None,
    }
