"""Forms of the quality objectives' pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.forms import BaseForm
from ..core.timeutil import MAX_YEAR, MIN_YEAR
from ..procedures.forms import DMYDateField
from .objective_models import MANUAL, Frequency, TargetOp


def metric_choices() -> list[tuple[str, str]]:
    from . import metrics

    choices = [(MANUAL, str(_l("Typed per period, with its evidence (manual)")))]
    for name, label, unit, argument in metrics.metric_choices():
        if not argument:  # a metric with an argument is chosen through the API
            choices.append((name, f"{label} ({unit})" if unit else str(label)))
    return choices


class ObjectiveForm(BaseForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            DataRequired(_l("Enter the year (e.g. 2020).")),
            NumberRange(MIN_YEAR, MAX_YEAR, _l("Enter the year (e.g. 2020).")),
        ],
    )
    text = TextAreaField(
        _l("Objective"), validators=[DataRequired(_l("Write the objective.")), Length(max=4000)]
    )
    indicator = StringField(
        _l("Indicator (chỉ số)"),
        validators=[DataRequired(_l("Name the indicator that measures it.")), Length(max=300)],
    )
    target_op = SelectField(
        _l("Target"), choices=[(op.value, label) for op, label in TargetOp.labels().items()]
    )
    target_value = StringField(
        _l("Target value"), validators=[DataRequired(_l("Enter a number.")), Length(max=30)]
    )
    target_unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    metric = SelectField(_l("How it is measured"), choices=metric_choices)
    frequency = SelectField(
        _l("Measured"), choices=[(f.value, label) for f, label in Frequency.labels().items()]
    )
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    change_note = TextAreaField(
        _l("What changes and why (for a new version)"), validators=[Length(max=2000)]
    )
    lock_version = HiddenField()

    def data_for_operation(self) -> dict:
        return {
            "text": self.text.data,
            "indicator": self.indicator.data,
            "target": {
                "op": self.target_op.data,
                "value": self.target_value.data,
                "unit": self.target_unit.data or "",
            },
            "metric": self.metric.data,
            "frequency": self.frequency.data,
            "owner_id": self.owner_id.data,
            "change_note": self.change_note.data or "",
        }


class ObjectiveSignForm(BaseForm):
    password = PasswordField(
        _l("Your password (electronic signature)"),
        validators=[DataRequired(_l("Enter your password to sign."))],
    )


class ValueForm(BaseForm):
    period_start = DMYDateField(
        _l("From (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
    period_end = DMYDateField(
        _l("To (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
    value = StringField(
        _l("Value"), validators=[DataRequired(_l("Enter a number.")), Length(max=30)]
    )
    evidence = TextAreaField(_l("Evidence"), validators=[Length(max=4000)])
    file = FileField(_l("Evidence file (.pdf, .docx, .xlsx)"))


class PlanActionForm(BaseForm):
    action = TextAreaField(
        _l("Action of the plan"), validators=[DataRequired(_l("Describe the corrective action."))]
    )
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    due_date = DMYDateField(
        _l("Due date (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )


class OpenFindingForm(BaseForm):
    year = IntegerField(validators=[DataRequired(), NumberRange(MIN_YEAR, MAX_YEAR)])
