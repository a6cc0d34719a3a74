"""HTML routes of acknowledgement: my tasks, reading and confirming, coverage, the matrix export."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.forms import EmptyForm
from ..accounts.models import Organisation, Role, User
from ..core.errors import DomainError, PermissionDenied
from ..core.org_picker import picked_org_id, picker
from ..core.pagination import paginate
from ..core.permissions import get_readable, roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, flash_failure
from ..extensions import db
from ..procedures.content import sections_for
from ..procedures.models import Revision
from . import operations as ops
from . import permissions as rules
from . import queries
from .models import AckStatus
from .permissions import COVERAGE_READERS

bp = Blueprint("acknowledgements", __name__)


@bp.route("/my/tasks")
@roles_required()
def my_tasks():
    ops.sync_organisation(current_user.organisation_id)
    status = request.args.get("status", "open")
    tasks = queries.my_tasks(current_user, today(), status)
    return render_template(
        "acknowledgements/my_tasks.html", tasks=tasks, status=status, today=today()
    )


@bp.route("/acknowledgements/<int:task_id>", methods=["GET", "POST"])
@roles_required()
def task(task_id: int):
    ops.sync_organisation(current_user.organisation_id)
    item = ops.get_task(task_id, current_user.organisation_id)
    if item.user_id != current_user.id:
        raise PermissionDenied(_("You can only open your own reading tasks."))
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        confirmed = flash_failure(
            lambda: ops.confirm_acknowledgement(item, current_user), DomainError
        )
        if confirmed is not FAILED:
            flash(
                _(
                    "Thank you: your reading of %(code)s was recorded.",
                    code=item.revision.procedure.code,
                ),
                "success",
            )
            return redirect(url_for("acknowledgements.my_tasks"))
    revision = item.revision
    return render_template(
        "acknowledgements/task.html",
        item=item,
        revision=revision,
        procedure=revision.procedure,
        sections=sections_for(revision.procedure.is_tthc),
        form=form,
        today=today(),
    )


@bp.route("/revisions/<int:revision_id>/acknowledgements")
@roles_required(*COVERAGE_READERS, Role.supervisor)
def revision_coverage(revision_id: int):
    revision = get_readable(Revision, revision_id)
    ops.sync_organisation(revision.organisation_id)
    result = queries.revision_coverage(revision, today())
    return render_template("acknowledgements/revision.html", revision=revision, result=result)


def _coverage_query(args, org_id: int):
    query = sa.select(User).where(User.organisation_id == org_id, User.active.is_(True))
    if args.get("unit"):
        query = query.where(User.unit == args["unit"])
    status = args.get("status")
    if status in ("open", "overdue", "complete"):
        from .models import Acknowledgement

        pending = sa.select(Acknowledgement.user_id).where(
            Acknowledgement.organisation_id == org_id,
            Acknowledgement.status == AckStatus.pending,
            *([Acknowledgement.due_on < today()] if status == "overdue" else []),
        )
        query = query.where(
            User.id.not_in(pending) if status == "complete" else User.id.in_(pending)
        )
    return query.order_by(User.full_name, User.id)


@bp.route("/acknowledgements/coverage")
@roles_required(*COVERAGE_READERS, Role.supervisor)
def coverage():
    org_id = picked_org_id()
    ops.sync_organisation(org_id)
    on = today()
    page = paginate(_coverage_query(request.args, org_id))
    current, cells = queries.matrix(org_id, on, page.items)
    units = db.session.scalars(
        sa.select(User.unit)
        .distinct()
        .where(User.organisation_id == org_id, User.unit != "")
        .order_by(User.unit)
    ).all()
    return render_template(
        "acknowledgements/coverage.html",
        page=page,
        current=current,
        cells=cells,
        summary=queries.coverage(org_id, on),
        units=units,
        args=request.args,
        today=on,
        **picker(),
    )


@bp.route("/acknowledgements/coverage.xlsx")
@roles_required(*COVERAGE_READERS, Role.supervisor)
def coverage_xlsx():
    from ..core.files import export_name, send_export
    from ..core.spreadsheets import Column, xlsx_table

    org_id = picked_org_id()

    ops.sync_organisation(org_id)
    on = today()
    people = db.session.scalars(_coverage_query(request.args, org_id)).all()
    current, cells = queries.matrix(org_id, on, people)
    labels = {
        "done": "Đã đọc",
        "carried": "Đã đọc (chuyển tiếp)",
        "pending": "Chưa đọc",
        "overdue": "Quá hạn",
    }
    columns = [Column("Họ và tên"), Column("Chức vụ"), Column("Bộ phận")]
    columns += [Column(f"{r.procedure.code} (lần {r.number:02d})", width=12) for r in current]
    rows = []
    for person in people:
        row = [person.full_name, person.position, person.unit]
        for revision in current:
            cell = cells.get((person.id, revision.procedure_id))
            row.append(labels[cell.status] if cell else "—")
        rows.append(row)
    name = db.session.get(Organisation, org_id).name
    data = xlsx_table(
        columns,
        rows,
        sheet_name="Ma tran xac nhan",
        title=f"Ma trận xác nhận đã đọc và hiểu — {name} — ngày {on.strftime('%d/%m/%Y')}",
        freeze_columns=1,
    )
    filename = export_name("Ma trận xác nhận đã đọc", name, f"{on:%Y%m%d}", extension="xlsx")
    return send_export(data, filename)


def home_panel(user):
    """Staff see their open tasks; the QMR (and secretary, head) also see coverage and who is late."""
    ops.sync_organisation(user.organisation_id)
    on = today()
    tasks = queries.my_tasks(user, on)[:8]
    summary = queries.coverage(user.organisation_id, on) if rules.can_read_coverage(user) else None
    return "acknowledgements/_home_panel.html", {"tasks": tasks, "coverage": summary, "today": on}
