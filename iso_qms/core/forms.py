"""The base form: CSRF (Flask-WTF) and NFC normalisation of every text field."""

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, PasswordField

from .text import nfc


class BaseForm(FlaskForm):
    #: The domain error that core.view_helpers.run() turned into this form's errors, if any.
    failure = None

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            keep_as_typed = (
                PasswordField,
                FieldList,
                FormField,
            )  # passwords; containers have no data
            if not issubclass(unbound_field.field_class, keep_as_typed):
                filters.append(nfc)
            return unbound_field.bind(form=form, filters=filters, **options)

    def apply_errors(self, fields: dict) -> None:
        """Show a domain error's per-field messages on the form's fields."""
        for name, messages in fields.items():
            field: Field | None = getattr(self, name, None)
            messages = messages if isinstance(messages, list) else [messages]
            if field is not None:
                field.errors = list(field.errors) + [str(m) for m in messages]
            else:
                self.form_errors.extend(str(m) for m in messages)
