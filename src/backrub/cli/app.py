"""The command group, its global options and the lazily opened store."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from backrub import __version__, i18n, settings
from backrub.cli.click_words import Group
from backrub.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from backrub.domain.records import CheckIn, Profile
    from backrub.store import Store


@dataclass
class Runtime:
    """What every command needs: the chosen database and profile, opened on first use."""

    db: str | None
    profile_name: str | None
    # True when --lang (or BACKRUB_LANG) chose the language of this run: the
    # profile's own language is then not used.
    lang_chosen: bool = False
    # What --lang said (main() moves it before the command, so `profile set --lang vi`
    # arrives here): the profile commands store it.
    lang_option: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _first_profile: Profile | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from backrub.store import open_store

            self._store = open_store(settings.database(self.db))
        return self._store

    def profile(self, *, create: bool = False) -> Profile:
        from backrub import services

        now = self.now()  # a bad BACKRUB_NOW is said first, whatever the database
        if not create and self._store is None and self._no_database_file():
            # Reading from a database file that does not exist: say there is no
            # data yet instead of creating an empty database to find that out.
            raise services.no_profile_yet(self.profile_name)

        found = services.current_profile(self.store, self.profile_name, create=create, now=now)
        self.speak(found)
        from backrub.domain.emergency import set_place

        set_place(found.tz)  # every emergency wording names this profile's number
        if found.id is None:
            self._first_profile = found  # saved by the write, if its input is valid
        return found

    def database_files(self) -> tuple[Path, ...]:
        """The SQLite file in use and its journals (none for a server's database)."""
        target = settings.database(self.db).strip()
        if target.startswith("sqlite:///"):  # sqlite:///relative or sqlite:////absolute
            target = target.removeprefix("sqlite:///").partition("?")[0]
        elif "://" in target:
            return ()
        if not target:
            return ()
        path = Path(target).expanduser()
        return (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal")))

    def _no_database_file(self) -> bool:
        target = settings.database(self.db).strip()
        if not target or "://" in target:
            return False  # an empty --db is refused when opened; URLs are opened to check
        try:
            path = Path(target).expanduser()
            # Only a missing file in a folder that exists: a missing folder is
            # more likely a typo, which opening the database names.
            return not path.exists() and path.parent.is_dir()
        except (OSError, ValueError):
            return False

    def speak(self, profile: Profile) -> None:
        """Say everything from now on in the profile's language, unless the run chose one."""
        if not self.lang_chosen and profile.language is not None:
            i18n.set_language(profile.language)

    def quick_checkin(self, build: Callable[[Profile], CheckIn]) -> CheckIn | None:
        """Save a check-in without loading SQLAlchemy when the database allows it."""
        target = settings.database(self.db)
        if "://" in target:
            return None
        from pathlib import Path

        from backrub.store.quick import quick_checkin

        def in_its_language(profile: Profile) -> CheckIn:
            self.speak(profile)
            return build(profile)

        return quick_checkin(Path(target).expanduser(), self.profile_name, in_its_language)

    @staticmethod
    def now() -> datetime:
        from backrub import clock

        return clock.now()

    def today(self, profile: Profile) -> date:
        return self.now().astimezone(ZoneInfo(profile.tz)).date()

    def close(self) -> None:
        if self._store is not None:
            self._tell_first_profile(self._store)
            self._store.close()

    def _tell_first_profile(self, store: Store) -> None:
        """Say on stderr which zone a profile made implicitly got, and how to change it."""
        from backrub.services.profiles import has_profile

        first = self._first_profile
        try:
            if first is None or not has_profile(store, first.name):
                return
        except Exception:  # a notice never hides the command's own outcome
            return
        click.echo(
            _(
                "note: created profile '%(name)s' in time zone %(zone)s (BACKRUB_TZ, else "
                "this computer's zone); to change it: backrub profile zone ZONE",
                name=first.name,
                zone=first.tz,
            ),
            err=True,
        )


pass_runtime = click.make_pass_decorator(Runtime)


def tell_repeated_time(tz: str, at: object) -> None:
    """Say on stderr when --at named a local time that happened twice, and which was kept."""
    from backrub import services

    repeated = services.repeated_time(tz, at)
    if repeated is None:
        return
    zone = ZoneInfo(tz)
    kept = repeated.kept.astimezone(zone)
    other = repeated.other.astimezone(zone)
    click.echo(
        _(
            "note: %(local)s happened twice in %(zone)s (the clocks went back); saved the "
            "first, %(kept)s. For the second give --at %(other)s",
            local=f"{repeated.local:%Y-%m-%d %H:%M}",
            zone=tz,
            kept=kept.isoformat(timespec="minutes"),
            other=other.isoformat(timespec="minutes"),
        ),
        err=True,
    )


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON: the public shape scripts depend on."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def is_interactive() -> bool:
    return sys.stdin.isatty()


def output_path(runtime: Runtime, out: str | None, example: str) -> Path:
    """Return the file ``--out`` names, refusing a missing value, an unwritable place
    and the database in use (writing there would replace every profile with one export)."""
    from backrub.errors import InvalidInput

    if not out:
        raise InvalidInput(
            "--out", out, _("give the file to write, e.g. --out %(example)s", example=example)
        )
    if out.strip() == "-":  # read by many tools as standard output; here it would be a file
        raise InvalidInput(
            "--out", out, _("give a file name (writing to standard output is not offered)")
        )
    target = Path(out).expanduser()
    try:
        folder = target.is_dir()
        usable = target.parent.is_dir() and not folder
        # A device, pipe or socket: the whole-or-nothing write renames a finished
        # file over the name, which would put an ordinary file in its place (as
        # root, over /dev/null itself).
        special = not folder and target.exists() and not target.is_file()
    except OSError as error:  # a name too long for this system, say
        raise InvalidInput(
            "--out", out, _("it cannot be written (%(why)s)", why=error.strerror)
        ) from None
    if folder:  # it exists: the folder is there, the file name is missing
        raise InvalidInput("--out", out, _("it is a folder; give a file name in it"))
    if special:
        raise InvalidInput(
            "--out", out, _("it is not an ordinary file (a device or a pipe); give a file name")
        )
    if not usable:
        raise InvalidInput("--out", out, _("the folder does not exist; choose a writable file"))
    if any(_same_file(target, kept) for kept in runtime.database_files()):
        raise InvalidInput(
            "--out", out, _("it is the database backrub is using; choose another file")
        )
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def write_output(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (via a .part file)."""
    from backrub.errors import InvalidInput

    tmp: Path | None = None
    try:
        # A new file of our own beside the target (O_EXCL: never a link or file someone
        # left at a fixed ".part" name), renamed over it when whole.
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
        tmp = Path(name)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        tmp.replace(target)
    except OSError as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise InvalidInput(
            "--out", str(target), _("it cannot be written (%(why)s)", why=error.strerror)
        ) from None


def ask_if_missing(value: str | None, prompt: str, field_name: str, allowed: str) -> str:
    """Return ``value``; ask for it on a terminal, refuse it missing in a script."""
    if value is not None:
        return value
    if is_interactive():
        return str(click.prompt(_(prompt)))
    from backrub.errors import InvalidInput

    raise InvalidInput(field_name, None, _("it is required; %(allowed)s", allowed=_(allowed)))


def choose_language(option: str | None) -> bool:
    """Set the language of this run from ``--lang`` or BACKRUB_LANG; return whether either
    chose one (a wrong value is refused, naming where it came from)."""
    import os

    from backrub.errors import InvalidInput

    source, value = ("--lang", option) if option is not None else ("BACKRUB_LANG", None)
    if value is None:
        value = os.environ.get("BACKRUB_LANG", "").strip() or None
    if value is None:
        return False
    code = i18n.parse_language(value)
    if code is None:
        raise InvalidInput(source, value, i18n._("use en (English) or vi (Tiếng Việt)"))
    i18n.set_language(code)
    return True


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    cls=Group,
    help=N_(
        "backrub: use massage for low back pain safely, and measure honestly whether it "
        "helps.\n\nbackrub informs and records; it is not a medical device and does not "
        "diagnose. Data stays on this machine (BACKRUB_HOME) unless you point --db "
        "elsewhere."
    ),
)
@click.option("--db", metavar="URL_OR_PATH", help=N_("Database file or URL (env BACKRUB_DB)."))
@click.option("--profile", "profile_name", metavar="NAME", help=N_("Profile to use."))
@click.option("--debug", is_flag=True, help=N_("Show a traceback on unexpected errors."))
@click.option(
    "--lang",
    metavar="LANG",
    help=N_("Language of this run: en or vi (env BACKRUB_LANG; else the profile's language)."),
)
@click.version_option(__version__, prog_name="backrub")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, profile_name: str | None, debug: bool, lang: str | None
) -> None:
    runtime = Runtime(
        db=db, profile_name=profile_name, lang_chosen=choose_language(lang), lang_option=lang
    )
    ctx.obj = runtime
    ctx.call_on_close(runtime.close)
