"""A body-map mark belongs to the check-in it was saved with, not to whatever shares its moment.

One rule decides where a region may be marked once (``domain.records.same_place``):
once per check-in, and once per moment for marks made on the body map alone. Live
input, every edit and import apply it, so a backup the app wrote always restores.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backrub import services
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.store import Store
from tests.conftest import NOW, CliResult
from tests.test_cli import _one_clear_line

AT = "2026-02-28T08:00"


def _ana(store: Store) -> Profile:
    return services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)


def _regions(store: Store, profile: Profile) -> list[tuple[str, int | None]]:
    assert profile.id is not None
    return [(s.region.value, s.checkin_id) for s in store.pain_spots(profile.id)]


def test_deleting_one_of_two_checkins_at_one_moment_keeps_the_others_marks(store: Store) -> None:
    ana = _ana(store)
    first = services.record_checkin(store, ana, now=NOW, pain=2, at=AT, where="hip_left:3")
    second = services.record_checkin(store, ana, now=NOW, pain=4, at=AT, where="hip_right:5")

    assert services.delete_checkin(store, ana, first.id) == 1
    assert _regions(store, ana) == [("hip_right", second.id)]


def test_moving_one_of_two_checkins_at_one_moment_moves_only_its_own_marks(store: Store) -> None:
    ana = _ana(store)
    first = services.record_checkin(store, ana, now=NOW, pain=2, at=AT, where="hip_left:3")
    second = services.record_checkin(store, ana, now=NOW, pain=4, at=AT, where="hip_right:5")

    moved = services.edit_checkin(store, ana, first.id, now=NOW, at="2026-02-28T09:00")
    assert ana.id is not None
    by_region = {s.region.value: s for s in store.pain_spots(ana.id)}
    assert by_region["hip_left"].at == moved.at
    assert by_region["hip_right"].at == second.at
    assert [m.region.value for m in services.marks_of(store, ana, second)] == ["hip_right"]


def test_a_mark_made_alone_is_not_deleted_with_a_checkin_at_its_moment(store: Store) -> None:
    ana = _ana(store)
    checkin = services.record_checkin(store, ana, now=NOW, pain=2, at=AT)
    services.record_body_map(store, ana, now=NOW, where="spine_low:2", at=AT)

    assert services.delete_checkin(store, ana, checkin.id) == 0
    assert _regions(store, ana) == [("spine_low", None)]


def test_two_checkins_at_one_moment_may_each_mark_a_region_and_the_backup_restores(
    store: Store,
) -> None:
    ana = _ana(store)
    for pain in (2, 4):
        services.record_checkin(store, ana, now=NOW, pain=pain, at=AT, where="hip_left:3")
    text = services.export_json(store, ana, now=NOW)

    copy = services.import_backup(store, text, source="b.json", now=NOW, as_name="copy")
    assert copy.id is not None
    checkins = [c.id for c in store.checkins(copy.id)]
    assert [s.checkin_id for s in store.pain_spots(copy.id)] == checkins  # each its own
    again = json.loads(services.export_json(store, copy, now=NOW))["data"]
    assert again["checkins"] != json.loads(text)["data"]["checkins"]  # new ids beside ana
    assert [s["checkin_id"] for s in again["pain_spots"]] == [c["id"] for c in again["checkins"]]


def test_marks_made_alone_mark_a_region_once_per_moment_live_and_on_edit(store: Store) -> None:
    ana = _ana(store)
    services.record_body_map(store, ana, now=NOW, where="hip_left:3", at=AT)
    with pytest.raises(InvalidInput, match="once per"):
        services.record_body_map(store, ana, now=NOW, where="hip_left:5", at=AT)
    services.record_body_map(store, ana, now=NOW, where="hip_right:5", at="2026-02-28T09:00")
    assert ana.id is not None
    [mark] = [s for s in store.pain_spots(ana.id) if s.region.value == "hip_right"]
    with pytest.raises(InvalidInput, match="once per"):
        services.edit_mark(store, ana, mark.id, now=NOW, at=AT, region="hip_left")
    assert _regions(store, ana) == [("hip_left", None), ("hip_right", None)]
    # Renamed at its own moment, or moved there keeping its region, it is fine.
    services.edit_mark(store, ana, mark.id, now=NOW, region="hip_left")
    with pytest.raises(InvalidInput, match="once per"):
        services.edit_mark(store, ana, mark.id, now=NOW, at=AT)
    services.edit_mark(store, ana, mark.id, now=NOW, at=AT, region="spine_low")
    assert sorted(_regions(store, ana)) == [("hip_left", None), ("spine_low", None)]


def test_a_checkins_mark_names_a_region_once_per_checkin_on_edit(store: Store) -> None:
    ana = _ana(store)
    checkin = services.record_checkin(
        store, ana, now=NOW, pain=2, at=AT, where="hip_left:3,hip_right:4"
    )
    services.record_checkin(store, ana, now=NOW, pain=4, at=AT, where="spine_low:5")
    [_, right] = services.marks_of(store, ana, checkin)
    with pytest.raises(InvalidInput, match="once per check-in"):
        services.edit_mark(store, ana, right.id, now=NOW, region="hip_left")
    # The other check-in's region at the same moment is no clash.
    services.edit_mark(store, ana, right.id, now=NOW, region="spine_low")
    with pytest.raises(InvalidInput, match="change the check-in's time"):
        services.edit_mark(store, ana, right.id, now=NOW, at="2026-02-28T07:00")


# -- the backup ---------------------------------------------------------------------------


def _backup(store: Store) -> dict[str, object]:
    ana = _ana(store)
    services.record_checkin(store, ana, now=NOW, pain=2, at=AT, where="hip_left:3")
    services.record_checkin(store, ana, now=NOW, pain=3, at="2026-02-28T09:00")
    document: dict[str, object] = json.loads(services.export_json(store, ana, now=NOW))
    return document


def _import(store: Store, document: dict[str, object]) -> Profile:
    from backrub.domain.backup import checksum

    document["checksum"] = checksum(document["data"])  # a forger recomputes it
    text = json.dumps(document)
    return services.import_backup(store, text, source="b.json", now=NOW, as_name="copy")


def _spots(document: dict[str, object]) -> list[dict[str, object]]:
    data = document["data"]
    assert isinstance(data, dict)
    spots: list[dict[str, object]] = data["pain_spots"]
    return spots


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checkin_id": 99}, "pain_spots[1].checkin_id"),  # no such check-in
        ({"checkin_id": "1"}, "pain_spots[1].checkin_id"),
        ({"at": "2026-02-28T08:00:00+00:00"}, "pain_spots[1].at"),  # not its check-in's time
    ],
)
def test_a_backup_mark_must_name_a_checkin_of_the_backup_at_its_moment(
    store: Store, change: dict[str, object], field: str
) -> None:
    document = _backup(store)
    _spots(document)[0].update(change)
    with pytest.raises(InvalidInput) as refused:
        _import(store, document)
    assert refused.value.field == field


def test_a_backup_repeating_a_region_of_one_checkin_is_refused(store: Store) -> None:
    document = _backup(store)
    _spots(document).append(dict(_spots(document)[0], id=2, intensity=7))
    with pytest.raises(InvalidInput, match="once per check-in") as refused:
        _import(store, document)
    assert refused.value.field == "pain_spots[2].region"


def test_an_older_backup_without_links_still_imports_linked_by_the_one_checkin_at_the_moment(
    store: Store,
) -> None:
    document = _backup(store)
    for spot in _spots(document):
        del spot["checkin_id"]
    copy = _import(store, document)
    assert copy.id is not None
    [first, _] = store.checkins(copy.id)
    assert _regions(store, copy) == [("hip_left", first.id)]


# -- the command line -------------------------------------------------------------------


def test_the_reviewers_reproduction_delete_keeps_the_other_checkins_mark(run) -> None:  # type: ignore[no-untyped-def]
    def ok(*args: str) -> CliResult:
        result: CliResult = run(*args)
        assert result.code == 0, result.err
        return result

    ok("checkin", "--pain", "2", "--at", AT, "--where", "hip_left:3")
    ok("checkin", "--pain", "4", "--at", AT, "--where", "hip_right:5")
    ok("checkin", "--pain", "5", "--at", AT, "--where", "hip_left:6")  # its own hip_left
    assert "and its 1 body-map mark." in ok("delete", "checkin", "1", "--yes").out
    spots = json.loads(ok("history", "--json").out)["pain_spots"]
    assert [(s["region"], s["checkin_id"]) for s in spots] == [("hip_right", 2), ("hip_left", 3)]


def test_a_backup_the_app_wrote_restores(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    for pain in ("2", "4"):
        assert run("checkin", "--pain", pain, "--at", AT, "--where", "hip_left:3").code == 0
    out = home / "b.json"
    assert run("export", "--out", str(out)).code == 0
    result = run("import", str(out), "--as", "copy")
    assert result.code == 0, result.err


def test_a_region_given_in_two_where_options_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(
        run("checkin", "--pain", "2", "--where", "hip_left:3", "--where", "hip_left:4"),
        "hip_left",
        "once",
    )
    both = run("checkin", "--pain", "2", "--where", "hip_left:3", "--where", "hip_right:4")
    assert both.code == 0, both.err
    spots = json.loads(run("history", "--json").out)["pain_spots"]
    assert sorted(s["region"] for s in spots) == ["hip_left", "hip_right"]


@pytest.mark.parametrize("where", ["", ",,hip_left:3", "hip_left:3,,", "hip_left:３", "hip_left:٣"])
def test_an_empty_or_non_ascii_where_is_refused_and_nothing_is_saved(run, where: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("checkin", "--pain", "2", "--where", where), "where")
    history = run("history", "--json")
    assert history.code != 0 or json.loads(history.out)["checkins"] == []


def test_an_older_backup_of_two_checkins_at_one_moment_marking_one_region_restores(
    store: Store,
) -> None:
    # Written before marks named their check-in: the reviewer's unrestorable export.
    ana = _ana(store)
    for pain in (2, 4):
        services.record_checkin(store, ana, now=NOW, pain=pain, at=AT, where=f"hip_left:{pain}")
    document: dict[str, object] = json.loads(services.export_json(store, ana, now=NOW))
    for spot in _spots(document):
        del spot["checkin_id"]
    copy = _import(store, document)
    assert copy.id is not None
    links = [(s.intensity, s.checkin_id) for s in store.pain_spots(copy.id)]
    assert links == [(c.pain, c.id) for c in store.checkins(copy.id)]
