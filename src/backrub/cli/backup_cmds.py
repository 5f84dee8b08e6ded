"""Backups and the demo profile."""

from __future__ import annotations

from pathlib import Path

import click

from backrub.cli.app import Runtime, emit_json, output_path, pass_runtime, write_output
from backrub.errors import InvalidInput

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
    if fmt == "json":
        data = services.export_json(runtime.store, profile, now=runtime.now()).encode()
    elif fmt == "csv":
        data = services.export_csv(runtime.store, profile)
    else:
        data = services.export_fhir(runtime.store, profile, now=runtime.now()).encode()
    write_output(target, data)
    click.echo(f"Exported profile {profile.name} ({fmt}) to {target}.")


@click.command("import")
@click.argument("file")
@pass_runtime
def import_(runtime: Runtime, file: str) -> None:
    """Restore a backup FILE written by 'backrub export --format json'."""
    from backrub import services

    path = Path(file).expanduser()
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InvalidInput("file", file, "it is larger than any backrub backup (200 MB)")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("file", file, "give a readable backup file") from None
    profile = services.import_backup(runtime.store, text, source=file)
    click.echo(f"Imported profile {profile.name}.")


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

    profile = services.load_demo(runtime.store, now=runtime.now(), tz=tz, weeks=weeks, seed=seed)
    today = runtime.today(profile)
    facts = services.summary(runtime.store, profile)
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
