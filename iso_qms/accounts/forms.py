"""Forms for login, profile and user administration."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import BaseForm
from .models import ROLE_LABELS, Role


class LoginForm(BaseForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a new password."))]
    )


class LanguageForm(BaseForm):
    locale = SelectField(_l("Language"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


class TokenForm(BaseForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(_l("Enter a name for the token.")), Length(max=100)],
    )


class EmptyForm(BaseForm):
    """A form with only the CSRF token, for buttons that change state."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices():
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class UserCreateForm(BaseForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter a username.")), Length(max=64)]
    )
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the full name.")), Length(max=200)]
    )
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=200)])
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)
    password = PasswordField(
        _l("Initial password"), validators=[DataRequired(_l("Enter a password."))]
    )


class UserEditForm(BaseForm):
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the full name.")), Length(max=200)]
    )
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=200)])
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)
    active = BooleanField(_l("Active"))
    lock_version = HiddenField(validators=[DataRequired()])


class PasswordResetForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password."))])
