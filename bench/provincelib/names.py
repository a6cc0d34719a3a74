"""Vietnamese working text for the generated province: people, places, units, procedures."""

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Mai", "Tôn",
]  # fmt: skip
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Xuân", "Thanh", "Công", "Đình", "Ngọc"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Diệu", "Bích"]
GIVEN_M = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long",
    "Lộc", "Nam", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thành", "Tuấn", "Việt",
]  # fmt: skip
GIVEN_F = [
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
    "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Thảo", "Thủy", "Trang", "Vy", "Yến",
]  # fmt: skip

PROVINCE = ("T-BENCH", "UBND tỉnh Thừa Thiên Huế", "Thừa Thiên Huế")
DISTRICTS = [
    "Quảng Điền", "Phong Điền", "Phú Vang", "Phú Lộc", "Hương Trà", "Hương Thủy",
    "A Lưới", "Nam Đông", "Phú Xuân", "Thuận Hóa", "Hải Lăng", "Triệu Phong",
]  # fmt: skip
COMMUNE_FIRST = [
    "Quảng", "Phong", "Phú", "Hương", "Vinh", "Lộc", "Thủy", "Hải", "Triệu", "Điền",
    "Tân", "Hồng",
]  # fmt: skip
COMMUNE_SECOND = [
    "An", "Bình", "Thành", "Lợi", "Phước", "Hòa", "Thọ", "Mỹ", "Xuân", "Sơn",
    "Long", "Vinh", "Hiền", "Tiến",
]  # fmt: skip

COMMUNE_UNITS = [
    "Lãnh đạo UBND",
    "Văn phòng - Thống kê",
    "Tư pháp - Hộ tịch",
    "Địa chính - Xây dựng",
    "Tài chính - Kế toán",
    "Văn hóa - Xã hội",
    "Bộ phận tiếp nhận và trả kết quả",
    "Công an",
    "Chỉ huy quân sự",
]
DISTRICT_UNITS = [
    "Lãnh đạo UBND",
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Bộ phận tiếp nhận và trả kết quả",
]
POSITIONS = {
    "head": "Chủ tịch UBND",
    "qmr": "Phó Chủ tịch UBND",
    "iso_secretary": "Công chức Văn phòng - Thống kê",
    "supervisor": "Chuyên viên Phòng Nội vụ",
}
STAFF_POSITIONS = ["Công chức", "Chuyên viên", "Cán bộ", "Phó trưởng bộ phận", "Trưởng bộ phận"]

#: (field, code, TTHC titles) for the register.
FIELDS = [
    (
        "Hộ tịch",
        "HT",
        [
            "đăng ký khai sinh",
            "đăng ký kết hôn",
            "đăng ký khai tử",
            "đăng ký nhận cha, mẹ, con",
            "đăng ký giám hộ",
            "đăng ký lại khai sinh",
            "thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "cấp giấy xác nhận tình trạng hôn nhân",
            "cấp bản sao trích lục hộ tịch",
            "đăng ký khai sinh kết hợp nhận cha, mẹ, con",
            "đăng ký lại kết hôn",
            "đăng ký chấm dứt giám hộ",
        ],
    ),
    (
        "Chứng thực",
        "CT",
        [
            "chứng thực bản sao từ bản chính",
            "chứng thực chữ ký trong giấy tờ, văn bản",
            "chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
            "chứng thực di chúc",
            "chứng thực văn bản thỏa thuận phân chia di sản",
            "chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
            "cấp bản sao có chứng thực từ bản chính hợp đồng đã được chứng thực",
            "chứng thực chữ ký người dịch",
        ],
    ),
    (
        "Đất đai",
        "DD",
        [
            "hòa giải tranh chấp đất đai",
            "xác nhận nguồn gốc sử dụng đất",
            "đăng ký biến động quyền sử dụng đất",
            "tiếp nhận hồ sơ cấp giấy chứng nhận lần đầu",
            "xác nhận hiện trạng sử dụng đất",
            "gia hạn sử dụng đất nông nghiệp",
            "đăng ký đất đai lần đầu",
            "xác nhận hợp đồng chuyển nhượng",
        ],
    ),
    (
        "Xây dựng",
        "XD",
        [
            "cấp giấy phép xây dựng nhà ở riêng lẻ",
            "thông báo khởi công xây dựng",
            "xác nhận hiện trạng công trình",
            "cấp phép sửa chữa, cải tạo công trình",
            "thẩm định hồ sơ công trình hạ tầng nông thôn",
            "cấp phép di dời công trình",
        ],
    ),
    (
        "Bảo trợ xã hội",
        "BTXH",
        [
            "trợ cấp xã hội hằng tháng",
            "hỗ trợ chi phí mai táng",
            "xác định mức độ khuyết tật",
            "đổi, cấp lại giấy xác nhận khuyết tật",
            "trợ giúp xã hội khẩn cấp",
            "hỗ trợ kinh phí nhận chăm sóc đối tượng",
            "thôi hưởng trợ cấp xã hội",
            "điều chỉnh mức trợ cấp xã hội hằng tháng",
        ],
    ),
    (
        "Lao động - Thương binh và Xã hội",
        "LDTBXH",
        [
            "xác nhận hộ nghèo, hộ cận nghèo",
            "công nhận hộ thoát nghèo",
            "cấp giấy xác nhận thân nhân liệt sĩ",
            "trợ cấp một lần đối với người có công",
            "hỗ trợ học nghề",
            "đăng ký thất nghiệp",
            "giải quyết chế độ mai táng phí người có công",
            "xác nhận đối tượng hưởng chính sách",
        ],
    ),
    (
        "Văn hóa cơ sở",
        "VH",
        [
            "công nhận gia đình văn hóa",
            "công nhận thôn, tổ dân phố văn hóa",
            "đăng ký tổ chức lễ hội",
            "thông báo tổ chức lễ hội",
            "đăng ký hoạt động thư viện cơ sở",
            "xét tặng danh hiệu khu dân cư văn hóa",
        ],
    ),
    (
        "Tín ngưỡng, tôn giáo",
        "TG",
        [
            "đăng ký hoạt động tín ngưỡng",
            "đăng ký bổ sung hoạt động tín ngưỡng",
            "thông báo danh mục hoạt động tôn giáo",
            "đăng ký sinh hoạt tôn giáo tập trung",
            "thông báo tổ chức quyên góp",
            "đề nghị thay đổi địa điểm sinh hoạt tôn giáo",
        ],
    ),
    (
        "Hòa giải cơ sở",
        "HG",
        [
            "công nhận hòa giải viên",
            "thôi làm hòa giải viên",
            "thanh toán thù lao hòa giải viên",
            "công nhận tổ trưởng tổ hòa giải",
            "hỗ trợ hòa giải viên gặp tai nạn",
        ],
    ),
    (
        "Nuôi con nuôi",
        "NCN",
        [
            "đăng ký nuôi con nuôi trong nước",
            "đăng ký lại việc nuôi con nuôi",
            "giải quyết việc người nước ngoài nhận con nuôi",
            "chấm dứt việc nuôi con nuôi",
        ],
    ),
    (
        "Thi đua - Khen thưởng",
        "TDKT",
        [
            "tặng giấy khen của Chủ tịch UBND",
            "tặng danh hiệu lao động tiên tiến",
            "khen thưởng đột xuất",
            "khen thưởng theo đợt, chuyên đề",
            "khen thưởng gia đình",
        ],
    ),
    (
        "Nông nghiệp",
        "NN",
        [
            "hỗ trợ khôi phục sản xuất vùng bị thiệt hại",
            "xác nhận bảng kê lâm sản",
            "phê duyệt kế hoạch khuyến nông địa phương",
            "đăng ký kinh tế trang trại",
            "hỗ trợ giống cây trồng sau thiên tai",
        ],
    ),
    (
        "Giáo dục và đào tạo",
        "GD",
        [
            "thành lập nhóm trẻ, lớp mẫu giáo độc lập",
            "cho phép hoạt động giáo dục nhóm trẻ",
            "công nhận xã đạt chuẩn phổ cập giáo dục",
            "sáp nhập, giải thể nhóm trẻ",
        ],
    ),
    (
        "Nội vụ",
        "NV",
        [
            "công nhận ban vận động thành lập hội",
            "xét tuyển công chức cấp xã",
            "thôi việc đối với cán bộ, công chức",
            "phê duyệt điều lệ hội",
        ],
    ),
]
SYSTEM_PROCEDURES = [
    ("CS.01", "policy", "Chính sách chất lượng"),
    ("MT.01", "objectives", "Mục tiêu chất lượng"),
    ("QT.01", "system", "Quy trình kiểm soát tài liệu"),
    ("QT.02", "system", "Quy trình kiểm soát hồ sơ"),
    ("QT.03", "system", "Quy trình đánh giá nội bộ"),
    ("QT.04", "system", "Quy trình kiểm soát sự không phù hợp và hành động khắc phục"),
    ("QT.05", "system", "Quy trình xem xét của lãnh đạo"),
    ("QT.06", "system", "Quy trình quản lý rủi ro và cơ hội"),
]
CHANGE_SUMMARIES = [
    ("Cập nhật căn cứ pháp lý theo văn bản mới", "Mục 3 - Tài liệu viện dẫn", True),
    (
        "Rút ngắn thời gian giải quyết theo quyết định công bố của UBND tỉnh",
        "Mục 5 - Nội dung",
        True,
    ),
    ("Bổ sung thành phần hồ sơ", "Mục 5.1 - Hồ sơ", True),
    ("Sửa đổi biểu mẫu theo thông tư mới", "Mục 6 - Biểu mẫu", True),
    ("Điều chỉnh trách nhiệm thực hiện do sắp xếp bộ phận", "Mục 5 - Lưu đồ", True),
    ("Sửa lỗi chính tả, định dạng", "Toàn bộ", False),
    ("Cập nhật tên cơ quan, địa chỉ Bộ phận một cửa", "Mục 5.3 - Nơi tiếp nhận", False),
]
WITHDRAW_REASONS = [
    "Thủ tục hành chính bị bãi bỏ theo quyết định công bố của Chủ tịch UBND tỉnh",
    "Chuyển thẩm quyền giải quyết lên cấp huyện",
    "Hợp nhất vào quy trình khác",
]
FINDING_TEXTS = [
    "Hồ sơ giải quyết quá hạn nhưng không có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    "Sổ theo dõi hồ sơ chưa ghi đầy đủ ngày trả kết quả.",
    "Bộ phận còn lưu bản quy trình đã hết hiệu lực tại nơi làm việc.",
    "Kế hoạch CCHC chưa được đăng tải trên trang thông tin điện tử.",
    "Biểu mẫu sử dụng không đúng mẫu quy định trong quy trình.",
    "Chưa thực hiện đo lường mức độ hài lòng của người dân theo kế hoạch.",
    "Mục tiêu chất lượng chưa được theo dõi, đánh giá định kỳ.",
    "Hồ sơ lưu chưa đúng thời gian quy định tại quy trình.",
    "Nhiệm vụ theo ý kiến chỉ đạo chưa được báo cáo kết quả đúng hạn.",
    "Chưa niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận một cửa.",
    "Công chức chưa xác nhận đã đọc quy trình ban hành lại.",
    "Chưa cập nhật rủi ro và cơ hội sau khi thay đổi thủ tục.",
]
ACTION_TEXTS = [
    "Rà soát toàn bộ hồ sơ, bổ sung phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    "Hướng dẫn lại công chức ghi sổ theo dõi; kiểm tra hằng tuần.",
    "Thu hồi bản cũ, phân phối lại bản hiện hành; cập nhật danh mục tài liệu.",
    "Đăng tải đầy đủ kế hoạch và báo cáo; phân công người cập nhật.",
    "Tổ chức tập huấn lại quy trình cho bộ phận liên quan.",
    "Bổ sung nội dung vào kế hoạch năm và theo dõi hằng quý.",
]
ROOT_CAUSES = [
    "Công chức mới chưa được hướng dẫn đầy đủ",
    "Chưa phân công người theo dõi",
    "Khối lượng công việc tăng, chưa bố trí đủ nhân lực",
    "Quy trình chưa quy định rõ trách nhiệm",
]
