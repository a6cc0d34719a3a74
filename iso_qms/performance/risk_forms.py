"""Forms of the risk and opportunity register. Dates are typed dd/mm/yyyy."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.forms import BaseForm
from ..core.params import parse_id
from ..procedures.forms import DMYDateField
from .risk_models import SCALE, RiskKind, RiskStatus, Treatment
from .risks import MAX_PROCESS, MAX_TEXT


def _optional_int(value):
    """An id or a score from a select: None when blank; a value no row can have is refused."""
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise ValueError(_l("Not a valid choice."))
    return number


def _choices(enum_cls) -> list[tuple[str, object]]:
    return [(m.value, label) for m, label in enum_cls.labels().items()]


SCALE_HELP = _l("1 = rare / negligible … 5 = almost certain / severe")


class RiskForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=lambda: _choices(RiskKind), validate_choice=False)
    procedure_id = SelectField(_l("Procedure"), coerce=_optional_int, validate_choice=False)
    process_name = StringField(
        _l("Process (if not a procedure, or to say which part)"),
        validators=[Optional(), Length(max=MAX_PROCESS)],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the risk or opportunity.")), Length(max=MAX_TEXT)],
    )
    cause = TextAreaField(_l("Cause"), validators=[Optional(), Length(max=MAX_TEXT)])
    consequence = TextAreaField(
        _l("Consequence (or benefit)"), validators=[Optional(), Length(max=MAX_TEXT)]
    )
    likelihood = SelectField(
        _l("Likelihood (1–5)"),
        coerce=_optional_int,
        choices=[(n, str(n)) for n in SCALE],
        validate_choice=False,
    )
    impact = SelectField(
        _l("Impact (1–5)"),
        coerce=_optional_int,
        choices=[(n, str(n)) for n in SCALE],
        validate_choice=False,
    )
    treatment = SelectField(
        _l("Treatment"), choices=lambda: _choices(Treatment), validate_choice=False
    )
    review_date = DMYDateField(_l("Review date (dd/mm/yyyy)"))
    status = SelectField(_l("Status"), choices=lambda: _choices(RiskStatus), validate_choice=False)
    lock_version = HiddenField()


class RiskActionForm(BaseForm):
    action = TextAreaField(
        _l("Action to take"),
        validators=[DataRequired(_l("Describe the corrective action.")), Length(max=MAX_TEXT)],
    )
    owner_id = SelectField(_l("Owner"), coerce=_optional_int, validate_choice=False)
    due_date = DMYDateField(
        _l("Due date (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )


class ThresholdForm(BaseForm):
    low_max = IntegerField(
        _l("Highest score that is low"),
        validators=[
            DataRequired(_l("Enter a score from 1 to 24.")),
            NumberRange(1, 24, _l("Enter a score from 1 to 24.")),
        ],
    )
    medium_max = IntegerField(
        _l("Highest score that is medium (above it: high)"),
        validators=[
            DataRequired(_l("Enter a score from 1 to 24.")),
            NumberRange(1, 24, _l("Enter a score from 1 to 24.")),
        ],
    )
    lock_version = HiddenField()


class CiteForm(BaseForm):
    risk_id = SelectField(_l("Risk or opportunity"), coerce=_optional_int, validate_choice=False)
