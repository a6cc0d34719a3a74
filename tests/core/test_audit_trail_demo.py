"""The demo's whole trail reads in words: every kind of record and every changed field it holds
has a name, and the QMR's approvals read as the register writes them."""

import re

import pytest
import sqlalchemy as sa

from iso_qms.core import audit_words
from iso_qms.core.audit import AuditEntry
from iso_qms.extensions import db


@pytest.fixture
def demo_app(_seeded, app):
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()


def test_every_record_kind_and_field_of_the_demo_trail_has_words(demo_app):
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    kinds = {e.object_type for e in entries if e.object_type}
    assert kinds - set(audit_words.RECORDS) == set()
    unnamed = {
        (e.object_type, key)
        for e in entries
        for key in [*e.old, *e.new]
        if audit_words.field_of(e.object_type, key) is None
    }
    assert unnamed == set()
    with demo_app.test_request_context():
        lines = audit_words.present(entries)
    raw = [line.text for line in lines if "#" in line.text or "_" in line.text]
    assert raw == []


def test_the_demo_trail_shows_the_approval_in_vietnamese_words(demo_app):
    client = demo_app.test_client()
    client.post("/login", data={"username": "qmr", "password": "QuangAn@2020"})
    html = client.get("/audit?action=revision.approve&per_page=100").get_data(as_text=True)
    texts = re.findall(r'data-testid="audit-text">(.*?)</td>', html, re.S)
    assert any(
        re.search(r"Phê duyệt QT-HT-\d\d lần ban hành \d\d, hiệu lực từ \d\d/\d\d/\d{4}", t)
        for t in texts
    )
    assert "Hồ Đắc Tuấn" in html  # the QMR by name, not "qmr"
