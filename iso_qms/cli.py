"""`flask --app iso_qms qms ...`: set-up, tokens, audit verification and demo data."""

import os
import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from .accounts import operations as ops
from .accounts.models import Organisation, OrgLevel, Role, User
from .core.audit import verify_chain
from .core.errors import ValidationFailed
from .core.transaction import transaction
from .extensions import db

qms = AppGroup("qms", help="iso_qms administration commands.")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _validation_message(exc: ValidationFailed) -> str:
    return "; ".join(f"{field}: {message}" for field, message in exc.fields.items()) or str(
        exc.message
    )


@qms.command("create-org")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--level", type=click.Choice([lv.value for lv in OrgLevel]), required=True)
@click.option("--parent", "parent_code", default=None, help="Code of the organisation above.")
@click.option("--place", default="", help="Place name for dated lines (e.g. Quảng An).")
def create_org(code, name, level, parent_code, place):
    """Create an organisation."""
    try:
        with transaction():
            parent = None
            if parent_code:
                parent = db.session.scalar(
                    sa.select(Organisation).where(Organisation.code == parent_code)
                )
                if parent is None:
                    _fail(f"No organisation with code {parent_code}.")
            org = ops.create_organisation(code, name, OrgLevel(level), parent, place)
    except ValidationFailed as exc:
        _fail(_validation_message(exc))
    click.echo(f"Created organisation {org.code} (id {org.id}).")


@qms.command("create-user")
@click.argument("username")
@click.option("--org", "org_code", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--unit", default="")
@click.option("--position", default="")
@click.option("--email", default="")
@click.option(
    "--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]), required=True
)
def create_user(username, org_code, full_name, unit, position, email, roles):
    """Create a user; the password comes from QMS_PASSWORD or is asked for twice."""
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == org_code))
    if org is None:
        _fail(f"No organisation with code {org_code}.")
    password = os.environ.get("QMS_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        with transaction():
            user = ops.create_user(
                org,
                username,
                full_name,
                password,
                [Role(r) for r in roles],
                unit=unit,
                position=position,
                email=email,
            )
    except ValidationFailed as exc:
        _fail(_validation_message(exc))
    click.echo(f"Created user {user.username} (id {user.id}) in {org.code}.")


@qms.command("create-token")
@click.argument("username")
@click.option("--name", default="CLI")
def create_token(username, name):
    """Print a new API token for USERNAME, alone on one line."""
    user = db.session.scalar(sa.select(User).where(User.username == username.lower()))
    if user is None or not user.active:
        _fail(f"No active user {username}.")
    with transaction():
        token = ops.create_api_token(user, name)
    click.echo(token)


@qms.command("verify-audit")
def verify_audit():
    """Check the audit trail's hash chain; exit 1 naming the first bad entry."""
    report = verify_chain()
    if report.ok:
        click.echo(f"Audit trail intact: {report.checked} entries.")
        return
    click.echo(
        f"Audit trail broken at entry seq={report.bad_seq} id={report.bad_id}: {report.problem} "
        f"({report.checked} entries verified before it).",
        err=True,
    )
    sys.exit(1)


def _report_verification() -> bool:
    """The audit chain and every signature and file hash; prints what differs."""
    from .core.integrity import run_checks

    report = verify_chain()
    if report.ok:
        click.echo(f"Audit trail intact: {report.checked} entries.")
    else:
        click.echo(
            f"Audit trail broken at entry seq={report.bad_seq} id={report.bad_id}: "
            f"{report.problem} ({report.checked} entries verified before it).",
            err=True,
        )
    intact = report.ok
    for name, mismatches in run_checks().items():
        if not mismatches:
            click.echo(f"{name}: intact.")
        for mismatch in mismatches:
            intact = False
            click.echo(f"{name}: {mismatch}", err=True)
    return intact


@qms.command("verify")
def verify():
    """Check the audit chain, every signature against the content it signed, and every stored file
    against its SHA-256; exit 1 naming each record that differs."""
    if not _report_verification():
        sys.exit(1)


@qms.command("backup")
@click.option("--to", "target", default=None, help="Folder for the archive (instance/backups).")
@click.option("--keep", default=14, show_default=True, help="How many archives to keep there.")
def backup_command(target, keep):
    """Write one archive: the database (copied while the app runs), the uploaded files and a
    manifest with counts, SHA-256 of every part, the migration revision and the app version."""
    from pathlib import Path

    from .core import backup
    from .core.files import upload_root

    try:
        archive, manifest = backup.create_backup(
            Path(target) if target else backup.default_backup_dir(), upload_root(), keep
        )
    except backup.BackupError as exc:
        _fail(f"Backup failed: {exc}")
    rows = sum(manifest.counts.values())
    click.echo(f"{len(manifest.counts)} tables, {rows} rows, {len(manifest.parts)} parts.")
    click.echo(str(archive))  # alone on the last line, for scripts (shared/API.md)


@qms.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive):
    """Restore an archive into an empty database and upload folder, bring the schema up to date,
    then verify the audit chain and the signatures and print the counts."""
    from pathlib import Path

    from flask_migrate import upgrade

    from .core import backup
    from .core.files import upload_root

    try:
        manifest = backup.restore_backup(Path(archive), upload_root())
    except backup.BackupError as exc:
        _fail(f"Restore refused: {exc}")
    upgrade()
    counts = backup.current_counts()
    differing = {t: (n, counts.get(t)) for t, n in manifest.counts.items() if counts.get(t) != n}
    for table in sorted(manifest.counts):
        click.echo(f"{table}: {counts.get(table)}")
    if differing:
        _fail(f"Counts differ from the manifest: {differing}")
    click.echo(f"Restored {archive} (made {manifest.created_at}, app {manifest.app_version}).")
    if not _report_verification():
        sys.exit(1)


@qms.command("seed-demo")
@click.option(
    "--reform-2025/--no-reform-2025",
    default=True,
    show_default=True,
    help="Play the 2025 reorganisation (xã Quảng Điền from 01/07/2025), or keep the 2020 map to "
    "today; chosen on an empty database.",
)
def seed_demo_command(reform_2025: bool):
    """Create (or complete) the Quảng An demo data; running it again changes nothing."""
    from .seed import DEMO_PASSWORD, print_logins, seed_demo

    with transaction():
        created = seed_demo(reform=reform_2025)
    click.echo("Demo data created." if created else "Demo data already present.")
    print_logins(click.echo, reform=reform_2025)
    click.echo(f"Demo password for every login: {DEMO_PASSWORD}")


@qms.command("send-notifications")
def send_notifications():
    """Make the reminders, overdue notices and escalations that are due now; e-mail them when SMTP
    is configured. Safe to run as often as you like (cron, systemd timer): each event notifies once."""
    from .core.notifications import run_due_providers

    with transaction():
        made = run_due_providers()
    click.echo(f"{made} notifications made.")


@qms.command("compile-translations")
def compile_translations():
    """Compile the .po catalogues (done automatically at start-up when they are newer)."""
    from .core.i18n import compile_catalogues

    for path in compile_catalogues():
        click.echo(f"compiled {path}")


# --- organisations over time (issue 15) --------------------------------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _org(code: str) -> Organisation:
    org = db.session.scalar(sa.select(Organisation).where(Organisation.code == code))
    if org is None:
        _fail(f"No organisation with code {code}.")
    return org


@qms.group("reorganise")
def reorganise_group():
    """Register a change of the tree (merge, move, end a level, rename), in force from its date;
    all or nothing: a refused change prints the reasons and exits 2 with nothing changed."""


def _change_options(command):
    for option in reversed(
        [
            click.option("--date", "day", required=True, type=click.DateTime(DATE_FORMATS),
                         help="The first day the change is in force (yyyy-mm-dd or dd/mm/yyyy)."),
            click.option("--basis", required=True, help="The legal basis (Nghị quyết số …)."),
            click.option("--open-work", type=click.Choice(["transfer", "close", "checklist"]),
                         default=None, help="What becomes of the sources' open work."),
            click.option("--as", "actor_name", required=True,
                         help="Username of the administrator (of the level above) acting."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


def _register(kind: str, day, basis, sources, target, actor_name, open_work) -> None:
    """Run reorganisations.operations.reorganise in one transaction; print what it did."""
    from .accounts.org_history import ReorgKind
    from .core.errors import DomainError
    from .reorganisations.operations import reorganise

    actor = db.session.scalar(sa.select(User).where(User.username == actor_name.lower()))
    if actor is None or not actor.active:
        _fail(f"No active user {actor_name}.")
    try:
        with transaction():
            reorg = reorganise(
                ReorgKind(kind), day.date(), basis, [_org(c) for c in sources],
                target() if callable(target) else target, actor, open_work,
            )  # fmt: skip
            summary = (
                reorg.id,
                reorg.effective_date,
                sorted({link.successor_id for link in reorg.links}),
            )
    except ValidationFailed as exc:
        _fail(_validation_message(exc))
    except DomainError as exc:  # not an admin (403), an archive (409)
        _fail(str(exc.message))
    reorg_id, day, successor_ids = summary
    names = db.session.scalars(
        sa.select(Organisation.code).where(Organisation.id.in_(successor_ids))
    ).all()
    click.echo(
        f"Registered reorganisation {reorg_id} ({kind}), in force from {day:%d/%m/%Y}: "
        f"{', '.join(sources)} -> {', '.join(names)}."
    )


@reorganise_group.command("merge-new")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into-code", required=True, help="Code of the new organisation.")
@click.option("--into-name", required=True, help="Name of the new organisation.")
@click.option("--level", type=click.Choice([lv.value for lv in OrgLevel]), required=True)
@click.option("--parent", "parent_code", default=None, help="Code of the organisation above.")
@click.option("--place", default="", help="Place name for dated lines.")
@_change_options
def merge_new(sources, into_code, into_name, level, parent_code, place, day, basis, open_work,
              actor_name):  # fmt: skip
    """Merge SOURCES into a new organisation; the sources end the day before --date."""
    from .reorganisations.operations import NewOrganisation

    def target():
        parent = _org(parent_code) if parent_code else None
        return NewOrganisation(
            into_code, into_name, OrgLevel(level), parent.id if parent else None, place
        )

    _register("merge_new", day, basis, sources, target, actor_name, open_work)


@reorganise_group.command("merge-into")
@click.argument("target_code")
@click.argument("sources", nargs=-1, required=True)
@_change_options
def merge_into(target_code, sources, day, basis, open_work, actor_name):
    """Merge SOURCES into TARGET_CODE, which continues."""
    _register("merge_into", day, basis, sources, lambda: _org(target_code), actor_name, open_work)


@reorganise_group.command("move")
@click.argument("code")
@click.option("--under", "parent_code", required=True, help="Code of the new parent.")
@_change_options
def move(code, parent_code, day, basis, open_work, actor_name):
    """Move CODE under another organisation from --date."""
    _register("move", day, basis, [code], lambda: _org(parent_code), actor_name, open_work)


@reorganise_group.command("end-level")
@click.argument("code")
@click.option("--children-to", "parent_code", required=True, help="Code of the new parent.")
@_change_options
def end_level(code, parent_code, day, basis, open_work, actor_name):
    """End CODE (e.g. a district): its children go under --children-to from --date."""
    _register("end_level", day, basis, [code], lambda: _org(parent_code), actor_name, open_work)


@reorganise_group.command("rename")
@click.argument("code")
@click.option("--name", required=True, help="The new name.")
@_change_options
def rename(code, name, day, basis, open_work, actor_name):
    """Rename CODE from --date (the old name stays for the days before)."""
    _register("rename", day, basis, [code], name, actor_name, open_work)


@reorganise_group.command("apply-due")
def apply_due_command():
    """Apply what is due today: people of ended organisations to their successors, current names
    and parents (otherwise done when a person of the organisation next makes a request)."""
    from .accounts.tree import apply_due

    with transaction():
        count = apply_due()
    click.echo(f"{count} organisations brought up to date.")


@qms.command("organisations")
@click.option("--as-of", "as_of", type=click.DateTime(DATE_FORMATS), default=None,
              help="The day (default today).")  # fmt: skip
def organisations_command(as_of):
    """Print the tree in force on --as-of, indented, with names then and validity."""
    from .accounts.tree import periods_on
    from .core.timeutil import today

    on = as_of.date() if as_of else today()
    tree = periods_on(on)
    rows = db.session.execute(
        sa.select(Organisation, tree.c.parent_id, tree.c.name)
        .join(tree, tree.c.organisation_id == Organisation.id)
        .order_by(tree.c.name, Organisation.id)
    ).all()
    below: dict = {}
    for org, parent_id, name in rows:
        below.setdefault(parent_id, []).append((org, name))
    shown = {org.id for org, _, _ in rows}
    roots = [item for pid, items in below.items() if pid not in shown for item in items]
    click.echo(f"Organisations in force on {on:%d/%m/%Y}:")

    def show(org, name, depth):
        life = f"{org.valid_from:%d/%m/%Y}" if org.valid_from else "…"
        life += f" – {org.valid_to:%d/%m/%Y}" if org.valid_to else " –"
        click.echo(f"{'  ' * depth}{org.code}  {name}  [{org.level.value}] ({life})")
        for child, child_name in below.get(org.id, []):
            show(child, child_name, depth + 1)

    for org, name in sorted(roots, key=lambda item: item[1]):
        show(org, name, 0)


def init_app(app: Flask) -> None:
    app.cli.add_command(qms)
