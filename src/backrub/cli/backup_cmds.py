"""Backups and the demo profile."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from backrub.cli.app import (
    Runtime,
    emit_json,
    is_interactive,
    output_path,
    pass_runtime,
    write_output,
)
from backrub.cli.click_words import Command
from backrub.cli.progress import progress_bar
from backrub.cli.shown import path as shown_path
from backrub.domain.words import fixed
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.services.steps import tick

MAX_IMPORT_BYTES = 200 * 1024 * 1024  # far above 5 years of data; refuses a wrong file early


@click.command(
    cls=Command,
    help=N_("Export the profile to FILE: json is a lossless backup for 'backrub import'."),
)
@click.option(
    "--format",
    "fmt",
    default="json",
    metavar="FORMAT",
    help=N_("json (lossless backup), csv (zip of tables) or fhir (R4 Bundle)."),
)
@click.option("--out", metavar="FILE", help=N_("Where to write the export."))
@pass_runtime
def export(runtime: Runtime, fmt: str, out: str | None) -> None:
    from backrub import services

    if fmt not in ("json", "csv", "fhir"):
        raise InvalidInput(
            "--format", fmt, _("choose one of: %(choices)s", choices="json, csv, fhir")
        )
    target = output_path(runtime, out, "backrub-backup.json")
    profile = runtime.profile()
    with progress_bar(_("Exporting (%(format)s)", format=fmt)) as step:
        if fmt == "json":
            data = services.export_json(runtime.store, profile, now=runtime.now()).encode()
        elif fmt == "csv":
            data = services.export_csv(runtime.store, profile)
        else:
            data = services.export_fhir(runtime.store, profile, now=runtime.now()).encode()
        tick(step, 1, 2)
        write_output(target, data)
        tick(step, 2, 2)
    click.echo(
        _(
            "Exported profile %(name)s (%(format)s) to %(file)s.",
            name=profile.name,
            format=fmt,
            file=shown_path(target),
        )
    )


@click.command(
    "import",
    cls=Command,
    help=N_(
        "Restore a backup FILE written by 'backrub export --format json'.\n\nEvery record "
        "is checked first; a bad one refuses the whole file and nothing is written. A "
        "profile of the same name is replaced only with --replace, and its data is kept "
        "until the backup's has been written."
    ),
)
@click.argument("file")
@click.option("--as", "as_name", metavar="NEW_NAME", help=N_("Import under this profile name."))
@click.option(
    "--replace",
    is_flag=True,
    help=N_("Replace the profile of the same name (asks first; --yes in scripts)."),
)
@click.option("--yes", is_flag=True, help=N_("Confirm --replace without asking."))
@pass_runtime
def import_(runtime: Runtime, file: str, as_name: str | None, replace: bool, yes: bool) -> None:
    from backrub.domain.inputs import parse_name
    from backrub.services.backup import NameTaken, read_backup, restore_backup
    from backrub.services.profiles import has_profile

    text = _read_backup_file(file)
    try:
        with progress_bar(_("Importing")) as step:
            data = read_backup(text, source=file, now=runtime.now())
            tick(step, 1, 1)
        name = data.profile.name if as_name is None else parse_name("--as", as_name)
        replacing = replace and has_profile(runtime.store, name)
        if replacing:
            _confirm_replace(name, yes)
        with progress_bar(_("Importing")) as step:
            profile = restore_backup(runtime.store, data, as_name=name, replace=replace)
            tick(step, 1, 1)
    except NameTaken as taken:
        raise InvalidInput(
            "profile",
            taken.name,
            _(
                "a profile with this name exists already; add --as NEW_NAME to import it "
                "beside it, or --replace to replace its data with the backup"
            ),
        ) from None
    source = shown_path(file)
    if replacing:
        click.echo(_("Replaced profile %(name)s from %(file)s.", name=profile.name, file=source))
    else:
        click.echo(_("Imported profile %(name)s from %(file)s.", name=profile.name, file=source))


def _read_backup_file(file: str) -> str:
    """Return the text of the backup ``file``: a regular file of at most MAX_IMPORT_BYTES.

    A device (/dev/zero), a FIFO or a folder, also behind a symlink, is refused
    before a byte is read: reading one would never end or fill the memory. At most
    one byte past the limit is read, whatever size the file claims.
    """
    path = Path(file).expanduser()
    unreadable = InvalidInput("file", file, _("give a readable backup file"))
    try:
        # O_NONBLOCK: opening a FIFO waits for a writer otherwise. It changes
        # nothing for a regular file, the only kind read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        raise unreadable from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InvalidInput("file", file, _("it is not a regular file; give a backup file"))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        except OSError:
            raise unreadable from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput("file", file, _("it is larger than any backrub backup (200 MB)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise unreadable from None


def _confirm_replace(name: str, yes: bool) -> None:
    """Ask before the data of profile ``name`` is replaced; scripts must say --yes."""
    if yes:
        return
    if not is_interactive():
        raise InvalidInput(
            "--replace",
            name,
            _("this deletes the profile's current data; add --yes to confirm"),
        )
    if not click.confirm(
        _(
            "Replace everything profile %(name)s holds with the backup? Its current records "
            "are deleted once the backup's are written.",
            name=name,
        ),
        default=False,
    ):
        click.echo(_("Nothing was changed."))
        raise click.exceptions.Exit(1)


@click.command(
    cls=Command, help=N_("Create a realistic demo profile called 'demo' to try backrub out.")
)
@click.option("--weeks", default="12", metavar="N", help=N_("Weeks of tracking (default 12)."))
@click.option("--seed", default="7", metavar="N", help=N_("Random seed (same seed, same data)."))
@click.option(
    "--tz",
    metavar="ZONE",
    help=N_(
        "The demo profile's time zone, e.g. Europe/Berlin (default: BACKRUB_TZ, else this "
        "computer's)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the summary as JSON."))
@pass_runtime
def demo(runtime: Runtime, weeks: str, seed: str, tz: str | None, as_json: bool) -> None:
    from backrub import services

    with progress_bar(_("Making the demo profile")) as step:
        profile = services.load_demo(
            runtime.store, now=runtime.now(), tz=tz, weeks=weeks, seed=seed, progress=step
        )
        facts = services.summary(runtime.store, profile)
    today = runtime.today(profile)
    if as_json:
        emit_json(facts)
        return
    click.echo(_("Demo profile '%(name)s' is ready and is now the default.", name=profile.name))
    click.echo(
        "  "
        + _(
            "%(checkins)s check-ins, %(pros)s professional sessions, %(selfs)s self-massage "
            "sessions (%(minutes)s min).",
            checkins=facts["checkins"],
            pros=facts["pro_sessions"],
            selfs=facts["self_sessions"],
            minutes=fixed(float(facts["self_massage_min"]), 1),  # "35.0"; "35,0" in Vietnamese
        )
    )
    click.echo(
        "  "
        + _(
            "Average pain: %(first)s/10 in the first week, %(last)s/10 in the last week.",
            first=_mean(facts["pain_first_week_mean"]),
            last=_mean(facts["pain_last_week_mean"]),
        )
    )
    click.echo(
        "  "
        + _(
            "Next: %(one)s   or   %(other)s",
            one=f"backrub history --since {today.isoformat()}",
            other="backrub --profile demo history",
        )
    )


def _mean(value: object) -> str:
    from backrub.cli.shown import number

    return number(value) if isinstance(value, (int, float)) else str(value)


COMMANDS = [export, import_, demo]
