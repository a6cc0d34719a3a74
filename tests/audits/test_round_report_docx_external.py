"""The round report .docx of an external inspection names the inspecting body and its leader, and a
sub-clause in the scope prints without empty brackets (issue 12, case 9, on the Word side)."""

import io
from datetime import date, datetime, time

from docx import Document

from iso_qms.audits import operations as ops
from iso_qms.audits.exports import round_report_docx
from iso_qms.core.timeutil import LOCAL_TZ, set_clock
from tests.audits.builders import make_round
from tests.audits.test_references_and_external import SKHCN, _external


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_an_external_inspections_report_names_its_body_and_leader(world):
    set_clock(datetime.combine(date(2020, 9, 1), time(9), LOCAL_TZ))
    round_ = ops.create_round(world.org.id, world.users["iso_secretary"], _external(world))
    text = _text(round_report_docx(round_))
    assert f"{SKHCN} tiến hành kiểm tra tại {world.org.name}" in text
    assert "tổ chức được kiểm tra" not in text
    assert f"Cơ quan kiểm tra: {SKHCN};" in text
    assert "Ông Nguyễn Văn Minh, Phó Chi cục trưởng Chi cục TĐC: Trưởng đoàn;" in text


def test_a_sub_clause_in_scope_prints_without_empty_brackets(world):
    set_clock(datetime.combine(date(2020, 8, 17), time(9), LOCAL_TZ))
    round_ = make_round(world, kind="internal_audit", areas=(), clauses=("7.5.3", "8"))
    text = _text(round_report_docx(round_))
    assert "Điều khoản 7.5.3 TCVN ISO 9001:2015;" in text
    assert "Điều khoản 8 TCVN ISO 9001:2015 (Thực hiện);" in text
    assert "()" not in text
