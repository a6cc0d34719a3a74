"""Pages: the predecessors' open work, transferred or closed; the people carried over."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Regexp

from ..accounts.forms import MultiCheckboxField, role_choices
from ..accounts.models import Role, User
from ..accounts.tree import names_of, predecessor_ids
from ..core.errors import EditConflict, InvalidState, NotFound, ValidationFailed
from ..core.forms import BaseForm
from ..core.pagination import Page, paginate
from ..core.params import MAX_PAGE, arg_page, parse_id, parse_int
from ..core.permissions import get_own, roles_required
from ..core.view_helpers import FAILED, flash_failure
from . import dispositions  # (importing it registers the hook run when a change comes into force)
from .dispositions import CLOSE_REASON, DISPOSE_CHOICES, DISPOSERS, KINDS, dispose, dispose_all
from .people import REVIEWERS, count_to_review, former_posts, review_roles, to_review_query

bp = Blueprint("open_work", __name__)

_DIGITS = r"^[0-9]{1,10}$"
#: An id: ASCII digits; one beyond the largest integer is a missing item (404), not a typo.
_ID = r"^[0-9]{1,19}$"


class DisposeForm(BaseForm):
    """One item of the predecessors' open work: transfer it, or close it."""

    kind = HiddenField(validators=[AnyOf(KINDS, message=_l("Choose an item from the list."))])
    item_id = HiddenField(
        validators=[
            DataRequired(_l("Choose an item from the list.")),
            Regexp(_ID, message=_l("Choose an item from the list.")),
        ]
    )
    choice = StringField(
        validators=[AnyOf(DISPOSE_CHOICES, message=_l("Choose to transfer or to close."))]
    )


class DisposeAllForm(BaseForm):
    choice = StringField(
        validators=[AnyOf(DISPOSE_CHOICES, message=_l("Choose to transfer or to close."))]
    )


class ReviewRolesForm(BaseForm):
    """The roles of one person carried over, confirmed as they are or changed."""

    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)
    lock_version = HiddenField(validators=[DataRequired(), Regexp(_DIGITS)])


def _flash_errors(form, fallback: str) -> None:
    """A refused form's messages as flashes (the item's own messages, else `fallback`)."""
    messages = [m for name, errors in form.errors.items() if name != "csrf_token" for m in errors]
    for message in dict.fromkeys(str(m) for m in messages) or [fallback]:
        flash(message, "danger")


def _posted_page() -> int:
    """The list page the form was posted from (back to it; 1 when absent or odd)."""
    try:
        return parse_int(request.form.get("page", ""), 1, MAX_PAGE)
    except ValueError:
        return 1


# --- the predecessors' open work --------------------------------------------------------------


def _predecessors(org_id: int) -> dict[int, str]:
    return names_of(predecessor_ids(org_id))


@bp.route("/carry-over/open-work")
@roles_required(*DISPOSERS)
def index():
    org = current_user.organisation
    predecessors = _predecessors(org.id)
    number, per_page = arg_page(), current_app.config["PER_PAGE"]
    items, total = dispositions.open_items(predecessors, number, per_page)
    return render_template(
        "reorganisations/open_work.html",
        org=org,
        predecessors=predecessors,
        page=Page(items, total, number, per_page),
        form=DisposeForm(formdata=None),
        all_form=DisposeAllForm(formdata=None),
        close_reason=CLOSE_REASON,
    )


def _done(counts: tuple[int, int], choice: str) -> None:
    findings, actions = counts
    if choice == "transfer":
        message = _(
            "Transferred to %(org)s: findings %(findings)d, corrective actions %(actions)d.",
            org=current_user.organisation.name, findings=findings, actions=actions,
        )  # fmt: skip
    else:
        message = _(
            "Closed “%(reason)s”: findings %(findings)d, corrective actions %(actions)d.",
            reason=CLOSE_REASON, findings=findings, actions=actions,
        )  # fmt: skip
    flash(message, "success")


@bp.route("/carry-over/open-work/dispose", methods=["POST"])
@roles_required(*DISPOSERS)
def dispose_item():
    back = redirect(url_for(".index", page=_posted_page()))
    form = DisposeForm()
    if not form.validate_on_submit():
        _flash_errors(form, _("Choose an item from the list."))
        return back
    item_id = parse_id(form.item_id.data)
    if item_id is None:  # digits, but 0 or beyond any id
        raise NotFound()
    kind, choice = form.kind.data, form.choice.data
    counts = flash_failure(
        lambda: dispose(kind, item_id, choice, current_user), catch=(ValidationFailed, InvalidState)
    )
    if counts is not FAILED:
        _done(counts, choice)
    return back


@bp.route("/carry-over/open-work/all", methods=["POST"])
@roles_required(*DISPOSERS)
def dispose_everything():
    back = redirect(url_for(".index"))
    form = DisposeAllForm()
    if not form.validate_on_submit():
        _flash_errors(form, _("Choose to transfer or to close."))
        return back
    choice = form.choice.data
    counts = flash_failure(
        lambda: dispose_all(choice, current_user), catch=(ValidationFailed, InvalidState)
    )
    if counts is not FAILED:
        _done(counts, choice)
    return back


# --- the people carried over ------------------------------------------------------------------


def _prefix(user_id: int) -> str:
    return f"person-{user_id}-"


def _review_form(user: User) -> ReviewRolesForm:
    form = ReviewRolesForm(prefix=_prefix(user.id), formdata=None)
    form.roles.data, form.lock_version.data = user.role_codes, str(user.lock_version)
    return form


@bp.route("/carry-over/people")
@roles_required(*REVIEWERS)
def people():
    org = current_user.organisation
    page = paginate(to_review_query(org.id))
    return render_template(
        "reorganisations/people.html",
        org=org,
        page=page,
        posts=former_posts([u.id for u in page.items], org.id),
        forms={u.id: _review_form(u) for u in page.items},
    )


@bp.route("/carry-over/people/<int:user_id>/review", methods=["POST"])
@roles_required(*REVIEWERS)
def review(user_id: int):
    person = get_own(User, user_id)
    back = redirect(url_for(".people", page=_posted_page()))
    form = ReviewRolesForm(prefix=_prefix(person.id))
    if not form.validate_on_submit():  # a role not in the list, or a broken form
        flash(_("Choose the roles from the list."), "danger")
        return back
    roles = {Role(code) for code in form.roles.data}
    done = flash_failure(
        lambda: review_roles(
            person, roles, actor=current_user, lock_version=int(form.lock_version.data)
        ),
        catch=(ValidationFailed, InvalidState, EditConflict),
    )
    if done is not FAILED:
        flash(_("The roles of %(name)s were reviewed.", name=done.full_name), "success")
    return back


# --- for the carry-over page's checklist ------------------------------------------------------


@bp.app_template_global("carried_people_to_review")
def carried_people_to_review() -> int | None:
    """For an administrator: how many people carried over still have their roles to review."""
    if not current_user.is_authenticated or not current_user.has_role(*REVIEWERS):
        return None
    return count_to_review(current_user.organisation_id)


@bp.app_template_global("can_dispose_open_work")
def can_dispose_open_work() -> bool:
    return current_user.is_authenticated and current_user.has_role(*DISPOSERS)
