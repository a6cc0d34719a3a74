"""API: procedures, their revisions (draft → review → approval) and announcements (công bố).

Endpoints parse the body, load the object (404 for another organisation's), call an operation of
iso_qms/procedures and render; every rule and state change lives in the operations.
"""

from datetime import date
from functools import wraps

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import current_user

from ..api.common import PageArgs, api_blueprint, load_object, lock_version_from, page_of
from ..core.errors import NotFound, ValidationFailed
from ..core.pagination import paginate
from ..core.permissions import (
    get_readable,
    login_required,
    readable_org_ids,
    roles_required,
)
from ..core.text import nfc, search_clause
from ..core.timeutil import today
from ..extensions import db
from . import announcements as ann
from . import operations as ops
from . import queries
from .content import SECTION_KEYS
from .durations import Duration
from .models import (
    Announcement,
    LegalBasis,
    Procedure,
    ProcedureKind,
    Revision,
    RevisionStatus,
    SignatureMeaning,
    code_key,
)
from .operations.approval import check_signer_role
from .operations.register import code_taken_message
from .permissions import APPROVERS, EDITORS, REVIEWERS, SIGNERS
from .schemas import (
    AnnouncementCreateSchema,
    AnnouncementListArgs,
    AnnouncementSchema,
    AnnouncementSummarySchema,
    ApprovedRevisionSchema,
    ApproveSchema,
    AsOfArgs,
    DiffArgs,
    DiffSchema,
    DuplicateCode,
    HistoryRowSchema,
    ProcedureDetailSchema,
    ProcedureItemSchema,
    ProcedureListArgs,
    ProcedurePatchSchema,
    ProcedureWriteSchema,
    ReturnSchema,
    ReviewedRevisionSchema,
    ReviewSignSchema,
    RevisionPatchSchema,
    RevisionSchema,
    RevisionSummarySchema,
    RevisionWriteSchema,
    SubmitSchema,
    WithdrawSchema,
    _page,
    _Row,
)

blp = api_blueprint("api_procedures", "Procedures, revisions and announcements")


def loads(model, *, readable: bool = False):
    """The URL's `<name>_id` object, given to the view as `<name>` (procedure, revision ...)."""
    name = model.__name__.lower()
    return load_object(model, f"{name}_id", to=name, readable=readable)


def _organisation_id(args: dict) -> int:
    """The caller's organisation, or one they read (a supervisor's communes); 404 otherwise."""
    wanted = args.get("organisation_id")
    if wanted is None or wanted == current_user.organisation_id:
        return current_user.organisation_id
    if wanted not in readable_org_ids(current_user):
        raise NotFound()
    return wanted


def _detail(procedure: Procedure, on: date) -> _Row:
    return _Row(queries.register_rows([procedure], on)[0])


def _statutory(raw):
    """A Duration; an unreadable value goes through as it is, so that the operation names it
    together with the other bad fields."""
    if raw is None:
        return None
    try:
        return Duration.from_api(raw)
    except ValueError:
        return raw


def _procedure_data(body: dict) -> dict:
    keys = ("code", "title", "kind", "field", "tthc_code", "owner_unit", "review_interval_months")
    data = {key: body[key] for key in keys if key in body}
    if "statutory_time" in body:
        data["statutory"] = _statutory(body["statutory_time"])
    if "distribution" in body:
        data["distribution_units"] = body["distribution"]["units"]
        data["distribution_roles"] = body["distribution"]["roles"]
    return data


def _check_code_free(organisation_id: int, code, current: Procedure | None = None) -> None:
    code = nfc(code) if isinstance(code, str) else code
    if not code or (current is not None and code == current.code):
        return
    query = sa.select(Procedure.code).where(  # whatever the letter case (models.code_key)
        Procedure.organisation_id == organisation_id, Procedure.code_key == code_key(code)
    )
    if current is not None:
        query = query.where(Procedure.id != current.id)
    taken = db.session.scalar(query.limit(1))
    if taken:
        raise DuplicateCode(fields={"code": code_taken_message(taken)})


def _legal_bases(organisation_id: int, ids: list[int], errors: dict) -> list[LegalBasis]:
    bases = list(
        db.session.scalars(
            sa.select(LegalBasis).where(
                LegalBasis.organisation_id == organisation_id, LegalBasis.id.in_(ids)
            )
        )
    )
    if len(bases) != len(set(ids)):
        errors["legal_basis_ids"] = _(
            "Choose documents of your organisation's legal-basis register."
        )
    return bases


def _together(errors: dict, call):
    """Run an operation so that its field errors and the API's own come out in one answer; when
    only the API's remain, the error handler rolls back what the operation flushed."""
    try:
        result = call()
    except ValidationFailed as exc:
        raise ValidationFailed(fields={**errors, **exc.fields}) from None
    if errors:
        raise ValidationFailed(fields=errors)
    return result


def _previous_approved(revision: Revision) -> Revision | None:
    return db.session.scalar(
        sa.select(Revision)
        .where(
            Revision.procedure_id == revision.procedure_id,
            Revision.status == RevisionStatus.approved,
            Revision.number < revision.number,
        )
        .order_by(Revision.number.desc())
        .limit(1)
    )


# --- procedures ----------------------------------------------------------------------------


@blp.route("/procedures")
@login_required
@blp.arguments(ProcedureListArgs, location="query")
@blp.response(200, _page(ProcedureItemSchema))
def list_procedures(args):
    """The register: search without diacritics, filter by kind, field and status."""
    on = today()
    query = sa.select(Procedure).where(Procedure.organisation_id == _organisation_id(args))
    conditions = [search_clause(Procedure.search_key, args.get("q"))]
    if args.get("kind"):
        conditions.append(Procedure.kind == ProcedureKind(args["kind"]))
    if args.get("field"):
        conditions.append(Procedure.field == args["field"])
    if args.get("status"):
        status = queries.status_clause(args["status"], on)
        if status is None:
            raise ValidationFailed(
                fields={"status": _("Unknown status: %(status)s.", status=args["status"])}
            )
        conditions.append(status)
    query = query.where(*[c for c in conditions if c is not None])
    page = paginate(query.order_by(Procedure.code, Procedure.id), args["page"], args["per_page"])
    rows = queries.register_rows(page.items, on)
    return {"items": [_Row(row) for row in rows], "total": page.total, "page": page.page}


@blp.route("/procedures", methods=["POST"])
@roles_required(*EDITORS)
@blp.arguments(ProcedureWriteSchema)
@blp.response(201, ProcedureDetailSchema)
def create_procedure(body):
    """Add a document to the register; 409 duplicate code, 422 bad fields."""
    organisation_id = current_user.organisation_id
    _check_code_free(organisation_id, body.get("code"))
    errors: dict = {}
    bases = (
        _legal_bases(organisation_id, body["legal_basis_ids"], errors)
        if "legal_basis_ids" in body
        else None
    )

    def create():
        procedure = ops.create_procedure(organisation_id, current_user, _procedure_data(body))
        if bases is not None:
            ops.set_legal_bases(procedure, current_user, bases)
        return procedure

    return _detail(_together(errors, create), today())


@blp.route("/procedures/<int:procedure_id>")
@login_required
@loads(Procedure, readable=True)
@blp.arguments(AsOfArgs, location="query")
@blp.response(200, ProcedureDetailSchema)
def get_procedure(args, procedure):
    """The procedure with the revision in force on `as_of` (default today)."""
    return _detail(procedure, args.get("as_of") or today())


@blp.route("/procedures/<int:procedure_id>", methods=["PATCH"])
@roles_required(*EDITORS)
@loads(Procedure)
@blp.arguments(ProcedurePatchSchema)
@blp.response(200, ProcedureDetailSchema)
def patch_procedure(body, procedure):
    """Change the register entry; needs the lock_version read before."""
    version = lock_version_from(body)
    _check_code_free(procedure.organisation_id, body.get("code"), procedure)
    errors: dict = {}
    bases = (
        _legal_bases(procedure.organisation_id, body["legal_basis_ids"], errors)
        if "legal_basis_ids" in body
        else None
    )

    def update():
        ops.update_procedure(procedure, current_user, _procedure_data(body), lock_version=version)
        if bases is not None:
            ops.set_legal_bases(procedure, current_user, bases)
        return procedure

    return _detail(_together(errors, update), today())


@blp.route("/procedures/<int:procedure_id>/revisions")
@login_required
@loads(Procedure, readable=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(RevisionSummarySchema))
def list_revisions(args, procedure):
    """The procedure's revisions, newest first."""
    query = sa.select(Revision).where(Revision.procedure_id == procedure.id)
    return page_of(query.order_by(Revision.number.desc()), args, lambda revision: revision)


@blp.route("/procedures/<int:procedure_id>/history")
@login_required
@loads(Procedure, readable=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, _page(HistoryRowSchema))
def procedure_history(args, procedure):
    """The revision-history table (theo dõi sửa đổi), from the approved revisions."""
    rows = queries.history(procedure)
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": rows[start : start + args["per_page"]],
        "total": len(rows),
        "page": args["page"],
    }


@blp.route("/procedures/<int:procedure_id>/revisions", methods=["POST"])
@roles_required(*EDITORS)
@loads(Procedure)
@blp.arguments(RevisionWriteSchema)
@blp.response(201, RevisionSchema)
def create_revision(body, procedure):
    """Start a draft revision; 409 when one is already open."""
    return ops.create_revision(procedure, current_user, body)


@blp.route("/procedures/<int:procedure_id>/withdraw", methods=["POST"])
@roles_required(*APPROVERS)
@loads(Procedure)
@blp.arguments(WithdrawSchema)
@blp.response(200, ProcedureDetailSchema)
def withdraw_procedure(body, procedure):
    """Withdraw a procedure from a date, with the reason."""
    ops.withdraw_procedure(procedure, current_user, body["reason"], body.get("date"))
    return _detail(procedure, today())


# --- revisions -----------------------------------------------------------------------------


@blp.route("/revisions/<int:revision_id>")
@login_required
@loads(Revision, readable=True)
@blp.response(200, RevisionSchema)
def get_revision(revision):
    """A revision with its content, steps, step total and signatures."""
    return revision


@blp.route("/revisions/<int:revision_id>", methods=["PATCH"])
@roles_required(*EDITORS)
@loads(Revision)
@blp.arguments(RevisionPatchSchema)
@blp.response(200, RevisionSchema)
def patch_revision(body, revision):
    """Edit a draft; 409 when it is not a draft or the lock_version is stale."""
    version = lock_version_from(body)
    changes = {key: value for key, value in body.items() if key != "lock_version"}
    return ops.update_revision(revision, current_user, changes, lock_version=version)


@blp.route("/revisions/<int:revision_id>/submit", methods=["POST"])
@roles_required(*EDITORS)
@loads(Revision)
@blp.arguments(SubmitSchema, required=False)
@blp.response(200, RevisionSchema)
def submit_revision(body, revision):
    """Draft → in review, signed by the author (an e-signature with `password`); 422 when a
    TTHC's steps exceed its statutory time; 403 a wrong password."""
    return ops.submit_revision(revision, current_user, (body or {}).get("password"))


@blp.route("/revisions/<int:revision_id>/return", methods=["POST"])
@roles_required(*REVIEWERS)
@loads(Revision)
@blp.arguments(ReturnSchema)
@blp.response(200, RevisionSchema)
def return_revision(body, revision):
    """In review → draft, with the reviewer's comment."""
    return ops.return_revision(revision, current_user, body["comment"])


def signer_of(meaning: SignatureMeaning):
    """403 before the body is read when the caller's roles are not the chain's for this step (on
    a revision in review: once it is signed, any signer is told 409, whatever the body)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            revision = kwargs["revision"]
            if revision.status is RevisionStatus.in_review:
                check_signer_role(revision, current_user, meaning)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _locked(revision: Revision) -> Revision:
    locked = ops.lock_for_approval(revision.id)
    if locked is None or locked.organisation_id != current_user.organisation_id:
        raise NotFound()
    return locked


@blp.route("/revisions/<int:revision_id>/review", methods=["POST"])
@roles_required(*SIGNERS)
@loads(Revision)
@signer_of(SignatureMeaning.reviewed)
@blp.arguments(ReviewSignSchema)
@blp.response(200, ReviewedRevisionSchema)
def review_revision(body, revision):
    """The review (xem xét), signed with the password of the reviewer the organisation's signing
    chain names; 403 author, another role or wrong password; 409 not in review or reviewed."""
    locked = _locked(revision)
    ops.review_revision(locked, current_user, body["password"])
    db.session.expire(locked, ["signatures"])
    return locked


@blp.route("/revisions/<int:revision_id>/approve", methods=["POST"])
@roles_required(*SIGNERS)
@loads(Revision)
@signer_of(SignatureMeaning.approved)
@blp.arguments(ApproveSchema)
@blp.response(200, ApprovedRevisionSchema)
def approve_revision(body, revision):
    """In review → approved, signed with the password of the approver the organisation's signing
    chain names (the QMR by default; the head where the chain says so); 409 not in review, or
    waiting for the review the chain requires."""
    locked = _locked(revision)
    ops.approve_revision(locked, current_user, body["password"], body.get("effective_date"))
    db.session.expire(locked, ["approved_by"])  # the operation sets approved_by_id only
    return locked


@blp.route("/revisions/<int:revision_id>/diff")
@login_required
@loads(Revision, readable=True)
@blp.arguments(DiffArgs, location="query")
@blp.response(200, DiffSchema)
def revision_diff(args, revision):
    """Changed sections and steps against another revision of the same procedure."""
    if "against" in args:
        old = get_readable(Revision, args["against"])
        if old.procedure_id != revision.procedure_id:
            raise NotFound()
    else:
        old = _previous_approved(revision)
    result = queries.diff_as_json(queries.compare(old, revision, SECTION_KEYS))
    return {"revision_id": revision.id, "against_id": old.id if old else None, **result}


# --- announcements -------------------------------------------------------------------------


@blp.route("/announcements")
@login_required
@blp.arguments(AnnouncementListArgs, location="query")
@blp.response(200, _page(AnnouncementSummarySchema))
def list_announcements(args):
    """Announcements (công bố), newest first."""
    query = sa.select(Announcement).where(Announcement.organisation_id == _organisation_id(args))
    return page_of(query.order_by(Announcement.ordinal.desc()), args, lambda item: item)


@blp.route("/announcements/<int:announcement_id>")
@login_required
@loads(Announcement, readable=True)
@blp.response(200, AnnouncementSchema)
def get_announcement(announcement):
    """An announcement with its frozen scope and what changed since the previous one."""
    return announcement


@blp.route("/announcements", methods=["POST"])
@roles_required(*APPROVERS)
@blp.arguments(AnnouncementCreateSchema)
@blp.response(201, AnnouncementSchema)
def create_announcement(body):
    """Record a công bố; its scope is frozen from what is in force on the decision date."""
    data = {key: value for key, value in body.items() if key != "procedure_ids"}
    announcement = ann.create_announcement(
        current_user.organisation_id, current_user, data, body.get("procedure_ids")
    )
    db.session.expire(announcement, ["items"])  # read the scope back in its stored order
    return announcement


# The organisation's signing chain: its endpoints are on this blueprint too.
from . import signing_chain_api  # noqa: E402, F401
