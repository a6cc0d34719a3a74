"""Forms of the report feed: editing one PAR criterion."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from ..core.forms import BaseForm


def metric_choices():
    from .appendix import METRICS

    return [("", _l("Typed by users for each period"))] + [(name, name) for name in METRICS]


class CriterionForm(BaseForm):
    code = StringField(
        _l("Code (TT)"),
        validators=[DataRequired(_l("Enter the code, e.g. 3.4.2.")), Length(max=20)],
    )
    group = StringField(_l("Group"), validators=[Length(max=300)])
    text = TextAreaField(_l("Criterion"), validators=[DataRequired(_l("Enter the criterion."))])
    expected_output = TextAreaField(_l("Expected output"))
    reporting_body = TextAreaField(_l("Reporting body"))
    metric = SelectField(_l("How the note is produced"), choices=metric_choices)
    position = IntegerField(_l("Order"), validators=[NumberRange(0, 10000)])
    active = BooleanField(_l("In use"))
    lock_version = HiddenField()
