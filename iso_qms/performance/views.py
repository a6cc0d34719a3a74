"""The process performance page (/performance): the figures of an organisation for a period as of
a date, grouped by procedure, field or month, the monthly trend charts, and the nonconforming
outputs (8.7) with their apology letters."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Organisation
from ..core.errors import ValidationFailed
from ..core.org_picker import picked_org_id, readable_organisations
from ..core.permissions import roles_required
from ..extensions import db
from ..reports.periods import PRESETS, period_from_args
from . import charts, figures
from .permissions_figures import FIGURE_READERS

bp = Blueprint("performance", __name__, url_prefix="/performance")


def group_from(value: str | None) -> str:
    """?group= procedure (default), field or month; anything else is a 422 with a message."""
    group = (value or "procedure").strip()
    if group not in figures.GROUPS:
        message = _("Group by procedure, field or month.")
        raise ValidationFailed(message, fields={"group": message})
    return group


def trend_charts(org_id: int, period) -> list:
    """Received per month (bars) and the on-time rate per month (a line)."""
    months = figures.performance(org_id, period, "month")["rows"]
    if not months:
        return []
    labels = [row["label"] for row in months]
    return [
        charts.bar_chart(
            _("Dossiers received per month"),
            labels,
            [row["received"] for row in months],
            x_title=_("Month"),
            y_title=_("Dossiers"),
        ),
        charts.line_chart(
            _("Dossiers resolved early or on time, per month"),
            labels,
            [row["on_time_percent"] for row in months],
            x_title=_("Month"),
            y_title=_("On time (%)"),
        ),
    ]


@bp.route("/")
@roles_required(*FIGURE_READERS)
def performance_page():
    org = db.session.get(Organisation, picked_org_id(current_user))
    errors, result, period, group, listed, trend = {}, None, None, "procedure", [], []
    try:
        group = group_from(request.args.get("group"))
        period = period_from_args(request.args)
    except ValidationFailed as exc:
        errors = exc.fields
    else:
        result = figures.performance(org.id, period, group)
        listed = figures.nonconforming_outputs(org.id, period)
        trend = trend_charts(org.id, period)
    return render_template(
        "performance/performance.html",
        org=org,
        orgs=readable_organisations(current_user),
        period=period,
        result=result,
        group=group,
        groups=figures.GROUPS,
        listed=listed,
        max_listed=figures.MAX_LISTED,
        charts=trend,
        errors=errors,
        args=request.args,
        presets=PRESETS,
    ), (422 if errors else 200)
