"""One organisation's report: the status, its paragraphs and the appendix rows, as JSON-ready data."""

import json

from ..accounts.models import Organisation
from .appendix import appendix_rows
from .compliance import Period, compliance_status
from .sentences import paragraphs


def build_report(organisation: Organisation, period: Period) -> dict:
    status = compliance_status(organisation, period)
    status["paragraphs"] = paragraphs(status)
    status["appendix_rows"] = appendix_rows(organisation.id, period, status)
    return status


def report_json(report: dict) -> str:
    """Canonical JSON: the same inputs give the same bytes."""
    return json.dumps(report, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
