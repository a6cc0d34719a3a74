"""Helpers for the role-day walks (test_role_days.py): a click counter, the menu's counts read as a
person sees them (the phone's menu opened with its toggler first), and small look-ups in the demo
database the live server writes to."""

import re
from contextlib import contextmanager

import sqlalchemy as sa
from playwright.sync_api import expect

from iso_qms.extensions import db

#: The menu entries whose count the walks read, by their Vietnamese name.
MY_WORK = "Việc của tôi"
NOTIFICATIONS = "Thông báo"


class Clicks:
    """Counts the clicks a person makes (typing the password is not a click)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def open_menu(page) -> None:
    """On a phone the menu is folded behind its toggler: open it (a no-op at 1366 px)."""
    toggler = page.get_by_role("button", name="Trình đơn")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(page.locator("#mainnav")).to_be_visible()


def menu_entry(page, name: str):
    """The menu's link of that name (its count and hidden label follow the name)."""
    menu = page.get_by_role("navigation", name="Menu chính")
    return menu.get_by_role("link", name=name).first


def menu_count(page, name: str) -> int:
    """The count beside a menu entry, as shown (0 when there is no badge); opens the menu first."""
    open_menu(page)
    entry = menu_entry(page, name)
    expect(entry).to_be_visible()
    found = re.search(r"\d+", entry.inner_text().removeprefix(name))
    return int(found.group()) if found else 0


def within_reach(locator):
    """The control, once checked to lie inside the screen's width when scrolled to (a phone must
    not need a sideways scroll to reach it)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    width = locator.page.viewport_size["width"]
    assert box is not None and box["width"] > 0, "the control is not shown"
    assert 0 <= box["x"] and box["x"] + box["width"] <= width + 1, (
        f"the control lies outside the {width} px screen: {box}"
    )
    return locator


def home_item(page, group: str, title_start: str):
    """The home page's "Việc của tôi" item whose title holds `title_start`, under `group`."""
    top = page.get_by_test_id("inbox-top")
    # The innermost block holding the group's heading: the last such div in document order.
    section = top.locator("div").filter(has=page.get_by_role("heading", name=re.compile(group)))
    return section.last.get_by_role("link", name=title_start).first


def text_outside_details(locator) -> str:
    """What a row says without its "chi tiết" part (the stored entry's codes live only there)."""
    return locator.evaluate(
        """(row) => { const copy = row.cloneNode(true);
            copy.querySelectorAll('details').forEach((d) => d.remove());
            return copy.textContent; }"""
    )


@contextmanager
def demo_db(app):
    """A short session on the demo database (the live server's own sessions are separate)."""
    with app.app_context():
        try:
            yield db.session
        finally:
            db.session.remove()


def procedure_id(app, code: str) -> int:
    from iso_qms.procedures.models import Procedure

    with demo_db(app) as session:
        return session.scalar(sa.select(Procedure.id).where(Procedure.code == code))


def open_revision(app, code: str):
    """(id, number, status value) of the procedure's revision not yet approved, or None."""
    from iso_qms.procedures.models import Procedure, Revision, RevisionStatus

    with demo_db(app) as session:
        row = session.execute(
            sa.select(Revision.id, Revision.number, Revision.status)
            .join(Procedure, Procedure.id == Revision.procedure_id)
            .where(
                Procedure.code == code,
                Revision.status.in_((RevisionStatus.draft, RevisionStatus.in_review)),
            )
        ).first()
        return None if row is None else (row.id, row.number, row.status.value)


def signatures(app, revision_id: int) -> list[tuple[str, str]]:
    """(meaning, signer's name) of every signature on the revision, oldest first."""
    from iso_qms.procedures.models import Signature

    with demo_db(app) as session:
        rows = session.execute(
            sa.select(Signature.meaning, Signature.signer_name)
            .where(Signature.revision_id == revision_id)
            .order_by(Signature.id)
        ).all()
        return [(row.meaning.value, row.signer_name) for row in rows]


def open_action_of(app, username: str):
    """(id, reference) of the person's first corrective action not yet reported done."""
    from iso_qms.accounts.models import User
    from iso_qms.audits.models import ActionStatus, CorrectiveAction

    with demo_db(app) as session:
        action = session.scalar(
            sa.select(CorrectiveAction)
            .join(User, User.id == CorrectiveAction.owner_id)
            .where(
                User.username == username,
                CorrectiveAction.status.in_((ActionStatus.planned, ActionStatus.in_progress)),
            )
            .order_by(CorrectiveAction.id)
            .limit(1)
        )
        return None if action is None else (action.id, action.reference, action.status.value)


def reading_status(app, task_id: int) -> str:
    from iso_qms.acknowledgements.models import Acknowledgement

    with demo_db(app) as session:
        return session.get(Acknowledgement, task_id).status.value


def notifications_of(app, username: str, kind: str) -> list[str]:
    """The subjects of the person's notifications of that kind, newest first."""
    from iso_qms.accounts.models import User
    from iso_qms.core.notifications import Notification

    with demo_db(app) as session:
        return list(
            session.scalars(
                sa.select(Notification.subject)
                .join(User, User.id == Notification.user_id)
                .where(User.username == username, Notification.kind == kind)
                .order_by(Notification.id.desc())
            )
        )
