"""Use cases for moving data: backups, exports, the demo profile and its summary."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backrub import clock
from backrub.domain.inputs import name_key, parse_int, parse_name
from backrub.domain.records import Profile, ProfileData
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.records import _DEFAULT_KEY, history, local_zone, parse_zone
from backrub.services.steps import StepCallback, tick

if TYPE_CHECKING:
    from backrub.store import Store


def export_json(store: Store, profile: Profile, *, now: datetime) -> str:
    """Return the lossless JSON backup of ``profile``."""
    from backrub.domain import backup
    from backrub.services.addenda import addenda_of
    from backrub.services.trial_care import changes_for_report
    from backrub.services.trials import trials_of

    # A therapist's addenda travel with the notes they correct (optional key), as do
    # trials, each with the changes of other treatment kept on its days.
    found = trials_of(store, profile)
    changes = tuple((t.public_id, c) for t in found for c in changes_for_report(store, profile, t))
    data = dataclasses.replace(
        store.load(profile),
        addenda=addenda_of(store, profile),
        trials=found,
        trial_changes=changes,
    )
    return backup.dumps(backup.to_document(data, exported_at=now))


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


class NameTaken(InvalidInput):
    """The profile a backup would restore to exists already: restore it under another
    name, or replace that profile's data with it. Each face words the two choices."""

    def __init__(self, name: str) -> None:
        super().__init__(
            "profile",
            name,
            _(
                "a profile with this name exists already; restore the backup under another "
                "name, or replace that profile's data with it"
            ),
        )
        self.name = name


def read_backup(text: str, *, source: str, now: datetime) -> ProfileData:
    """Return a backup's data after checking every record as live input is checked.

    Each plan is rebuilt with the planning rules, as ``plan show`` would: a plan
    backrub would not make is refused, naming it.
    """
    from backrub.domain import backup
    from backrub.domain.fitting import DoesNotFit
    from backrub.services.planning import build

    data = backup.from_text(text, source=source, now=now, is_zone=clock.is_zone)
    for n, choices in enumerate(data.plans, start=1):
        try:
            build(choices)
        except InvalidInput as error:
            raise InvalidInput(f"plans[{n}].{error.field}", error.value, error.allowed) from None
        except DoesNotFit as refusal:
            why = refusal.misfit.why
            raise InvalidInput(
                f"plans[{n}]",
                choices.protocol_id,
                _("backrub would not make this plan: %(why)s", why=why),
            ) from None
        except (OverflowError, ValueError):
            raise InvalidInput(
                f"plans[{n}].start", choices.start.isoformat(), _("use a start date to plan from")
            ) from None
    return data


def restore_backup(
    store: Store, data: ProfileData, *, as_name: object = None, replace: bool = False
) -> Profile:
    """Write a checked backup as one profile, all or nothing.

    The profile is named ``as_name`` when given, else as in the backup. When a
    profile of that name exists, ``replace`` deletes it in the same transaction
    as the new data is written (a failure part-way leaves it intact); without
    ``replace`` that raises ``NameTaken`` and nothing is written.
    """
    name = data.profile.name if as_name is None else parse_name("name", as_name)
    # The same clash rule as a new profile's name: case and Unicode form do not count.
    existing = next((p for p in store.profiles() if name_key(p.name) == name_key(name)), None)
    if existing is not None and not replace:
        raise NameTaken(existing.name)
    renamed = dataclasses.replace(data, profile=dataclasses.replace(data.profile, name=name))
    profile = store.restore(renamed, replacing=existing)
    if store.get_meta(_DEFAULT_KEY) is None:
        store.set_meta(_DEFAULT_KEY, profile.name)
    return profile


def restore_into_own(
    store: Store, data: ProfileData, profile: Profile, *, replace: bool
) -> Profile:
    """Write a checked backup into ``profile``, a clinic client's own record; all or nothing.

    Never another profile: the name in the backup is not used, no profile is
    made. ``replace`` deletes the profile's records first (in the same
    transaction); otherwise the backup's records are added to them. The profile
    takes the backup's time zone.
    """
    if profile.id is None:
        raise InvalidInput("profile", None, _("a saved profile to restore the backup into"))
    store.restore_into(data, profile, replacing=replace)
    return dataclasses.replace(profile, tz=data.profile.tz)


def import_backup(
    store: Store,
    text: str,
    *,
    source: str,
    now: datetime,
    as_name: object = None,
    replace: bool = False,
    progress: StepCallback | None = None,
) -> Profile:
    """Check a backup whole, then restore it (see ``restore_backup``); all or nothing.

    Steps for ``progress``: check, write.
    """
    data = read_backup(text, source=source, now=now)
    tick(progress, 1, 2)
    profile = restore_backup(store, data, as_name=as_name, replace=replace)
    tick(progress, 2, 2)
    return profile


def load_demo(
    store: Store,
    *,
    now: datetime,
    tz: object = None,
    weeks: object = 12,
    seed: object = 7,
    progress: StepCallback | None = None,
) -> Profile:
    """Create (or re-create) the demo profile and make it the default (steps: make, write).

    ``tz`` is the demo profile's zone (default: the suggested zone); its records
    end at ``now`` and none is later.
    """
    from backrub import demo

    data = demo.make_demo(
        now=now,
        tz=parse_zone(tz if tz is not None else local_zone()),
        weeks=parse_int("weeks", weeks, 1, 260),
        seed=parse_int("seed", seed, 0, 2**31),
    )
    tick(progress, 1, 2)
    existing = [p for p in store.profiles() if p.name == demo.DEMO_NAME]
    if existing:
        store.delete_profile(existing[0])
    profile = store.restore(data)
    store.set_meta(_DEFAULT_KEY, profile.name)
    tick(progress, 2, 2)
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
