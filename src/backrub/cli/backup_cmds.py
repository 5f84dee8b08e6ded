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
from backrub.cli.progress import progress_bar
from backrub.errors import InvalidInput
from backrub.services.steps import tick

MAX_IMPORT_BYTES = 200 * 1024 * 1024  # far above 5 years of data; refuses a wrong file early


@click.command()
@click.option(
    "--format",
    "fmt",
    default="json",
    metavar="FORMAT",
    help="json (lossless backup), csv (zip of tables) or fhir (R4 Bundle).",
)
@click.option("--out", metavar="FILE", help="Where to write the export.")
@pass_runtime
def export(runtime: Runtime, fmt: str, out: str | None) -> None:
    """Export the profile to FILE: json is a lossless backup for 'backrub import'."""
    from backrub import services

    if fmt not in ("json", "csv", "fhir"):
        raise InvalidInput("--format", fmt, "choose one of: json, csv, fhir")
    target = output_path(out, "backrub-backup.json")
    profile = runtime.profile()
    with progress_bar(f"Exporting ({fmt})") as step:
        if fmt == "json":
            data = services.export_json(runtime.store, profile, now=runtime.now()).encode()
        elif fmt == "csv":
            data = services.export_csv(runtime.store, profile)
        else:
            data = services.export_fhir(runtime.store, profile, now=runtime.now()).encode()
        tick(step, 1, 2)
        write_output(target, data)
        tick(step, 2, 2)
    click.echo(f"Exported profile {profile.name} ({fmt}) to {target}.")


@click.command("import")
@click.argument("file")
@click.option("--as", "as_name", metavar="NEW_NAME", help="Import under this profile name.")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the profile of the same name (asks first; --yes in scripts).",
)
@click.option("--yes", is_flag=True, help="Confirm --replace without asking.")
@pass_runtime
def import_(runtime: Runtime, file: str, as_name: str | None, replace: bool, yes: bool) -> None:
    """Restore a backup FILE written by 'backrub export --format json'.

    Every record is checked first; a bad one refuses the whole file and
    nothing is written. A profile of the same name is replaced only with
    --replace, and its data is kept until the backup's has been written.
    """
    from backrub.domain.inputs import parse_name
    from backrub.services.backup import NameTaken, read_backup, restore_backup
    from backrub.services.profiles import has_profile

    text = _read_backup_file(file)
    try:
        with progress_bar("Importing") as step:
            data = read_backup(text, source=file, now=runtime.now())
            tick(step, 1, 1)
        name = data.profile.name if as_name is None else parse_name("--as", as_name)
        replacing = replace and has_profile(runtime.store, name)
        if replacing:
            _confirm_replace(name, yes)
        with progress_bar("Importing") as step:
            profile = restore_backup(runtime.store, data, as_name=name, replace=replace)
            tick(step, 1, 1)
    except NameTaken as taken:
        raise InvalidInput(
            "profile",
            taken.name,
            "a profile with this name exists already; add --as NEW_NAME to import it "
            "beside it, or --replace to replace its data with the backup",
        ) from None
    done = "Replaced" if replacing else "Imported"
    click.echo(f"{done} profile {profile.name} from {file}.")


def _read_backup_file(file: str) -> str:
    """Return the text of the backup ``file``: a regular file of at most MAX_IMPORT_BYTES.

    A device (/dev/zero), a FIFO or a folder, also behind a symlink, is refused
    before a byte is read: reading one would never end or fill the memory. At most
    one byte past the limit is read, whatever size the file claims.
    """
    path = Path(file).expanduser()
    unreadable = InvalidInput("file", file, "give a readable backup file")
    try:
        # O_NONBLOCK: opening a FIFO waits for a writer otherwise. It changes
        # nothing for a regular file, the only kind read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        raise unreadable from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InvalidInput("file", file, "it is not a regular file; give a backup file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        except OSError:
            raise unreadable from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput("file", file, "it is larger than any backrub backup (200 MB)")
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
            "--replace", name, "this deletes the profile's current data; add --yes to confirm"
        )
    if not click.confirm(
        f"Replace everything profile {name} holds with the backup? Its current records "
        "are deleted once the backup's are written.",
        default=False,
    ):
        click.echo("Nothing was changed.")
        raise click.exceptions.Exit(1)


@click.command()
@click.option("--weeks", default="12", metavar="N", help="Weeks of tracking (default 12).")
@click.option("--seed", default="7", metavar="N", help="Random seed (same seed, same data).")
@click.option(
    "--tz",
    metavar="ZONE",
    help="The demo profile's time zone, e.g. Europe/Berlin (default: BACKRUB_TZ, else this "
    "computer's).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_runtime
def demo(runtime: Runtime, weeks: str, seed: str, tz: str | None, as_json: bool) -> None:
    """Create a realistic demo profile called 'demo' to try backrub out."""
    from backrub import services

    with progress_bar("Making the demo profile") as step:
        profile = services.load_demo(
            runtime.store, now=runtime.now(), tz=tz, weeks=weeks, seed=seed, progress=step
        )
        facts = services.summary(runtime.store, profile)
    today = runtime.today(profile)
    if as_json:
        emit_json(facts)
        return
    click.echo(
        f"Demo profile '{profile.name}' is ready and is now the default.\n"
        f"  {facts['checkins']} check-ins, {facts['pro_sessions']} professional sessions, "
        f"{facts['self_sessions']} self-massage sessions ({facts['self_massage_min']} min).\n"
        f"  Average pain: {facts['pain_first_week_mean']}/10 in the first week, "
        f"{facts['pain_last_week_mean']}/10 in the last week.\n"
        "  Next: backrub history --since "
        f"{today.isoformat()}   or   backrub --profile demo history"
    )


COMMANDS = [export, import_, demo]
