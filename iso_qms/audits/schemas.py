"""Schemas of the audits API: rounds, checklists, findings, corrective actions, reviews."""

from marshmallow import fields, validate

from ..api.common import BaseSchema, PageArgs, page_schema
from ..core.timeutil import today
from . import queries
from .integrity import report_matches
from .models import (
    ActionStatus,
    FindingStatus,
    FindingType,
    LineResult,
    PostponementStatus,
    ReviewStatus,
    RoundKind,
    RoundStatus,
    TeamRole,
)


class AuditUserRef(BaseSchema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()


class AuditProcedureRef(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    title = fields.String()


class TeamMemberSchema(BaseSchema):
    user_id = fields.Integer()
    full_name = fields.String(attribute="user.full_name")
    unit = fields.String(attribute="user.unit")
    role = fields.Enum(TeamRole, by_value=True)


class RoundSchema(BaseSchema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    kind = fields.Enum(RoundKind, by_value=True)
    reference = fields.String(metadata={"description": "TKT-01/2020: kind, number, year"})
    title = fields.String()
    plan_ref = fields.String()
    inspecting_body = fields.String()
    leader_name = fields.String(metadata={"description": "an external inspection's leader"})
    start_date = fields.Date()
    end_date = fields.Date()
    areas = fields.List(fields.String())
    clauses = fields.List(fields.String())
    procedure_ids = fields.Function(lambda r: [p.id for p in r.procedures])
    procedures = fields.List(fields.Nested(AuditProcedureRef))
    team = fields.List(fields.Nested(TeamMemberSchema), attribute="members")
    status = fields.Enum(RoundStatus, by_value=True)
    summary = fields.String()
    conclusion = fields.String()
    report_no = fields.String()
    record_signed_on = fields.Date(allow_none=True)
    car_report_due_on = fields.Date(allow_none=True)
    cloned_from_id = fields.Integer(allow_none=True)
    started_at = fields.DateTime(allow_none=True)
    reported_at = fields.DateTime(allow_none=True)
    accepted = fields.Boolean(attribute="is_accepted")
    accepted_at = fields.DateTime(allow_none=True)
    accepted_by_id = fields.Integer(allow_none=True)
    accepted_signer_name = fields.String()
    report_sha256 = fields.String(allow_none=True)
    #: False when the stored report no longer hashes to what the QMR accepted (null: not accepted).
    report_matches_signature = fields.Function(
        lambda round_: report_matches(round_) if round_.report_sha256 else None
    )
    closed_at = fields.DateTime(allow_none=True)
    lock_version = fields.Integer()


class EvidenceSchema(BaseSchema):
    attachment_id = fields.Integer()
    name = fields.String(attribute="attachment.original_name")


class LineSchema(BaseSchema):
    id = fields.Integer()
    round_id = fields.Integer()
    position = fields.Integer()
    area = fields.String()
    clause = fields.String()
    procedure_id = fields.Integer(allow_none=True)
    revision_id = fields.Integer(allow_none=True)
    revision_number = fields.Function(lambda line: line.revision.number if line.revision else None)
    question = fields.String()
    result = fields.Enum(LineResult, by_value=True, allow_none=True)
    note = fields.String()
    checked_at = fields.DateTime(allow_none=True)
    finding_id = fields.Function(lambda line: line.finding.id if line.finding else None)
    evidence = fields.List(fields.Nested(EvidenceSchema))
    lock_version = fields.Integer()


class VerificationSchema(BaseSchema):
    verifier_id = fields.Integer()
    effective = fields.Boolean()
    note = fields.String()
    verified_at = fields.DateTime()


class PostponementSchema(BaseSchema):
    id = fields.Integer()
    action_id = fields.Integer()
    requested_by_id = fields.Integer()
    requested_at = fields.DateTime()
    old_due_date = fields.Date()
    new_due_date = fields.Date()
    reason = fields.String()
    status = fields.Enum(PostponementStatus, by_value=True)
    decided_by_id = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String()


class ActionSummarySchema(BaseSchema):
    id = fields.Integer()
    finding_id = fields.Integer(allow_none=True)
    review_id = fields.Integer(allow_none=True)
    number = fields.Integer()
    reference = fields.String(metadata={"description": "TKT-01/2020-03.1 or XXLĐ-01/2020-02"})
    action = fields.String()
    owner_id = fields.Integer()
    owner = fields.Nested(AuditUserRef)
    due_date = fields.Date()
    status = fields.Enum(ActionStatus, by_value=True)
    overdue = fields.Function(lambda action: action.is_overdue(today()))
    lock_version = fields.Integer()


class ActionSchema(ActionSummarySchema):
    correction = fields.String()
    whys = fields.List(fields.String())
    root_cause = fields.String()
    started_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    evidence = fields.String(attribute="completion_evidence")
    evidence_files = fields.List(fields.Nested(EvidenceSchema))
    verified_at = fields.DateTime(allow_none=True)
    verified_by_id = fields.Integer(allow_none=True)
    reopened_count = fields.Integer()
    cancelled_at = fields.DateTime(allow_none=True)
    cancel_reason = fields.String()
    verifications = fields.List(fields.Nested(VerificationSchema))
    postponements = fields.List(fields.Nested(PostponementSchema))
    #: The predecessor's action this one carries on after a reorganisation (issue 15).
    transferred_from_id = fields.Integer(allow_none=True)


class FindingSchema(BaseSchema):
    id = fields.Integer()
    round_id = fields.Integer()
    number = fields.Integer()
    reference = fields.String(metadata={"description": "the round's reference and the number"})
    type = fields.Enum(FindingType, by_value=True)
    area = fields.String()
    clause = fields.String()
    procedure_id = fields.Integer(allow_none=True)
    procedure_code = fields.Function(lambda f: f.procedure.code if f.procedure else None)
    audited_revision_id = fields.Integer(allow_none=True)
    description = fields.String()
    evidence = fields.String()
    auditee_unit = fields.String()
    line_id = fields.Integer(allow_none=True)
    status = fields.Enum(FindingStatus, by_value=True)
    requires_action = fields.Function(lambda f: f.type.requires_action)
    lacks_action = fields.Boolean()
    locked = fields.Boolean(attribute="is_locked")
    revision_id = fields.Integer(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    close_reason = fields.String()
    #: The predecessor's finding this one carries on after a reorganisation (issue 15).
    transferred_from_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    actions = fields.List(fields.Nested(ActionSummarySchema))
    lock_version = fields.Integer()


class FindingRevisionRef(BaseSchema):
    id = fields.Integer()
    procedure_id = fields.Integer()
    number = fields.Integer()
    status = fields.Function(lambda r: r.status.value)
    change_summary = fields.String()


class ReviewSchema(BaseSchema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    reference = fields.String(metadata={"description": "XXLĐ-01/2020"})
    title = fields.String()
    held_on = fields.Date()
    chair_id = fields.Integer(allow_none=True)
    participant_ids = fields.Function(lambda r: [u.id for u in r.participants])
    other_participants = fields.String()
    status = fields.Enum(ReviewStatus, by_value=True)
    minutes = fields.String()
    decisions = fields.List(fields.Nested(ActionSummarySchema))
    lock_version = fields.Integer()


class ReviewDetailSchema(ReviewSchema):
    input_pack = fields.Function(
        lambda r: r.input_pack if r.status is ReviewStatus.held else queries.review_input_pack(r)
    )


_page = page_schema


# --- input schemas -------------------------------------------------------------------------


class TeamEntry(BaseSchema):
    user_id = fields.Integer(required=True, strict=True)
    role = fields.String(
        load_default="member", validate=validate.OneOf([r.value for r in TeamRole])
    )


class RoundWrite(BaseSchema):
    kind = fields.String(metadata={"enum": [k.value for k in RoundKind]})
    title = fields.String()
    plan_ref = fields.String()
    inspecting_body = fields.String(
        metadata={"description": "cơ quan kiểm tra; required for an external inspection"}
    )
    leader_name = fields.String(
        metadata={"description": "an external inspection's leader, instead of a team user"}
    )
    start_date = fields.Date()
    end_date = fields.Date()
    record_signed_on = fields.Date(allow_none=True)
    areas = fields.List(fields.String())
    clauses = fields.List(fields.String())
    procedure_ids = fields.List(fields.Integer(strict=True))
    team = fields.List(fields.Nested(TeamEntry))
    summary = fields.String()
    conclusion = fields.String()
    report_no = fields.String()


class RoundPatch(RoundWrite):
    lock_version = fields.Integer()


class RoundListArgs(PageArgs):
    year = fields.Integer()
    kind = fields.String(validate=validate.OneOf([k.value for k in RoundKind]))
    status = fields.String(validate=validate.OneOf([s.value for s in RoundStatus]))


class ReportBody(BaseSchema):
    summary = fields.String(allow_none=True)


class PasswordBody(BaseSchema):
    password = fields.String(required=True, load_only=True)


class CloneBody(BaseSchema):
    title = fields.String()
    plan_ref = fields.String()
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)


class LineWrite(BaseSchema):
    question = fields.String()
    clause = fields.String()
    area = fields.String()
    procedure_id = fields.Integer(strict=True, allow_none=True)


class LinePatch(LineWrite):
    result = fields.String(validate=validate.OneOf([r.value for r in LineResult]))
    note = fields.String()
    lock_version = fields.Integer()


class FindingWrite(BaseSchema):
    type = fields.String(metadata={"enum": [t.value for t in FindingType]})
    clause = fields.String()
    area = fields.String()
    procedure_id = fields.Integer(strict=True, allow_none=True)
    description = fields.String()
    evidence = fields.String()
    auditee_unit = fields.String()


class FindingPatch(FindingWrite):
    lock_version = fields.Integer()


class FindingListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in FindingStatus]))
    overdue = fields.Boolean(load_default=False)
    type = fields.String(validate=validate.OneOf([t.value for t in FindingType]))
    round_id = fields.Integer()


class RaiseBody(BaseSchema):
    type = fields.String(validate=validate.OneOf([t.value for t in FindingType]))
    description = fields.String()


class ActionWrite(BaseSchema):
    correction = fields.String()
    whys = fields.List(fields.String(), metadata={"description": "the 5-whys chain"})
    root_cause = fields.String()
    action = fields.String()
    owner_id = fields.Integer(strict=True)
    due_date = fields.Date()


class ActionPatch(ActionWrite):
    lock_version = fields.Integer()


class ActionListArgs(PageArgs):
    scope = fields.String(load_default="open", validate=validate.OneOf(list(queries.ACTION_SCOPES)))


class CompleteBody(BaseSchema):
    evidence = fields.String(load_default="")


class VerifyBody(BaseSchema):
    effective = fields.Boolean(required=True)
    note = fields.String(load_default="")
    due_date = fields.Date(allow_none=True, metadata={"description": "new due date when reopened"})


class ReasonBody(BaseSchema):
    reason = fields.String(load_default="")


class PostponeBody(BaseSchema):
    due_date = fields.Date(required=True)
    reason = fields.String(load_default="")


class DecideBody(BaseSchema):
    approve = fields.Boolean(required=True)
    note = fields.String(load_default="")


class ReviewWrite(BaseSchema):
    title = fields.String()
    held_on = fields.Date()
    chair_id = fields.Integer(strict=True, allow_none=True)
    participant_ids = fields.List(fields.Integer(strict=True))
    other_participants = fields.String()
    minutes = fields.String()


class ReviewPatch(ReviewWrite):
    lock_version = fields.Integer()


class HoldBody(BaseSchema):
    minutes = fields.String(load_default="")


class DecisionBody(BaseSchema):
    action = fields.String()
    owner_id = fields.Integer(strict=True)
    due_date = fields.Date()


class YearArgs(BaseSchema):
    year = fields.Integer()


# --- helpers -------------------------------------------------------------------------------
