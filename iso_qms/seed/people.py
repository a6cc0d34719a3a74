"""The demo organisations and UBND xã Quảng An's 22 people (10 cán bộ, 11 công chức, 1 đội viên đề án 500).

Lê Văn Hải, Quách Đình Niệm and Phạm Bá Nam are named in the report; the other names are invented.
"""

ORGANISATIONS = [
    # code, name, level, parent code, place name
    ("T-TTHUE", "UBND tỉnh Thừa Thiên Huế", "province", None, "Thừa Thiên Huế"),
    ("H-QUANGDIEN", "UBND huyện Quảng Điền", "district", "T-TTHUE", "Quảng Điền"),
    ("X-QUANGAN", "UBND xã Quảng An", "commune", "H-QUANGDIEN", "Quảng An"),
    ("X-QUANGTHANH", "UBND xã Quảng Thành", "commune", "H-QUANGDIEN", "Quảng Thành"),
    ("X-QUANGTHO", "UBND xã Quảng Thọ", "commune", "H-QUANGDIEN", "Quảng Thọ"),
]

_LEAD = "Lãnh đạo UBND"
_VP = "Văn phòng - Thống kê"
_TP = "Tư pháp - Hộ tịch"
_DC = "Địa chính - Xây dựng"
_TC = "Tài chính - Kế toán"
_VH = "Văn hóa - Xã hội"
_QS = "Quân sự"
_DANG = "Đảng ủy"
_HDND = "Thường trực HĐND"
_MT = "Mặt trận và các đoàn thể"


def _p(username, full_name, position, unit, *roles, org="X-QUANGAN", kind="cong_chuc"):
    return {
        "username": username,
        "full_name": full_name,
        "position": position,
        "unit": unit,
        "roles": ["staff", *roles] if org == "X-QUANGAN" else list(roles),
        "org": org,
        "kind": kind,
    }


PEOPLE = [
    # 10 cán bộ
    _p("tranvanloc", "Trần Văn Lộc", "Bí thư Đảng ủy", _DANG, kind="can_bo"),
    _p("nguyenthihoa", "Nguyễn Thị Hoa", "Phó Bí thư Thường trực Đảng ủy", _DANG, kind="can_bo"),
    _p("hoangvanthanh", "Hoàng Văn Thành", "Chủ tịch HĐND xã", _HDND, kind="can_bo"),
    _p("lethilan", "Lê Thị Lan", "Phó Chủ tịch HĐND xã", _HDND, kind="can_bo"),
    _p("head", "Lê Văn Hải", "Chủ tịch UBND xã", _LEAD, "head", kind="can_bo"),
    _p("qmr", "Hồ Đắc Tuấn", "Phó Chủ tịch UBND xã", _LEAD, "qmr", kind="can_bo"),
    _p("phanvanminh", "Phan Văn Minh", "Chủ tịch Ủy ban MTTQ Việt Nam xã", _MT, kind="can_bo"),
    _p("nguyenquanghuy", "Nguyễn Quang Huy", "Bí thư Đoàn TNCS Hồ Chí Minh xã", _MT, kind="can_bo"),
    _p("tranthithuy", "Trần Thị Thủy", "Chủ tịch Hội Liên hiệp Phụ nữ xã", _MT, kind="can_bo"),
    _p("vovannam", "Võ Văn Năm", "Chủ tịch Hội Nông dân xã", _MT, kind="can_bo"),
    # 11 công chức
    _p("secretary", "Quách Đình Niệm", "Công chức Văn phòng - Thống kê", _VP, "iso_secretary"),
    _p("dangthingoc", "Đặng Thị Ngọc", "Công chức Văn phòng - Thống kê", _VP),
    _p("inspector", "Nguyễn Thị Thu Hà", "Công chức Tư pháp - Hộ tịch", _TP, "inspector"),
    _p("lequocbao", "Lê Quốc Bảo", "Công chức Tư pháp - Hộ tịch", _TP),
    _p("huynhvantai", "Huỳnh Văn Tài", "Công chức Địa chính - Xây dựng", _DC),
    _p("nguyenvanduc", "Nguyễn Văn Đức", "Công chức Địa chính - Xây dựng", _DC),
    _p("phamthihuong", "Phạm Thị Hương", "Công chức Tài chính - Kế toán", _TC),
    _p("tranngoclinh", "Trần Ngọc Linh", "Công chức Tài chính - Kế toán", _TC),
    _p("staff", "Trần Thị Mai", "Công chức Văn hóa - Xã hội", _VH),
    _p("lethanhson", "Lê Thanh Sơn", "Công chức Văn hóa - Xã hội", _VH),
    _p("ngovantrung", "Ngô Văn Trung", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", _QS),
    # 1 đội viên đề án 500
    _p("admin", "Phạm Bá Nam", "Đội viên Đề án 500", _VP, "admin", kind="de_an_500"),
    # the district's Phòng Nội vụ, reading the communes below
    _p(
        "supervisor",
        "Nguyễn Văn Bình",
        "Chuyên viên Phòng Nội vụ",
        "Phòng Nội vụ",
        "supervisor",
        org="H-QUANGDIEN",
    ),
    # sibling communes, so that roll-ups and cross-organisation checks have something to show
    _p(
        "quangthanh.admin",
        "Trương Văn Hùng",
        "Công chức Văn phòng - Thống kê",
        _VP,
        "staff",
        "admin",
        "iso_secretary",
        org="X-QUANGTHANH",
    ),
    _p(
        "quangthanh.qmr",
        "Lê Thị Bích",
        "Phó Chủ tịch UBND xã",
        _LEAD,
        "staff",
        "qmr",
        org="X-QUANGTHANH",
    ),
    _p(
        "quangtho.admin",
        "Đoàn Văn Phú",
        "Công chức Văn phòng - Thống kê",
        _VP,
        "staff",
        "admin",
        "iso_secretary",
        org="X-QUANGTHO",
    ),
    _p(
        "quangtho.qmr",
        "Nguyễn Thị Sen",
        "Phó Chủ tịch UBND xã",
        _LEAD,
        "staff",
        "qmr",
        org="X-QUANGTHO",
    ),
]

DEMO_LOGINS = [
    ("admin", "quản trị (Phạm Bá Nam, UBND xã Quảng An)"),
    ("qmr", "đại diện lãnh đạo về chất lượng (Hồ Đắc Tuấn, Phó Chủ tịch UBND xã)"),
    ("secretary", "thư ký ISO (Quách Đình Niệm)"),
    ("inspector", "thành viên đoàn kiểm tra (Nguyễn Thị Thu Hà)"),
    ("staff", "cán bộ, công chức (Trần Thị Mai)"),
    ("head", "Chủ tịch UBND xã (Lê Văn Hải)"),
    ("supervisor", "Phòng Nội vụ huyện Quảng Điền (đọc các xã trực thuộc)"),
]
