"""The organisations page of an administrator (issue 15): the tree as of a date (names then; the
ended ones greyed with their dates and successors; changes registered for a later day), the
reorganisations registered, and the form that registers one change through the operation."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import Organisation, OrgLevel, Role
from ..accounts.org_history import OrganisationPeriod, Reorganisation, ReorganisationLink, ReorgKind
from ..accounts.tree import descendant_ids, ever_below, links_of, names_of, periods_on
from ..core import permissions
from ..core.i18n import format_date
from ..core.navigation import ADMINISTRATION, menu_entry
from ..core.params import arg_date
from ..core.permissions import roles_required
from ..core.timeutil import today
from ..core.view_helpers import FAILED, form_status, run
from ..extensions import db
from .forms import OPEN_WORK_LABELS, ReorganisationForm
from .operations import NewOrganisation, reorganise

bp = Blueprint("reorganisations", __name__)

#: Registered at import (the navigation registry is a plain list read when the menu is drawn).
menu_entry(
    815, _l("Organisations"), "reorganisations.organisations", permissions.can_manage_users,
    ADMINISTRATION,
)  # fmt: skip

#: The most reorganisations listed on the page (a province's reform is a few hundred at most).
LISTED = 300

#: Which form field a refusal of the operation's `target` belongs on, by kind.
TARGET_FIELD = {
    ReorgKind.merge_new: "new_code",
    ReorgKind.rename: "rename_to",
    ReorgKind.merge_into: "target_id",
    ReorgKind.move: "target_id",
    ReorgKind.end_level: "target_id",
}


def _choices(root_id: int) -> list[tuple[int, str]]:
    """The admin's organisation and those below it today, with their names today, by name."""
    now = today()
    tree = periods_on(now)
    ids = {root_id} | descendant_ids(root_id, now)
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.code, tree.c.name)
        .join(tree, tree.c.organisation_id == Organisation.id)
        .where(Organisation.id.in_(ids))
        .order_by(tree.c.name, Organisation.id)
    ).all()
    return [(row.id, f"{row.name} ({row.code})") for row in rows]


def tree_as_of(root_id: int, on: date) -> list[dict]:
    """The tree below (and with) `root_id` in force on `on`, depth first, each with its name then,
    its last day and successors, and the day of its next registered change; fixed queries."""
    tree = periods_on(on)
    ids = {root_id} | descendant_ids(root_id, on)
    rows = db.session.execute(
        sa.select(Organisation, tree.c.parent_id, tree.c.name)
        .join(tree, tree.c.organisation_id == Organisation.id)
        .where(Organisation.id.in_(ids))
        .order_by(tree.c.name, Organisation.id)
    ).all()
    P = OrganisationPeriod
    later = dict(
        db.session.execute(
            sa.select(P.organisation_id, sa.func.min(P.valid_from))
            .where(P.organisation_id.in_(ids), P.valid_from > on)
            .group_by(P.organisation_id)
        ).all()
    )
    successors = links_of(list(ids))["successors"]
    names = names_of({i for found in successors.values() for i in found})
    below: dict = {}
    for org, parent_id, name in rows:
        below.setdefault(parent_id, []).append((org, name))
    out: list[dict] = []
    seen: set[int] = set()

    def walk(org, name, depth):
        seen.add(org.id)
        out.append({
            "org": org, "name": name, "depth": depth, "next_change": later.get(org.id),
            "ended": org.valid_to is not None and org.valid_to < on,
            "successors": [names[i] for i in successors.get(org.id, []) if i in names],
        })  # fmt: skip
        for child, child_name in below.get(org.id, []):
            if child.id not in seen:  # a malformed history never loops
                walk(child, child_name, depth + 1)

    for org, _parent, name in rows:
        if org.id == root_id:
            walk(org, name, 0)
    return out


def archives(root_id: int, on: date) -> list[dict]:
    """The organisations that were below `root_id` and had ended by `on`: dates, successors."""
    ever = {org_id for org_id, _lo, _hi in ever_below(root_id)}
    if not ever:
        return []
    ended = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.in_(ever), Organisation.valid_to < on)
        .order_by(Organisation.valid_to.desc(), Organisation.name)
    ).all()
    successors = links_of([o.id for o in ended])["successors"]
    names = names_of({i for found in successors.values() for i in found})
    return [
        {"org": o, "successors": [names[i] for i in successors.get(o.id, []) if i in names]}
        for o in ended
    ]


def registered(root_id: int) -> list[dict]:
    """The reorganisations that touched the admin's organisation or any ever below it, latest
    first, each with its sources and successors (names; a rename's old → new); fixed queries."""
    reach = {root_id} | {org_id for org_id, _lo, _hi in ever_below(root_id)}
    L = ReorganisationLink
    touching = sa.select(L.reorganisation_id).where(
        sa.or_(L.predecessor_id.in_(reach), L.successor_id.in_(reach))
    )
    reorgs = db.session.scalars(
        sa.select(Reorganisation)
        .where(Reorganisation.id.in_(touching))
        .order_by(Reorganisation.effective_date.desc(), Reorganisation.id.desc())
        .limit(LISTED)
    ).all()
    ids = {i for r in reorgs for link in r.links for i in (link.predecessor_id, link.successor_id)}
    names = names_of(ids)
    renamed = [r for r in reorgs if r.kind is ReorgKind.rename]
    periods = (
        db.session.scalars(
            sa.select(OrganisationPeriod).where(
                OrganisationPeriod.organisation_id.in_(
                    {link.predecessor_id for r in renamed for link in r.links}
                )
            )
        ).all()
        if renamed
        else []
    )
    now, out = today(), []
    for r in reorgs:
        before = [link.predecessor_id for link in r.links]
        after = sorted({link.successor_id for link in r.links}, key=lambda i: names.get(i, ""))
        source_names = [names.get(i, "") for i in before]
        target_names = [names.get(i, "") for i in after]
        if r.kind is ReorgKind.rename and before:
            then = {p.valid_from: p.name for p in periods if p.organisation_id == before[0]}
            old = [p.name for p in periods if p.organisation_id == before[0]
                   and p.valid_to == r.effective_date - timedelta(days=1)]  # fmt: skip
            source_names = old[:1] or source_names
            target_names = [then.get(r.effective_date, target_names[0] if target_names else "")]
        out.append({
            "reorg": r, "sources": source_names, "targets": target_names,
            "future": r.effective_date > now,
            "open_work": OPEN_WORK_LABELS.get(r.open_work, r.open_work),
        })  # fmt: skip
    return out


def _target(form: ReorganisationForm, kind: ReorgKind):
    if kind is ReorgKind.merge_new:
        return NewOrganisation(
            code=form.new_code.data or "",
            name=form.new_name.data or "",
            level=OrgLevel(form.new_level.data),
            parent_id=form.new_parent_id.data,
            place_name=form.new_place.data or "",
        )
    if kind is ReorgKind.rename:
        return form.rename_to.data or ""
    return db.session.get(Organisation, form.target_id.data) if form.target_id.data else None


def _register(form: ReorganisationForm):
    kind = ReorgKind(form.kind.data)
    sources = db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(form.sources.data or []))
    ).all()
    order = {org_id: n for n, org_id in enumerate(form.sources.data or [])}
    return run(
        form,
        lambda: reorganise(
            kind,
            form.effective_date.data,
            form.legal_basis.data or "",
            sorted(sources, key=lambda o: order[o.id]),
            _target(form, kind),
            current_user,
            form.open_work.data or None,
        ),
        {"target": TARGET_FIELD[kind]},
    )


@bp.route("/admin/organisations", methods=["GET", "POST"])
@roles_required(Role.admin)
def organisations():
    """The tree as of ?as_of= (default today), the changes registered, and a change to register."""
    errors: dict[str, str] = {}
    on = arg_date("as_of", today(), errors=errors)
    root_id = current_user.organisation_id
    form = ReorganisationForm()
    form.set_choices(_choices(root_id))
    if form.validate_on_submit():
        reorg = _register(form)
        if reorg is not FAILED:
            flash(
                _(
                    "The change was registered: in force from %(date)s.",
                    date=format_date(reorg.effective_date),
                ),
                "success",
            )
            return redirect(url_for("reorganisations.organisations"))
    return render_template(
        "reorganisations/admin.html",
        form=form,
        on=on,
        as_of_error=errors.get("as_of"),
        tree=tree_as_of(root_id, on),
        archives=archives(root_id, on),
        changes=registered(root_id),
        today=today(),
    ), form_status()
