"""API: the organisation's signing chain (who reviews, who approves), on the procedures blueprint."""

from flask_login import current_user

from ..accounts.models import Role
from ..core.permissions import login_required, roles_required
from .api import _organisation_id, blp
from .schemas import SigningChainArgs, SigningChainSchema, SigningChainWriteSchema
from .signing_chain import chain_for, set_signing_chain


@blp.route("/signing-chain")
@login_required
@blp.arguments(SigningChainArgs, location="query")
@blp.response(200, SigningChainSchema)
def get_signing_chain(args):
    """Who drafts, who reviews (xem xét) and who approves (phê duyệt) revisions, by role."""
    return chain_for(_organisation_id(args))


@blp.route("/signing-chain", methods=["PUT"])
@roles_required(Role.admin)
@blp.arguments(SigningChainWriteSchema)
@blp.response(200, SigningChainSchema)
def put_signing_chain(body):
    """Set the chain (the organisation's administrator; audited): `review_role`, `approve_role`
    (`qmr` or `head`), `review_required`; 409 stale `lock_version`, 422 a role nobody holds."""
    data = {key: body[key] for key in ("review_role", "review_required", "approve_role")}
    return set_signing_chain(
        current_user.organisation_id, current_user, data, body.get("lock_version")
    )
