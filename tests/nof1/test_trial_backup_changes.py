"""A backup carries each trial's changes of other treatment, read on import as live input
is read (trialfix: issue 15 leftovers).

Hand-made (``tests.nof1.test_trial_report_changes``): ana's trial from 2 March 2026 to
12 April 2026 with ibuprofen changed on 4 March and physiotherapy started on 11 March;
the backup is made on 20 April.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backrub import services
from backrub.domain import backup
from backrub.errors import InvalidInput
from backrub.services import trials
from backrub.services.backup import import_backup, read_backup, restore_backup
from backrub.services.trial_care import changes_for_report
from backrub.services.trial_report import trial_document
from backrub.store import Store
from tests.conftest import CliResult
from tests.nof1.test_trial_report_changes import LATER, _with_changes


def _kept(store: Store, name: str) -> list[tuple[str, str, str, str]]:
    profile = store.profile(name)
    (trial,) = trials.trials_of(store, profile)
    return [
        (c.day.isoformat(), c.kind, c.note, c.recorded_at.isoformat())
        for c in changes_for_report(store, profile, trial)
    ]


def _document(store: Store) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(services.export_json(store, store.profile("ana"), now=LATER))
    return found


def _forged(document: dict[str, Any], **change: object) -> str:
    """ana's backup with her first change edited (``None`` drops a key), checksum fixed."""
    first = document["data"]["trials"][0]["changes"][0]
    for key, value in change.items():
        if value is None:
            first.pop(key, None)
        else:
            first[key] = value
    document["checksum"] = backup.checksum(document["data"])
    return json.dumps(document)


def test_a_backup_holds_each_change_with_its_trial_and_a_restore_brings_them_back(
    store: Store,
) -> None:
    _with_changes(store)
    before = _kept(store, "ana")
    document = _document(store)
    (trial,) = document["data"]["trials"]
    assert [(c["day"], c["kind"], c["note"]) for c in trial["changes"]] == [
        ("2026-03-04", "medicine", ""),
        ("2026-03-11", "treatment", "physio started"),
    ]
    data = read_backup(json.dumps(document), source="backup.json", now=LATER)
    restore_backup(store, data, as_name="ana copy")
    assert _kept(store, "ana copy") == before
    copy = json.loads(services.export_json(store, store.profile("ana copy"), now=LATER))
    assert copy["data"]["trials"][0]["changes"] == trial["changes"]


def test_an_import_that_replaces_the_profile_keeps_the_changes(store: Store) -> None:
    _with_changes(store)
    before = _kept(store, "ana")
    text = json.dumps(_document(store))
    import_backup(store, text, source="backup.json", now=LATER, replace=True)
    assert _kept(store, "ana") == before


def test_an_older_backup_without_changes_still_imports(store: Store) -> None:
    _with_changes(store)
    document = _document(store)
    del document["data"]["trials"][0]["changes"]
    document["checksum"] = backup.checksum(document["data"])
    data = read_backup(json.dumps(document), source="old.json", now=LATER)
    assert len(data.trials) == 1 and data.trial_changes == ()
    restore_backup(store, data, as_name="ana old")
    assert _kept(store, "ana old") == []


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"day": "2026-03-01"}, "day"),  # the day before the trial's first day
        ({"day": "2026-04-13"}, "day"),  # the day after its last day
        ({"day": "2026-3-4"}, "day"),
        ({"day": None}, "day"),
        ({"kind": "massage"}, "kind"),
        ({"kind": "Medicine"}, "kind"),  # exactly as an export writes it
        ({"kind": 1}, "kind"),
        ({"note": "x" * 301}, "note"),  # live input keeps 300 characters at most
        ({"note": "ibuprofen\x07"}, "note"),  # a control character, refused live too
        ({"note": 5}, "note"),
        ({"recorded_at": "2026-03-02T12:00:00+00:00"}, "recorded_at"),  # before its day
        ({"recorded_at": "2026-03-04"}, "recorded_at"),  # no time, no offset
        ({"recorded_at": None}, "recorded_at"),
    ],
)
def test_a_change_live_input_would_refuse_is_refused_by_its_field(
    store: Store, edit: dict[str, object], field: str
) -> None:
    _with_changes(store)
    with pytest.raises(InvalidInput) as caught:
        read_backup(_forged(_document(store), **edit), source="b.json", now=LATER)
    assert caught.value.field == f"trials[1].changes[1].{field}"


def test_a_note_with_a_mark_that_turns_its_direction_is_restored_without_it(
    store: Store,
) -> None:
    """Refused live; a backup's texts lose such marks as it is read (docs/exports.md)."""
    _with_changes(store)
    forged = _forged(_document(store), note="ibuprofen \u202estopped")
    restore_backup(store, read_backup(forged, source="b.json", now=LATER), as_name="c")
    assert _kept(store, "c")[0][2] == "ibuprofen stopped"


def test_a_note_that_looks_like_a_formula_stays_plain_text(store: Store) -> None:
    _with_changes(store)
    note = '=HYPERLINK("http://x.example","<b>y</b>")'
    data = read_backup(_forged(_document(store), note=note), source="b.json", now=LATER)
    copy = restore_backup(store, data, as_name="ana copy")
    assert _kept(store, "ana copy")[0][2] == note
    page = trial_document(store, copy, now=LATER, fmt="html").decode()
    assert "&lt;b&gt;y&lt;/b&gt;" in page and "<b>y</b>" not in page


def test_a_change_with_a_key_of_its_own_or_changes_not_a_list_is_refused(store: Store) -> None:
    _with_changes(store)
    with pytest.raises(InvalidInput) as caught:
        read_backup(_forged(_document(store), extra="x"), source="b.json", now=LATER)
    assert caught.value.field == "trials[1].changes[1]"
    document = _document(store)
    document["data"]["trials"][0]["changes"] = {"day": "2026-03-04"}
    document["checksum"] = backup.checksum(document["data"])
    with pytest.raises(InvalidInput) as caught:
        read_backup(json.dumps(document), source="b.json", now=LATER)
    assert caught.value.field == "trials[1].changes"


def test_the_import_command_refuses_a_bad_change_in_one_line_and_writes_nothing(
    store: Store, run: Any, home: Path, tmp_path: Path
) -> None:
    _with_changes(store)
    path = tmp_path / "forged.json"
    path.write_text(_forged(_document(store), day="2026-05-01"))
    later = {"BACKRUB_NOW": LATER.isoformat()}
    assert run("profile", "list", env=later).code == 0
    before = (home / "backrub.sqlite3").read_bytes()
    refused: CliResult = run("import", str(path), env=later)
    assert refused.code == 2, refused
    (line,) = refused.err.strip().splitlines()
    assert "trials[1].changes[1].day" in line and "2026-04-12" in line
    assert "Traceback" not in refused.err
    assert (home / "backrub.sqlite3").read_bytes() == before


MANY_LINES = "ibuprofen\nstopped,\r\n\tthen   paracetamol\n"


def test_a_note_on_several_lines_is_read_on_one_line_as_a_typed_note_is(store: Store) -> None:
    _with_changes(store)
    data = read_backup(_forged(_document(store), note=MANY_LINES), source="b.json", now=LATER)
    restore_backup(store, data, as_name="ana copy")
    assert _kept(store, "ana copy")[0][2] == "ibuprofen stopped, then paracetamol"


def test_trial_show_prints_each_change_of_an_imported_backup_on_one_line(
    store: Store, run: Any, tmp_path: Path
) -> None:
    _with_changes(store)
    path = tmp_path / "lines.json"
    path.write_text(_forged(_document(store), note=MANY_LINES))
    later = {"BACKRUB_NOW": LATER.isoformat()}
    imported: CliResult = run("import", str(path), env=later)
    assert imported.code == 0, imported
    assert len(imported.out.strip().splitlines()) == 1
    shown: CliResult = run("--profile", "ana", "trial", "show", env=later)
    assert shown.code == 0, shown
    changes = [line for line in shown.out.splitlines() if line.startswith("2026-03-")]
    assert changes == [
        "2026-03-04: Pain medicine changed: ibuprofen stopped, then paracetamol",
        "2026-03-11: Other treatment started or stopped: physio started",
    ]
    assert "paracetamol" not in shown.out.replace(changes[0], "")
