"""Checklists: generated from the scope and templates, bound to the revision in force on the audit
day, edited, answered, and turned into findings."""

import io
from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from iso_qms.audits import operations as ops
from iso_qms.audits.catalogue import DEFAULT_AREAS, DEFAULT_PROCEDURE_QUESTIONS
from iso_qms.audits.models import (
    ChecklistTemplate,
    EvidenceFile,
    FindingType,
    LineResult,
    TemplateKind,
)
from iso_qms.core.errors import InvalidState, PermissionDenied, ValidationFailed
from iso_qms.extensions import db
from tests.audits.builders import lines_of, make_round, started_round
from tests.fixtures.factories import create_procedure, create_revision, create_user


def _two_issues(world):
    """QT-HT-01 with issue 01 effective 26/07/2019 and issue 02 effective 10/08/2020."""
    procedure = create_procedure(world)
    first = create_revision(procedure, world, status="approved", effective_date=date(2019, 7, 26))
    second = create_revision(
        procedure,
        world,
        status="approved",
        effective_date=date(2020, 8, 10),
        summary="Cập nhật mẫu tờ khai theo Thông tư 04/2020/TT-BTP",
    )
    return procedure, first, second


def test_checklist_is_generated_from_area_questions_and_procedure_questions(world):
    procedure = create_procedure(world)
    round_ = make_round(world, areas=("CCHC", "YKCD"), procedures=[procedure])
    lines = ops.generate_checklist(round_, world.users["iso_secretary"])
    areas = dict((key, questions) for key, _title, questions in DEFAULT_AREAS)
    expected = len(areas["CCHC"]) + len(areas["YKCD"]) + len(DEFAULT_PROCEDURE_QUESTIONS)
    assert len(lines) == expected
    assert [line.area for line in lines[:3]] == ["CCHC"] * 3
    assert all(line.procedure_id == procedure.id for line in lines[-3:])


def test_internal_audit_lines_are_clauses_times_procedures(world):
    procedure = create_procedure(world)
    round_ = make_round(
        world, kind="internal_audit", areas=(), clauses=("7", "9"), procedures=[procedure]
    )
    lines = ops.generate_checklist(round_, world.users["iso_secretary"])
    clause_lines = [line for line in lines if line.procedure_id is None]
    assert {line.clause.split(".")[0] for line in clause_lines} == {"7", "9"}
    procedure_lines = [line for line in lines if line.procedure_id]
    # only the procedure questions under the clauses in scope (7.5.3 here; 8.5.1 is out)
    assert procedure_lines and all(line.clause.startswith("7") for line in procedure_lines)


def test_each_line_is_bound_to_the_revision_in_force_on_the_audit_day(world):
    procedure, first, second = _two_issues(world)
    before = make_round(world, procedures=[procedure], start=date(2020, 8, 5), title="Trước")
    after = make_round(world, procedures=[procedure], start=date(2020, 8, 17), title="Sau")
    for round_ in (before, after):
        ops.generate_checklist(round_, world.users["iso_secretary"])
    assert {line.revision_id for line in lines_of(before) if line.procedure_id} == {first.id}
    assert {line.revision_id for line in lines_of(after) if line.procedure_id} == {second.id}


def test_moving_the_audit_day_of_a_planned_round_rebinds_its_lines(world):
    procedure, first, second = _two_issues(world)
    round_ = make_round(world, procedures=[procedure], start=date(2020, 8, 17))
    ops.generate_checklist(round_, world.users["iso_secretary"])
    ops.update_round(
        round_,
        world.users["iso_secretary"],
        {"start_date": date(2020, 8, 3), "end_date": date(2020, 8, 3)},
    )
    assert {line.revision_id for line in lines_of(round_) if line.procedure_id} == {first.id}


def test_a_procedure_with_no_issue_in_force_that_day_binds_to_nothing(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2021, 1, 4))
    round_ = make_round(world, procedures=[procedure], start=date(2020, 8, 17))
    lines = ops.generate_checklist(round_, world.users["iso_secretary"])
    assert [line.revision_id for line in lines if line.procedure_id] == [None] * 3


def test_edited_templates_change_what_is_generated(world):
    ops.adopt_default_templates(world.org.id, world.users["iso_secretary"])
    cchc = db.session.scalar(
        sa.select(ChecklistTemplate).where(
            ChecklistTemplate.organisation_id == world.org.id,
            ChecklistTemplate.kind == TemplateKind.area,
            ChecklistTemplate.key == "CCHC",
        )
    )
    ops.update_template(
        cchc,
        world.users["iso_secretary"],
        {
            "questions": [
                {"clause": "", "text": "Có kế hoạch CCHC năm?"},
                {"clause": "9.1", "text": "Có đo lường?"},
            ]
        },
    )
    area = ops.create_template(
        world.org.id,
        world.users["iso_secretary"],
        {"key": "vhcs", "title": "Văn hóa công sở", "questions": ["Đeo thẻ công chức?"]},
    )
    assert area.key == "VHCS"
    round_ = make_round(world, areas=("CCHC", "VHCS"))
    lines = ops.generate_checklist(round_, world.users["iso_secretary"])
    assert [(line.area, line.clause, line.question) for line in lines] == [
        ("CCHC", "", "Có kế hoạch CCHC năm?"),
        ("CCHC", "9.1", "Có đo lường?"),
        ("VHCS", "", "Đeo thẻ công chức?"),
    ]


def test_an_unknown_area_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        make_round(world, areas=("VHCS",))
    assert "VHCS" in str(refused.value.fields["areas"])


def test_lines_are_edited_added_and_removed_until_answered(world):
    procedure = create_procedure(world)
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    round_ = make_round(world)
    ops.generate_checklist(round_, world.users["iso_secretary"])
    added = ops.add_checklist_line(
        round_,
        world.users["inspector"],
        {"question": "Hồ sơ lưu đủ?", "clause": "7.5.3", "procedure_id": procedure.id},
    )
    assert added.revision_id is not None and procedure in round_.procedures
    db.session.commit()
    line = lines_of(round_)[0]
    ops.update_checklist_line(
        line, world.users["inspector"], {"question": "Câu hỏi mới", "clause": "9.2"}
    )
    db.session.commit()
    with pytest.raises(ValidationFailed):
        ops.update_checklist_line(line, world.users["inspector"], {"clause": "12.1"})
    db.session.rollback()
    ops.start_round(round_, world.users["iso_secretary"])
    ops.record_line_result(line, world.users["inspector"], "conform", "")
    with pytest.raises(InvalidState):
        ops.remove_checklist_line(line, world.users["inspector"])
    with pytest.raises(InvalidState):
        ops.generate_checklist(round_, world.users["iso_secretary"])
    added_id = added.id
    ops.remove_checklist_line(added, world.users["inspector"])
    assert added_id not in [line.id for line in lines_of(round_)]


def test_results_are_recorded_only_in_progress_by_the_team(world):
    round_ = make_round(world)
    line = ops.generate_checklist(round_, world.users["iso_secretary"])[0]
    with pytest.raises(InvalidState):
        ops.record_line_result(line, world.users["inspector"], "conform")
    ops.start_round(round_, world.users["iso_secretary"])
    outsider = create_user(world.org, "other_inspector", "staff", "inspector")
    with pytest.raises(PermissionDenied):
        ops.record_line_result(line, outsider, "conform")
    with pytest.raises(ValidationFailed) as no_note:
        ops.record_line_result(line, world.users["inspector"], "nonconform", "")
    assert "note" in no_note.value.fields
    with pytest.raises(ValidationFailed):
        ops.record_line_result(line, world.users["inspector"], "maybe")
    ops.record_line_result(line, world.users["inspector"], LineResult.observation, "Thiếu chữ ký")
    assert (
        line.result is LineResult.observation and line.checked_by_id == world.users["inspector"].id
    )


def test_evidence_files_follow_the_attachment_rules(world, tmp_path, app_ctx):
    app_ctx.config["UPLOAD_FOLDER"] = str(tmp_path)
    round_ = started_round(world)
    line = lines_of(round_)[0]
    good = FileStorage(io.BytesIO(b"%PDF-1.4 bien ban"), filename="biên bản.pdf")
    ops.record_line_result(line, world.users["inspector"], "conform", "", files=[good])
    assert [e.attachment.original_name for e in db.session.scalars(sa.select(EvidenceFile))] == [
        "biên bản.pdf"
    ]
    bad = FileStorage(io.BytesIO(b"MZ not a pdf"), filename="virus.pdf")
    with pytest.raises(ValidationFailed) as refused:
        ops.add_line_evidence(line, world.users["inspector"], [bad])
    assert "evidence" in refused.value.fields


def test_a_nonconform_line_raises_a_finding_in_one_step(world):
    procedure = create_procedure(world, owner_unit="Văn hóa - Xã hội")
    create_revision(procedure, world, status="approved", effective_date=date(2020, 1, 2))
    round_ = started_round(world, procedures=[procedure])
    line = next(line for line in lines_of(round_) if line.procedure_id)
    ops.record_line_result(
        line, world.users["inspector"], "nonconform", "02 hồ sơ trễ hạn không có phiếu xin lỗi"
    )
    finding = ops.raise_finding_from_line(line, world.users["inspector"])
    assert finding.type is FindingType.nc_minor and finding.number == 1
    assert finding.description == "02 hồ sơ trễ hạn không có phiếu xin lỗi"
    assert (finding.clause, finding.procedure_id, finding.audited_revision_id) == (
        line.clause,
        procedure.id,
        line.revision_id,
    )
    assert finding.auditee_unit == "Văn hóa - Xã hội" and finding.line_id == line.id
    with pytest.raises(InvalidState):
        ops.raise_finding_from_line(line, world.users["inspector"])
    conform = next(other for other in lines_of(round_) if other.result is None)
    ops.record_line_result(conform, world.users["inspector"], "conform")
    with pytest.raises(InvalidState):
        ops.raise_finding_from_line(conform, world.users["inspector"])


def test_an_observation_line_raises_an_observation_unless_told_otherwise(world):
    round_ = started_round(world)
    first, second = lines_of(round_)[:2]
    for line in (first, second):
        ops.record_line_result(line, world.users["inspector"], "observation", "Nên cải tiến")
    assert (
        ops.raise_finding_from_line(first, world.users["inspector"]).type is FindingType.observation
    )
    assert (
        ops.raise_finding_from_line(second, world.users["inspector"], {"type": "ofi"}).type
        is FindingType.ofi
    )
