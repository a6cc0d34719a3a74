"""Models of inspections and audits, one module per concept."""

from .findings import (
    ACTION_STATUS_LABELS,
    FINDING_STATUS_LABELS,
    FINDING_TYPE_LABELS,
    OPEN_ACTION_STATUSES,
    POSTPONEMENT_LABELS,
    ActionStatus,
    ActionVerification,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FindingType,
    Postponement,
    PostponementStatus,
)
from .reviews import REVIEW_STATUS_LABELS, ManagementReview, ReviewStatus, review_participants
from .rounds import (
    KIND_LABELS,
    RESULT_LABELS,
    STATUS_LABELS,
    TEAM_ROLE_LABELS,
    TEMPLATE_KIND_LABELS,
    ChecklistLine,
    ChecklistTemplate,
    EvidenceFile,
    LineResult,
    Round,
    RoundKind,
    RoundMember,
    RoundStatus,
    TeamRole,
    TemplateKind,
    round_procedures,
)

__all__ = [
    "ACTION_STATUS_LABELS", "FINDING_STATUS_LABELS", "FINDING_TYPE_LABELS", "KIND_LABELS",
    "OPEN_ACTION_STATUSES", "POSTPONEMENT_LABELS", "RESULT_LABELS", "REVIEW_STATUS_LABELS",
    "STATUS_LABELS", "TEAM_ROLE_LABELS", "TEMPLATE_KIND_LABELS", "ActionStatus",
    "ActionVerification", "ChecklistLine", "ChecklistTemplate", "CorrectiveAction", "EvidenceFile",
    "Finding", "FindingStatus", "FindingType", "LineResult", "ManagementReview", "Postponement",
    "PostponementStatus", "ReviewStatus", "Round", "RoundKind", "RoundMember", "RoundStatus",
    "TeamRole", "TemplateKind", "review_participants", "round_procedures",
]
