"""The report feed of the dossier figures: the report JSON's `performance`, section II's sentence in
the real report's register, section III's late dossiers, the appendix rows 3.5.2, 3.5.4, 3.5.5 and
7.2 computed, the roll-up's on-time column (and its .xlsx) — with and without imported dossiers."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from iso_qms.performance.models import Channel
from iso_qms.reports import appendix
from iso_qms.reports.compliance import make_period
from iso_qms.reports.exports import NO_DATA, rollup_xlsx
from iso_qms.reports.performance_notes import period_words
from iso_qms.reports.report import build_report, report_json
from iso_qms.reports.rollup import rollup, row_from_status
from tests.fixtures.factories import create_procedure
from tests.performance.dossier_rows import at, dossier, insert

NINE_MONTHS = (date(2020, 1, 1), date(2020, 9, 14), date(2020, 9, 14))
COMPUTED = ("3.5.2", "3.5.4", "3.5.5", "7.2")


def _demo_like(world, late_letters=("01/PXL", "02/PXL", "03/PXL")):
    """40 dossiers, all returned: 30 early, 7 on time, 3 late with (or without) their letters."""
    hotich = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    org, rows = world.org.id, []
    for i in range(40):
        day = 2 + i % 25
        received, due = at(2020, 3, day, 8), at(2020, 3, day + 2, 17)
        returned = at(2020, 3, day + 1, 10) if i < 30 else due
        extra = {}
        if i >= 37:
            returned = at(2020, 3, day + 3, 9)
            extra["apology_ref"] = late_letters[i - 37] if i - 37 < len(late_letters) else ""
        rows.append(
            dossier(
                org, f"HS-{i}", received, due, returned=returned, procedure_id=hotich.id, **extra
            )
        )
    insert(rows)
    appendix.ensure_default_criteria(org)


def _report(world, period=NINE_MONTHS):
    return build_report(world.org, make_period(*period))


def _notes(report) -> dict:
    return {r["tt"]: r for r in report["appendix_rows"]}


def test_the_report_states_the_dossier_figures(world):
    _demo_like(world)
    report = _report(world)
    p = report["performance"]
    assert (p["received"], p["resolved"], p["late"], p["late_with_apology"]) == (40, 40, 3, 3)
    assert p["on_time_percent"] == 92.5
    assert (
        "Trong 9 tháng đầu năm 2020, đã có 40 hồ sơ được tiếp nhận, giải quyết và trả kết quả "
        "trên phần mềm. Trong đó, giải quyết trước hạn 30 hồ sơ, đúng hạn 07 hồ sơ, trễ hạn 03 hồ sơ; "
        "tỷ lệ giải quyết trước và đúng hạn đạt 92,5%."
    ) in report["paragraphs"]["II.6"]
    assert (
        "Có 03 hồ sơ TTHC giải quyết trễ hạn; đã phát hành phiếu xin lỗi 03/03 hồ sơ."
        in report["paragraphs"]["III.2"]
    )
    notes = _notes(report)
    assert all(notes[code]["computed"] for code in COMPUTED)
    assert (
        notes["3.5.4"]["note"]
        == "- Số thư xin lỗi đến thời điểm 14/09/2020: 03/03 phiếu xin lỗi (3.5.4)."
    )
    assert notes["3.5.2"]["note"].startswith(
        "- Số hồ sơ đã giải quyết đến thời điểm 14/09/2020: 40 hồ sơ (trước hạn 30, đúng hạn 07, "
        "trễ hạn 03); tỷ lệ giải quyết trước và đúng hạn 92,5%"
    )
    assert notes["3.5.5"]["note"].endswith(": 40/40 hồ sơ (100%) (3.5.5).")
    assert notes["7.2"]["note"] == "- Không có hồ sơ phát sinh."
    assert json.loads(report_json(report))["performance"]["late_with_apology"] == 3


def test_a_missing_apology_letter_is_said(world):
    _demo_like(world, late_letters=("01/PXL",))
    report = _report(world)
    assert (
        "đã phát hành phiếu xin lỗi 01/03 hồ sơ, còn 02 hồ sơ chưa có phiếu xin lỗi."
        in (report["paragraphs"]["III.2"])
    )
    assert (
        "01/03 phiếu xin lỗi; còn 02 hồ sơ trễ hạn chưa có phiếu xin lỗi"
        in (_notes(report)["3.5.4"]["note"])
    )


def test_the_bcci_share_of_the_procedures_that_had_bcci_dossiers(world):
    hotich = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    chungthuc = create_procedure(world, "QT-CT-01", field="Chứng thực")
    org, due = world.org.id, at(2020, 3, 6, 17)
    rows = [
        dossier(
            org,
            f"H{i}",
            at(2020, 3, 2),
            due,
            returned=at(2020, 3, 3),
            procedure_id=hotich.id,
            channel=Channel.postal if i < 2 else Channel.direct,
        )
        for i in range(8)
    ]
    rows += [
        dossier(
            org, f"C{i}", at(2020, 3, 2), due, returned=at(2020, 3, 3), procedure_id=chungthuc.id
        )
        for i in range(12)
    ]
    insert(rows)
    appendix.ensure_default_criteria(org)
    note = _notes(_report(world))["7.2"]["note"]
    assert note == (
        "- Số hồ sơ tiếp nhận qua dịch vụ BCCI đến thời điểm 14/09/2020: 02/08 hồ sơ (25%) của "
        "01 TTHC có phát sinh hồ sơ qua dịch vụ BCCI (7.2)."
    )


def test_without_imported_dossiers_the_report_says_no_data_never_zero(world):
    appendix.ensure_default_criteria(world.org.id)
    report = _report(world)
    assert report["performance"]["has_data"] is False
    assert report["performance"]["on_time_percent"] is None
    assert "hồ sơ" not in report["paragraphs"]["II.6"]
    assert "hồ sơ" not in report["paragraphs"]["III.2"]
    for code in COMPUTED:
        row = _notes(report)[code]
        assert (
            row["computed"]
            and row["note"].startswith("- Chưa có dữ liệu")
            and "0%" not in row["note"]
        )


def test_pending_dossiers_are_said_apart(world):
    hotich = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    org = world.org.id
    insert(
        [
            dossier(
                org,
                "A",
                at(2020, 9, 1),
                at(2020, 9, 3, 17),
                returned=at(2020, 9, 2),
                procedure_id=hotich.id,
            ),
            dossier(org, "B", at(2020, 9, 1), at(2020, 9, 3, 17), procedure_id=hotich.id),
            dossier(org, "C", at(2020, 9, 11), at(2020, 9, 16, 17), procedure_id=hotich.id),
        ]
    )
    p = _report(world)["paragraphs"]
    assert (
        "Trong 9 tháng đầu năm 2020, đã tiếp nhận 03 hồ sơ trên phần mềm, đã giải quyết và trả kết "
        "quả 01 hồ sơ, đang giải quyết 02 hồ sơ."
    ) in p["II.6"]
    assert (
        "Có 01 hồ sơ TTHC đang giải quyết đã quá hạn; chưa phát hành phiếu xin lỗi." in p["III.2"]
    )


@pytest.mark.parametrize(
    "start, end, words",
    [
        (date(2020, 1, 1), date(2020, 9, 30), "Trong 9 tháng đầu năm 2020"),
        (date(2020, 1, 1), date(2020, 9, 14), "Trong 9 tháng đầu năm 2020"),
        (date(2019, 12, 15), date(2020, 6, 14), "Trong 6 tháng đầu năm 2020"),
        (date(2020, 1, 1), date(2020, 12, 31), "Trong năm 2020"),
        (date(2020, 1, 1), date(2020, 3, 31), "Trong quý I năm 2020"),
        (date(2020, 7, 1), date(2020, 9, 30), "Trong quý III năm 2020"),
        (date(2020, 3, 1), date(2020, 5, 20), "Từ ngày 01/03/2020 đến ngày 20/05/2020"),
    ],
)
def test_the_period_is_named_as_the_report_names_it(start, end, words):
    assert period_words(start, end) == words


def test_the_rollup_has_an_on_time_column(world):
    _demo_like(world)
    period = make_period(*NINE_MONTHS)
    result = rollup(world.district, period)
    rows = {row["id"]: row for row in result["rows"]}
    assert rows[world.org.id]["on_time"] == {"resolved": 40, "in_time": 37, "percent": 92.5}
    assert rows[world.other_org.id]["on_time"] is None  # nothing imported: no figure
    assert result["totals"]["on_time"]["percent"] == 92.5
    status = build_report(world.org, period)
    assert row_from_status(world.org, status)["on_time"] == rows[world.org.id]["on_time"]
    sheet = load_workbook(
        io.BytesIO(rollup_xlsx(result["rows"], "Tổng hợp", result["totals"]))
    ).active
    header = [c.value for c in sheet[3]]
    column = header.index("Tỷ lệ đúng hạn")
    values = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["UBND xã Quảng An"][column] == pytest.approx(0.925)
    other = values["UBND xã Quảng Thành"]
    assert other[1] == NO_DATA  # the whole row: no data at all for that commune
