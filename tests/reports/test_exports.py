"""The reform-report files read back: the .docx with python-docx (and LibreOffice when present),
the appendix and roll-up .xlsx with openpyxl. The report dict is built by hand, no database."""

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from openpyxl import load_workbook

from iso_qms.reports.appendix import DEFAULT_CRITERIA, METRICS
from iso_qms.reports.exports import (
    NO_DATA,
    appendix_xlsx,
    bullet_items,
    numbered_items,
    report_docx,
    rollup_xlsx,
)
from iso_qms.reports.sentences import paragraphs

FONT = "Times New Roman"
SIGNER = "Lê Văn Hải"


def _status() -> dict:
    """The Quảng An figures for 01/01/2020–14/09/2020 as of 05/09/2020."""
    scope = [
        {
            "code": f"QT-{i:02d}",
            "title": f"Quy trình {i}",
            "revision": 1,
            "kind": "tthc" if i <= 12 else "internal",
        }
        for i in range(1, 16)
    ]
    items = [
        {
            "code": f"QT-{i:02d}",
            "title": f"Quy trình {i}",
            "revision": 1,
            "steps_minutes": 480,
            "statutory_minutes": 480 if i != 7 else 240,
            "compliant": i != 7,
        }
        for i in range(1, 13)
    ]
    findings = {"nc_major": 0, "nc_minor": 2, "observation": 1, "ofi": 0}
    return {
        "organisation": {
            "id": 1,
            "code": "QA",
            "name": "UBND xã Quảng An",
            "level": "commune",
            "place_name": "Quảng An",
        },
        "period": {"from": "2020-01-01", "to": "2020-09-14", "as_of": "2020-09-05"},
        "announcement": {
            "ordinal": 3,
            "decision_no": "353/QĐ-UBND",
            "decision_date": "2020-08-18",
            "signer": SIGNER,
            "scope": scope,
        },
        "procedures": {
            "in_force": 15,
            "in_scope": 15,
            "review_overdue": [],
            "revised_in_period": [
                {
                    "code": "QT-03",
                    "title": "Quy trình 3",
                    "revision": 2,
                    "effective_date": "2020-08-18",
                    "significant": True,
                    "kind": "tthc",
                }
            ],
            "legal_update_due": [
                {
                    "code": "QT-05",
                    "title": "Quy trình 5",
                    "legal_basis": "61/2018/NĐ-CP",
                    "new_legal_basis": "107/2021/NĐ-CP",
                    "due_on": "2020-10-31",
                    "overdue": False,
                }
            ],
        },
        "criterion_3_4_2": {"compliant": 11, "total": 12, "percent": 91.7, "items": items},
        "acknowledgement": {
            "people": 22,
            "acknowledged": 20,
            "coverage_percent": 90.9,
            "overdue_tasks": 2,
        },
        "rounds": [
            {
                "id": 1,
                "kind": "self_inspection",
                "title": "Tự kiểm tra CCHC năm 2020",
                "plan_ref": "Kế hoạch số 482/KH-UBND ngày 19/12/2019",
                "start_date": "2020-08-17",
                "end_date": "2020-08-17",
                "areas": ["Cải cách hành chính", "Kiểm soát TTHC", "ISO", "Ý kiến chỉ đạo"],
                "area_codes": ["CCHC", "KSTTHC", "ISO", "YKCD"],
                "clauses": [],
                "findings": findings,
                "findings_total": 3,
                "findings_fixed": 1,
                "held": True,
                "nonconformities": 2,
                "nonconformities_fixed": 1,
            }
        ],
        "findings": {
            "by_type": {"nc_minor": 2, "observation": 1},
            "open": 2,
            "open_nonconformities": 1,
            "closed": 1,
            "open_items": [],
        },
        "actions": {"done": 1, "open": 2, "overdue": 1, "cancelled": 0, "overdue_items": []},
        "annual_duties": {
            "year": 2020,
            "internal_audit_held": False,
            "internal_audit_date": None,
            "management_review_held": False,
            "management_review_date": None,
        },
        "planned": {
            "rounds": [
                {
                    "kind": "internal_audit",
                    "title": "Đánh giá nội bộ năm 2020",
                    "start_date": "2020-10-15",
                    "plan_ref": "",
                }
            ],
            "legal_updates": [],
            "reviews_due_by": "2020-12-05",
        },
        "has_data": True,
    }


@pytest.fixture(scope="module")
def report() -> dict:
    status = _status()
    status["paragraphs"] = paragraphs(status)
    status["appendix_rows"] = [
        {
            "tt": code,
            "group": group,
            "criterion": text,
            "expected_output": output,
            "reporting_body": body,
            "note": METRICS[metric](status) if metric else f"- Ghi chú {code}",
            "computed": bool(metric),
            "criterion_id": i,
        }
        for i, (code, group, text, output, body, metric) in enumerate(DEFAULT_CRITERIA, start=1)
    ]
    return status


@pytest.fixture(scope="module")
def docx_bytes(report) -> bytes:
    return report_docx(report, signer_name=SIGNER, parent_name="UBND huyện Quảng Điền")


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _mm(length: Length) -> float:
    return length / 36000  # EMU per millimetre


def _table_with(document, text: str):
    return next(t for t in document.tables if any(text in c.text for r in t.rows for c in r.cells))


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _text(document) -> str:
    return "\n".join(p.text for p in _all_paragraphs(document))


def test_page_is_a4_portrait_with_decree_30_margins(document):
    section = document.sections[0]
    assert round(_mm(section.page_width)) == 210 and round(_mm(section.page_height)) == 297
    assert 20 <= round(_mm(section.top_margin)) <= 25
    assert 20 <= round(_mm(section.bottom_margin)) <= 25
    assert 30 <= round(_mm(section.left_margin)) <= 35
    assert 15 <= round(_mm(section.right_margin)) <= 20


def test_fonts_are_times_new_roman_13_to_14_including_east_asian(document):
    normal = document.styles["Normal"]
    assert normal.font.name == FONT and 13 <= normal.font.size.pt <= 14
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == FONT
    runs = [r for p in _all_paragraphs(document) for r in p.runs if r.text.strip()]
    assert len(runs) > 50
    for run in runs:
        assert run.font.name in (None, FONT), run.text
        fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
        if fonts is not None:
            assert fonts.get(qn("w:eastAsia")) == FONT, run.text
        assert run.font.size is None or 11 <= run.font.size.pt <= 14, run.text
    body = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert all(13 <= r.font.size.pt <= 14 for r in body)


def test_header_has_body_name_number_motto_and_italic_date(document):
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()][:2] == [
        "UBND HUYỆN QUẢNG ĐIỀN",
        "ỦY BAN NHÂN DÂN XÃ QUẢNG AN",
    ]
    assert any(r.bold for r in left.paragraphs[1].runs)
    assert "Số:" in left.text and "/BC-UBND" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text
    assert "Độc lập - Tự do - Hạnh phúc" in right.text
    # Nghị định 30: a leading zero for days below 10 and for months 1 and 2 only ("tháng 9").
    date_line = next(p for p in right.paragraphs if p.text.startswith("Quảng An, ngày"))
    assert date_line.text == "Quảng An, ngày 05 tháng 9 năm 2020"
    assert all(r.italic for r in date_line.runs)
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_report_number_and_february_date(report):
    other = {**report, "period": {**report["period"], "as_of": "2021-02-03"}}
    document = Document(io.BytesIO(report_docx(other, report_no="385/BC-UBND")))
    left, right = document.tables[0].rows[0].cells
    assert "Số: 385/BC-UBND" in left.text
    assert "UBND HUYỆN" not in left.text  # no parent given, no line for it
    assert "Quảng An, ngày 03 tháng 02 năm 2021" in right.text


def test_title_and_subject_line(document):
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert (
        "Kết quả thực hiện hệ thống quản lý chất lượng và công tác kiểm tra phục vụ báo cáo cải cách "
        "hành chính (từ ngày 01/01/2020 đến ngày 14/09/2020)"
    ) in texts


def test_sections_carry_each_paragraph(document, report):
    texts = [p.text for p in document.paragraphs]
    paragraphs_ = report["paragraphs"]
    for heading in (
        "I.3. Về kiểm tra CCHC",
        "II.6. Hiện đại hóa hành chính — áp dụng TCVN ISO 9001:2015",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Những ưu điểm",
        "2. Những tồn tại, hạn chế",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    ):
        paragraph = document.paragraphs[texts.index(heading)]
        assert all(r.bold for r in paragraph.runs), heading
    assert paragraphs_["I.3"] in texts and "17/08/2020" in paragraphs_["I.3"]
    assert paragraphs_["II.6"] in texts and "353/QĐ-UBND" in paragraphs_["II.6"]
    for key in ("III.1", "III.2"):
        lines = bullet_items(paragraphs_[key])
        assert len(lines) >= 2 and all(line in texts for line in lines)
    items = numbered_items(paragraphs_["IV"])
    assert len(items) >= 3 and [i.split(".")[0] for i in items] == [
        str(n) for n in range(1, len(items) + 1)
    ]
    assert all(item in texts for item in items)
    body = document.paragraphs[texts.index(paragraphs_["II.6"])]
    assert (
        body.alignment == 3 and round(_mm(body.paragraph_format.first_line_indent)) == 10
    )  # JUSTIFY
    assert 1.15 <= body.paragraph_format.line_spacing <= 1.5


def test_splitting_bullets_and_numbered_items():
    assert bullet_items("- Một, hai. - Ba.") == ["- Một, hai.", "- Ba."]
    assert bullet_items("") == []
    assert numbered_items("1. Làm A năm 2020. 2. Làm B ngày 15/10/2020. 3. Làm C.") == [
        "1. Làm A năm 2020.",
        "2. Làm B ngày 15/10/2020.",
        "3. Làm C.",
    ]


def test_appendix_table(document, report):
    table = _table_with(document, "Sản phẩm đầu ra")
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "TT",
        "Lĩnh vực/Tiêu chí",
        "Sản phẩm đầu ra",
        "Cơ quan báo cáo",
        "Ghi chú",
    ]
    assert all(r.bold for c in header.cells for p in c.paragraphs for r in p.runs)
    flag = header._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) in ("true", "1", None)
    assert (
        table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"
    )
    rows = {r.cells[0].text: r for r in table.rows}
    row = rows["3.4.2"]
    assert row.cells[1].text.startswith("TTHC được UBND cấp xã cập nhật")
    assert "11/12 quy trình (91,7%)" in row.cells[4].text and "QT-07" in row.cells[4].text
    assert set(rows) >= {code for code, *_ in DEFAULT_CRITERIA}
    assert any(
        c.text == "Cập nhật TTHC trên phần mềm" for r in table.rows for c in r.cells
    )  # group row
    assert "PHỤ LỤC" in [p.text for p in document.paragraphs]


def test_signature_block(document):
    table = _table_with(document, "Nơi nhận:")
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    assert first.text == "Nơi nhận:" and first.runs[0].bold and first.runs[0].italic
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Phòng Nội vụ huyện;",
        "- TT HĐND xã;",
        "- CT, PCT UBND xã;",
        "- Lưu: VT.",
    ]
    assert all(11 <= r.font.size.pt <= 12 for p in left.paragraphs for r in p.runs)
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN XÃ", "CHỦ TỊCH", SIGNER]
    assert all(r.bold for p in right.paragraphs for r in p.runs)


def test_appendix_xlsx(report):
    workbook = load_workbook(io.BytesIO(appendix_xlsx(report)))
    sheet = workbook["Phu luc"]
    assert "PHỤ LỤC" in sheet["A1"].value and "UBND xã Quảng An" in sheet["A1"].value
    assert [c.value for c in sheet[3]] == [
        "TT",
        "Tiêu chí",
        "Sản phẩm đầu ra",
        "Cơ quan báo cáo",
        "Ghi chú",
    ]
    assert all(c.font.bold and c.alignment.wrap_text for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [code for code, *_ in DEFAULT_CRITERIA]
    by_code = {r[0]: r for r in rows}
    assert "11/12 quy trình (91,7%)" in by_code["3.4.2"][4]
    assert by_code["1.1.1"][1:4] == ("Ban hành kế hoạch CCHC", "Kế hoạch CCHC 2020", "Phòng Nội vụ")
    assert sheet["E4"].alignment.wrap_text and sheet.column_dimensions["B"].width >= 30


def test_rollup_xlsx_shows_no_data_and_totals():
    rows = [
        {
            "name": "UBND xã Quảng An",
            "has_data": True,
            "announcement": {
                "ordinal": 3,
                "decision_no": "353/QĐ-UBND",
                "decision_date": "2020-08-18",
            },
            "c342": {"compliant": 11, "total": 12, "percent": 91.7},
            "ack": {"people": 22, "acknowledged": 20, "coverage_percent": 90.9},
            "rounds": 1,
            "actions_open": 2,
            "actions_overdue": 1,
        },
        {
            "name": "UBND xã Quảng Lợi",
            "has_data": False,
            "announcement": None,
            "c342": None,
            "ack": None,
            "rounds": 0,
            "actions_open": 0,
            "actions_overdue": 0,
        },
    ]
    totals = {
        "name": "Tổng cộng",
        "has_data": True,
        "announcement": 1,
        "c342": {"compliant": 11, "total": 12, "percent": 91.7},
        "ack": {"people": 22, "acknowledged": 20, "coverage_percent": 90.9},
        "rounds": 1,
        "actions_open": 2,
        "actions_overdue": 1,
    }
    sheet = load_workbook(io.BytesIO(rollup_xlsx(rows, "Tổng hợp huyện Quảng Điền", totals))).active
    assert sheet["A1"].value == "Tổng hợp huyện Quảng Điền" and sheet.freeze_panes == "B4"
    assert [c.value for c in sheet[3]] == [
        "Đơn vị",
        "Công bố lần",
        "Quyết định công bố",
        "Ngày quyết định",
        "3.4.2: quy trình đạt",
        "3.4.2: tổng số quy trình",
        "3.4.2: tỷ lệ",
        "Đã đọc và hiểu (người)",
        "Tổng số người",
        "Tỷ lệ đã đọc",
        "Số đợt kiểm tra",
        "HĐKP đang mở",
        "HĐKP quá hạn",
        "Hồ sơ đã giải quyết",
        "Giải quyết trước và đúng hạn",
        "Tỷ lệ đúng hạn",
        "Ghi chú",
    ]
    quang_an, quang_loi, total = (tuple(r) for r in sheet.iter_rows(min_row=4, values_only=True))
    assert quang_an[:13] == (
        "UBND xã Quảng An",
        3,
        "353/QĐ-UBND",
        datetime(2020, 8, 18),
        11,
        12,
        0.917,
        20,
        22,
        0.909,
        1,
        2,
        1,
    )
    assert sheet["B4"].number_format == "00" and sheet["D4"].number_format == "dd/mm/yyyy"
    assert sheet["G4"].number_format == "0.0%" and sheet["J4"].number_format == "0.0%"
    assert quang_loi[:2] == ("UBND xã Quảng Lợi", NO_DATA)
    assert "B5:P5" in {str(r) for r in sheet.merged_cells.ranges}  # across the figures
    assert 0 not in quang_loi and "0/0" not in str(quang_loi)  # no data is not zero compliance
    assert total[0] == "Tổng cộng" and total[10:13] == (1, 2, 1) and "01 đơn vị" in total[2]
    assert total[4:7] == (11, 12, 0.917)
    assert sheet["A6"].font.bold


def test_the_rollup_total_counts_the_organisations_that_announced():
    rows = [
        {"name": f"UBND xã {n}", "announcement": a, "rounds": 0, "actions_open": 0}
        for n, a in (("A", {"ordinal": 1, "decision_no": "1/QĐ-UBND"}), ("B", None))
    ]
    totals = {"announcement": None, "rounds": 0, "actions_open": 0, "actions_overdue": 0}
    sheet = load_workbook(io.BytesIO(rollup_xlsx(rows, "Tổng hợp", totals))).active
    assert sheet["C6"].value == "01 đơn vị đã công bố" and sheet["C5"].value == "Chưa công bố"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed here")
def test_libreoffice_opens_the_docx(docx_bytes, tmp_path: Path):
    source = tmp_path / "bao_cao.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    pdf = (tmp_path / "bao_cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_without_a_signer_the_head_of_the_organisation_signs(world, report):
    world.users["head"].full_name = "Lê Văn Hải (Chủ tịch)"
    mine = {**report, "organisation": {**report["organisation"], "id": world.org.id}}
    document = Document(io.BytesIO(report_docx(mine)))
    right = _table_with(document, "Nơi nhận:").rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text][-1] == "Lê Văn Hải (Chủ tịch)"
