"""API: the carry-over of a successor's QMS (issue 15, item 5), on the reorganisations blueprint:
the predecessors' procedures side by side, and adopting one."""

from functools import wraps

from flask_login import current_user
from marshmallow import fields, validate

from ..accounts.models import Organisation
from ..accounts.tree import readable_org_ids
from ..api.common import BaseSchema
from ..core.errors import NotFound
from ..core.permissions import login_required, roles_required
from ..extensions import db
from ..procedures.models import Procedure
from ..procedures.operations import open_revision_of
from ..procedures.permissions import EDITORS
from ..procedures.schemas import ProcedureSchema, RevisionSchema
from .adopt import adopt_procedure, provenance_of
from .api import blp
from .carry_over import COMPARED, carry_over


class RevisionOnLastDaySchema(BaseSchema):
    id = fields.Integer()
    number = fields.Integer()
    effective_date = fields.Date(allow_none=True)


class StepRowSchema(BaseSchema):
    title = fields.String()
    responsible = fields.String()
    minutes = fields.Integer(allow_none=True, metadata={"description": "working minutes"})
    #: Not the same (work, who, time) at this place in every predecessor's step table.
    differs = fields.Boolean()


class StepsSchema(BaseSchema):
    count = fields.Integer()
    total = fields.Dict(allow_none=True)  #: {"value", "unit"} as a statutory time is written
    rows = fields.List(fields.Nested(StepRowSchema))


class FormRowSchema(BaseSchema):
    code = fields.String()
    name = fields.String()


class PredecessorProcedureSchema(BaseSchema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    organisation = fields.String()
    code = fields.String()
    #: The code adopting it would give in the successor (its scheme: this code if free there,
    #: else the next number of the series).
    suggested_code = fields.String()
    title = fields.String()
    kind = fields.String()
    tthc_code = fields.String()
    statutory_time = fields.Dict(allow_none=True)
    steps = fields.Nested(StepsSchema)
    forms = fields.List(fields.Nested(FormRowSchema))
    legal_bases = fields.List(fields.String())
    revision = fields.Nested(RevisionOnLastDaySchema, allow_none=True)


class AdoptedSchema(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    title = fields.String()
    adopted_from_id = fields.Integer(allow_none=True)
    written_new = fields.Boolean()


class CarryOverGroupSchema(BaseSchema):
    key = fields.String()
    tthc_code = fields.String()
    title = fields.String()
    procedures = fields.List(fields.Nested(PredecessorProcedureSchema))
    differs = fields.List(fields.String(validate=validate.OneOf(COMPARED)))
    adopted = fields.Nested(AdoptedSchema, allow_none=True)


class PredecessorSchema(BaseSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    valid_to = fields.Date(allow_none=True)


class TotalsSchema(BaseSchema):
    groups = fields.Integer()
    adopted = fields.Integer()
    not_adopted = fields.Integer()


class CarryOverSchema(BaseSchema):
    organisation_id = fields.Integer()
    predecessors = fields.List(fields.Nested(PredecessorSchema))
    groups = fields.List(fields.Nested(CarryOverGroupSchema))
    totals = fields.Nested(TotalsSchema)


class AdoptSchema(BaseSchema):
    procedure_id = fields.Integer(required=True, strict=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ProvenanceSchema(BaseSchema):
    procedure_id = fields.Integer()
    code = fields.String()
    organisation_id = fields.Integer()
    organisation = fields.String()
    revision_number = fields.Integer(allow_none=True)


class AdoptedProcedureSchema(ProcedureSchema):
    draft = fields.Nested(RevisionSchema)
    provenance = fields.Nested(ProvenanceSchema)


def _readable_organisation(organisation_id: int) -> Organisation:
    """The organisation when the caller reads it (their own, or one below a supervisor)."""
    org = db.session.get(Organisation, organisation_id)
    if org is None or org.id not in readable_org_ids(current_user):
        raise NotFound()
    return org


def loads_organisation(view):
    """The URL's organisation, read before the body: another organisation's id is 404 whatever
    the body says (as load_object does for the other objects)."""

    @wraps(view)
    def wrapped(*args, organisation_id: int, **kwargs):
        return view(*args, organisation=_readable_organisation(organisation_id), **kwargs)

    return wrapped


@blp.route("/organisations/<int:organisation_id>/carry-over")
@login_required
@loads_organisation
@blp.response(200, CarryOverSchema)
def get_carry_over(organisation: Organisation):
    """For a successor: per TTHC code (a procedure without one: by its title), the
    predecessors' procedures side by side with the issue in force on each predecessor's last
    day, what differs (`statutory_time`, `steps`, `forms`, `legal_bases`), the successor's
    procedure adopted from one of them or written new, and the totals."""
    return carry_over(organisation.id)


@blp.route("/organisations/<int:organisation_id>/adopt", methods=["POST"])
@roles_required(*EDITORS)
@loads_organisation
@blp.arguments(AdoptSchema)
@blp.response(201, AdoptedProcedureSchema)
def adopt(body, organisation: Organisation):
    """Adopt a predecessor's procedure (`procedure_id`) as a new procedure of the successor with
    the new `code`: lần 01 as a draft carrying its content, its legal bases merged, its
    provenance kept. 404 not a predecessor's procedure; 422 a taken code or already adopted."""
    successor = organisation
    source = db.session.get(Procedure, body["procedure_id"])
    if source is None:
        raise NotFound()
    procedure = adopt_procedure(successor, source, body["code"], current_user)
    procedure.draft = open_revision_of(procedure)
    procedure.provenance = provenance_of(procedure)
    return procedure
