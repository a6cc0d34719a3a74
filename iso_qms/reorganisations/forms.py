"""The form of the organisations page (issue 15): register one change of the tree."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.models import OrgLevel
from ..accounts.org_history import ReorgKind
from ..core.forms import BaseForm
from ..procedures.forms import DMYDateField

OPEN_WORK_LABELS = {
    "transfer": _l("Transfer it to the successor, with its history"),
    "close": _l("Close it with the reason “do sắp xếp đơn vị hành chính”"),
    "checklist": _l("Decide item by item on the carry-over page"),
}


def _optional_id(value):
    """A select's value as an id ('' or nothing chosen: None)."""
    if value in (None, "", "None"):
        return None
    return int(value)


class ReorganisationForm(BaseForm):
    kind = SelectField(_l("Kind of change"), choices=[(k.value, k.label) for k in ReorgKind])
    effective_date = DMYDateField(
        _l("In force from (dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the date the change takes effect."))],
    )
    legal_basis = StringField(
        _l("Legal basis (e.g. Nghị quyết số …/NQ-UBTVQH15 ngày …)"),
        validators=[
            DataRequired(_l("Enter the legal basis of the change.")),
            Length(max=500),
        ],
    )
    sources = SelectMultipleField(
        _l("Organisations changed (sources)"),
        coerce=int,
        validate_choice=True,
        validators=[DataRequired(_l("Name the organisations the change applies to."))],
    )
    target_id = SelectField(
        _l(
            "Existing organisation that continues, or the new parent (merge into, move, end a level)"
        ),
        coerce=_optional_id,
        validators=[Optional()],
    )
    new_code = StringField(_l("Code of the new organisation"), validators=[Length(max=40)])
    new_name = StringField(_l("Name of the new organisation"), validators=[Length(max=200)])
    new_level = SelectField(
        _l("Level of the new organisation"),
        choices=[(lv.value, lv.label) for lv in OrgLevel],
        default=OrgLevel.commune.value,
    )
    new_parent_id = SelectField(
        _l("Organisation above the new one"), coerce=_optional_id, validators=[Optional()]
    )
    new_place = StringField(
        _l("Place name for dated lines (e.g. Quảng Điền)"), validators=[Length(max=100)]
    )
    rename_to = StringField(_l("New name (rename)"), validators=[Length(max=200)])
    open_work = RadioField(
        _l("What becomes of the open work of the organisations that end"),
        choices=[("", _l("Not said (only when there is none)"))] + list(OPEN_WORK_LABELS.items()),
        default="",
        validators=[Optional()],
    )

    def set_choices(self, organisations: list[tuple[int, str]]) -> None:
        """The organisations the admin may name (theirs and those below, with names today)."""
        self.sources.choices = organisations
        none = [("", _l("— none —"))]
        self.target_id.choices = none + organisations
        self.new_parent_id.choices = none + organisations
