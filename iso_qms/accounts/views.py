"""HTML routes: login and logout, the profile (password, language, API tokens), user administration."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import selectinload

from ..core.errors import EditConflict, PermissionDenied, ValidationFailed
from ..core.pagination import paginate
from ..core.permissions import get_own, login_required, roles_required
from ..core.ratelimit import login_limit
from ..core.security import safe_redirect_target
from ..core.text import search_clause
from ..core.view_helpers import FAILED, flash_failure, form_status, run
from ..extensions import db, limiter, login_manager
from . import operations as ops
from .forms import (
    EmptyForm,
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from .models import ApiToken, Role, User
from .tree import apply_due_for

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _sep, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id), options=[selectinload(User.role_rows)])
    if user is None or user.auth_nonce != nonce or not user.active:
        return None
    apply_due_for(user)  # a reorganisation due today moves the account (no query otherwise)
    return user


login_manager.login_view = "accounts.login"
login_manager.login_message = None


def _start_session(user: User) -> None:
    """A new session for `user`: nothing from the cookie before (a planted CSRF token, a fixed
    session) is carried over but the language."""
    lang = session.get("lang")
    session.clear()
    login_user(user)
    if user.locale or lang:
        session["lang"] = user.locale or lang


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = run(
            form,
            lambda: ops.authenticate(form.username.data, form.password.data),
            catch=PermissionDenied,  # a locked account: said on the form, not a 403 page
        )
        if user is FAILED:
            return render_template("accounts/login.html", form=form), 200
        if user is not None:
            _start_session(user)
            return redirect(safe_redirect_target(request.args.get("next")))
        form.form_errors.append(_("Wrong username or password."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out: the account's nonce changes, so every session cookie of it stops working, this
    browser's and any copy of it, and the account's sessions in other browsers too (a session lives
    only in its signed cookie; one cannot be ended on the server without ending them all)."""
    EmptyForm().validate_on_submit()
    lang = session.get("lang")
    ops.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    password_form = PasswordChangeForm(prefix="pw")
    token_form = TokenForm(prefix="tk")
    new_token = None
    action = request.form.get("action")
    if request.method == "POST" and action == "password" and password_form.validate_on_submit():
        changed = run(
            password_form,
            lambda: ops.change_password(
                current_user, password_form.current_password.data, password_form.new_password.data
            ),
        )
        if changed is not FAILED:
            # The new nonce ended every session of the account; this one starts afresh.
            _start_session(current_user._get_current_object())
            flash(_("Your password was changed."), "success")
            return redirect(url_for("accounts.profile"))
    elif request.method == "POST" and action == "token" and token_form.validate_on_submit():
        new_token = ops.create_api_token(current_user, token_form.name.data)
        token_form = TokenForm(prefix="tk", formdata=None)
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template(
        "accounts/profile.html",
        password_form=password_form,
        token_form=token_form,
        tokens=tokens,
        new_token=new_token,
        empty_form=EmptyForm(),
        language_form=LanguageForm(locale=current_user.locale or "vi"),
    )


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        from ..core.errors import NotFound

        raise NotFound()
    if EmptyForm().validate_on_submit():
        ops.revoke_api_token(token, current_user)
        flash(_("The token was revoked."), "success")
    return redirect(url_for("accounts.profile"))


# --- user administration -------------------------------------------------------------------


@admin_bp.route("/users")
@roles_required(Role.admin)
def users():
    query = (
        sa.select(User)
        .where(User.organisation_id == current_user.organisation_id)
        .options(selectinload(User.role_rows))
    )
    q = request.args.get("q", "")
    clause = search_clause(User.search_key, q)
    if clause is not None:
        query = query.where(clause)
    status = request.args.get("status", "")
    if status in ("active", "inactive"):
        query = query.where(User.active.is_(status == "active"))
    page = paginate(query.order_by(User.active.desc(), User.full_name, User.id))
    return render_template("admin/users.html", page=page, q=q, status=status)


@admin_bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.admin)
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        user = run(
            form,
            lambda: ops.create_user(
                current_user.organisation,
                form.username.data,
                form.full_name.data,
                form.password.data,
                [Role(r) for r in form.roles.data],
                unit=form.unit.data,
                position=form.position.data,
                email=form.email.data,
                actor=current_user,
            ),
        )
        if user is not FAILED:
            flash(_("Account %(username)s was created.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), form_status()


@admin_bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.admin)
def user_edit(user_id: int):
    user = get_own(User, user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.roles.data = user.role_codes
    reset_form = PasswordResetForm(prefix="reset")
    if form.validate_on_submit():
        data = {
            "full_name": form.full_name.data,
            "unit": form.unit.data,
            "position": form.position.data,
            "email": form.email.data,
            "roles": {Role(r) for r in form.roles.data},
            "active": form.active.data,
        }
        saved = run(
            form,
            lambda: ops.update_user(
                user, data, actor=current_user, lock_version=int(form.lock_version.data or 0)
            ),
            catch=(ValidationFailed, EditConflict),
        )
        if saved is not FAILED:
            flash(_("The account was saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        reset_form=reset_form,
        role_periods=ops.role_history(user),
    ), form_status()


@admin_bp.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required(Role.admin)
def user_reset_password(user_id: int):
    user = get_own(User, user_id)
    form = PasswordResetForm(prefix="reset")
    if form.validate_on_submit():
        if (
            flash_failure(lambda: ops.reset_password(user, form.password.data, actor=current_user))
            is not FAILED
        ):
            flash(_("The password of %(username)s was reset.", username=user.username), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
    return redirect(url_for("admin.user_edit", user_id=user.id))
