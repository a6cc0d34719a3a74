"""Schemas of the procedures API: what goes in and out of /api/v1 procedures, revisions and
announcements."""

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from ..api.common import BaseSchema, PageArgs, page_schema
from ..core.errors import DomainError
from . import announcements as ann
from . import queries
from .content import SECTION_KEYS
from .durations import Duration
from .integrity import signature_matches
from .models import (
    AnnouncementReason,
    LegalChange,
    ProcedureKind,
    RevisionStatus,
    SignatureMeaning,
)


class DuplicateCode(DomainError):
    """The document code is taken in the organisation: a conflict with an existing record."""

    status = 409
    code = "duplicate"
    default_message = _l("This code is already used in your organisation.")


# --- output schemas ------------------------------------------------------------------------


class DurationField(fields.Field):
    """A working time written {"value": 3, "unit": "working_days"}; read from a Duration or from
    the stored {"minutes", "unit", "within_day"} form of a step."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if isinstance(value, dict):
            value = Duration.from_storage(value)
        return value.to_api()


_page = page_schema


class UserRefSchema(BaseSchema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()


class SignatureSchema(BaseSchema):
    signer = fields.String(attribute="signer_name")
    signer_id = fields.Integer()
    signer_position = fields.String()
    meaning = fields.Enum(SignatureMeaning, by_value=True)
    signed_at = fields.DateTime()
    content_sha256 = fields.String()


class RevisionRefSchema(BaseSchema):
    id = fields.Integer()
    number = fields.Integer()
    effective_date = fields.Date(allow_none=True)  # null until approved


class OpenRevisionSchema(BaseSchema):
    id = fields.Integer()
    number = fields.Integer()
    status = fields.Enum(RevisionStatus, by_value=True)
    lock_version = fields.Integer()


class RevisionSummarySchema(RevisionRefSchema):
    procedure_id = fields.Integer()
    status = fields.Enum(RevisionStatus, by_value=True)
    change_summary = fields.String()
    change_location = fields.String()
    significant = fields.Boolean()
    submitted_at = fields.DateTime(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)


class StepSchema(BaseSchema):
    title = fields.String()
    responsible = fields.String()
    duration = DurationField(allow_none=True)
    output = fields.String()


class RevisionSchema(RevisionSummarySchema):
    #: The code, title and statutory time as this issue carries (and, approved, signed) them.
    procedure_code = fields.String()
    procedure_title = fields.String()
    statutory_time = DurationField(attribute="statutory", allow_none=True)
    content = fields.Dict(keys=fields.String(), values=fields.String())
    steps = fields.List(fields.Nested(StepSchema))
    forms = fields.List(fields.Dict())
    records = fields.List(fields.Dict())
    author = fields.Nested(UserRefSchema)
    approved_by = fields.Nested(UserRefSchema, allow_none=True)
    created_at = fields.DateTime()
    return_comment = fields.String()
    returned_at = fields.DateTime(allow_none=True)
    steps_total = DurationField()
    within_statutory_time = fields.Boolean(allow_none=True)
    content_sha256 = fields.String(allow_none=True)
    #: False when the stored content no longer hashes to what was signed (null: not signed).
    content_matches_signature = fields.Function(
        lambda revision: signature_matches(revision) if revision.content_sha256 else None
    )
    signatures = fields.List(fields.Nested(SignatureSchema))
    lock_version = fields.Integer()


class ApprovedRevisionSchema(RevisionSchema):
    signature = fields.Function(
        lambda revision: SignatureSchema().dump(revision.signature(SignatureMeaning.approved))
    )


class ReviewedRevisionSchema(RevisionSchema):
    signature = fields.Function(
        lambda revision: SignatureSchema().dump(revision.signature(SignatureMeaning.reviewed))
    )


class SigningChainSchema(BaseSchema):
    """Who reviews (xem xét) and who approves (phê duyệt) the organisation's revisions."""

    organisation_id = fields.Integer()
    drafter_roles = fields.Function(lambda chain: [role.value for role in chain.drafter_roles])
    review_role = fields.Function(lambda chain: chain.review_role.value)
    review_required = fields.Boolean()
    approve_role = fields.Function(lambda chain: chain.approve_role.value)
    #: True while the organisation keeps the default chain (the QMR reviews and approves).
    is_default = fields.Boolean()
    updated_at = fields.DateTime(allow_none=True)
    updated_by = fields.String(attribute="updated_by_name")
    lock_version = fields.Integer(allow_none=True)


class LegalBasisSchema(BaseSchema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    issuer = fields.String()
    issued_on = fields.Date(allow_none=True)
    effective_on = fields.Date(allow_none=True)
    change_kind = fields.Enum(LegalChange, by_value=True, allow_none=True)
    superseded_by = fields.Nested(
        BaseSchema.from_dict(
            {
                "id": fields.Integer(),
                "number": fields.String(),
                "effective_on": fields.Date(allow_none=True),
            },
            name="LegalBasisRef",
        ),
        allow_none=True,
    )
    update_due_on = fields.Date(allow_none=True)


class ProcedureSchema(BaseSchema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    code = fields.String()
    title = fields.String()
    kind = fields.Enum(ProcedureKind, by_value=True)
    field = fields.String()
    tthc_code = fields.String()
    statutory_time = DurationField(attribute="statutory", allow_none=True)
    owner_unit = fields.String()
    review_interval_months = fields.Integer()
    review_due_on = fields.Date(allow_none=True)
    withdrawn_on = fields.Date(allow_none=True)
    withdrawn_reason = fields.String()
    distribution = fields.Function(
        lambda p: {"units": p.distribution_units or [], "roles": p.distribution_roles or []}
    )
    lock_version = fields.Integer()


class ProcedureItemSchema(ProcedureSchema):
    """A register row: the procedure, its revision in force and its flags."""

    current_revision = fields.Nested(RevisionRefSchema, attribute="current", allow_none=True)
    open_revision = fields.Nested(OpenRevisionSchema, allow_none=True)
    in_force = fields.Boolean()
    over_time = fields.Boolean()
    legal_update_due = fields.Boolean()
    review_overdue = fields.Boolean()


class ProcedureDetailSchema(ProcedureItemSchema):
    as_of = fields.Date()
    current_revision = fields.Nested(RevisionSchema, attribute="current", allow_none=True)
    legal_bases = fields.List(fields.Nested(LegalBasisSchema))


class HistoryRowSchema(BaseSchema):
    number = fields.Integer()
    effective_date = fields.Date()
    change_location = fields.String()
    change_summary = fields.String()
    significant = fields.Boolean()
    revision_id = fields.Integer()


class DiffSchema(BaseSchema):
    revision_id = fields.Integer()
    against_id = fields.Integer(allow_none=True)
    sections = fields.List(fields.Dict())
    steps = fields.List(fields.Dict())
    steps_changed = fields.Boolean()
    forms_changed = fields.Boolean()
    records_changed = fields.Boolean()


class ScopeItemSchema(BaseSchema):
    procedure_id = fields.Integer()
    procedure_code = fields.String()
    procedure_title = fields.String()
    kind = fields.Enum(ProcedureKind, by_value=True, attribute="procedure_kind")
    field = fields.String()
    revision_id = fields.Integer()
    revision_number = fields.Integer()
    effective_date = fields.Date()


class AnnouncementSummarySchema(BaseSchema):
    id = fields.Integer()
    ordinal = fields.Integer()
    decision_no = fields.String()
    decision_date = fields.Date()
    signer = fields.String()
    reason = fields.Enum(AnnouncementReason, by_value=True)
    note = fields.String()
    created_at = fields.DateTime()
    scope_size = fields.Function(lambda announcement: len(announcement.items))


class AnnouncementSchema(AnnouncementSummarySchema):
    scope = fields.List(fields.Nested(ScopeItemSchema), attribute="items")
    changes_since_previous = fields.Function(
        lambda announcement: ann.changes_since_previous(announcement).as_json()
    )


class _Row:
    """A register row read as its procedure plus the row's own fields and flags."""

    def __init__(self, row: queries.RegisterRow):
        self._row = row

    def __getattr__(self, name):
        if hasattr(self._row, name):
            return getattr(self._row, name)
        return getattr(self._row.procedure, name)

    @property
    def in_force(self) -> bool:
        return self._row.current is not None

    @property
    def as_of(self) -> date:
        return self._row.today


# --- input schemas -------------------------------------------------------------------------


class ProcedureListArgs(PageArgs):
    q = fields.String(load_default="")
    kind = fields.String(validate=validate.OneOf([k.value for k in ProcedureKind]))
    field = fields.String()
    status = fields.String()
    organisation_id = fields.Integer(metadata={"description": "An organisation the caller reads"})


class AsOfArgs(BaseSchema):
    as_of = fields.Date()


class DistributionSchema(BaseSchema):
    units = fields.List(fields.String(), load_default=list)
    roles = fields.List(fields.String(), load_default=list)


class ProcedureWriteSchema(BaseSchema):
    code = fields.String()
    title = fields.String()
    kind = fields.String(metadata={"enum": [k.value for k in ProcedureKind]})
    field = fields.String()
    tthc_code = fields.String()
    statutory_time = fields.Dict(
        allow_none=True,
        metadata={
            "description": '{"value": 3, "unit": "working_days"}; units working_days, working_hours'
        },
    )
    owner_unit = fields.String()
    review_interval_months = fields.Integer(strict=True)
    distribution = fields.Nested(DistributionSchema, metadata={"description": "omit: everyone"})
    legal_basis_ids = fields.List(fields.Integer(strict=True))


class ProcedurePatchSchema(ProcedureWriteSchema):
    lock_version = fields.Integer()


class RevisionWriteSchema(BaseSchema):
    change_summary = fields.String()
    change_location = fields.String()
    significant = fields.Boolean()
    content = fields.Dict(
        metadata={"description": f"Markdown per section: {', '.join(SECTION_KEYS)}"}
    )
    steps = fields.List(
        fields.Raw(),
        metadata={
            "description": '[{title, responsible, duration ({value, unit} or e.g. "02 ngày làm việc"), '
            "output}]"
        },
    )
    forms = fields.List(fields.Raw(), metadata={"description": "[{code, name, attachment_id}]"})
    records = fields.List(fields.Raw(), metadata={"description": "[{name, keeper, retention}]"})
    procedure_code = fields.String(metadata={"description": "a new code, taken on approval"})
    procedure_title = fields.String(metadata={"description": "a new title, taken on approval"})


class RevisionPatchSchema(RevisionWriteSchema):
    lock_version = fields.Integer()


class SubmitSchema(BaseSchema):
    password = fields.String(
        load_default=None,
        load_only=True,
        metadata={"description": "the author's password: the drafting step as an e-signature"},
    )


class ReturnSchema(BaseSchema):
    comment = fields.String(load_default="")


class ApproveSchema(BaseSchema):
    password = fields.String(required=True, load_only=True)
    effective_date = fields.Date(allow_none=True)


class ReviewSignSchema(BaseSchema):
    password = fields.String(required=True, load_only=True)


class SigningChainArgs(BaseSchema):
    organisation_id = fields.Integer(metadata={"description": "An organisation the caller reads"})


class SigningChainWriteSchema(BaseSchema):
    review_role = fields.String(load_default=None, metadata={"enum": ["qmr", "head"]})
    review_required = fields.Boolean(load_default=True)
    approve_role = fields.String(load_default=None, metadata={"enum": ["qmr", "head"]})
    lock_version = fields.Integer(
        allow_none=True, metadata={"description": "the lock_version read before, once set"}
    )


class DiffArgs(BaseSchema):
    against = fields.Integer(metadata={"description": "default: the previous approved revision"})


class WithdrawSchema(BaseSchema):
    reason = fields.String(load_default="")
    date = fields.Date(allow_none=True)


class AnnouncementListArgs(PageArgs):
    organisation_id = fields.Integer()


class AnnouncementCreateSchema(BaseSchema):
    decision_no = fields.String()
    decision_date = fields.Date()
    signer = fields.String()
    reason = fields.String(metadata={"enum": [r.value for r in AnnouncementReason]})
    note = fields.String()
    procedure_ids = fields.List(
        fields.Integer(strict=True),
        allow_none=True,
        metadata={"description": "omit: every procedure in force"},
    )


# --- helpers -------------------------------------------------------------------------------
