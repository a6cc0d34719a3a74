"""API: the PAR criteria sets by year and publisher, import of a year's set, publishing, new
versions (on the report feed's blueprint)."""

from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields

from ..accounts.models import Role
from ..api.common import BaseSchema
from ..core.errors import ValidationFailed
from ..core.permissions import get_own, roles_required
from ..core.timeutil import MAX_YEAR, today
from . import appendix
from . import criteria_sets as sets
from .api import blp
from .criteria_views import readable_set
from .models import ParCriteriaSet
from .permissions import READERS


class SetArgs(BaseSchema):
    year = fields.Integer(metadata={"description": "only the sets of this year"})


class ImportFiles(BaseSchema):
    file = Upload(required=True)


class CriteriaImportForm(BaseSchema):
    year = fields.Integer(required=True, metadata={"description": "the year of the set"})
    name = fields.String(load_default="")
    basis = fields.String(load_default="", metadata={"description": "the issuing document"})
    publish = fields.Boolean(load_default=True)


class LockArgs(BaseSchema):
    lock_version = fields.Integer()


def set_json(criteria_set: ParCriteriaSet, in_use_ids: set[int], criteria=None) -> dict:
    data = {
        **sets.summary(criteria_set, criteria_set.year),
        "status": criteria_set.status.value,
        "published_at": criteria_set.published_at.isoformat()
        if criteria_set.published_at
        else None,
        "in_use": criteria_set.id in in_use_ids,
        "lock_version": criteria_set.lock_version,
    }
    if criteria is not None:
        data["criteria"] = [
            {
                "id": c.id,
                "tt": c.code,
                "group": c.group,
                "criterion": c.text,
                "expected_output": c.expected_output,
                "reporting_body": c.reporting_body,
                "metric": c.metric or None,
                "active": c.active,
            }
            for c in criteria
        ]
    return data


def _in_use(org_id: int, years) -> set[int]:
    """The sets the organisation's reports of these years use as of today."""
    chosen = (sets.set_for(org_id, year, today()) for year in sorted(set(years)))
    return {s.id for s in chosen if s is not None}


@blp.route("/criteria-sets")
@roles_required(*READERS)
@blp.arguments(SetArgs, location="query")
@blp.response(200)
def criteria_sets(args):
    """The caller's organisation's sets and the published sets above it, newest year first;
    `in_use` marks the set its reports of that year use today."""
    org_id = current_user.organisation_id
    found = sets.sets_in_reach(org_id)
    if args.get("year") is not None:
        found = [s for s in found if s.year == args["year"]]
    in_use = _in_use(org_id, [s.year for s in found])
    return {"items": [set_json(s, in_use) for s in found], "total": len(found), "page": 1}


@blp.route("/criteria-sets/<int:set_id>")
@roles_required(*READERS)
@blp.response(200)
def criteria_set(set_id):
    """One set (own, or published above the caller) with its criteria."""
    org_id = current_user.organisation_id
    found = readable_set(set_id, org_id)
    in_use = _in_use(org_id, [found.year])
    return set_json(found, in_use, sets.criteria_in(found, active_only=False))


@blp.route("/criteria-sets/import", methods=["POST"])
@roles_required(Role.admin)
@blp.arguments(ImportFiles, location="files")
@blp.arguments(CriteriaImportForm, location="form")
@blp.response(201)
def import_set(files, form):
    """A year's set from .xlsx, all rows or none: a new version (or the year's draft), published
    at once unless `publish` is false; a published version and other years never change."""
    if not 2000 <= form["year"] <= MAX_YEAR:
        raise ValidationFailed(fields={"year": [str(appendix.year_message())]})
    result = appendix.import_criteria(
        current_user.organisation_id,
        form["name"] or f"{current_user.organisation.name} {form['year']}",
        files["file"].read(),
        current_user,
        year=form["year"],
        publish=form["publish"],
        basis=form["basis"],
    )
    target = result.criteria_set
    data = set_json(target, _in_use(target.organisation_id, [target.year]))
    data |= {"created": result.created, "updated": result.updated, "removed": result.removed}
    return data


@blp.route("/criteria-sets/<int:set_id>/publish", methods=["POST"])
@roles_required(Role.admin)
@blp.arguments(LockArgs)
@blp.response(200)
def publish(args, set_id):
    """Publish a draft: frozen from now on; reports as of today or later use it."""
    found = get_own(ParCriteriaSet, set_id)
    sets.publish_set(found, current_user, args.get("lock_version"))
    return set_json(found, _in_use(found.organisation_id, [found.year]))


@blp.route("/criteria-sets/<int:set_id>/versions", methods=["POST"])
@roles_required(Role.admin)
@blp.response(201)
def new_version(set_id):
    """A draft copy of a published set, the next version of its year (the year's draft if any)."""
    found = get_own(ParCriteriaSet, set_id)
    draft = sets.new_version(found, current_user)
    return set_json(draft, set(), sets.criteria_in(draft, active_only=False))
