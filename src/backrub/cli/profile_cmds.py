"""Profiles: several people (or several episodes) in one database."""

from __future__ import annotations

import click

from backrub import i18n
from backrub.cli.app import Runtime, emit_json, pass_runtime
from backrub.services.shapes import profile_json


@click.group()
def profile() -> None:
    """Add, list and choose profiles."""


@profile.command("add")
@click.argument("name")
@click.option(
    "--tz",
    metavar="ZONE",
    help="IANA time zone, e.g. Europe/Berlin (default: BACKRUB_TZ, else this computer's).",
)
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    help="The profile's language: en or vi (default: not chosen, so English here).",
)
@pass_runtime
def profile_add(runtime: Runtime, name: str, tz: str | None, language: str | None) -> None:
    """Create a profile called NAME in time zone ZONE (quote a name with spaces)."""
    from backrub import services

    chosen = language if language is not None else runtime.lang_option
    created = services.add_profile(runtime.store, name, tz=tz, now=runtime.now(), language=chosen)
    runtime.speak(created)
    click.echo(f"Created profile {created.name} ({created.tz}).")


@profile.command("zone")
@click.argument("zone", required=False)
@pass_runtime
def profile_zone(runtime: Runtime, zone: str | None) -> None:
    """Show the profile's time zone, or change it to ZONE (e.g. America/New_York).

    The zone decides the profile's "today" and the local time of new records;
    history then shows every record at the moment it happened in the new zone.
    """
    from backrub import services

    current = runtime.profile()
    if zone is None:
        click.echo(f"Profile {current.name}: time zone {current.tz}.")
        return
    changed = services.set_zone(runtime.store, current, zone)
    click.echo(f"Profile {changed.name}: time zone is now {changed.tz} (was {current.tz}).")


@profile.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_runtime
def profile_list(runtime: Runtime, as_json: bool) -> None:
    """List profiles; the default is marked with *."""
    from backrub.services.profiles import list_profiles

    found = list_profiles(runtime.store)
    profiles, default = found.profiles, found.default
    if as_json:
        emit_json([profile_json(p, default=default) for p in profiles])
        return
    if not profiles:
        click.echo("No profiles yet. The first check-in creates one, or: backrub profile add NAME")
    for p in profiles:
        mark = "*" if p.name == default else " "
        click.echo(f"{mark} {p.name}  ({p.tz})")


@profile.command("use")
@click.argument("name")
@pass_runtime
def profile_use(runtime: Runtime, name: str) -> None:
    """Make NAME the profile commands use by default."""
    from backrub import services

    chosen = services.use_profile(runtime.store, name)
    click.echo(f"Now using profile {chosen.name}.")


@profile.command("rename")
@click.argument("old")
@click.argument("new")
@pass_runtime
def profile_rename(runtime: Runtime, old: str, new: str) -> None:
    """Rename the profile OLD to NEW; its records stay with it (quote names with spaces)."""
    from backrub.services.profiles import get_profile, rename_profile

    before = get_profile(runtime.store, old)
    renamed = rename_profile(runtime.store, old, new)
    if renamed.name == before.name:
        click.echo(f"Nothing changed: the profile is already called {before.name}.")
    else:
        click.echo(f"Renamed profile {before.name} to {renamed.name}.")


@profile.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask (needed in a script).")
@pass_runtime
def profile_delete(runtime: Runtime, name: str, yes: bool) -> None:
    """Delete the profile NAME and all its records, for good.

    On a terminal it asks first (the only profile: type its name); in a script
    it needs --yes. Export a backup first: backrub --profile NAME export ...
    """
    from backrub.cli.app import is_interactive
    from backrub.errors import InvalidInput
    from backrub.services.profiles import delete_profile, get_profile, is_last_profile

    target = get_profile(runtime.store, name)
    confirm: str | None = target.name if yes else None
    if not yes:
        if not is_interactive():
            raise InvalidInput("--yes", None, "add --yes to delete a profile from a script")
        question = f"Delete profile {target.name} and all its records for good?"
        if is_last_profile(runtime.store, target.name):
            confirm = click.prompt(
                f"{question} It is the only profile. Type its name to confirm",
                default="",
                show_default=False,
            )
        elif click.confirm(question, default=False):
            confirm = target.name
        else:
            click.echo("Nothing deleted.")
            return
    deleted = delete_profile(runtime.store, target.name, confirm_name=confirm)
    click.echo(f"Deleted profile {deleted.name} and all its records.")


COMMANDS = [profile]


@profile.command("set")
@click.option("--lang", "language", metavar="LANG", help="Show this profile in en or vi.")
@pass_runtime
def profile_set(runtime: Runtime, language: str | None) -> None:
    """Change a setting of the profile (its language; its zone: `backrub profile zone`)."""
    from backrub import services
    from backrub.errors import InvalidInput
    from backrub.i18n import _

    language = language if language is not None else runtime.lang_option
    if language is None:
        raise InvalidInput("--lang", None, _("say what to change, e.g. --lang vi"))
    current = runtime.profile()
    changed = services.set_language(runtime.store, current, language)
    runtime.speak(changed)
    click.echo(
        _(
            "Profile %(name)s: language is now %(language)s.",
            name=changed.name,
            language=i18n.LANGUAGES[changed.language or i18n.ENGLISH],
        )
    )
