"""The dossier figures in the báo cáo CCHC: section II's sentence ("Trong 9 tháng đầu năm 2020,
đã có 2299 hồ sơ được tiếp nhận, giải quyết và trả kết quả trên phần mềm"), section III's late
dossiers, and the notes of the appendix rows 3.5.2, 3.5.4, 3.5.5 and 7.2.

Counts are written as the real report writes them: 03, 09, 2299 (no thousands separator). With no
dossier imported for the period the sentences say nothing and the notes "Chưa có dữ liệu", never 0%.
"""

from datetime import date, timedelta

from .sentences import d, n2, pct

NO_DATA_NOTE = "- Chưa có dữ liệu: chưa nhập hồ sơ TTHC từ phần mềm một cửa cho kỳ báo cáo."
QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}


def _figures(status: dict) -> dict | None:
    performance = status.get("performance")
    return performance if performance and performance.get("has_data") else None


def _starts_year(day: date, year: int) -> bool:
    """01/01, or 15/12 of the year before (the reporting periods of Thông tư 01/2018/TT-VPCP)."""
    return day == date(year, 1, 1) or day == date(year - 1, 12, 15)


def _last_day(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def period_words(start: date, end: date) -> str:
    """ "Trong 9 tháng đầu năm 2020" (01/01 or 15/12 to the 14th or the end of September),
    "Trong năm 2020", "Trong quý II năm 2020", else "Từ ngày 01/03/2020 đến ngày 20/05/2020"."""
    year, month = end.year, end.month
    if _starts_year(start, year) and (end.day == 14 or _last_day(end)):
        if month == 12:
            return f"Trong năm {year}"
        if month == 1:
            return f"Trong tháng 01 năm {year}"
        if month == 3:
            return f"Trong quý I năm {year}"
        return f"Trong {month} tháng đầu năm {year}"
    quarter = QUARTERS.get(month)
    if quarter and start == date(year, month - 2, 1) and _last_day(end):
        return f"Trong quý {quarter} năm {year}"
    return f"Từ ngày {d(start)} đến ngày {d(end)}"


def dossier_sentence(status: dict) -> str:
    """Section II (Hiện đại hóa hành chính, phần mềm xử lý dịch vụ công): what was received and
    resolved on the software; "" without data."""
    f = _figures(status)
    if f is None:
        return ""
    period = status["period"]
    words = period_words(date.fromisoformat(period["from"]), date.fromisoformat(period["to"]))
    if f["pending"] == 0:
        text = (
            f"{words}, đã có {n2(f['received'])} hồ sơ được tiếp nhận, giải quyết và trả kết quả "
            "trên phần mềm."
        )
    else:
        text = (
            f"{words}, đã tiếp nhận {n2(f['received'])} hồ sơ trên phần mềm, đã giải quyết và trả "
            f"kết quả {n2(f['resolved'])} hồ sơ, đang giải quyết {n2(f['pending'])} hồ sơ."
        )
    if f["on_time_percent"] is not None:
        text += (
            f" Trong đó, giải quyết trước hạn {n2(f['early'])} hồ sơ, đúng hạn {n2(f['on_time'])} "
            f"hồ sơ, trễ hạn {n2(f['late'])} hồ sơ; tỷ lệ giải quyết trước và đúng hạn đạt "
            f"{pct(f['on_time_percent'])}."
        )
    return text


def late_weakness(status: dict) -> str:
    """Section III.2: the late dossiers and their apology letters; "" when none is late."""
    f = _figures(status)
    if f is None or not f["overdue"]:
        return ""
    parts = []
    if f["late"]:
        parts.append(f"{n2(f['late'])} hồ sơ TTHC giải quyết trễ hạn")
    if f["pending_overdue"]:
        parts.append(f"{n2(f['pending_overdue'])} hồ sơ TTHC đang giải quyết đã quá hạn")
    text = "Có " + " và ".join(parts)
    missing = f["overdue"] - f["late_with_apology"]
    if not f["late_with_apology"]:
        return text + "; chưa phát hành phiếu xin lỗi."
    text += f"; đã phát hành phiếu xin lỗi {n2(f['late_with_apology'])}/{n2(f['overdue'])} hồ sơ"
    if missing:
        text += f", còn {n2(missing)} hồ sơ chưa có phiếu xin lỗi"
    return text + "."


def _until(status: dict) -> str:
    period = status["period"]
    return d(min(period["to"], period["as_of"]))


def note_3_5_2(status: dict) -> str:
    f = _figures(status)
    if f is None:
        return NO_DATA_NOTE
    text = (
        f"- Số hồ sơ đã giải quyết đến thời điểm {_until(status)}: {n2(f['resolved'])} hồ sơ "
        f"(trước hạn {n2(f['early'])}, đúng hạn {n2(f['on_time'])}, trễ hạn {n2(f['late'])})"
    )
    if f["on_time_percent"] is not None:
        text += f"; tỷ lệ giải quyết trước và đúng hạn {pct(f['on_time_percent'])}"
    if f["pending"]:
        text += f"; đang giải quyết {n2(f['pending'])} hồ sơ"
    return text + " (3.5.2)."


def note_3_5_4(status: dict) -> str:
    f = _figures(status)
    if f is None:
        return NO_DATA_NOTE
    if not f["overdue"]:
        return "- Không có hồ sơ trễ hạn (3.5.4)."
    text = (
        f"- Số thư xin lỗi đến thời điểm {_until(status)}: "
        f"{n2(f['late_with_apology'])}/{n2(f['overdue'])} phiếu xin lỗi"
    )
    missing = f["overdue"] - f["late_with_apology"]
    if missing:
        text += f"; còn {n2(missing)} hồ sơ trễ hạn chưa có phiếu xin lỗi"
    return text + " (3.5.4)."


def note_3_5_5(status: dict) -> str:
    f = _figures(status)
    if f is None or not f["detailed"]:
        return NO_DATA_NOTE
    return (
        f"- Số hồ sơ được cập nhật, số hóa trên phần mềm đến thời điểm {_until(status)}: "
        f"{n2(f['digitised'])}/{n2(f['detailed'])} hồ sơ ({pct(f['digitised_percent'])}) (3.5.5)."
    )


def note_7_2(status: dict) -> str:
    f = _figures(status)
    if f is None or not f["detailed"]:
        return NO_DATA_NOTE
    scope = f["postal_scope"]
    if not scope["postal"]:
        return "- Không có hồ sơ phát sinh."
    return (
        f"- Số hồ sơ tiếp nhận qua dịch vụ BCCI đến thời điểm {_until(status)}: "
        f"{n2(scope['postal'])}/{n2(scope['received'])} hồ sơ ({pct(scope['percent'])}) của "
        f"{n2(scope['procedures'])} TTHC có phát sinh hồ sơ qua dịch vụ BCCI (7.2)."
    )


#: Named metrics of the appendix notes (appendix.METRICS takes them in).
NOTE_METRICS = {
    "criterion_3_5_2": note_3_5_2,
    "criterion_3_5_4": note_3_5_4,
    "criterion_3_5_5": note_3_5_5,
    "criterion_7_2": note_7_2,
}
