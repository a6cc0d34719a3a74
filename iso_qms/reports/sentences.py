"""Vietnamese paragraphs for sections I.3, II.6, III and IV of the báo cáo CCHC.

They are the report's own text (always Vietnamese, whatever the interface language), written in
the register of the real report, and every figure in them comes from the computed status.
"""

from datetime import date

ROUND_KIND = {
    "self_inspection": "tự kiểm tra",
    "internal_audit": "đánh giá nội bộ",
    "external_inspection": "kiểm tra",
}
#: How the real report abbreviates the self-inspection areas ("CCHC, KSTT HC, ISO, YKCD").
AREA_SHORT = {
    "CCHC": "CCHC",
    "KSTTHC": "kiểm soát TTHC",
    "ISO": "ISO",
    "KLKC": "kỷ luật, kỷ cương",
    "YKCD": "ý kiến chỉ đạo",
}
FINDING_WORDS = {
    "nc_major": "điểm không phù hợp nặng",
    "nc_minor": "điểm không phù hợp nhẹ",
    "observation": "điểm lưu ý",
    "ofi": "cơ hội cải tiến",
}


def d(value: str | date | None) -> str:
    """dd/mm/yyyy, as the report writes dates."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def pct(value: float | None) -> str:
    return "" if value is None else (f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%")


def n2(value: int) -> str:
    """Counts as the report writes them: 02, 09, 15."""
    return f"{value:02d}"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _round_sentence(round_: dict, place: str) -> str:
    kind = ROUND_KIND[round_["kind"]]
    areas = [
        AREA_SHORT.get(code, title)
        for code, title in zip(round_["area_codes"], round_["areas"], strict=False)
    ]
    scope = f" {_join(areas)}" if areas else ""
    if round_["kind"] == "internal_audit" and round_["clauses"]:
        scope = " theo các điều khoản " + ", ".join(round_["clauses"]) + " của TCVN ISO 9001:2015"
    text = f"ngày {d(round_['start_date'])}, UBND xã {place} đã thành lập đoàn và tổ chức {kind}{scope}"
    total, fixed = round_["findings_total"], round_["findings_fixed"]
    if total:
        found = [
            f"{n2(round_['findings'][t])} {FINDING_WORDS[t]}"
            for t in FINDING_WORDS
            if round_["findings"][t]
        ]
        text += f", đã kịp thời phát hiện {n2(total)} tồn tại ({_join(found)}) và yêu cầu khắc phục"
        text += f"; đến nay đã khắc phục xong {n2(fixed)}/{n2(total)}" if fixed else ""
    else:
        text += ", không phát hiện tồn tại"
    return text


def section_i3(status: dict) -> str:
    place = status["organisation"]["place_name"] or status["organisation"]["name"]
    rounds = status["rounds"]
    if not rounds:
        return (
            f"Trong kỳ báo cáo, UBND xã {place} chưa tổ chức đợt tự kiểm tra, đánh giá nào "
            "về cải cách hành chính, kiểm soát TTHC và hệ thống quản lý chất lượng."
        )
    plans = sorted({r["plan_ref"] for r in rounds if r["plan_ref"]})
    lead = f"UBND xã đã ban hành {_join(plans)}. Theo đó " if plans else "Trong kỳ báo cáo, "
    return lead + "; ".join(_round_sentence(r, place) for r in rounds) + "."


def section_ii6(status: dict) -> str:
    place = status["organisation"]["place_name"] or status["organisation"]["name"]
    parts = []
    ann = status["announcement"]
    if ann:
        tthc = sum(1 for item in ann["scope"] if item["kind"] == "tthc")
        parts.append(
            "UBND xã đã chỉ đạo các bộ phận chuyên môn xây dựng, áp dụng hệ thống quản lý chất lượng "
            f"theo tiêu chuẩn TCVN ISO 9001:2015. Theo đó đã ban hành Quyết định số {ann['decision_no']} "
            f"ngày {d(ann['decision_date'])} về công bố lần {n2(ann['ordinal'])} hệ thống quản lý chất lượng "
            f"phù hợp tiêu chuẩn TCVN ISO 9001:2015 tại xã {place}, gồm {n2(len(ann['scope']))} quy trình "
            f"(trong đó {n2(tthc)} quy trình giải quyết thủ tục hành chính)."
        )
    else:
        parts.append(
            f"UBND xã {place} chưa công bố hệ thống quản lý chất lượng phù hợp tiêu chuẩn "
            "TCVN ISO 9001:2015."
        )
    revised = status["procedures"]["revised_in_period"]
    if revised:
        parts.append(f"Trong kỳ, đã ban hành, sửa đổi {n2(len(revised))} quy trình.")
    c = status["criterion_3_4_2"]
    if c["total"]:
        parts.append(
            f"Có {n2(c['compliant'])}/{n2(c['total'])} quy trình giải quyết TTHC ({pct(c['percent'])}) "
            "được thiết lập có tổng thời gian các bước không vượt quá thời hạn giải quyết theo quy định."
        )
    a = status["acknowledgement"]
    if a["people"]:
        parts.append(
            f"{n2(a['acknowledged'])}/{n2(a['people'])} cán bộ, công chức "
            f"({pct(a['coverage_percent'])}) đã xác nhận đọc và hiểu đầy đủ các quy trình đang áp dụng."
        )
    return " ".join(parts)


def section_iii(status: dict) -> dict:
    strengths, weaknesses = [], []
    c, a, duty = status["criterion_3_4_2"], status["acknowledgement"], status["annual_duties"]
    if status["announcement"]:
        strengths.append(
            "Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 được duy trì và "
            f"công bố lần {n2(status['announcement']['ordinal'])}."
        )
    if c["total"] and c["compliant"] == c["total"]:
        strengths.append(
            "100% quy trình giải quyết TTHC có tổng thời gian các bước không vượt quá thời hạn "
            "giải quyết theo quy định."
        )
    if status["rounds"]:
        strengths.append(
            "Công tác tự kiểm tra được tổ chức theo kế hoạch, kịp thời phát hiện tồn tại và "
            "yêu cầu khắc phục."
        )
    over = [i["code"] for i in c["items"] if not i["compliant"]]
    if over:
        weaknesses.append(
            f"Còn {n2(len(over))} quy trình giải quyết TTHC có tổng thời gian các bước vượt "
            f"thời hạn giải quyết ({', '.join(over)})."
        )
    findings, actions = status["findings"], status["actions"]
    if findings["open"]:
        weaknesses.append(
            f"Còn {n2(findings['open'])} tồn tại qua kiểm tra, đánh giá chưa được khắc phục xong."
        )
    if actions["overdue"]:
        weaknesses.append(f"Có {n2(actions['overdue'])} hành động khắc phục quá hạn.")
    legal = status["procedures"]["legal_update_due"]
    if legal:
        codes = sorted({item["code"] for item in legal})
        weaknesses.append(
            f"{n2(len(codes))} quy trình chưa được cập nhật theo văn bản pháp lý mới "
            f"({', '.join(codes)})."
        )
    if a["people"] and a["acknowledged"] < a["people"]:
        weaknesses.append(
            f"Còn {n2(a['people'] - a['acknowledged'])} cán bộ, công chức chưa xác nhận đọc "
            "đầy đủ các quy trình đang áp dụng."
        )
    if not duty["internal_audit_held"]:
        weaknesses.append(f"Chưa tổ chức đánh giá nội bộ năm {duty['year']}.")
    if not duty["management_review_held"]:
        weaknesses.append(f"Chưa tổ chức xem xét của lãnh đạo năm {duty['year']}.")
    return {
        "strengths": " ".join("- " + s for s in strengths),
        "weaknesses": " ".join("- " + w for w in weaknesses),
    }


def section_iv(status: dict) -> str:
    items = []
    duty, planned = status["annual_duties"], status["planned"]
    for round_ in planned["rounds"]:
        items.append(
            f'Tổ chức {ROUND_KIND[round_["kind"]]} "{round_["title"]}" vào ngày {d(round_["start_date"])}.'
        )
    if not duty["internal_audit_held"] and not any(
        r["kind"] == "internal_audit" for r in planned["rounds"]
    ):
        items.append(
            "Tiến hành đánh giá nội bộ hệ thống quản lý chất lượng để có cơ sở rút kinh nghiệm, "
            "cải tiến tốt hơn."
        )
    if not duty["management_review_held"]:
        items.append("Tổ chức xem xét của lãnh đạo đối với hệ thống quản lý chất lượng.")
    legal = planned["legal_updates"]
    if legal:
        due = (
            min(item["due_on"] for item in legal if item["due_on"])
            if any(i["due_on"] for i in legal)
            else None
        )
        codes = sorted({item["code"] for item in legal})
        items.append(
            f"Cập nhật {n2(len(codes))} quy trình theo văn bản pháp lý mới ({', '.join(codes)})"
            + (f" trước ngày {d(due)}." if due else ".")
        )
    overdue = status["procedures"]["review_overdue"]
    if overdue:
        items.append(f"Rà soát, xem xét định kỳ {n2(len(overdue))} quy trình đã đến hạn.")
    over = [i["code"] for i in status["criterion_3_4_2"]["items"] if not i["compliant"]]
    if over:
        items.append(
            f"Sửa đổi quy trình {', '.join(over)} để tổng thời gian các bước không vượt quá thời hạn "
            "giải quyết theo quy định."
        )
    items.append(
        "Tiếp tục duy trì, áp dụng và cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn "
        "TCVN ISO 9001:2015 đối với các thủ tục mới ban hành, sửa đổi, bổ sung."
    )
    return " ".join(f"{i}. {text}" for i, text in enumerate(items, start=1))


def paragraphs(status: dict) -> dict:
    iii = section_iii(status)
    return {
        "I.3": section_i3(status),
        "II.6": section_ii6(status),
        "III.1": iii["strengths"],
        "III.2": iii["weaknesses"],
        "IV": section_iv(status),
    }
