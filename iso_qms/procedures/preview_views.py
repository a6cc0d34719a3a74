"""The live preview of a draft's text section: the same Markdown + nh3 rules as the revision page
and the print (core.markdown.render_markdown), answered as JSON for static/js/editor.js."""

from flask import jsonify, request
from flask_babel import gettext as _

from ..core.errors import ValidationFailed
from ..core.markdown import render_markdown
from ..core.permissions import roles_required
from .content import MAX_SECTION_LENGTH
from .permissions import EDITORS
from .revision_views import bp


@bp.route("/revisions/preview", methods=["POST"])
@roles_required(*EDITORS)
def preview():
    """{"text": "..."} → {"html": "..."}; nothing is stored."""
    payload = request.get_json(silent=True)
    text = payload.get("text") if isinstance(payload, dict) else request.form.get("text")
    if not isinstance(text, str):
        raise ValidationFailed(fields={"text": _("Send the text to preview.")})
    if len(text) > MAX_SECTION_LENGTH:
        raise ValidationFailed(
            fields={"text": _("A section holds at most %(n)s characters.", n=MAX_SECTION_LENGTH)}
        )
    return jsonify(html=str(render_markdown(text)))
