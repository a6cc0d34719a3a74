"""Issue 13, item 9: compare and the approval page mark the changed words, escaped, and compare
the step table row by row."""

from markupsafe import Markup

from iso_qms.procedures.diff_words import line_rows, step_rows, tokens, word_diff
from iso_qms.procedures.queries import LineDiff


def test_only_the_changed_words_are_marked():
    before, after = word_diff("Thông tư số 15/2015/TT-BTP", "Thông tư số 04/2020/TT-BTP")
    assert before == Markup("Thông tư số <del>15</del>/<del>2015</del>/TT-BTP")
    assert after == Markup("Thông tư số <ins>04</ins>/<ins>2020</ins>/TT-BTP")


def test_vietnamese_words_are_whole_tokens():
    assert tokens("Hộ tịch, 01 ngày") == ["Hộ", " ", "tịch", ",", " ", "01", " ", "ngày"]


def test_marked_text_is_escaped():
    before, after = word_diff("a <b>", "a <script>alert(1)</script>")
    assert "<script" not in after and "&lt;/script&gt;" in after
    assert "&lt;" in before and "<b>" not in before


def test_an_unchanged_line_has_no_marks():
    assert word_diff("Không đổi", "Không đổi") == (Markup("Không đổi"), Markup("Không đổi"))


def test_replaced_lines_pair_up_and_the_rest_are_added_or_removed():
    rows = line_rows(
        [LineDiff("equal", ["x"], ["x"]), LineDiff("replace", ["a b"], ["a c", "new <i>"])]
    )
    assert [r.kind for r in rows] == ["same", "changed", "added"]
    assert rows[1].new == Markup("a <ins>c</ins>")
    assert rows[2].old is None and rows[2].new == Markup("<ins>new &lt;i&gt;</ins>")
    removed = line_rows([LineDiff("delete", ["gone"], [])])
    assert removed[0].kind == "removed" and removed[0].new is None


def test_an_added_or_removed_blank_line_is_a_row_without_an_empty_mark():
    rows = line_rows([LineDiff("insert", [], [""]), LineDiff("delete", [" "], [])])
    assert [r.kind for r in rows] == ["added", "removed"]
    assert rows[0].new == Markup("") and rows[1].old == Markup(" ")


def test_the_step_table_is_compared_row_by_row():
    old = ["Tiếp nhận | Một cửa | 04 giờ | Phiếu", "Thẩm định | Tư pháp | 01 ngày | Sổ"]
    new = [
        "Tiếp nhận | Một cửa | 04 giờ | Phiếu",
        "Thẩm định | Tư pháp | 02 ngày | Sổ",
        "Trả | Một cửa | Trong ngày | KQ",
    ]
    rows = step_rows([LineDiff("equal", old[:1], new[:1]), LineDiff("replace", old[1:], new[1:])])
    assert [(r.kind, r.number) for r in rows] == [("same", 1), ("changed", 2), ("added", 3)]
    time_before, time_after = rows[1].cells[2]
    assert time_before == Markup("<del>01</del> ngày") and time_after == Markup(
        "<ins>02</ins> ngày"
    )
    assert rows[1].cells[0] == (Markup("Thẩm định"), Markup("Thẩm định"))
    assert rows[2].cells[0] == (None, Markup("<ins>Trả</ins>"))
    removed = step_rows([LineDiff("delete", old[1:], [])])
    assert removed[0].kind == "removed" and removed[0].cells[1] == (
        Markup("<del>Tư pháp</del>"),
        None,
    )


def test_the_compare_page_shows_the_changed_words_and_step_rows(world, login):
    from iso_qms.extensions import db
    from tests.fixtures.factories import STEPS_3_DAYS, create_procedure, create_revision

    procedure = create_procedure(world)
    first = {"muc_dich": "Căn cứ Thông tư 15/2015", "noi_dung": "Các bước."}
    create_revision(procedure, world, status="approved", content=first)
    steps = [dict(s) for s in STEPS_3_DAYS]
    steps[1]["responsible"] = "Công chức Văn phòng"
    draft = create_revision(
        procedure, world, content={**first, "muc_dich": "Căn cứ Thông tư 04/2020"}, steps=steps
    )
    db.session.commit()
    html = login("iso_secretary").get(f"/revisions/{draft.id}/diff").get_data(as_text=True)
    assert "<del>15</del>/<del>2015</del>" in html and "<ins>04</ins>/<ins>2020</ins>" in html
    table = html[html.index('data-testid="diff-steps"') :]
    assert table.count('data-diff="changed"') == 1 and table.count('data-diff="same"') == 3
    assert "<ins>Văn</ins>" in table or "<ins>Văn phòng</ins>" in table
