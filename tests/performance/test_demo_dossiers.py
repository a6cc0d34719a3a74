"""The demo's one-stop-shop export: 2,299 dossiers of 2020 imported through the import operation,
month by month, with the real report's facts (all resolved, 3 late with apology letters, no BCCI)."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from iso_qms.accounts.models import Organisation
from iso_qms.core.timeutil import LOCAL_TZ, end_of
from iso_qms.extensions import db
from iso_qms.performance.models import Channel, Dossier, DossierImport, DossierMapping
from iso_qms.procedures.models import Procedure
from iso_qms.seed.dossiers import EXPORT, import_moments


@pytest.fixture
def demo(_seeded, app):
    with app.app_context():
        yield db.session.scalar(sa.select(Organisation).where(Organisation.code == "X-QUANGAN"))
        db.session.remove()


def test_the_export_is_a_real_xlsx_shipped_with_the_seed():
    assert EXPORT.read_bytes()[:2] == b"PK"


def test_the_demo_imports_the_2299_dossiers_of_the_report(demo):
    rows = db.session.execute(
        sa.select(Dossier.channel, Dossier.returned_at, Dossier.due_at, Dossier.apology_ref,
                  Dossier.procedure_id).where(Dossier.organisation_id == demo.id)
    ).all()  # fmt: skip
    assert len(rows) == 2299
    assert all(r.returned_at is not None for r in rows)  # received, resolved and returned
    late = [r for r in rows if r.returned_at > r.due_at]
    assert len(late) == 3 and all(r.apology_ref for r in late)  # 03/03 phiếu xin lỗi
    assert not [r for r in rows if r.channel is Channel.postal]  # no BCCI
    tthc = set(db.session.scalars(
        sa.select(Procedure.id).where(Procedure.organisation_id == demo.id, Procedure.tthc_code != "")
    ))  # fmt: skip
    assert {r.procedure_id for r in rows} == tthc and len(tthc) == 18


def test_it_was_imported_month_by_month_by_the_iso_secretary(demo):
    imports = db.session.scalars(
        sa.select(DossierImport).where(DossierImport.organisation_id == demo.id)
        .order_by(DossierImport.imported_at)
    ).all()  # fmt: skip
    assert [i.imported_at for i in imports] == [
        m.replace(tzinfo=LOCAL_TZ) for m in import_moments()
    ]
    assert sum(i.created for i in imports) == 2299
    assert sum(i.updated for i in imports) > 0  # dossiers pending at a month's end, returned later
    assert db.session.scalar(sa.select(DossierMapping.mapping).where(
        DossierMapping.organisation_id == demo.id))["returned_at"] == "Ngày trả kết quả"  # fmt: skip


def test_the_report_day_knows_every_dossier_and_every_result(demo):
    known = end_of(datetime(2020, 9, 5).date())
    counts = db.session.execute(
        sa.select(
            sa.func.count().filter(Dossier.imported_at < known),
            sa.func.count().filter(Dossier.returned_known_at < known),
        ).where(Dossier.organisation_id == demo.id)
    ).one()
    assert tuple(counts) == (2299, 2299)
    in_june = end_of(datetime(2020, 6, 15).date())
    earlier = db.session.scalar(
        sa.select(sa.func.count()).where(
            Dossier.organisation_id == demo.id, Dossier.imported_at < in_june
        )
    )
    assert 0 < earlier < 2299  # the as-of rule: mid-June knew only what was imported by then
