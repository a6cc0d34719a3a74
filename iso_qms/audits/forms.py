"""Forms of inspections and audits. Dates are typed dd/mm/yyyy."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import MultiCheckboxField
from ..core.forms import BaseForm
from ..procedures.forms import DMYDateField
from .models import FINDING_TYPE_LABELS, KIND_LABELS, RESULT_LABELS


def _choices(labels: dict) -> list[tuple[str, object]]:
    return [(key.value, label) for key, label in labels.items()]


class RoundForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=lambda: _choices(KIND_LABELS))
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title of the round.")), Length(max=500)]
    )
    plan_ref = StringField(
        _l("Plan (e.g. Kế hoạch số 482/KH-UBND ngày 19/12/2019)"),
        validators=[Optional(), Length(max=300)],
    )
    start_date = DMYDateField(
        _l("Start (audit day, dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))],
    )
    end_date = DMYDateField(
        _l("End (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
    record_signed_on = DMYDateField(_l("External inspection: record signed on (dd/mm/yyyy)"))
    inspecting_body = StringField(
        _l("Inspecting body (e.g. Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế)"),
        validators=[Optional(), Length(max=300)],
    )
    leader_name = StringField(
        _l("External inspection: team leader (name and position)"),
        validators=[Optional(), Length(max=200)],
    )
    areas = MultiCheckboxField(_l("Areas (self-inspection)"), validate_choice=False)
    clauses = MultiCheckboxField(_l("ISO 9001 clauses (internal audit)"), validate_choice=False)
    sub_clauses = StringField(
        _l("Sub-clauses, separated by commas (e.g. 7.5.3, 8.5.1)"),
        validators=[Optional(), Length(max=300)],
    )
    procedure_ids = SelectMultipleField(
        _l("Procedures in scope"), coerce=int, validate_choice=False
    )
    leader_id = SelectField(
        _l("Team leader"), coerce=lambda v: int(v) if v else None, validate_choice=False
    )
    member_ids = MultiCheckboxField(_l("Team members"), coerce=int, validate_choice=False)
    lock_version = HiddenField()


class ReportTextForm(BaseForm):
    summary = TextAreaField(_l("Summary of the report"), validators=[Length(max=20000)])
    conclusion = TextAreaField(_l("Conclusions and requests"), validators=[Length(max=20000)])
    report_no = StringField(
        _l("Report number (e.g. 125/BC-UBND)"), validators=[Optional(), Length(max=80)]
    )
    lock_version = HiddenField()


class CloneForm(BaseForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    plan_ref = StringField(_l("Plan"), validators=[Optional(), Length(max=300)])
    start_date = DMYDateField(
        _l("Start (audit day, dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))],
    )
    end_date = DMYDateField(
        _l("End (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )


class AcceptForm(BaseForm):
    password = PasswordField(
        _l("Your password (electronic signature)"),
        validators=[DataRequired(_l("Enter your password to sign."))],
    )


class LineForm(BaseForm):
    question = TextAreaField(
        _l("Question"), validators=[DataRequired(_l("Write the question to check."))]
    )
    clause = StringField(_l("ISO clause"), validators=[Optional(), Length(max=20)])
    area = SelectField(_l("Area"), validate_choice=False)
    procedure_id = SelectField(
        _l("Procedure"), coerce=lambda v: int(v) if v else None, validate_choice=False
    )
    lock_version = HiddenField()


class ResultForm(BaseForm):
    result = SelectField(
        _l("Result"),
        choices=lambda: _choices(RESULT_LABELS),
        validators=[DataRequired(_l("Choose the result of the check."))],
    )
    note = TextAreaField(_l("Note / what was found"), validators=[Length(max=10000)])
    evidence = MultipleFileField(_l("Evidence files (.docx, .xlsx, .pdf, .doc, .xls)"))
    lock_version = HiddenField()


class FindingForm(BaseForm):
    type = SelectField(_l("Type"), choices=lambda: _choices(FINDING_TYPE_LABELS))
    area = SelectField(_l("Area"), validate_choice=False)
    clause = StringField(_l("ISO clause"), validators=[Optional(), Length(max=20)])
    procedure_id = SelectField(
        _l("Procedure"), coerce=lambda v: int(v) if v else None, validate_choice=False
    )
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(_l("Describe the finding."))]
    )
    evidence = TextAreaField(_l("Objective evidence"), validators=[Length(max=10000)])
    auditee_unit = StringField(_l("Auditee unit"), validators=[Optional(), Length(max=200)])
    files = MultipleFileField(_l("Evidence files"))
    lock_version = HiddenField()


class RaiseFindingForm(BaseForm):
    type = SelectField(_l("Type"), choices=lambda: _choices(FINDING_TYPE_LABELS))


class ActionForm(BaseForm):
    correction = TextAreaField(_l("Correction (immediate fix)"), validators=[Length(max=10000)])
    why_1 = StringField(_l("Why? (1)"), validators=[Optional(), Length(max=1000)])
    why_2 = StringField(_l("Why? (2)"), validators=[Optional(), Length(max=1000)])
    why_3 = StringField(_l("Why? (3)"), validators=[Optional(), Length(max=1000)])
    why_4 = StringField(_l("Why? (4)"), validators=[Optional(), Length(max=1000)])
    why_5 = StringField(_l("Why? (5)"), validators=[Optional(), Length(max=1000)])
    root_cause = TextAreaField(_l("Root cause"), validators=[Length(max=10000)])
    action = TextAreaField(
        _l("Corrective action"), validators=[DataRequired(_l("Describe the corrective action."))]
    )
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    due_date = DMYDateField(
        _l("Due date (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
    lock_version = HiddenField()

    WHY_FIELDS = ("why_1", "why_2", "why_3", "why_4", "why_5")

    def whys(self) -> list[str]:
        return [getattr(self, name).data for name in self.WHY_FIELDS if getattr(self, name).data]


class CompleteForm(BaseForm):
    evidence = TextAreaField(_l("What was done (evidence)"), validators=[Length(max=10000)])
    files = MultipleFileField(_l("Evidence files"))


class VerifyForm(BaseForm):
    effective = SelectField(
        _l("Verdict"),
        choices=[
            ("yes", _l("Effective: close the action")),
            ("no", _l("Not effective: reopen the action")),
        ],
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=10000)])
    due_date = DMYDateField(_l("New due date if reopened (dd/mm/yyyy)"))


class ReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Give the reason."))])


class PostponeForm(BaseForm):
    due_date = DMYDateField(
        _l("New due date (dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))],
    )
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(_l("Give the reason for the postponement."))]
    )


class DecideForm(BaseForm):
    decision = SelectField(
        _l("Decision"), choices=[("approve", _l("Approve")), ("reject", _l("Reject"))]
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])


class TemplateForm(BaseForm):
    key = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=300)]
    )
    questions = TextAreaField(
        _l(
            "Questions, one per line; start a line with a clause and | to bind it, "
            'e.g. "7.5.3 | Are the documents in use current?"'
        )
    )
    active = BooleanField(_l("Offered for new rounds"), default=True)
    lock_version = HiddenField()


class ReviewForm(BaseForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter the title of the review.")), Length(max=300)],
    )
    held_on = DMYDateField(
        _l("Date (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
    chair_id = SelectField(
        _l("Chaired by"), coerce=lambda v: int(v) if v else None, validate_choice=False
    )
    participant_ids = MultiCheckboxField(_l("Participants"), coerce=int, validate_choice=False)
    other_participants = TextAreaField(
        _l("Other participants (one per line)"), validators=[Length(max=5000)]
    )
    lock_version = HiddenField()


class HoldForm(BaseForm):
    minutes = TextAreaField(
        _l("Conclusions of the meeting"),
        validators=[DataRequired(_l("Record the conclusions of the meeting."))],
    )


class DecisionForm(BaseForm):
    action = TextAreaField(_l("Decision"), validators=[DataRequired(_l("Describe the decision."))])
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    due_date = DMYDateField(
        _l("Due date (dd/mm/yyyy)"), validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))]
    )
