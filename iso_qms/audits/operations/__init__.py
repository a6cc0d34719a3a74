"""State changes of inspections and audits. Each checks its rule, writes the audit entry, flushes.

Split by concept; import them from here: `from iso_qms.audits import operations as ops`.
"""

from .actions import (
    cancel_action,
    complete_action,
    create_action,
    decide_postponement,
    request_postponement,
    start_action,
    update_action,
    verify_action,
)
from .checklists import (
    add_checklist_line,
    add_line_evidence,
    adopt_default_templates,
    create_template,
    generate_checklist,
    record_line_result,
    remove_checklist_line,
    update_checklist_line,
    update_template,
)
from .findings import (
    add_finding_evidence,
    close_finding,
    open_revision_from_finding,
    raise_finding_from_line,
    record_finding,
    update_finding,
)
from .reviews import add_review_decision, create_review, hold_review, update_review
from .round_reports import accept_report, close_round, report_round, start_round
from .rounds import WrongPassword, clone_round, create_round, update_round

__all__ = [
    "WrongPassword",
    "accept_report",
    "add_checklist_line",
    "add_finding_evidence",
    "add_line_evidence",
    "add_review_decision",
    "adopt_default_templates",
    "cancel_action",
    "clone_round",
    "close_finding",
    "close_round",
    "complete_action",
    "create_action",
    "create_review",
    "create_round",
    "create_template",
    "decide_postponement",
    "generate_checklist",
    "hold_review",
    "open_revision_from_finding",
    "raise_finding_from_line",
    "record_finding",
    "record_line_result",
    "remove_checklist_line",
    "report_round",
    "request_postponement",
    "start_action",
    "start_round",
    "update_action",
    "update_checklist_line",
    "update_finding",
    "update_review",
    "update_round",
    "update_template",
    "verify_action",
]
