"""Profiles: several people (or several episodes) in one database."""

from __future__ import annotations

import click

from backrub import i18n
from backrub.cli.app import Runtime, emit_json, pass_runtime
from backrub.cli.click_words import Group
from backrub.i18n import N_, _
from backrub.services.shapes import profile_json


@click.group(cls=Group, help=N_("Add, list and choose profiles."))
def profile() -> None:
    pass


@profile.command(
    "add", help=N_("Create a profile called NAME in time zone ZONE (quote a name with spaces).")
)
@click.argument("name")
@click.option(
    "--tz",
    metavar="ZONE",
    help=N_("IANA time zone, e.g. Europe/Berlin (default: BACKRUB_TZ, else this computer's)."),
)
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    help=N_("The profile's language: en or vi (default: not chosen, so English here)."),
)
@pass_runtime
def profile_add(runtime: Runtime, name: str, tz: str | None, language: str | None) -> None:
    from backrub import services

    chosen = language if language is not None else runtime.lang_option
    created = services.add_profile(runtime.store, name, tz=tz, now=runtime.now(), language=chosen)
    runtime.speak(created)
    click.echo(_("Created profile %(name)s (%(zone)s).", name=created.name, zone=created.tz))


@profile.command(
    "zone",
    help=N_(
        "Show the profile's time zone, or change it to ZONE (e.g. America/New_York).\n\nThe "
        'zone decides the profile\'s "today" and the local time of new records; history '
        "then shows every record at the moment it happened in the new zone."
    ),
)
@click.argument("zone", required=False)
@pass_runtime
def profile_zone(runtime: Runtime, zone: str | None) -> None:
    from backrub import services

    current = runtime.profile()
    if zone is None:
        click.echo(_("Profile %(name)s: time zone %(zone)s.", name=current.name, zone=current.tz))
        return
    changed = services.set_zone(runtime.store, current, zone)
    click.echo(
        _(
            "Profile %(name)s: time zone is now %(zone)s (was %(before)s).",
            name=changed.name,
            zone=changed.tz,
            before=current.tz,
        )
    )


@profile.command("list", help=N_("List profiles; the default is marked with *."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def profile_list(runtime: Runtime, as_json: bool) -> None:
    from backrub.services.profiles import list_profiles

    found = list_profiles(runtime.store)
    profiles, default = found.profiles, found.default
    if as_json:
        emit_json([profile_json(p, default=default) for p in profiles])
        return
    if not profiles:
        click.echo(
            _("No profiles yet. The first check-in creates one, or: backrub profile add NAME")
        )
    for p in profiles:
        mark = "*" if p.name == default else " "
        click.echo(f"{mark} {p.name}  ({p.tz})")


@profile.command("use", help=N_("Make NAME the profile commands use by default."))
@click.argument("name")
@pass_runtime
def profile_use(runtime: Runtime, name: str) -> None:
    from backrub import services

    chosen = services.use_profile(runtime.store, name)
    click.echo(_("Now using profile %(name)s.", name=chosen.name))


@profile.command(
    "rename",
    help=N_("Rename the profile OLD to NEW; its records stay with it (quote names with spaces)."),
)
@click.argument("old")
@click.argument("new")
@pass_runtime
def profile_rename(runtime: Runtime, old: str, new: str) -> None:
    from backrub.services.profiles import get_profile, rename_profile

    before = get_profile(runtime.store, old)
    renamed = rename_profile(runtime.store, old, new)
    if renamed.name == before.name:
        click.echo(_("Nothing changed: the profile is already called %(name)s.", name=before.name))
    else:
        click.echo(_("Renamed profile %(old)s to %(new)s.", old=before.name, new=renamed.name))


@profile.command(
    "delete",
    help=N_(
        "Delete the profile NAME and all its records, for good.\n\nOn a terminal it asks "
        "first (the only profile: type its name); in a script it needs --yes. Export a "
        "backup first: backrub --profile NAME export ..."
    ),
)
@click.argument("name")
@click.option("--yes", is_flag=True, help=N_("Do not ask (needed in a script)."))
@pass_runtime
def profile_delete(runtime: Runtime, name: str, yes: bool) -> None:
    from backrub.cli.app import is_interactive
    from backrub.errors import InvalidInput
    from backrub.services.profiles import delete_profile, get_profile, is_last_profile

    target = get_profile(runtime.store, name)
    confirm: str | None = target.name if yes else None
    if not yes:
        if not is_interactive():
            raise InvalidInput("--yes", None, _("add --yes to delete a profile from a script"))
        question = _("Delete profile %(name)s and all its records for good?", name=target.name)
        if is_last_profile(runtime.store, target.name):
            confirm = click.prompt(
                question + " " + _("It is the only profile. Type its name to confirm"),
                default="",
                show_default=False,
            )
        elif click.confirm(question, default=False):
            confirm = target.name
        else:
            click.echo(_("Nothing deleted."))
            return
    deleted = delete_profile(runtime.store, target.name, confirm_name=confirm)
    click.echo(_("Deleted profile %(name)s and all its records.", name=deleted.name))


COMMANDS = [profile]


@profile.command(
    "set",
    help=N_("Change a setting of the profile (its language; its zone: `backrub profile zone`)."),
)
@click.option("--lang", "language", metavar="LANG", help=N_("Show this profile in en or vi."))
@pass_runtime
def profile_set(runtime: Runtime, language: str | None) -> None:
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
