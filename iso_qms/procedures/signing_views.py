"""HTML routes of the two signatures (review, approval) and of the organisation's signing chain.

Post/Redirect/Get: a signature answers 303 to the revision, so Back never offers the form again; a
failed attempt (wrong password, bad date) answers 303 back to the form with its messages kept in
the session; a second attempt on what is already signed shows who signed it and when (200).
The routes live on the revisions blueprint (endpoints `revisions.approve`, `revisions.review`,
`revisions.signing_chain`).
"""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Role, User, UserRole
from ..core.errors import InvalidState, PermissionDenied, ValidationFailed
from ..core.i18n import format_issue
from ..core.permissions import roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, form_status, run
from ..extensions import db
from . import operations as ops
from . import queries
from .content import SECTION_KEYS, section_label
from .forms import ApproveForm, SignForm, SigningChainForm
from .models import RevisionStatus, SignatureMeaning
from .operations.approval import check_can_approve, check_can_review
from .permissions import SIGNERS
from .revision_views import _context, _get, bp
from .signing_chain import (
    ChainRole,
    can_set_signing_chain,
    chain_for,
    current_review,
    set_signing_chain,
    signoff,
)

#: Where a failed signing form keeps its messages between the POST and the GET that shows them.
PENDING = "signing_form"


@bp.app_context_processor
def _signing_helpers() -> dict:
    """The sign-off block and the chain line, on every page that shows a revision."""
    return {"signoff_of": signoff, "chain_of": chain_for}


def _see_other(endpoint: str, **values):
    return redirect(url_for(endpoint, **values), code=303)


def _keep_failure(revision_id: int, step: str, form) -> None:
    session[PENDING] = {
        "revision_id": revision_id,
        "step": step,
        "fields": {
            name: [str(m) for m in f.errors] for name, f in form._fields.items() if f.errors
        },
        "form_errors": [str(m) for m in form.form_errors],
        "effective_date": (request.form.get("effective_date") or "").strip(),
    }


def _restore_failure(revision_id: int, step: str, form) -> dict | None:
    saved = session.get(PENDING)
    if not saved or saved.get("revision_id") != revision_id or saved.get("step") != step:
        return None
    session.pop(PENDING, None)
    form.apply_errors(saved.get("fields") or {})
    form.form_errors.extend(saved.get("form_errors") or [])
    return saved


def _signed_page(revision, step: str):
    """A second attempt: what is signed already, by whom and when, with a link (200)."""
    meaning = SignatureMeaning.approved if step == "approve" else SignatureMeaning.reviewed
    shown = revision.signature(SignatureMeaning.approved) or (
        current_review(revision) if meaning is SignatureMeaning.reviewed else None
    )
    return render_template(
        "procedures/signed.html",
        step=step,
        signed=shown,
        signatures=[s for s in revision.signatures if s.password_confirmed],
        **_context(revision),
    )


def _blocked(check, revision, catch=(InvalidState, PermissionDenied)):
    """The reason this person cannot sign now, flashed on the revision page (303); or None.
    A POST lets a refusal of the person through (403 page): only a step not due yet is flashed."""
    try:
        check(revision, current_user)
    except catch as exc:
        flash(str(exc.message), "warning")
        return _see_other("revisions.view", revision_id=revision.id)
    return None


def _already_done(revision, step: str) -> bool:
    if revision.status is not RevisionStatus.in_review:
        return True
    return step == "review" and current_review(revision) is not None


def _sign_page(revision, step: str, form):
    current = queries.revision_in_force(revision.procedure, today())
    return render_template(
        "procedures/approve.html",
        step=step,
        form=form,
        current=current,
        diff=queries.compare(current, revision, SECTION_KEYS),
        section_label=section_label,
        chain=chain_for(revision.organisation_id),
        **_context(revision),
    )


@bp.route("/revisions/<int:revision_id>/approve", methods=["GET", "POST"])
@roles_required(*SIGNERS)
def approve(revision_id: int):
    revision = _get(revision_id, own=True)
    if _already_done(revision, "approve"):
        return _signed_page(revision, "approve")
    form = ApproveForm()
    if request.method == "POST":
        return _post_approval(revision, form)
    blocked = _blocked(check_can_approve, revision)
    if blocked is not None:
        return blocked
    saved = _restore_failure(revision.id, "approve", form)
    if saved and saved.get("effective_date"):
        form.effective_date.raw_data = [saved["effective_date"]]
    else:
        form.effective_date.data = today()
    return _sign_page(revision, "approve", form)


def _post_approval(revision, form):
    if not form.validate_on_submit():
        _keep_failure(revision.id, "approve", form)
        return _see_other("revisions.approve", revision_id=revision.id)
    locked = ops.lock_for_approval(revision.id)
    if _already_done(locked, "approve"):  # someone signed it meanwhile
        return _signed_page(locked, "approve")
    blocked = _blocked(check_can_approve, locked, catch=InvalidState)
    if blocked is not None:
        return blocked
    approved = run(
        form,
        lambda: ops.approve_revision(
            locked, current_user, form.password.data, form.effective_date.data
        ),
        # a wrong password is not rolled back: the failed attempt counts towards the lock-out
        catch=(ValidationFailed, ops.WrongPassword),
        message_field="password",
    )
    if approved is FAILED:
        _keep_failure(revision.id, "approve", form)
        return _see_other("revisions.approve", revision_id=revision.id)
    flash(_("Revision %(n)s was approved and signed.", n=format_issue(revision.number)), "success")
    return _see_other("revisions.view", revision_id=revision.id)


@bp.route("/revisions/<int:revision_id>/review", methods=["GET", "POST"])
@roles_required(*SIGNERS)
def review(revision_id: int):
    revision = _get(revision_id, own=True)
    if _already_done(revision, "review"):
        return _signed_page(revision, "review")
    form = SignForm()
    if request.method == "POST":
        return _post_review(revision, form)
    blocked = _blocked(check_can_review, revision)
    if blocked is not None:
        return blocked
    _restore_failure(revision.id, "review", form)
    return _sign_page(revision, "review", form)


def _post_review(revision, form):
    if not form.validate_on_submit():
        _keep_failure(revision.id, "review", form)
        return _see_other("revisions.review", revision_id=revision.id)
    locked = ops.lock_for_approval(revision.id)  # two reviewers at once: one after the other
    if _already_done(locked, "review"):
        return _signed_page(locked, "review")
    blocked = _blocked(check_can_review, locked, catch=InvalidState)
    if blocked is not None:
        return blocked
    signed = run(
        form,
        lambda: ops.review_revision(locked, current_user, form.password.data),
        catch=ops.WrongPassword,
        message_field="password",
    )
    if signed is FAILED:
        _keep_failure(revision.id, "review", form)
        return _see_other("revisions.review", revision_id=revision.id)
    flash(_("Your review was signed."), "success")
    return _see_other("revisions.view", revision_id=revision.id)


# --- the organisation's signing chain (its administrator) -----------------------------------


def _holders(organisation_id: int) -> list[tuple[ChainRole, list[User]]]:
    """Who holds each signing role now, so the administrator sees whom the chain names."""
    rows = db.session.execute(
        sa.select(UserRole.role, User)
        .join(User, User.id == UserRole.user_id)
        .where(
            User.organisation_id == organisation_id,
            User.active,
            UserRole.role.in_([role.role for role in ChainRole]),
        )
        .order_by(User.full_name)
    ).all()
    holders: dict[str, list[User]] = {role.value: [] for role in ChainRole}
    for role, user in rows:
        holders[role.value].append(user)
    return [(role, holders[role.value]) for role in ChainRole]


@bp.route("/signing-chain", methods=["GET", "POST"])
@roles_required(Role.admin)
def signing_chain():
    organisation_id = current_user.organisation_id
    chain = chain_for(organisation_id)
    form = SigningChainForm()
    if request.method == "GET":
        form.review_role.data = chain.review_role.value
        form.review_required.data = chain.review_required
        form.approve_role.data = chain.approve_role.value
        form.lock_version.data = chain.lock_version or ""
    if form.validate_on_submit():
        data = {
            "review_role": form.review_role.data,
            "review_required": bool(form.review_required.data),
            "approve_role": form.approve_role.data,
        }
        version = int(form.lock_version.data) if form.lock_version.data else None
        saved = run(form, lambda: set_signing_chain(organisation_id, current_user, data, version))
        if saved is not FAILED:
            flash(_("The signing chain was saved."), "success")
            return _see_other("revisions.signing_chain")
    return render_template(
        "procedures/signing_chain.html",
        form=form,
        chain=chain,
        holders=_holders(organisation_id),
        can_set=can_set_signing_chain(current_user),
    ), form_status()
