"""``backrub clinic init``: a clinic and its first administrator on a PostgreSQL server.

The words and the asking are here; what is allowed is decided in
``services.clinic_setup``. On a terminal what is missing is asked for (the
password hidden, twice); in a script every value comes from an option, the
password from the first line of ``--password-file``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backrub import settings
from backrub.cli.app import Runtime, is_interactive, pass_runtime
from backrub.cli.click_words import Group
from backrub.errors import BackrubError, InvalidInput
from backrub.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from backrub.services.clinic_setup import NewClinic
    from backrub.store import Store

# A password file holds one line; anything this large is the wrong file.
PASSWORD_FILE_BYTES = 4096
# The flag each field of the service is given with here.
FLAGS = {
    "clinic": "--clinic",
    "email": "--email",
    "name": "--name",
    "password": "--password-file",
    "keep-days": "--keep-days",
    "role": "--role",
}


@click.group(cls=Group, help=N_("Set up the clinic server (PostgreSQL): see docs/clinic.md."))
def clinic() -> None:
    pass


def read_password_file(name: str) -> str:
    """Return the first line of the file ``name`` (its line ending removed)."""
    path = Path(name).expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(PASSWORD_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(
            "--password-file", name, _("it cannot be read (%(why)s)", why=error.strerror)
        ) from None
    if len(data) > PASSWORD_FILE_BYTES:
        raise InvalidInput(
            "--password-file",
            name,
            _("give a small file whose first line is the password (this one is too large)"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "--password-file", name, _("use a text file in UTF-8 (these bytes are not)")
        ) from None
    return text.partition("\n")[0].removesuffix("\r")


def _flagged(error: InvalidInput) -> InvalidInput:
    return InvalidInput(FLAGS.get(error.field, error.field), error.value, error.allowed)


def _ask(prompt: str, check: Callable[[str], object], *, hidden: bool = False) -> str:
    """Ask until ``check`` accepts the answer; say why it did not, in one line.

    A hidden answer (a password) is asked twice, and asked again when they differ.
    """
    from backrub.cli import refusals

    while True:
        answer = click.prompt(prompt, hide_input=hidden, confirmation_prompt=hidden)
        try:
            check(answer)
        except InvalidInput as error:
            click.echo(_("error: %(text)s", text=refusals.words(_flagged(error))), err=True)
        except BackrubError as error:
            click.echo(_("error: %(text)s", text=refusals.words(error)), err=True)
        else:
            return answer


def _value(given: str | None, flag: str, prompt: str, check: Callable[[str], object]) -> str:
    """Return the value given (checked now, before anything is asked) or asked for."""
    if given is not None:
        try:
            check(given)
        except InvalidInput as error:
            raise _flagged(error) from None
        return given
    if not is_interactive():
        raise InvalidInput(flag, None, _("it is required when there is no terminal to ask"))
    return _ask(prompt, check)


def _password(store: Store, password_file: str | None, email: str, name: str) -> str:
    from backrub.services import clinic_setup

    if password_file is not None:
        return read_password_file(password_file)
    if not is_interactive():
        raise InvalidInput(
            "--password-file",
            None,
            _("there is no terminal to ask for the password; give a file whose first line is it"),
        )

    def check(password: str) -> None:
        problem = clinic_setup.staff_password_problem(password, email=email, name=name)
        if problem is not None:
            raise InvalidInput("password", None, problem)

    click.echo(_("The administrator's password: at least 12 characters; a few words work well."))
    return _ask(_("Password"), check, hidden=True)


@clinic.command(
    "init",
    help=N_(
        "Create the clinic server's tables (or bring them up to date) in a PostgreSQL "
        "database, then add a clinic and its first administrator.\n\nRun it again to add "
        "another clinic on the same server. What is missing is asked for on a terminal."
    ),
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help=N_(
        "PostgreSQL URL, e.g. postgresql+psycopg://backrub@localhost/backrub (env BACKRUB_DB)."
    ),
)
@click.option("--clinic", "clinic_name", metavar="NAME", help=N_("The clinic's name."))
@click.option("--email", metavar="E", help=N_("The administrator's e-mail address (their login)."))
@click.option("--name", metavar="N", help=N_("The administrator's name, as people see it."))
@click.option(
    "--password-file",
    metavar="FILE",
    help=N_("Read the administrator's password from the first line of FILE (for scripts)."),
)
@pass_runtime
def clinic_init(
    runtime: Runtime,
    db: str | None,
    clinic_name: str | None,
    email: str | None,
    name: str | None,
    password_file: str | None,
) -> None:
    from backrub.services import clinic_setup
    from backrub.store import open_store

    target = settings.database(db if db is not None else runtime.db)
    refuse_bypassing_role(target)
    store = open_store(target, server_only=True)
    try:

        def email_check(value: str) -> None:
            if clinic_setup.email_in_use(store, clinic_setup.clean_email(value)):
                raise InvalidInput(
                    "email", value, _("an account with this e-mail address already exists")
                )

        chosen = _value(
            clinic_name,
            "--clinic",
            _("Clinic name"),
            lambda v: clinic_setup.clean_name("clinic", v),
        )
        person = _value(
            name,
            "--name",
            _("Administrator's name"),
            lambda v: clinic_setup.clean_name("name", v),
        )
        address = _value(email, "--email", _("Administrator's e-mail address"), email_check)
        password = _password(store, password_file, address, person)
        try:
            made = clinic_setup.set_up_clinic(
                store,
                clinic_name=chosen,
                email=address,
                display_name=person,
                password=password,
                now=runtime.now(),
            )
        except InvalidInput as error:
            raise _flagged(error) from None
    finally:
        store.close()
    _tell(made, target)


def refuse_bypassing_role(target: str) -> None:
    """Stop (exit 2) when the database user would skip row security (docs/clinic/rls.md)."""
    from backrub.services.clinic_scope import role_refusal
    from backrub.services.clinic_setup import shown_database

    refusal = role_refusal(target)
    if refusal is not None:
        raise InvalidInput("--db", shown_database(target), refusal)


def _tell(made: NewClinic, target: str) -> None:
    from backrub.services.clinic_setup import shown_database

    shown = shown_database(target)
    click.echo(
        _(
            "Made the clinic '%(clinic)s' and its administrator %(name)s (%(email)s).",
            clinic=made.clinic.name,
            name=made.admin.display_name,
            email=made.admin.email,
        )
    )
    count = made.clinics_on_server
    click.echo(
        ngettext(
            "This server holds %(count)s clinic.",
            "This server holds %(count)s clinics.",
            count,
            count=count,
        )
    )
    click.echo(_("Next: start the server (behind a TLS proxy, see docs/clinic.md):"))
    click.echo(f"  backrub serve --clinic --db '{shown}'")
    click.echo(
        _(
            "Then sign in at /sign-in as %(email)s. At the first sign-in the administrator "
            "sets up a second factor (an authenticator app): administrators must have one.",
            email=made.admin.email,
        )
    )


@clinic.command(
    "purge-audit",
    help=N_(
        "Remove the audit log's entries older than the clinic's retention period, of one "
        "clinic or of every clinic of the server; each clinic's log records how many went. "
        "Run it from a timer, as the database user that owns the tables (see docs/clinic.md)."
    ),
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help=N_(
        "PostgreSQL URL, e.g. postgresql+psycopg://backrub@localhost/backrub (env BACKRUB_DB)."
    ),
)
@click.option(
    "--keep-days",
    "keep",
    metavar="DAYS",
    required=True,
    help=N_("Keep this many days of entries (30 to 36500)."),
)
@click.option(
    "--clinic",
    "clinic_name",
    metavar="NAME",
    help=N_("Only this clinic's entries (each clinic may keep its log for its own period)."),
)
@click.option("--dry-run", is_flag=True, help=N_("Only say how many entries would go."))
@pass_runtime
def clinic_purge_audit(
    runtime: Runtime, db: str | None, keep: str, clinic_name: str | None, dry_run: bool
) -> None:
    from backrub.services import audit_retention
    from backrub.store import open_store

    try:
        days = audit_retention.keep_days(keep)
    except InvalidInput as error:
        raise _flagged(error) from None
    # A purge never sets up or upgrades the database it is pointed at (a typo in its
    # name must not fill another database with backrub's tables).
    url = settings.database(db if db is not None else runtime.db)
    store = open_store(url, server_only=True, upgrade=False)
    try:
        done = audit_retention.purge(
            store, days=days, now=runtime.now(), dry_run=dry_run, clinic=clinic_name
        )
    except InvalidInput as error:
        raise _flagged(error) from None
    finally:
        store.close()
    when = done.before.date().isoformat()
    if dry_run:
        line = ngettext(
            "%(count)s entry from before %(day)s (UTC) would be removed.",
            "%(count)s entries from before %(day)s (UTC) would be removed.",
            done.total,
            count=done.total,
            day=when,
        )
    else:
        line = ngettext(
            "Removed %(count)s entry from before %(day)s (UTC).",
            "Removed %(count)s entries from before %(day)s (UTC).",
            done.total,
            count=done.total,
            day=when,
        )
    click.echo(line)


@clinic.command(
    "grant-server-role",
    help=N_(
        "Bring the tables up to date, then let the database user ROLE run the clinic "
        "server with no more rights than it needs: it reads and writes the records, and "
        "only reads and adds to the audit log. Run it as the user that owns the tables, "
        "again after each upgrade (see docs/clinic.md, 'Two database roles')."
    ),
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help=N_("PostgreSQL URL of the user that owns the tables (env BACKRUB_DB)."),
)
@click.option(
    "--role",
    "role",
    metavar="ROLE",
    required=True,
    help=N_("The database user the server connects as, e.g. backrub_web."),
)
@pass_runtime
def clinic_grant_server_role(runtime: Runtime, db: str | None, role: str) -> None:
    from backrub.services import server_role
    from backrub.store import open_store

    store = open_store(settings.database(db if db is not None else runtime.db), server_only=True)
    try:
        count = server_role.give_server_role(store, role)
    except InvalidInput as error:
        raise _flagged(error) from None
    finally:
        store.close()
    click.echo(
        ngettext(
            "The database user %(role)s may now use %(count)s table as the clinic server "
            "(only reading and adding to the audit log).",
            "The database user %(role)s may now use %(count)s tables as the clinic server "
            "(only reading and adding to the audit log).",
            count,
            role=role,
            count=count,
        )
    )


def _follow_ups() -> None:
    from backrub.cli.follow_up_cmds import send_follow_ups

    clinic.add_command(send_follow_ups)


_follow_ups()
COMMANDS = [clinic]
