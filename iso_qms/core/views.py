"""Home page, language switch, the audit-trail list and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts import operations as account_ops
from ..accounts.forms import EmptyForm, LanguageForm
from ..accounts.models import Organisation, User
from ..extensions import db
from .audit import AuditEntry
from .pagination import paginate
from .params import INT_MAX, arg_date, arg_int
from .permissions import (
    AUDIT_READERS,
    can_view_audit_trail,
    login_required,
    readable_org_ids,
    roles_required,
)
from .security import safe_redirect_target
from .timeutil import end_of, start_of

bp = Blueprint("core", __name__)

#: Features add panels to the home page: functions (user) -> (template, context) or None.
HOME_PANELS: list = []


def home_panel(provider):
    if provider not in HOME_PANELS:
        HOME_PANELS.append(provider)
    return provider


@bp.route("/")
@login_required
def home():
    latest = []
    if can_view_audit_trail(current_user):
        latest = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.organisation_id == current_user.organisation_id)
            .order_by(AuditEntry.seq.desc())
            .limit(10)
        ).all()
    below = []
    ids = readable_org_ids(current_user) - {current_user.organisation_id}
    if ids:
        below = db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        ).all()
    panels = [panel for panel in (provider(current_user) for provider in HOME_PANELS) if panel]
    return render_template(
        "core/home.html", latest=latest, below=below, empty_form=EmptyForm(), panels=panels
    )


@bp.route("/notifications", methods=["GET", "POST"])
@login_required
def notifications():
    from .notifications import listed, mark_all_read, parts_of

    if request.method == "POST" and EmptyForm().validate_on_submit():
        mark_all_read(current_user)
        return redirect(url_for("core.notifications"))
    unread = request.args.get("unread") == "true" or None
    page = paginate(listed(current_user, unread))
    return render_template(
        "core/notifications.html",
        page=page,
        parts=parts_of(page.items),
        empty_form=EmptyForm(),
        unread=bool(unread),
    )


@bp.route("/notifications/<int:notification_id>")
@login_required
def notification_open(notification_id: int):
    """Follow a notification's link; opening it marks it read."""
    from .notifications import mark_read

    notification = mark_read(current_user, notification_id)
    target = notification.link or url_for("core.notifications")
    return redirect(safe_redirect_target(target))


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def notification_read(notification_id: int):
    from .notifications import mark_read

    if EmptyForm().validate_on_submit():
        mark_read(current_user, notification_id)
    return redirect(url_for("core.notifications", **request.args))


@bp.route("/inbox")
@login_required
def inbox():
    """Việc của tôi: everything waiting for the person, grouped and counted."""
    from .inbox import inbox_for
    from .timeutil import today

    return render_template(
        "core/inbox.html", inbox=inbox_for(current_user, refresh=True), today=today()
    )


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.locale.data
        if current_user.is_authenticated:
            account_ops.set_locale(current_user, form.locale.data)
    # The page the switch was used on; a Referer naming this host is reduced to its path.
    return redirect(safe_redirect_target(request.form.get("next") or request.referrer))


@bp.app_template_global("audit_lines")
def audit_lines(entries) -> list:
    """Audit entries in words, for the trail and the home page's recent activity."""
    from .audit_words import present

    return present(entries)


def _audit_filters(args) -> tuple[list, list[str]]:
    """The trail's filters as WHERE clauses, and a message for each value not in its list."""
    from .audit_words import EVENTS, RECORDS

    where, problems = [], []
    if args.get("action"):
        where.append(AuditEntry.action == args["action"])
        if args["action"] not in EVENTS:
            problems.append(_("Choose an event type from the list."))
    if args.get("object_type"):
        where.append(AuditEntry.object_type == args["object_type"])
        if args["object_type"] not in RECORDS:
            problems.append(_("Choose a kind of record from the list."))
    person = arg_int("person", None, 1, INT_MAX)
    if person is not None:
        where.append(AuditEntry.actor_id == person)
    if args.get("actor"):  # a username, as links made before the list of people did
        where.append(AuditEntry.actor_name == args["actor"].strip().lower())
    date_errors: dict = {}
    start = arg_date("from", errors=date_errors)
    end = arg_date("to", errors=date_errors)
    if start:
        where.append(AuditEntry.created_at >= start_of(start))
    if end:
        where.append(AuditEntry.created_at < end_of(end))
    problems.extend(dict.fromkeys(date_errors.values()))
    return where, problems


@bp.route("/audit")
@roles_required(*AUDIT_READERS)
def audit_trail():
    from .audit_words import event_choices, record_choices

    organisation_id = current_user.organisation_id
    where, problems = _audit_filters(request.args)
    query = sa.select(AuditEntry).where(AuditEntry.organisation_id == organisation_id, *where)
    # Deep in a long trail, "older" pages continue from the last entry shown (keyset, down the
    # organisation-and-seq index) instead of counting past every newer entry (OFFSET).
    before = arg_int("before", None, 1, INT_MAX)
    if before is not None:
        query = query.where(AuditEntry.seq < before)
    page = paginate(query.order_by(AuditEntry.seq.desc()), page=1 if before else None)
    older = page.items[-1].seq if len(page.items) == page.per_page else None
    people = db.session.execute(
        sa.select(User.id, User.full_name)
        .where(User.organisation_id == organisation_id)
        .order_by(User.full_name, User.id)
    ).all()
    return render_template(
        "core/audit.html",
        page=page,
        lines=audit_lines(page.items),
        args=request.args,
        events=event_choices(),
        kinds=record_choices(),
        people=people,
        date_error=" ".join(problems) or None,
        before=before,
        older=older,
    )


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # the point is to report, not to raise
        db.session.rollback()
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})
