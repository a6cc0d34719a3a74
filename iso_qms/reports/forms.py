"""Forms of the report feed: importing a PAR criteria set of a year, editing one criterion."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.forms import BaseForm
from ..core.timeutil import MAX_YEAR


def metric_choices():
    from .appendix import METRICS

    return [("", _l("Typed by users for each period"))] + [(name, name) for name in METRICS]


class CriteriaImportForm(BaseForm):
    """A criteria set of one year from .xlsx; it goes into a new version, never into a
    published one."""

    year = IntegerField(
        _l("Year of the set"),
        validators=[
            InputRequired(_l("Enter the year of the criteria set.")),
            NumberRange(2000, MAX_YEAR, _l("Enter a year such as 2021.")),
        ],
    )
    name = StringField(_l("Set name"), validators=[Optional(), Length(max=100)])
    basis = StringField(_l("Issued by (document)"), validators=[Optional(), Length(max=300)])
    publish = BooleanField(_l("Publish at once (otherwise kept as a draft)"), default=True)
    file = FileField(_l("File (.xlsx)"))


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
