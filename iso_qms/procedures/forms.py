"""Forms of document control. Dates are typed dd/mm/yyyy; times as officials write them."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..accounts.forms import MultiCheckboxField, role_choices
from ..core.forms import BaseForm
from ..core.text import nfc
from ..core.timeutil import parse_dmy
from .models import KIND_LABELS, OUTCOME_LABELS, REASON_LABELS, LegalChange


class DMYDateField(StringField):
    """A date typed as dd/mm/yyyy (yyyy-mm-dd is accepted too)."""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        self.data = parse_dmy(text)
        if self.data is None:
            raise ValueError(_l("Write the date as dd/mm/yyyy."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if self.data else ""


def kind_choices():
    return [(kind.value, label) for kind, label in KIND_LABELS.items()]


class ProcedureForm(BaseForm):
    code = StringField(
        _l("Code (mã hiệu)"),
        validators=[DataRequired(_l("Enter the document code (mã hiệu).")), Length(max=40)],
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=500)]
    )
    kind = SelectField(_l("Kind"), choices=kind_choices)
    field = StringField(_l("Field (lĩnh vực)"), validators=[Optional(), Length(max=200)])
    tthc_code = StringField(_l("National TTHC code"), validators=[Optional(), Length(max=40)])
    statutory = StringField(
        _l("Statutory processing time"), validators=[Optional(), Length(max=200)]
    )
    owner_unit = StringField(_l("Owning unit"), validators=[Optional(), Length(max=200)])
    review_interval_months = IntegerField(
        _l("Review every (months)"),
        default=12,
        validators=[NumberRange(1, 60, _l("The review interval is 1 to 60 months."))],
    )
    distribution_units = StringField(
        _l("Distribution: units (comma-separated; empty = everyone)"),
        validators=[Optional(), Length(max=1000)],
    )
    distribution_roles = MultiCheckboxField(
        _l("Distribution: roles (none ticked = everyone)"), choices=role_choices
    )
    legal_bases = SelectMultipleField(_l("Legal bases"), coerce=int, validate_choice=False)
    lock_version = HiddenField()


class StepForm(Form):
    title = StringField(_l("Work"), filters=[nfc])
    responsible = StringField(_l("Responsible"), filters=[nfc])
    duration = StringField(_l("Time"), filters=[nfc])
    output = StringField(_l("Form / result"), filters=[nfc])


class FormRowForm(Form):
    code = StringField(_l("Form code"), filters=[nfc])
    name = StringField(_l("Form name"), filters=[nfc])
    attachment_id = HiddenField()


class RecordRowForm(Form):
    name = StringField(_l("Record"), filters=[nfc])
    keeper = StringField(_l("Kept by"), filters=[nfc])
    retention = StringField(_l("Retention"), filters=[nfc])


class RevisionForm(BaseForm):
    change_summary = TextAreaField(_l("Summary of the change"), validators=[Length(max=5000)])
    change_location = StringField(_l("Where it changed"), validators=[Length(max=300)])
    significant = BooleanField(_l("Significant change (everyone must read it again)"))
    muc_dich = TextAreaField(_l("Purpose"))
    pham_vi = TextAreaField(_l("Scope"))
    tai_lieu_vien_dan = TextAreaField(_l("Referenced documents"))
    dinh_nghia = TextAreaField(_l("Definitions and abbreviations"))
    noi_dung = TextAreaField(_l("Content"))
    co_so_phap_ly = TextAreaField(_l("Legal basis"))
    ho_so = TextAreaField(_l("Dossier components"))
    so_luong_ho_so = TextAreaField(_l("Number of dossiers"))
    thoi_gian = TextAreaField(_l("Processing time"))
    noi_tiep_nhan = TextAreaField(_l("Where dossiers are received and results returned"))
    le_phi = TextAreaField(_l("Fees and charges"))
    steps = FieldList(FormField(StepForm))
    forms = FieldList(FormField(FormRowForm))
    records = FieldList(FormField(RecordRowForm))
    lock_version = HiddenField()


class CommentForm(BaseForm):
    comment = TextAreaField(
        _l("Comments"), validators=[DataRequired(_l("Say what must change before approval."))]
    )


class SignForm(BaseForm):
    password = PasswordField(
        _l("Your password (electronic signature)"),
        validators=[DataRequired(_l("Enter your password to sign."))],
    )


class ApproveForm(SignForm):
    effective_date = DMYDateField(_l("Effective date (dd/mm/yyyy)"))


def chain_role_choices():
    from .signing_chain import ChainRole

    return [(role.value, label) for role, label in ChainRole.labels().items()]


class SigningChainForm(BaseForm):
    """Who reviews (xem xét) and who approves (phê duyệt) the organisation's revisions."""

    review_role = SelectField(_l("Reviewed (xem xét) by"), choices=chain_role_choices)
    review_required = BooleanField(_l("The approval waits for the review signature"))
    approve_role = SelectField(_l("Approved (phê duyệt) by"), choices=chain_role_choices)
    lock_version = HiddenField()


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(_l("Give the reason for withdrawing."))]
    )
    date = DMYDateField(
        _l("Withdrawn from (dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the date (dd/mm/yyyy)."))],
    )


def outcome_choices():
    return [(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()]


class PeriodicReviewForm(BaseForm):
    outcome = SelectField(_l("Outcome"), choices=outcome_choices)
    note = TextAreaField(
        _l("Notes"), validators=[DataRequired(_l("Record what the review found."))]
    )
    reviewed_on = DMYDateField(_l("Review date (dd/mm/yyyy)"))


class LegalBasisForm(BaseForm):
    number = StringField(
        _l("Number"),
        validators=[
            DataRequired(_l("Enter the document number, e.g. 61/2018/NĐ-CP.")),
            Length(max=80),
        ],
    )
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    issuer = StringField(_l("Issued by"), validators=[Optional(), Length(max=200)])
    issued_on = DMYDateField(_l("Issue date (dd/mm/yyyy)"))
    effective_on = DMYDateField(_l("Effective date (dd/mm/yyyy)"))
    lock_version = HiddenField()


class SupersedeForm(BaseForm):
    superseded_by = SelectField(_l("New document"), coerce=int, validate_choice=False)
    change_kind = SelectField(
        _l("Change"),
        choices=[
            (LegalChange.amended.value, _l("amended by")),
            (LegalChange.replaced.value, _l("replaced by")),
        ],
    )


def reason_choices():
    return [(reason.value, label) for reason, label in REASON_LABELS.items()]


class AnnouncementForm(BaseForm):
    decision_no = StringField(
        _l("Decision number"),
        validators=[
            DataRequired(_l("Enter the decision number, e.g. 353/QĐ-UBND.")),
            Length(max=80),
        ],
    )
    decision_date = DMYDateField(
        _l("Decision date (dd/mm/yyyy)"),
        validators=[DataRequired(_l("Enter the decision date (dd/mm/yyyy)."))],
    )
    signer = StringField(
        _l("Signed by"),
        validators=[DataRequired(_l("Enter who signed the decision.")), Length(max=200)],
    )
    reason = SelectField(_l("Reason"), choices=reason_choices)
    note = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    all_in_force = BooleanField(_l("Every procedure in force on the decision date"), default=True)
    procedure_ids = SelectMultipleField(
        _l("Procedures in scope"), coerce=int, validate_choice=False
    )
