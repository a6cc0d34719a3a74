"""Home page, language switch, the audit-trail list and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..accounts import operations as account_ops
from ..accounts.forms import EmptyForm, LanguageForm
from ..accounts.models import Organisation
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
from .text import fold
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
    from .notifications import Notification, mark_all_read

    mine = sa.select(Notification).where(Notification.user_id == current_user.id)
    if request.method == "POST" and EmptyForm().validate_on_submit():
        mark_all_read(current_user)
        return redirect(url_for("core.notifications"))
    page = paginate(mine.order_by(Notification.created_at.desc(), Notification.id.desc()))
    return render_template("core/notifications.html", page=page, empty_form=EmptyForm())


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.locale.data
        if current_user.is_authenticated:
            account_ops.set_locale(current_user, form.locale.data)
    # The page the switch was used on; a Referer naming this host is reduced to its path.
    return redirect(safe_redirect_target(request.form.get("next") or request.referrer))


@bp.route("/audit")
@roles_required(*AUDIT_READERS)
def audit_trail():
    query = sa.select(AuditEntry).where(AuditEntry.organisation_id == current_user.organisation_id)
    args = request.args
    if args.get("action"):
        query = query.where(AuditEntry.action.like(f"{fold(args['action'])}%"))
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"])
    if args.get("actor"):
        query = query.where(AuditEntry.actor_name == args["actor"].strip().lower())
    date_errors: dict = {}
    start = arg_date("from", errors=date_errors)
    end = arg_date("to", errors=date_errors)
    if start:
        query = query.where(AuditEntry.created_at >= start_of(start))
    if end:
        query = query.where(AuditEntry.created_at < end_of(end))
    # Deep in a long trail, "older" pages continue from the last entry shown (keyset, down the
    # organisation-and-seq index) instead of counting past every newer entry (OFFSET).
    before = arg_int("before", None, 1, INT_MAX)
    if before is not None:
        query = query.where(AuditEntry.seq < before)
    page = paginate(query.order_by(AuditEntry.seq.desc()), page=1 if before else None)
    older = page.items[-1].seq if len(page.items) == page.per_page else None
    object_types = db.session.scalars(
        sa.select(AuditEntry.object_type)
        .distinct()
        .where(AuditEntry.organisation_id == current_user.organisation_id)
    ).all()
    return render_template(
        "core/audit.html",
        page=page,
        args=args,
        object_types=sorted(t for t in object_types if t),
        date_error=" ".join(dict.fromkeys(date_errors.values())) or None,
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
