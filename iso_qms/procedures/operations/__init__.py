"""State changes of document control. Each checks its rule, writes the audit entry and flushes.

Split by concept; import them from here: `from iso_qms.procedures import operations as ops`.
"""

from .approval import (
    WrongPassword,
    _check_signer,
    approve_revision,
    lock_for_approval,
    return_revision,
    review_revision,
    submit_revision,
)
from .legal_bases import LEGAL_FIELDS, create_legal_basis, mark_superseded, update_legal_basis
from .periodic_review import record_periodic_review
from .register import (
    PROCEDURE_FIELDS,
    create_procedure,
    set_legal_bases,
    update_procedure,
    withdraw_procedure,
)
from .revisions import create_revision, open_revision_of, update_revision

__all__ = [
    "LEGAL_FIELDS",
    "PROCEDURE_FIELDS",
    "WrongPassword",
    "_check_signer",
    "approve_revision",
    "create_legal_basis",
    "create_procedure",
    "create_revision",
    "lock_for_approval",
    "mark_superseded",
    "open_revision_of",
    "record_periodic_review",
    "return_revision",
    "review_revision",
    "set_legal_bases",
    "submit_revision",
    "update_legal_basis",
    "update_procedure",
    "update_revision",
    "withdraw_procedure",
]
