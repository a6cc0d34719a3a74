"""The open-work page of a successor (issue 15, item 5): the predecessors' open findings and
corrective actions not yet decided, each transferred or closed "do sắp xếp đơn vị hành chính"
through its form; refusals change nothing; another organisation's item is 404; fixed queries."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.tree import reorganising
from iso_qms.audits.models import (
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingSource,
    FindingStatus,
    FindingType,
)
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db
from iso_qms.reorganisations.dispositions import CLOSE_REASON
from tests.fixtures.factories import create_org
from tests.query_counter import count_queries
from tests.reorganisations.test_open_work import _come_into_force, _merge, work  # noqa: F401

PAGE = "/carry-over/open-work"
DISPOSE = f"{PAGE}/dispose"


@pytest.fixture
def login(login):
    """Logged in, the pages in English (the messages asserted are the msgids)."""

    def _login(username: str):
        client = login(username)
        with client.session_transaction() as session:
            session["lang"] = "en"
        return client

    return _login


@pytest.fixture
def merged(work):  # noqa: F811
    """A and B merged into X-NEW on 01/07/2027 with the open work left for the page; A's people
    (the QMR, the secretary, the admin ...) now belong to the successor."""
    successor = _merge(work, "checklist")
    _come_into_force()
    return work, successor


def _state() -> tuple:
    counts = tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Finding, CorrectiveAction, AuditEntry)
    )
    statuses = tuple(db.session.scalars(sa.select(Finding.status).order_by(Finding.id)))
    statuses += tuple(
        db.session.scalars(sa.select(CorrectiveAction.status).order_by(CorrectiveAction.id))
    )
    return counts, statuses


def _flashes(client) -> str:
    return client.get(PAGE).get_data(as_text=True)


def test_the_page_lists_the_predecessors_open_items_with_their_history(merged, login):
    world, successor = merged
    response = login("qmr").get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    first = db.session.get(Finding, world.items["first"])
    action = db.session.get(CorrectiveAction, world.items["action"])
    assert first.reference in html and action.reference in html
    assert f'data-testid="finding-{world.items["second"]}"' in html
    assert f"/audits/findings/{first.id}" in html and f"/audits/actions/{action.id}" in html
    assert world.org.name in html and successor.name in html
    assert "3 items not yet decided" in html


@pytest.mark.parametrize("username", ["staff", "admin", "head", "inspector"])
def test_other_roles_may_not_open_or_post(merged, login, username):
    world, _successor = merged
    client = login(username)
    assert client.get(PAGE).status_code == 403
    before = _state()
    data = {"kind": "finding", "item_id": world.items["first"], "choice": "close"}
    assert client.post(DISPOSE, data=data).status_code == 403
    assert client.post(f"{PAGE}/all", data={"choice": "close"}).status_code == 403
    assert _state() == before


def test_the_secretary_opens_it_and_anonymous_is_sent_to_log_in(merged, login, client):
    assert login("iso_secretary").get(PAGE).status_code == 200
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.location


def test_transferring_a_finding_copies_it_with_its_action_into_the_successor(merged, login):
    world, successor = merged
    client = login("qmr")
    data = {"kind": "finding", "item_id": world.items["first"], "choice": "transfer", "page": "1"}
    response = client.post(DISPOSE, data=data)
    assert response.status_code == 302 and response.location.endswith(f"{PAGE}?page=1")
    original = db.session.get(Finding, world.items["first"])
    assert original.status is FindingStatus.closed
    assert original.close_reason == f"Chuyển sang {successor.name} {CLOSE_REASON}"
    copy = db.session.scalar(sa.select(Finding).where(Finding.transferred_from_id == original.id))
    assert copy.organisation_id == successor.id and copy.source is FindingSource.transferred
    action = db.session.get(CorrectiveAction, world.items["action"])
    assert action.status is ActionStatus.cancelled  # it went along with its finding
    moved = db.session.scalar(
        sa.select(CorrectiveAction).where(CorrectiveAction.transferred_from_id == action.id)
    )
    assert moved.finding_id == copy.id and moved.status is ActionStatus.planned
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.action == "carry_over.dispose")
        .order_by(AuditEntry.seq.desc())
    )
    assert entry.organisation_id == successor.id and entry.actor_id == world.users["qmr"].id
    html = _flashes(client)
    assert "Transferred to" in html and "findings 1, corrective actions 1" in html
    assert f'data-testid="finding-{original.id}"' not in html
    assert f'data-testid="finding-{world.items["second"]}"' in html


def test_closing_an_action_closes_it_with_the_reason(merged, login):
    world, _successor = merged
    client = login("iso_secretary")
    data = {"kind": "action", "item_id": world.items["action"], "choice": "close"}
    assert client.post(DISPOSE, data=data).status_code == 302
    action = db.session.get(CorrectiveAction, world.items["action"])
    assert action.status is ActionStatus.cancelled and action.cancel_reason == CLOSE_REASON
    assert db.session.get(Finding, world.items["first"]).status is FindingStatus.open
    assert "findings 0, corrective actions 1" in _flashes(client)


def test_all_at_once_closes_everything_and_the_page_says_so(merged, login):
    world, _successor = merged
    client = login("qmr")
    assert client.post(f"{PAGE}/all", data={"choice": "close"}).status_code == 302
    for key in ("first", "second"):
        assert db.session.get(Finding, world.items[key]).close_reason == CLOSE_REASON
    html = _flashes(client)
    assert 'data-testid="nothing-open"' in html
    assert client.post(f"{PAGE}/all", data={"choice": "close"}).status_code == 302
    assert "Nothing is left to carry over." in _flashes(client)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "finding", "item_id": "abc", "choice": "close"}, "Choose an item from the list."),
        ({"kind": "finding", "item_id": "٣", "choice": "close"}, "Choose an item from the list."),
        (
            {"kind": "nope", "item_id": "{first}", "choice": "close"},
            "Choose an item from the list.",
        ),
        ({"kind": "finding", "item_id": "{first}", "choice": "burn"}, "Choose to transfer or to"),
        ({"kind": "finding", "item_id": "{first}"}, "Choose to transfer or to close."),
        ({}, "Choose an item from the list."),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(merged, login, data, message):
    world, _successor = merged
    client = login("qmr")
    data = {k: v.format(first=world.items["first"]) for k, v in data.items()}
    before = _state()
    response = client.post(DISPOSE, data=data)
    assert response.status_code == 302
    assert _state() == before
    assert message in _flashes(client)


def test_all_at_once_refuses_a_bad_choice(merged, login):
    client = login("qmr")
    before = _state()
    assert client.post(f"{PAGE}/all", data={"choice": "burn"}).status_code == 302
    assert _state() == before and "Choose to transfer or to close." in _flashes(client)


def test_an_item_already_decided_is_refused_with_a_message(merged, login):
    world, _successor = merged
    client = login("qmr")
    data = {"kind": "finding", "item_id": world.items["second"], "choice": "close"}
    client.post(DISPOSE, data=data)
    before = _state()
    assert client.post(DISPOSE, data={**data, "choice": "transfer"}).status_code == 302
    assert _state() == before
    assert "already carried over or closed" in _flashes(client)


def _finding_in(org, number: int) -> Finding:
    """A round-less open finding written straight into `org` (its archive guard set aside)."""
    finding = Finding(
        organisation_id=org.id, source=FindingSource.monitoring, ref_year=2027, number=number,
        type=FindingType.nc_minor, description=f"Tồn tại {number}", status=FindingStatus.open,
    )  # fmt: skip
    with reorganising():
        db.session.add(finding)
        db.session.flush()
    return finding


def test_another_organisations_item_is_404_and_nothing_changes(merged, login):
    world, successor = merged
    client = login("qmr")
    elsewhere = create_org("C", "commune", world.district, name="UBND xã khác")
    theirs = _finding_in(elsewhere, 1)
    mine = _finding_in(successor, 1)  # the successor's own: not a predecessor's open work
    db.session.commit()
    before = _state()
    for item_id in (theirs.id, mine.id, 999_999, 99_999_999_999):
        data = {"kind": "finding", "item_id": str(item_id), "choice": "close"}
        assert client.post(DISPOSE, data=data).status_code == 404, item_id
    assert client.post(DISPOSE, data={"kind": "action", "item_id": str(theirs.id),
                                      "choice": "close"}).status_code == 404  # fmt: skip
    assert _state() == before


def test_a_successor_without_predecessors_has_nothing_to_decide(world, login):
    response = login("qmr").get(PAGE)
    assert response.status_code == 200 and 'data-testid="no-predecessors"' in response.get_data(
        as_text=True
    )


def test_the_carry_over_checklist_counts_and_links_the_open_work(merged, login):
    client = login("qmr")
    html = client.get("/carry-over").get_data(as_text=True)
    assert "findings 2, corrective actions 1" in html and f'href="{PAGE}"' in html
    html = login("staff").get("/carry-over").get_data(as_text=True)
    assert f'href="{PAGE}"' not in html  # not theirs to decide


def test_the_page_runs_the_same_queries_for_few_and_many_items(merged, login):
    world, _successor = merged
    client = login("qmr")
    client.get(PAGE)
    with count_queries() as few:
        assert client.get(PAGE).status_code == 200
    owner = world.users["staff"]
    for number in range(1, 21):
        finding = _finding_in(world.other_org, number)
        with reorganising():
            db.session.add(
                CorrectiveAction(
                    organisation_id=world.other_org.id,
                    finding_id=finding.id,
                    number=1,
                    action=f"Khắc phục {number}",
                    owner_id=owner.id,
                    due_date=date(2027, 9, 30),
                )  # fmt: skip
            )
            db.session.flush()
    db.session.commit()
    with count_queries() as many:
        response = client.get(PAGE)
    assert response.status_code == 200 and "43 items not yet decided" in response.get_data(
        as_text=True
    )
    assert many.count == few.count, many.statements
    assert client.get(f"{PAGE}?page=2").status_code == 200


def test_the_checklist_ticks_once_findings_and_actions_are_decided(merged, login):
    """Drafts and unfinished rounds cannot be carried: they stay in the archive, said apart, and
    never keep the box unticked; findings and actions are what the box counts."""
    from iso_qms.reorganisations.open_work import open_work_counts

    world, _successor = merged
    client = login("qmr")
    before = client.get("/carry-over").get_data(as_text=True)
    kept = open_work_counts([world.org.id, world.other_org.id])
    assert kept["rounds"] == 1  # the fixture's round is not closed
    line = before.split('data-testid="kept-in-archive">')[1].split("</div>")[0]
    assert "1 unfinished audit rounds" in line
    assert client.post(f"{PAGE}/all", data={"choice": "transfer"}).status_code in (302, 303)
    after = client.get("/carry-over").get_data(as_text=True)
    box = after.split('data-testid="open-work"')[1].split("</li>")[0]
    assert "☑" in box and "Transfer or close it" not in box


@pytest.fixture
def merged_with_evidence(work):  # noqa: F811
    """As `merged`, the first finding with an evidence file uploaded before the change."""
    import io

    from werkzeug.datastructures import FileStorage

    from iso_qms.audits import operations as audit_ops

    finding = db.session.get(Finding, work.items["first"])
    scan = FileStorage(io.BytesIO(b"%PDF-1.4 bien ban"), filename="biên bản kiểm tra.pdf")
    audit_ops.add_finding_evidence(finding, work.users["qmr"], [scan])
    db.session.commit()
    successor = _merge(work, "checklist")
    _come_into_force()
    return work, successor


def test_a_transferred_finding_links_to_its_original_and_keeps_its_evidence(
    merged_with_evidence, login, token_for
):
    world, successor = merged_with_evidence
    client = login("qmr")
    data = {"kind": "finding", "item_id": world.items["first"], "choice": "transfer"}
    assert client.post(DISPOSE, data=data).status_code == 302
    original = db.session.get(Finding, world.items["first"])
    copy = db.session.scalar(sa.select(Finding).where(Finding.transferred_from_id == original.id))
    assert [e.attachment_id for e in copy.evidence_files] == [
        e.attachment_id for e in original.evidence_files
    ]
    page = client.get(f"/audits/findings/{copy.id}").get_data(as_text=True)
    assert 'data-testid="transferred-from"' in page and original.reference in page
    assert f"/audits/findings/{original.id}" in page and world.org.name in page
    assert "biên bản kiểm tra.pdf" in page
    back = client.get(f"/audits/findings/{original.id}").get_data(as_text=True)
    assert 'data-testid="transferred-to"' in back and f"/audits/findings/{copy.id}" in back
    assert CLOSE_REASON in back  # the original says why it was closed
    action = db.session.scalar(
        sa.select(CorrectiveAction).where(
            CorrectiveAction.transferred_from_id == world.items["action"]
        )
    )
    page = client.get(f"/audits/actions/{action.id}").get_data(as_text=True)
    assert 'data-testid="transferred-from"' in page
    answer = client.get(f"/api/v1/findings/{copy.id}", headers=token_for("qmr"))
    assert answer.status_code == 200
    assert answer.get_json()["transferred_from_id"] == original.id


def test_the_links_are_shown_only_where_the_reader_may_read(merged_with_evidence):
    """Someone who reads neither side (here an organisation elsewhere) is told of no link."""
    from iso_qms.audits.view_helpers import transfer_links
    from iso_qms.core.timeutil import LOCAL_TZ
    from iso_qms.reorganisations.dispositions import transfer_items
    from tests.fixtures.factories import create_org, create_user

    world, successor = merged_with_evidence
    transfer_items([world.items["first"]], [], successor, datetime(2027, 7, 1, 8, tzinfo=LOCAL_TZ))
    db.session.commit()
    copy = db.session.scalar(
        sa.select(Finding).where(Finding.transferred_from_id == world.items["first"])
    )
    original = db.session.get(Finding, world.items["first"])
    elsewhere = create_user(create_org("Z", "commune", world.district), "z_qmr", "staff", "qmr")
    assert transfer_links(Finding, copy, elsewhere)["carried_from"] is None
    assert transfer_links(Finding, original, elsewhere)["carried_to"] is None
    qmr = world.users["qmr"]  # of the successor now: reads both
    assert transfer_links(Finding, copy, qmr)["carried_from"].id == original.id
    assert transfer_links(Finding, original, qmr)["carried_to"].id == copy.id


def test_the_copys_evidence_downloads_for_who_reads_the_successor_only(merged_with_evidence, login):
    """A supervisor of the district the successor moves to, who never read the predecessor,
    opens the copy and downloads its evidence (uploaded in the predecessor); someone reading
    neither gets 404."""
    from iso_qms.accounts.org_history import ReorgKind
    from iso_qms.core.timeutil import LOCAL_TZ, set_clock
    from iso_qms.reorganisations.dispositions import transfer_items
    from iso_qms.reorganisations.operations import reorganise
    from tests.fixtures.factories import create_user

    world, successor = merged_with_evidence
    transfer_items([world.items["first"]], [], successor, datetime(2027, 7, 1, 8, tzinfo=LOCAL_TZ))
    d2 = create_org("D2", "district", world.province)
    create_user(d2, "d2_sup", "supervisor")
    create_user(create_org("Z", "commune", d2), "z_qmr", "staff", "qmr")
    db.session.commit()
    set_clock(datetime(2027, 7, 2, 9, tzinfo=LOCAL_TZ))
    reorganise(ReorgKind.move, date(2027, 7, 2), "Quyết định số 01/QĐ-UBND", [successor], d2,
               world.users["province_admin"])  # fmt: skip
    db.session.commit()
    copy = db.session.scalar(
        sa.select(Finding).where(Finding.transferred_from_id == world.items["first"])
    )
    [evidence] = copy.evidence_files
    assert evidence.attachment.organisation_id == world.org.id  # uploaded in the predecessor
    url = f"/attachments/{evidence.attachment_id}"
    supervisor = login("d2_sup")
    assert supervisor.get(f"/audits/findings/{copy.id}").status_code == 200
    download = supervisor.get(url)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert login("z_qmr").get(url).status_code == 404
