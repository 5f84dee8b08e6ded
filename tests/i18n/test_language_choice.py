"""Choosing the language: per profile (stored), per run (--lang, BACKRUB_LANG), per browser
(the switcher, Accept-Language); English is the fallback, and choosing changes nothing
stored but the profile's language (issue 12, item 2)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import make_client, post_form

pytestmark = pytest.mark.filterwarnings("error")


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_a_profile_keeps_its_language_and_a_run_can_override_it(run: Any, home: Path) -> None:
    assert run("profile", "add", "Lan", "--tz", "Asia/Ho_Chi_Minh", "--lang", "vi").code == 0
    listed = json.loads(run("profile", "list", "--json").out)
    assert [(p["name"], p["language"]) for p in listed] == [("Lan", "vi")]
    # The profile's language is used: the confirmation comes in Vietnamese.
    said = run("profile", "set", "--lang", "vi")
    assert said.code == 0 and "ngôn ngữ bây giờ là Tiếng Việt" in said.out
    # --lang after the command, for this run only: English words, the profile still says vi.
    english = run("profile", "zone", "--lang", "en")
    assert english.code == 0
    assert json.loads(run("profile", "list", "--json").out)[0]["language"] == "vi"


@pytest.mark.parametrize(
    ("args", "env", "where"),
    [
        (("--lang", "xx", "profile", "list"), {}, "--lang"),
        (("profile", "list", "--lang=klingon"), {}, "--lang"),
        (("profile", "list"), {"BACKRUB_LANG": "tlh"}, "BACKRUB_LANG"),
        (("profile", "set", "--lang", "de"), {}, "--lang"),
        (("profile", "set"), {}, "--lang"),
    ],
)
def test_a_language_backrub_does_not_speak_is_one_line_and_writes_nothing(
    run: Any, home: Path, args: tuple[str, ...], env: dict[str, str], where: str
) -> None:
    assert run("profile", "add", "Lan").code == 0
    before = _dump(home / "backrub.sqlite3")
    result = run(*args, env=env)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and where in result.err
    assert _dump(home / "backrub.sqlite3") == before


def test_switching_the_language_changes_nothing_stored_but_the_profiles_language(
    run: Any, home: Path
) -> None:
    assert run("demo", "--weeks", "3").code == 0
    before = _dump(home / "backrub.sqlite3")
    assert run("--profile", "demo", "profile", "set", "--lang", "vi").code == 0
    assert run("--profile", "demo", "progress").code == 0  # read in Vietnamese
    after = _dump(home / "backrub.sqlite3")
    changed = sorted(set(before) ^ set(after))
    assert len(changed) == 2, changed
    assert all(line.startswith('INSERT INTO "profiles"') for line in changed)
    assert "'vi'" in next(line for line in changed if line in after)


def test_the_web_follows_the_profile_then_the_switcher_then_the_browser(tmp_path: Path) -> None:
    from backrub.web.settings import WebSettings

    with make_client(WebSettings(db=str(tmp_path / "b.sqlite3"))) as client:
        first = client.get("/welcome", headers={"Accept-Language": "fr;q=1, vi;q=0.8, en;q=0.5"})
        assert '<html lang="vi">' in first.text  # a first visit: the browser's best match
        assert '<html lang="en">' in client.get("/welcome", headers={"Accept-Language": "de"}).text
        # The switcher, before any profile is saved: this browser keeps the choice.
        switched = post_form(
            client, "/language", {"language": "vi", "next": "/evidence"}, follow_redirects=False
        )
        assert switched.status_code == 303 and switched.headers["location"] == "/evidence"
        assert '<html lang="vi">' in client.get("/evidence", headers={"Accept-Language": "en"}).text
        # A profile created in English keeps English, whatever the browser or the cookie say.
        added = post_form(
            client,
            "/profiles",
            {"name": "Ann", "tz": "Europe/London", "language": "en"},
            follow_redirects=False,
        )
        assert added.status_code == 303
        store = client.app.state.backend.store  # type: ignore[attr-defined]
        assert store.profile("Ann").language == "en"
        assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "vi"}).text
        # Switching on the web stores the profile's choice.
        post_form(client, "/language", {"language": "vi", "next": "/"})
        assert store.profile("Ann").language == "vi"
        assert '<html lang="vi">' in client.get("/progress").text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "evil", ""])
def test_the_switcher_only_goes_back_to_a_page_of_this_site(tmp_path: Path, target: str) -> None:
    from backrub.web.settings import WebSettings

    with make_client(WebSettings(db=str(tmp_path / "b.sqlite3"))) as client:
        client.get("/welcome")
        answer = post_form(
            client, "/language", {"language": "en", "next": target}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_an_unknown_language_from_the_web_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    from backrub.web.settings import WebSettings

    with make_client(WebSettings(db=str(tmp_path / "b.sqlite3"))) as client:
        client.get("/welcome")
        post_form(client, "/profiles", {"name": "Ann", "tz": "Europe/London", "language": "en"})
        answer = post_form(client, "/language", {"language": "xx", "next": "/"})
        assert 400 <= answer.status_code < 500
        store = client.app.state.backend.store  # type: ignore[attr-defined]
        assert store.profile("Ann").language == "en"
        refused = post_form(client, "/profiles", {"name": "Bo", "tz": "UTC", "language": "de"})
        assert refused.status_code == 422
        assert [p.name for p in store.profiles()] == ["Ann"]


def test_kept_pages_are_kept_per_language(tmp_path: Path) -> None:
    from backrub.web.settings import WebSettings

    with make_client(WebSettings(db=str(tmp_path / "b.sqlite3"), demo=True)) as client:
        for _ in range(2):  # the second round is answered from the kept pages
            assert (
                '<html lang="vi">'
                in client.get("/progress", headers={"Accept-Language": "vi"}).text
            )
            assert (
                '<html lang="en">'
                in client.get("/progress", headers={"Accept-Language": "en"}).text
            )


def test_a_questionnaire_is_stored_with_the_language_it_was_answered_in(
    tmp_path: Path,
) -> None:
    from backrub import services
    from backrub.i18n import use_language
    from backrub.store import open_store
    from tests.conftest import NOW

    store = open_store(str(tmp_path / "q.sqlite3"))
    try:
        ann = services.add_profile(store, "Ann", tz="UTC", now=NOW)
        with use_language("vi"):
            saved, _result = services.record_response(
                store, ann, instrument_id="nrs", answers=[4], now=NOW
            )
        saved_en, _result = services.record_response(
            store, ann, instrument_id="nrs", answers=[3], now=NOW
        )
        assert [r.language for r in store.responses(ann.id or 0)] == ["vi", "en"]
        assert (saved.language, saved_en.language) == ("vi", "en")
    finally:
        store.close()


def test_backups_carry_the_languages_and_old_backups_still_load() -> None:
    from datetime import datetime

    from backrub.clock import is_zone
    from backrub.domain.backup import checksum, dumps, from_text, to_document
    from backrub.domain.records import Profile, ProfileData, Response
    from backrub.errors import InvalidInput
    from tests.conftest import NOW

    answered = Response(at=NOW, tz="UTC", instrument="nrs", answers=(4,), language="vi")
    data = ProfileData(
        Profile(name="Lan", tz="Asia/Ho_Chi_Minh", created_at=NOW, language="vi"),
        responses=(answered,),
    )
    document = to_document(data, exported_at=NOW)

    def load(doc: dict[str, Any]) -> ProfileData:
        doc["checksum"] = checksum(doc["data"])
        return from_text(dumps(doc), source="b.json", now=NOW, is_zone=is_zone)

    back = load(document)
    assert (back.profile.language, back.responses[0].language) == ("vi", "vi")
    # A backup written before languages: the profile has not chosen, answers were English.
    del document["data"]["profile"]["language"]
    del document["data"]["responses"][0]["language"]
    old = load(document)
    assert (old.profile.language, old.responses[0].language) == (None, "en")
    document["data"]["profile"]["language"] = "klingon"
    with pytest.raises(InvalidInput, match=r"profile\.language"):
        load(document)
    assert isinstance(NOW, datetime)
