"""One organisation's report: the status, its paragraphs and the appendix rows, as JSON-ready data."""

import json

from ..accounts.models import Organisation
from .appendix import appendix_section
from .compliance import Period, compliance_status
from .sentences import paragraphs
from .tree_rows import formation, header_then, parent_name_then, reorganised_ids


def build_report(organisation: Organisation, period: Period) -> dict:
    status = compliance_status(organisation, period)
    # the header as the tree stood on the as-of date (issue 15): the same for an unchanged tree
    name, reorganised = header_then(organisation.id, period.as_of)
    status["organisation"]["name"] = name or organisation.name
    _flag_not_yet_announced(status, reorganised)
    if reorganised:  # only then: an unchanged tree's report keeps its bytes
        status["formed_by"] = formation(organisation.id, period.as_of)
    status["paragraphs"] = paragraphs(status)
    # the PAR criteria set of the period's year that the appendix uses (publisher, version)
    status["criteria_set"], status["appendix_rows"] = appendix_section(
        organisation.id, period, status
    )
    return status


def _flag_not_yet_announced(status: dict, reorganised: bool) -> None:
    """An organisation made by a reorganisation (predecessors by the as-of date) with no
    announcement of its own then: `not_yet_announced` true. The key is there only for such
    organisations (an unchanged tree's report keeps its bytes); the predecessors' announcements
    stay theirs and do not count."""
    if reorganised:
        status["not_yet_announced"] = status["announcement"] is None


def mark_not_yet_announced(status: dict, organisation_id: int, period: Period) -> None:
    """The same flag for a status computed without the report (the home page's panel)."""
    reorganised = organisation_id in reorganised_ids([organisation_id], period.as_of)
    _flag_not_yet_announced(status, reorganised)


def parent_name_on(organisation: Organisation, period: Period) -> str:
    """The name of the level above as the tree stood on the as-of date ("" at the top)."""
    name = parent_name_then(organisation.id, period.as_of)
    if name is None and organisation.parent is not None:  # no period with a parent then
        name = organisation.parent.name
    return name or ""


def report_json(report: dict) -> str:
    """Canonical JSON: the same inputs give the same bytes."""
    return json.dumps(report, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
