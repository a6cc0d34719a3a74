"""Vietnamese paragraphs for sections I.3, II.6, III and IV of the báo cáo CCHC.

They are the report's own text (always Vietnamese, whatever the interface language), written in
the register of the real report, and every figure in them comes from the computed status. They
state only what the records say happened: a round is held once started, a planned one is planned,
an external inspection is the inspecting body's, not the commune's own.
"""

from datetime import date

ROUND_KIND = {
    "self_inspection": "tự kiểm tra",
    "internal_audit": "đánh giá nội bộ",
    "external_inspection": "kiểm tra",
}
#: Rounds the commune runs itself; an external inspection is run by its body.
OWN_KINDS = ("self_inspection", "internal_audit")
#: How the real report abbreviates the self-inspection areas ("CCHC, KSTT HC, ISO, YKCD").
AREA_SHORT = {
    "CCHC": "CCHC",
    "KSTTHC": "kiểm soát TTHC",
    "ISO": "ISO",
    "KLKC": "kỷ luật, kỷ cương",
    "YKCD": "ý kiến chỉ đạo",
}
#: Documents of the scope that are not "quy trình".
NOT_PROCEDURES = {"policy": "chính sách chất lượng", "objectives": "mục tiêu chất lượng"}
#: The inspecting body of an old external round (recorded before rounds named their body), as its
#: title or plan reference names it: the first match wins.
BODIES = (
    ("Sở Khoa học và Công nghệ", ("sở khoa học và công nghệ", "sở kh&cn", "sở khcn", "-skhcn")),
    ("Sở Nội vụ", ("sở nội vụ", "-snv")),
    ("UBND tỉnh", ("ubnd tỉnh", "ủy ban nhân dân tỉnh", "uỷ ban nhân dân tỉnh")),
    ("Phòng Nội vụ huyện", ("phòng nội vụ",)),
    ("UBND huyện", ("ubnd huyện", "ủy ban nhân dân huyện", "uỷ ban nhân dân huyện")),
)
#: What an external inspection looks at (Thông tư 26/2014/TT-BKHCN).
INSPECTED = "việc áp dụng, duy trì hệ thống quản lý chất lượng"


def d(value: str | date | None) -> str:
    """dd/mm/yyyy, as the report writes dates."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def pct(value: float | None) -> str:
    return "" if value is None else (f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%")


def n2(value: int) -> str:
    """Counts as the report writes them: 02, 09, 15; zero is 0, never 00."""
    return f"{value:02d}" if value else "0"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _after_ubnd(name: str) -> str:
    """ "UBND xã Quảng An" → "xã Quảng An"; "" for a name without "UBND "."""
    name = name.strip()
    return name[5:].strip() if name.upper().startswith("UBND ") else ""


def _place(status: dict) -> str:
    """The unit as its sentences name it: "xã Quảng An", "phường Hương Phong", "thị trấn Sịa"
    (its name without "UBND"; "xã" and the place name when the name says neither)."""
    name = status["organisation"]["name"].strip()
    place = status["organisation"]["place_name"] or ""
    unit = _after_ubnd(name)
    if unit and (not place or unit.endswith(place)):
        return unit
    return f"xã {place or name}"


def _level(place: str) -> str:
    """The level word of the unit: "xã", "phường", "thị trấn"."""
    for word in ("thị trấn", "phường", "xã"):
        if place.startswith(word + " "):
            return word
    return "xã"


def body_of(round_: dict) -> str:
    """The inspecting body the external round names; for an old round without one, the body its
    plan reference or title names."""
    if round_.get("inspecting_body"):
        return round_["inspecting_body"]
    text = f"{round_['plan_ref']} {round_['title']}".casefold()
    for name, marks in BODIES:
        if any(mark in text for mark in marks):
            return name
    return "đoàn kiểm tra của cơ quan cấp trên"


def _scope(round_: dict) -> str:
    areas = [
        AREA_SHORT.get(code, title)
        for code, title in zip(round_["area_codes"], round_["areas"], strict=False)
    ]
    scope = f" {_join(areas)}" if areas else ""
    if round_["kind"] == "internal_audit" and round_["clauses"]:
        scope = " theo các điều khoản " + ", ".join(round_["clauses"]) + " của TCVN ISO 9001:2015"
    return scope


def _found(round_: dict, verb: str) -> str:
    """Nonconformities are the CCHC report's "tồn tại, hạn chế"; observations and improvement
    opportunities are recommendations, never called tồn tại."""
    nc, fixed = round_["nonconformities"], round_["nonconformities_fixed"]
    other = round_["findings"]["observation"] + round_["findings"]["ofi"]
    if nc:
        text = f", {verb} {n2(nc)} tồn tại, hạn chế và yêu cầu khắc phục"
    else:
        text = ", không phát hiện tồn tại, hạn chế"
    if other:
        text += f", đồng thời đưa ra {n2(other)} kiến nghị cải tiến"
    if nc and fixed:
        text += f"; đến nay đã khắc phục xong {n2(fixed)}/{n2(nc)} tồn tại, hạn chế"
    return text


def _round_sentence(round_: dict, place: str) -> str:
    kind = ROUND_KIND[round_["kind"]]
    text = (
        f"ngày {d(round_['start_date'])}, UBND {place} đã thành lập đoàn và tổ chức "
        f"{kind}{_scope(round_)}"
    )
    return text + _found(round_, "đã kịp thời phát hiện")


def _external_sentence(round_: dict, place: str) -> str:
    plan = f" theo {round_['plan_ref']}" if round_["plan_ref"] else ""
    text = (
        f"Ngày {d(round_['start_date'])}, {body_of(round_)} đã kiểm tra {INSPECTED} "
        f"tại UBND {place}{plan}"
    )
    return text + _found(round_, "đã chỉ ra") + "."


def _what(round_: dict) -> str:
    """A round named by what it does and under which plan, never by its quoted title."""
    plan = f" theo {round_['plan_ref']}" if round_["plan_ref"] else ""
    if round_["kind"] == "external_inspection":
        return f"kiểm tra của {body_of(round_)} về {INSPECTED}{plan}"
    if round_["kind"] == "internal_audit":
        return f"đánh giá nội bộ hệ thống quản lý chất lượng{plan}"
    return f"{ROUND_KIND[round_['kind']]}{_scope(round_)}{plan}"


def _planned_item(round_: dict, missed: bool) -> str:
    """Section IV: a round planned, not (yet) held."""
    if round_["kind"] == "external_inspection":
        plan = f" theo {round_['plan_ref']}" if round_["plan_ref"] else ""
        text = f"Chuẩn bị các điều kiện để {body_of(round_)} kiểm tra {INSPECTED}{plan}"
    else:
        text = f"Tổ chức {_what(round_)}"
    day = d(round_["start_date"])
    if missed:
        return f"{text} (dự kiến ngày {day}, đã quá thời gian dự kiến nhưng chưa thực hiện)."
    return f"{text}, dự kiến ngày {day}."


def _missed(status: dict) -> list[dict]:
    """The period's rounds whose day has come but that were not started by the as-of date."""
    return [r for r in status["rounds"] if not r["held"]]


def section_i3(status: dict) -> str:
    place = _place(status)
    held = [r for r in status["rounds"] if r["held"]]
    own = [r for r in held if r["kind"] in OWN_KINDS]
    parts = []
    if own:
        plans = sorted({r["plan_ref"] for r in own if r["plan_ref"]})
        lead = (
            f"UBND {_level(place)} đã ban hành {_join(plans)}. Theo đó "
            if plans
            else "Trong kỳ báo cáo, "
        )
        parts.append(lead + "; ".join(_round_sentence(r, place) for r in own) + ".")
    else:
        parts.append(
            f"Trong kỳ báo cáo, UBND {place} chưa tổ chức đợt tự kiểm tra, đánh giá nào "
            "về cải cách hành chính, kiểm soát TTHC và hệ thống quản lý chất lượng."
        )
    parts += [_external_sentence(r, place) for r in held if r["kind"] not in OWN_KINDS]
    parts += [
        f"Đợt {_what(r)}, dự kiến ngày {d(r['start_date'])}, đến nay chưa được thực hiện."
        for r in _missed(status)
    ]
    return " ".join(parts)


def _scope_sentence(ann: dict, place: str) -> str:
    docs = [
        name
        for kind, name in NOT_PROCEDURES.items()
        if any(i["kind"] == kind for i in ann["scope"])
    ]
    procedures = sum(1 for item in ann["scope"] if item["kind"] not in NOT_PROCEDURES)
    tthc = sum(1 for item in ann["scope"] if item["kind"] == "tthc")
    if procedures:
        within = f" (trong đó {n2(tthc)} quy trình giải quyết thủ tục hành chính)" if tthc else ""
        docs.append(f"{n2(procedures)} quy trình{within}")
    return (
        f"UBND {_level(place)} đã chỉ đạo các bộ phận chuyên môn xây dựng, áp dụng hệ thống quản lý chất lượng "
        f"theo tiêu chuẩn TCVN ISO 9001:2015. Theo đó đã ban hành Quyết định số {ann['decision_no']} "
        f"ngày {d(ann['decision_date'])} về công bố lần {n2(ann['ordinal'])} hệ thống quản lý chất lượng "
        f"phù hợp tiêu chuẩn TCVN ISO 9001:2015 tại {place}"
        + (f", gồm {_join(docs)}." if docs else ".")
    )


def _in_period(status: dict, day: str | None) -> bool:
    period = status["period"]
    return bool(day) and period["from"] <= day <= min(period["to"], period["as_of"])


def _formation_sentence(status: dict, place: str) -> str:
    """How the unit was made by the 2025 arrangement, as the report of a merged commune says it."""
    parts = []
    for change in status.get("formed_by") or []:
        names = _join([_after_ubnd(n) or n for n in change["from"]])
        verb = "được sắp xếp thành" if change["kind"] == "merge_new" else "được nhập vào"
        basis = f"Thực hiện {change['legal_basis']}, từ" if change["legal_basis"] else "Từ"
        parts.append(f"{basis} ngày {d(change['effective_date'])}, {names} {verb} {place}.")
    return " ".join(parts)


def section_ii6(status: dict) -> str:
    place = _place(status)
    parts = [_formation_sentence(status, place)]
    ann = status["announcement"]
    if ann:
        parts.append(_scope_sentence(ann, place))
    else:
        parts.append(
            f"UBND {place} chưa công bố hệ thống quản lý chất lượng phù hợp tiêu chuẩn "
            "TCVN ISO 9001:2015."
        )
    # Procedures, not revisions: one procedure revised twice is one.
    revised = {
        r["code"]
        for r in status["procedures"]["revised_in_period"]
        if r["kind"] not in NOT_PROCEDURES
    }
    if revised:
        parts.append(f"Trong kỳ, đã ban hành, sửa đổi {n2(len(revised))} quy trình.")
    c = status["criterion_3_4_2"]
    if c["total"] and c["compliant"]:
        parts.append(
            f"Có {n2(c['compliant'])}/{n2(c['total'])} quy trình giải quyết TTHC ({pct(c['percent'])}) "
            "được thiết lập có tổng thời gian các bước không vượt quá thời hạn giải quyết theo quy định."
        )
    elif c["total"]:
        parts.append(
            f"Chưa có quy trình giải quyết TTHC nào (trong số {n2(c['total'])} quy trình) được "
            "thiết lập có tổng thời gian các bước không vượt quá thời hạn giải quyết theo quy định."
        )
    a = status["acknowledgement"]
    if a["coverage_percent"] is None:
        pass  # nothing in force (or nobody): no sentence about reading rather than a false 100%
    elif a["people"] and a["acknowledged"]:
        sentence = (
            f"{n2(a['acknowledged'])}/{n2(a['people'])} cán bộ, công chức "
            f"({pct(a['coverage_percent'])}) đã xác nhận đọc và hiểu đầy đủ các quy trình đang áp dụng"
        )
        if a.get("not_yet_due"):  # their reading is assigned but not yet due: not a shortfall
            sentence += f"; {n2(a['not_yet_due'])} người chưa đến hạn xác nhận"
        parts.append(sentence + ".")
    elif a["people"]:
        parts.append(
            f"Chưa có cán bộ, công chức nào (trong số {n2(a['people'])} người) xác nhận đọc và "
            "hiểu đầy đủ các quy trình đang áp dụng."
        )
    review = status["annual_duties"]["management_review_date"]
    if status["annual_duties"]["management_review_held"] and _in_period(status, review):
        parts.append(
            f"Ngày {d(review)}, UBND {_level(place)} đã tổ chức xem xét của lãnh đạo đối với hệ thống quản lý "
            "chất lượng theo quy định."
        )
    from .performance_notes import dossier_sentence  # the dossier records (issue 14)

    parts.append(dossier_sentence(status))
    return " ".join(p for p in parts if p)


def annual_duties_due(status: dict) -> bool:
    """The yearly internal audit and management review are owed only once the year is over: by
    a report of the whole year, or as of a day past it; before that they are still to come."""
    year = status["annual_duties"]["year"]
    end = date.fromisoformat(status["period"]["to"])
    as_of = date.fromisoformat(status["period"]["as_of"])
    return end >= date(year, 12, 31) or as_of > date(year, 12, 31)


def _legal_weakness(legal: list[dict]) -> str:
    codes = sorted({item["code"] for item in legal})
    late = [item["due_on"] for item in legal if item["overdue"] and item["due_on"]]
    return (
        f"{n2(len(codes))} quy trình chưa được cập nhật theo văn bản pháp lý mới "
        f"({', '.join(codes)})" + (f", đã quá hạn ngày {d(min(late))}." if late else ".")
    )


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
    own = [r for r in status["rounds"] if r["held"] and r["kind"] in OWN_KINDS]
    if own:
        strengths.append(
            "Công tác tự kiểm tra được tổ chức theo kế hoạch"
            + (
                ", kịp thời phát hiện tồn tại và yêu cầu khắc phục."
                if any(r["nonconformities"] for r in own)
                else "."
            )
        )
    over = [i["code"] for i in c["items"] if not i["compliant"]]
    if over:
        weaknesses.append(
            f"Còn {n2(len(over))} quy trình giải quyết TTHC có tổng thời gian các bước vượt "
            f"thời hạn giải quyết ({', '.join(over)})."
        )
    for round_ in _missed(status):
        weaknesses.append(
            f"Chưa thực hiện {_what(round_)} (dự kiến ngày {d(round_['start_date'])})."
        )
    findings, actions = status["findings"], status["actions"]
    if findings["open_nonconformities"]:
        weaknesses.append(
            f"Còn {n2(findings['open_nonconformities'])} tồn tại qua kiểm tra, đánh giá chưa "
            "được khắc phục xong."
        )
    if actions["overdue"]:
        weaknesses.append(f"Có {n2(actions['overdue'])} hành động khắc phục quá hạn.")
    legal = status["procedures"]["legal_update_due"]
    if legal:
        weaknesses.append(_legal_weakness(legal))
    if a["coverage_percent"] is not None and a.get("overdue", a["people"] - a["acknowledged"]):
        # only those past their due date are a shortcoming; not-yet-due readings are not
        weaknesses.append(
            f"Còn {n2(a.get('overdue', a['people'] - a['acknowledged']))} cán bộ, công chức chưa xác nhận đọc "
            "đầy đủ các quy trình đang áp dụng."
        )
    from .performance_notes import late_weakness  # the late dossiers (issue 14)

    if late_weakness(status):
        weaknesses.append(late_weakness(status))
    from .objective_notes import objectives_strength, objectives_weakness  # issue 14

    strengths.append(objectives_strength(status))
    weaknesses.append(objectives_weakness(status))
    if annual_duties_due(status):
        if not duty["internal_audit_held"]:
            weaknesses.append(f"Chưa tổ chức đánh giá nội bộ năm {duty['year']}.")
        if not duty["management_review_held"]:
            weaknesses.append(f"Chưa tổ chức xem xét của lãnh đạo năm {duty['year']}.")
    return {
        "strengths": " ".join("- " + s for s in strengths if s),
        "weaknesses": " ".join("- " + w for w in weaknesses if w),
    }


def _legal_items(legal: list[dict]) -> list[str]:
    """Updates still in time "trước ngày …"; those past their deadline said as overdue."""
    items = []
    for late in (False, True):
        group = [item for item in legal if item["overdue"] is late]
        if not group:
            continue
        dues = [item["due_on"] for item in group if item["due_on"]]
        codes = sorted({item["code"] for item in group})
        text = f"Cập nhật {n2(len(codes))} quy trình theo văn bản pháp lý mới ({', '.join(codes)})"
        if late:
            text += f", đã quá hạn ngày {d(min(dues))} nhưng chưa thực hiện" if dues else ""
        elif dues:
            text += f" trước ngày {d(min(dues))}"
        items.append(text + ".")
    return items


def _annual_items(status: dict) -> list[str]:
    duty, planned = status["annual_duties"], status["planned"]
    later = (
        ""
        if annual_duties_due(status)
        else f", dự kiến thực hiện trong những tháng còn lại năm {duty['year']}"
    )
    items = []
    if not duty["internal_audit_held"] and not any(
        r["kind"] == "internal_audit" for r in planned["rounds"]
    ):
        items.append(
            "Tiến hành đánh giá nội bộ hệ thống quản lý chất lượng để có cơ sở rút kinh nghiệm, "
            f"cải tiến tốt hơn{later}."
        )
    if not duty["management_review_held"]:
        items.append(f"Tổ chức xem xét của lãnh đạo đối với hệ thống quản lý chất lượng{later}.")
    return items


def section_iv(status: dict) -> str:
    items = [_planned_item(r, missed=True) for r in _missed(status)]
    items += [_planned_item(r, missed=False) for r in status["planned"]["rounds"]]
    items += _annual_items(status)
    items += _legal_items(status["planned"]["legal_updates"])
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
