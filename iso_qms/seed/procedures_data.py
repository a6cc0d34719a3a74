"""Demo document register of UBND xã Quảng An (huyện Quảng Điền, tỉnh Thừa Thiên Huế), 2019–2020.

Pure data, loaded by the demo seeder. The story it tells:

- the QMS was built after QĐ 1462/QĐ-UBND (18/06/2019) of the Chủ tịch UBND tỉnh; system documents
  took effect on 15/07/2019, the first TTHC procedures on 26/07/2019; lần 01 was announced on
  16/08/2019 (292/QĐ-UBND);
- Hòa giải cơ sở, Bảo trợ xã hội and Chứng thực di chúc were added in October 2019, so lần 02
  (477/QĐ-UBND, 18/12/2019) widened the scope;
- the TTHC "xác nhận hộ gia đình ... có mức sống trung bình" left the commune's list on 01/03/2020
  (withdrawn); Gia đình văn hóa (01/04/2020) and Đăng ký giám hộ (15/05/2020) were added;
  the hộ tịch procedures were revised on 10/08/2020 for TT 04/2020/TT-BTP; lần 03 is
  353/QĐ-UBND of 18/08/2020, the one named in Báo cáo số 385/BC-UBND ngày 14/09/2020;
- QT-HT-04, QT-HT-05 and QT-HT-08 still cite TT 15/2015/TT-BTP (replaced on 16/07/2020), so they are
  due for a legal update by 16/10/2020;
- QT-CT-03's revision of 15/06/2020 added a step and now exceeds its statutory 02 working days
  (PAR criterion 3.4.2 is not 100%);
- QT-CT-02 has a revision effective 01/10/2020, approved after the 18/08/2020 announcement.

Durations are written as officials write them; 1 working day = 8 working hours, "Trong ngày" = 8 h.
"""

from datetime import date

# Who does what, as the step tables write it.
_TN = "Công chức Bộ phận tiếp nhận và trả kết quả"
_TPHT = "Công chức Tư pháp - Hộ tịch"
_VPTK = "Công chức Văn phòng - Thống kê"
_VHXH = "Công chức Văn hóa - Xã hội"
_LD = "Chủ tịch hoặc Phó Chủ tịch UBND xã"
_CT = "Chủ tịch UBND xã"

# Outputs of the one-stop desk (Thông tư 01/2018/TT-VPCP).
_MAU01 = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01, TT 01/2018/TT-VPCP)"
_MAU05 = "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05, TT 01/2018/TT-VPCP)"
_TRA = "Trả kết quả, ký nhận vào Sổ theo dõi hồ sơ (Mẫu 06, TT 01/2018/TT-VPCP)"

_NOI_TIEP_NHAN = (
    "Bộ phận tiếp nhận và trả kết quả hiện đại UBND xã Quảng An. Thời gian: sáng từ 07 giờ 00 "
    "đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ 00, từ thứ Hai đến thứ Sáu (trừ ngày lễ, tết). "
    "Kết quả được trả tại Bộ phận tiếp nhận và trả kết quả hoặc qua dịch vụ bưu chính công ích."
)
_VIET_TAT = (
    "- **UBND**: Ủy ban nhân dân\n"
    "- **TTHC**: Thủ tục hành chính\n"
    "- **BPTN&TKQ**: Bộ phận tiếp nhận và trả kết quả\n"
    "- **HTQLCL**: Hệ thống quản lý chất lượng"
)
_VIET_TAT_HT = _VIET_TAT + "\n- **CSDL**: Cơ sở dữ liệu hộ tịch điện tử"
_PHAM_VI_HT = (
    "Áp dụng đối với công dân Việt Nam cư trú trong nước thực hiện thủ tục tại UBND xã Quảng An; "
    "công chức Tư pháp - Hộ tịch, Bộ phận tiếp nhận và trả kết quả và lãnh đạo UBND xã."
)
_LE_PHI_HT = (
    "Theo mức thu do HĐND tỉnh Thừa Thiên Huế quy định. Miễn lệ phí cho người thuộc gia đình có "
    "công với cách mạng, người thuộc hộ nghèo, người khuyết tật (Điều 11 Luật Hộ tịch)."
)


LEGAL_BASES = [
    {
        "number": "61/2018/NĐ-CP",
        "title": "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "issuer": "Chính phủ",
        "issued_on": date(2018, 4, 23),
        "effective_on": date(2018, 6, 21),
    },
    {
        "number": "01/2018/TT-VPCP",
        "title": "Thông tư hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "issuer": "Văn phòng Chính phủ",
        "issued_on": date(2018, 11, 23),
        "effective_on": date(2019, 1, 8),
    },
    {
        "number": "60/2014/QH13",
        "title": "Luật Hộ tịch",
        "issuer": "Quốc hội",
        "issued_on": date(2014, 11, 20),
        "effective_on": date(2016, 1, 1),
    },
    {
        "number": "123/2015/NĐ-CP",
        "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "issuer": "Chính phủ",
        "issued_on": date(2015, 11, 15),
        "effective_on": date(2016, 1, 1),
    },
    {
        "number": "15/2015/TT-BTP",
        "title": "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "issuer": "Bộ Tư pháp",
        "issued_on": date(2015, 11, 16),
        "effective_on": date(2016, 1, 1),
    },
    {
        "number": "04/2020/TT-BTP",
        "title": "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "issuer": "Bộ Tư pháp",
        "issued_on": date(2020, 5, 28),
        "effective_on": date(2020, 7, 16),
    },
    {
        "number": "23/2015/NĐ-CP",
        "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
        "issuer": "Chính phủ",
        "issued_on": date(2015, 2, 16),
        "effective_on": date(2015, 4, 10),
    },
    {
        "number": "01/2020/TT-BTP",
        "title": "Thông tư quy định chi tiết một số điều và biện pháp thi hành Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính phủ về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
        "issuer": "Bộ Tư pháp",
        "issued_on": date(2020, 3, 3),
        "effective_on": date(2020, 4, 20),
    },
    {
        "number": "226/2016/TT-BTC",
        "title": "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
        "issuer": "Bộ Tài chính",
        "issued_on": date(2016, 11, 11),
        "effective_on": date(2017, 1, 1),
    },
    {
        "number": "35/2013/QH13",
        "title": "Luật Hòa giải ở cơ sở",
        "issuer": "Quốc hội",
        "issued_on": date(2013, 6, 20),
        "effective_on": date(2014, 1, 1),
    },
    {
        "number": "15/2014/NĐ-CP",
        "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hòa giải ở cơ sở",
        "issuer": "Chính phủ",
        "issued_on": date(2014, 2, 27),
        "effective_on": date(2014, 4, 15),
    },
    {
        "number": "136/2013/NĐ-CP",
        "title": "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
        "issuer": "Chính phủ",
        "issued_on": date(2013, 10, 21),
        "effective_on": date(2014, 1, 1),
    },
    {
        "number": "140/2018/NĐ-CP",
        "title": "Nghị định sửa đổi, bổ sung các Nghị định liên quan đến điều kiện đầu tư kinh doanh và thủ tục hành chính thuộc phạm vi quản lý nhà nước của Bộ Lao động - Thương binh và Xã hội",
        "issuer": "Chính phủ",
        "issued_on": date(2018, 10, 8),
        "effective_on": date(2018, 10, 8),
    },
    {
        "number": "02/2016/QH14",
        "title": "Luật Tín ngưỡng, tôn giáo",
        "issuer": "Quốc hội",
        "issued_on": date(2016, 11, 18),
        "effective_on": date(2018, 1, 1),
    },
    {
        "number": "162/2017/NĐ-CP",
        "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Tín ngưỡng, tôn giáo",
        "issuer": "Chính phủ",
        "issued_on": date(2017, 12, 30),
        "effective_on": date(2018, 1, 1),
    },
    {
        "number": "122/2018/NĐ-CP",
        "title": "Nghị định quy định về xét tặng danh hiệu “Gia đình văn hóa”; “Thôn văn hóa”, “Làng văn hóa”, “Ấp văn hóa”, “Bản văn hóa”, “Tổ dân phố văn hóa”",
        "issuer": "Chính phủ",
        "issued_on": date(2018, 9, 17),
        "effective_on": date(2018, 11, 1),
    },
    {
        "number": "19/2014/QĐ-TTg",
        "title": "Quyết định về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        "issuer": "Thủ tướng Chính phủ",
        "issued_on": date(2014, 3, 5),
        "effective_on": date(2014, 4, 20),
    },
    {
        "number": "26/2014/TT-BKHCN",
        "title": "Thông tư quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        "issuer": "Bộ Khoa học và Công nghệ",
        "issued_on": date(2014, 10, 10),
        "effective_on": date(2014, 12, 1),
    },
    {
        "number": "1462/QĐ-UBND",
        "title": "Quyết định về việc ban hành Danh mục thủ tục hành chính được tiếp nhận, giải quyết và trả kết quả theo cơ chế một cửa, một cửa liên thông tại Bộ phận Tiếp nhận và Trả kết quả của UBND các xã, phường, thị trấn",
        "issuer": "Chủ tịch UBND tỉnh Thừa Thiên Huế",
        "issued_on": date(2019, 6, 18),
        "effective_on": date(2019, 6, 18),
    },
]

LEGAL_REPLACEMENTS = [
    # New text effective 16/07/2020: procedures citing the old one are due for update by 16/10/2020.
    ("15/2015/TT-BTP", "04/2020/TT-BTP", "replaced"),
    # Effective 08/10/2018, before the QMS existed: the BTXH procedure (2019) already follows it.
    ("136/2013/NĐ-CP", "140/2018/NĐ-CP", "amended"),
]


PROCEDURES = [
    # ------------------------------------------------------------------ system documents
    {
        "code": "CS.01",
        "title": "Chính sách chất lượng",
        "kind": "policy",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Lãnh đạo UBND",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Công bố định hướng và cam kết về chất lượng của UBND xã Quảng An trong giải quyết thủ tục hành chính và cung cấp dịch vụ hành chính công.",
                    "pham_vi": "Áp dụng cho toàn thể cán bộ, công chức UBND xã Quảng An và các hoạt động thuộc phạm vi HTQLCL.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 5.2\n- Quyết định số 19/2014/QĐ-TTg",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": (
                        "**“Công khai – Minh bạch – Đúng hẹn – Tận tụy”**\n\n"
                        "UBND xã Quảng An cam kết:\n"
                        "- Giải quyết thủ tục hành chính đúng quy định pháp luật, đúng hẹn; công khai đầy đủ thủ tục, thời hạn, phí và lệ phí tại Bộ phận tiếp nhận và trả kết quả và trên Trang thông tin điện tử của xã;\n"
                        "- Không ngừng nâng cao năng lực, trách nhiệm và thái độ phục vụ của cán bộ, công chức; lấy sự hài lòng của người dân, tổ chức làm thước đo chất lượng;\n"
                        "- Xây dựng, áp dụng, duy trì và cải tiến thường xuyên HTQLCL phù hợp TCVN ISO 9001:2015.\n\n"
                        "Chính sách được phổ biến đến mọi cán bộ, công chức và niêm yết tại trụ sở UBND xã."
                    ),
                },
                "steps": [],
                "forms": [],
                "records": [
                    {
                        "name": "Biên bản phổ biến chính sách chất lượng",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "MT.01",
        "title": "Mục tiêu chất lượng năm 2020",
        "kind": "objectives",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Lãnh đạo UBND",
        "review_interval_months": 12,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu: mục tiêu chất lượng năm 2019",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Cụ thể hóa chính sách chất lượng thành các mục tiêu đo lường được cho những tháng còn lại của năm 2019.",
                    "pham_vi": "Các bộ phận chuyên môn và Bộ phận tiếp nhận và trả kết quả UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 6.2\n- CS.01 Chính sách chất lượng",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": (
                        "1. 100% hồ sơ TTHC thuộc phạm vi HTQLCL được giải quyết đúng hạn.\n"
                        "2. 100% cán bộ, công chức được phổ biến chính sách chất lượng và các quy trình liên quan đến công việc của mình trước ngày 31/8/2019.\n"
                        "3. Tổ chức đánh giá nội bộ ít nhất 01 lần trước ngày 15/12/2019.\n\n"
                        "Bộ phận chủ trì: Văn phòng - Thống kê theo dõi, báo cáo kết quả hằng quý."
                    ),
                },
                "steps": [],
                "forms": [],
                "records": [
                    {
                        "name": "Báo cáo kết quả thực hiện mục tiêu chất lượng",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
            {
                "effective_date": date(2019, 12, 16),
                "change_summary": "Ban hành mục tiêu chất lượng năm 2020 thay thế mục tiêu năm 2019",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Xác định các mục tiêu chất lượng năm 2020 của UBND xã Quảng An, phù hợp Kế hoạch số 452/KH-UBND ngày 04/12/2019 về cải cách hành chính năm 2020.",
                    "pham_vi": "Các bộ phận chuyên môn và Bộ phận tiếp nhận và trả kết quả UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 6.2\n- CS.01 Chính sách chất lượng\n- Kế hoạch số 452/KH-UBND ngày 04/12/2019",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": (
                        "1. 100% hồ sơ TTHC được tiếp nhận, giải quyết và trả kết quả trên phần mềm dịch vụ công; 100% hồ sơ giải quyết đúng hạn và trước hạn.\n"
                        "2. 100% hồ sơ trễ hạn (nếu có) có Phiếu xin lỗi và hẹn lại ngày trả kết quả.\n"
                        "3. 100% quy trình giải quyết TTHC có tổng thời gian các bước không vượt quá thời hạn giải quyết theo quy định.\n"
                        "4. 100% cán bộ, công chức được phổ biến, đọc và hiểu các quy trình ISO hiện hành; 100% quy trình được cập nhật trong vòng 03 tháng kể từ khi văn bản pháp luật liên quan có hiệu lực.\n"
                        "5. Tỷ lệ người dân, tổ chức hài lòng khi giải quyết TTHC đạt từ 95% trở lên.\n"
                        "6. Tổ chức ít nhất 01 đợt đánh giá nội bộ và 01 cuộc họp xem xét của lãnh đạo trong năm 2020."
                    ),
                },
                "steps": [],
                "forms": [],
                "records": [
                    {
                        "name": "Báo cáo kết quả thực hiện mục tiêu chất lượng",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT.01",
        "title": "Quy trình kiểm soát thông tin dạng văn bản",
        "kind": "system",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Văn phòng - Thống kê",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Thống nhất cách soạn thảo, xem xét, phê duyệt, ban hành, phân phối, sửa đổi và lưu trữ thông tin dạng văn bản của HTQLCL, bảo đảm chỉ sử dụng tài liệu còn hiệu lực.",
                    "pham_vi": "Áp dụng đối với tài liệu nội bộ (chính sách, mục tiêu, quy trình, biểu mẫu) và tài liệu bên ngoài (văn bản quy phạm pháp luật) thuộc HTQLCL của UBND xã.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 7.5\n- Nghị định số 30/2020/NĐ-CP về công tác văn thư",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Tài liệu bên ngoài**: văn bản quy phạm pháp luật, văn bản của cấp trên được viện dẫn trong quy trình",
                    "noi_dung": (
                        "1. Bộ phận chuyên môn soạn thảo hoặc đề nghị sửa đổi tài liệu; Thư ký ISO kiểm tra hình thức, mã hiệu.\n"
                        "2. Đại diện lãnh đạo về chất lượng xem xét; Chủ tịch UBND xã phê duyệt và ký ban hành.\n"
                        "3. Thư ký ISO cập nhật Danh mục tài liệu nội bộ, phân phối và thu hồi tài liệu hết hiệu lực (đóng dấu “Tài liệu hết hiệu lực” đối với bản lưu).\n"
                        "4. Khi văn bản pháp luật được viện dẫn thay đổi, bộ phận chủ trì cập nhật quy trình trong thời hạn 03 tháng kể từ ngày văn bản mới có hiệu lực.\n"
                        "5. Hồ sơ được lưu theo thời hạn ghi tại mục “Hồ sơ cần lưu” của từng quy trình."
                    ),
                },
                "steps": [],
                "forms": [
                    {"code": "BM.01.01", "name": "Phiếu đề nghị soạn thảo/sửa đổi tài liệu"},
                    {"code": "BM.01.02", "name": "Danh mục tài liệu nội bộ"},
                    {"code": "BM.01.03", "name": "Danh mục tài liệu bên ngoài"},
                ],
                "records": [
                    {
                        "name": "Danh mục tài liệu nội bộ, tài liệu bên ngoài",
                        "keeper": "Thư ký ISO",
                        "retention": "Đến khi có bản thay thế",
                    },
                    {
                        "name": "Phiếu đề nghị soạn thảo/sửa đổi tài liệu",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT.02",
        "title": "Quy trình đánh giá nội bộ",
        "kind": "system",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Văn phòng - Thống kê",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Xác định sự phù hợp và hiệu lực của HTQLCL so với TCVN ISO 9001:2015 và các quy định của UBND xã.",
                    "pham_vi": "Áp dụng cho mọi quá trình, quy trình thuộc phạm vi HTQLCL; đánh giá nội bộ được tổ chức ít nhất 01 lần/năm.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 9.2\n- TCVN ISO 19011:2018\n- Quyết định số 19/2014/QĐ-TTg, Điều 4",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **KPH**: Điểm không phù hợp\n- **ĐGNB**: Đánh giá nội bộ",
                    "noi_dung": (
                        "1. Thư ký ISO lập kế hoạch đánh giá nội bộ năm, trình Chủ tịch UBND xã phê duyệt.\n"
                        "2. Thành lập đoàn đánh giá; chuyên gia đánh giá không đánh giá công việc của chính mình.\n"
                        "3. Đoàn đánh giá lập phiếu ghi chép, tiến hành đánh giá, ghi nhận điểm không phù hợp, điểm lưu ý.\n"
                        "4. Họp kết thúc; lập báo cáo đánh giá; bộ phận có điểm không phù hợp lập phiếu yêu cầu hành động khắc phục theo QT.03.\n"
                        "5. Kết quả đánh giá là đầu vào cho cuộc họp xem xét của lãnh đạo (QT.04)."
                    ),
                },
                "steps": [],
                "forms": [
                    {"code": "BM.02.01", "name": "Kế hoạch đánh giá nội bộ"},
                    {"code": "BM.02.02", "name": "Phiếu ghi chép đánh giá"},
                    {"code": "BM.02.03", "name": "Báo cáo đánh giá nội bộ"},
                ],
                "records": [
                    {
                        "name": "Kế hoạch, phiếu ghi chép và báo cáo đánh giá nội bộ",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT.03",
        "title": "Quy trình kiểm soát sự không phù hợp và hành động khắc phục",
        "kind": "system",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Văn phòng - Thống kê",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Phát hiện, xử lý kịp thời sự không phù hợp (hồ sơ trễ hạn, sai sót, phản ánh của người dân, kết quả đánh giá) và loại bỏ nguyên nhân để không tái diễn.",
                    "pham_vi": "Áp dụng đối với mọi sự không phù hợp phát hiện trong quá trình giải quyết TTHC và vận hành HTQLCL tại UBND xã.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 8.7 và 10.2\n- Nghị định số 61/2018/NĐ-CP (xin lỗi khi giải quyết hồ sơ trễ hạn)",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Sửa chữa**: hành động loại bỏ sự không phù hợp đã phát hiện\n- **Hành động khắc phục**: hành động loại bỏ nguyên nhân của sự không phù hợp",
                    "noi_dung": (
                        "1. Người phát hiện ghi nhận sự không phù hợp; trường hợp hồ sơ có nguy cơ trễ hạn, bộ phận giải quyết lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, TT 01/2018/TT-VPCP) trước ít nhất 01 ngày so với ngày hẹn.\n"
                        "2. Bộ phận liên quan thực hiện sửa chữa ngay, phân tích nguyên nhân (hỏi “tại sao” đến nguyên nhân gốc) và đề xuất hành động khắc phục.\n"
                        "3. Đại diện lãnh đạo về chất lượng phê duyệt, giao người thực hiện và thời hạn.\n"
                        "4. Người không trực tiếp thực hiện kiểm tra hiệu lực; chưa hiệu lực thì mở lại hành động."
                    ),
                },
                "steps": [],
                "forms": [
                    {"code": "BM.03.01", "name": "Phiếu yêu cầu hành động khắc phục"},
                    {
                        "code": "BM.03.02",
                        "name": "Sổ theo dõi sự không phù hợp và hành động khắc phục",
                    },
                ],
                "records": [
                    {
                        "name": "Phiếu yêu cầu hành động khắc phục",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                    {
                        "name": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                        "keeper": _TN,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT.04",
        "title": "Quy trình xem xét của lãnh đạo",
        "kind": "system",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Lãnh đạo UBND",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Bảo đảm lãnh đạo UBND xã định kỳ xem xét HTQLCL để duy trì sự phù hợp, thỏa đáng, hiệu lực và định hướng cải tiến.",
                    "pham_vi": "Lãnh đạo UBND xã, Ban chỉ đạo ISO và các bộ phận chuyên môn; họp ít nhất 01 lần/năm.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 9.3\n- Quyết định số 19/2014/QĐ-TTg, Điều 4",
                    "dinh_nghia": _VIET_TAT + "\n- **QMR**: Đại diện lãnh đạo về chất lượng",
                    "noi_dung": (
                        "**Đầu vào:** kết quả thực hiện mục tiêu chất lượng; kết quả giải quyết hồ sơ TTHC; phản ánh, kiến nghị và mức độ hài lòng của người dân; kết quả đánh giá nội bộ, kiểm tra của cấp trên; tình trạng hành động khắc phục; rủi ro và cơ hội; thay đổi của văn bản pháp luật.\n\n"
                        "**Đầu ra:** quyết định về cơ hội cải tiến, nhu cầu thay đổi HTQLCL và nguồn lực. Thư ký ISO lập biên bản, theo dõi việc thực hiện các kết luận."
                    ),
                },
                "steps": [],
                "forms": [
                    {"code": "BM.04.01", "name": "Thông báo họp xem xét của lãnh đạo"},
                    {"code": "BM.04.02", "name": "Biên bản họp xem xét của lãnh đạo"},
                ],
                "records": [
                    {
                        "name": "Biên bản họp xem xét của lãnh đạo",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT.05",
        "title": "Quy trình giải quyết rủi ro và cơ hội",
        "kind": "system",
        "field": "Hệ thống quản lý chất lượng",
        "tthc_code": None,
        "statutory": None,
        "owner_unit": "Lãnh đạo UBND",
        "review_interval_months": 24,
        "legal_bases": ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 15),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Nhận diện, đánh giá và có biện pháp xử lý các rủi ro, cơ hội ảnh hưởng đến kết quả giải quyết TTHC và việc đạt mục tiêu chất lượng.",
                    "pham_vi": "Áp dụng cho các quá trình thuộc phạm vi HTQLCL của UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- TCVN ISO 9001:2015, điều 4.1, 4.2 và 6.1",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Rủi ro**: tác động của sự không chắc chắn đến kết quả mong đợi",
                    "noi_dung": (
                        "1. Hằng năm các bộ phận nhận diện rủi ro, cơ hội (ví dụ: phần mềm một cửa không truy cập được, thay đổi văn bản pháp luật, thiếu công chức khi nghỉ phép).\n"
                        "2. Đánh giá mức độ theo khả năng xảy ra và mức độ ảnh hưởng; rủi ro mức cao phải có biện pháp xử lý, người chịu trách nhiệm và thời hạn.\n"
                        "3. Thư ký ISO tổng hợp Sổ theo dõi rủi ro và cơ hội, báo cáo tại cuộc họp xem xét của lãnh đạo."
                    ),
                },
                "steps": [],
                "forms": [{"code": "BM.05.01", "name": "Sổ theo dõi rủi ro và cơ hội"}],
                "records": [
                    {
                        "name": "Sổ theo dõi rủi ro và cơ hội",
                        "keeper": "Thư ký ISO",
                        "retention": "03 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Hộ tịch
    {
        "code": "QT-HT-01",
        "title": "Quy trình đăng ký khai sinh",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.001193",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký khai sinh tại UBND xã Quảng An, bảo đảm đúng pháp luật và trả kết quả trong ngày.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP\n- Nghị định số 61/2018/NĐ-CP; Thông tư số 01/2018/TT-VPCP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Người đi đăng ký khai sinh nộp tờ khai và giấy chứng sinh; công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ đăng ký khai sinh, cập nhật vào CSDL và trình lãnh đạo ký Giấy khai sinh. Hồ sơ nhận sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo.",
                    "ho_so": "- Tờ khai đăng ký khai sinh (theo mẫu)\n- Bản chính Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh\n- Xuất trình: giấy tờ tùy thân của người đi đăng ký; giấy chứng nhận kết hôn của cha mẹ (nếu có)",
                    "thoi_gian": "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký khai sinh đúng hạn. Đăng ký khai sinh quá hạn: theo mức thu do HĐND tỉnh quy định.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập giấy tiếp nhận và chuyển hồ sơ",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Thẩm định hồ sơ; ghi Sổ đăng ký khai sinh, nhập CSDL, in Giấy khai sinh",
                        "responsible": _TPHT,
                        "duration": "04 giờ làm việc",
                        "output": "Dự thảo Giấy khai sinh; Sổ đăng ký khai sinh",
                    },
                    {
                        "title": "Xem xét, ký Giấy khai sinh",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy khai sinh (bản chính)",
                    },
                    {
                        "title": "Trả kết quả; người đi đăng ký ký Sổ đăng ký khai sinh",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.01.01",
                        "name": "Tờ khai đăng ký khai sinh (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký khai sinh", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký khai sinh", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Sổ theo dõi hồ sơ (Mẫu 06)", "keeper": _TN, "retention": "05 năm"},
                ],
            },
            {
                "effective_date": date(2020, 8, 10),
                "change_summary": "Cập nhật căn cứ pháp lý và biểu mẫu theo Thông tư số 04/2020/TT-BTP (thay thế Thông tư số 15/2015/TT-BTP từ ngày 16/07/2020); bổ sung bước cập nhật CSDL hộ tịch điện tử",
                "change_location": "Mục 3, mục 5.1, bảng các bước, biểu mẫu",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký khai sinh tại UBND xã Quảng An, bảo đảm đúng pháp luật và trả kết quả trong ngày.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 04/2020/TT-BTP\n- Nghị định số 61/2018/NĐ-CP; Thông tư số 01/2018/TT-VPCP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Người đi đăng ký khai sinh nộp tờ khai theo mẫu ban hành kèm Thông tư số 04/2020/TT-BTP và giấy chứng sinh; công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ đăng ký khai sinh, cập nhật ngay vào CSDL hộ tịch điện tử và trình lãnh đạo ký Giấy khai sinh. Không yêu cầu nộp thêm giấy tờ ngoài quy định.",
                    "ho_so": "- Tờ khai đăng ký khai sinh (mẫu kèm Thông tư số 04/2020/TT-BTP)\n- Bản chính Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh\n- Xuất trình: giấy tờ tùy thân của người đi đăng ký; giấy chứng nhận kết hôn của cha mẹ (nếu có)",
                    "thoi_gian": "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký khai sinh đúng hạn. Đăng ký khai sinh quá hạn: theo mức thu do HĐND tỉnh quy định.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập giấy tiếp nhận và chuyển hồ sơ",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Thẩm định hồ sơ; ghi Sổ đăng ký khai sinh, in Giấy khai sinh",
                        "responsible": _TPHT,
                        "duration": "03 giờ làm việc",
                        "output": "Dự thảo Giấy khai sinh; Sổ đăng ký khai sinh",
                    },
                    {
                        "title": "Xem xét, ký Giấy khai sinh",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy khai sinh (bản chính)",
                    },
                    {
                        "title": "Cập nhật dữ liệu khai sinh vào CSDL hộ tịch điện tử",
                        "responsible": _TPHT,
                        "duration": "01 giờ làm việc",
                        "output": "Dữ liệu khai sinh trên CSDL",
                    },
                    {
                        "title": "Trả kết quả; người đi đăng ký ký Sổ đăng ký khai sinh",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.01.01",
                        "name": "Tờ khai đăng ký khai sinh (mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký khai sinh", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký khai sinh", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Sổ theo dõi hồ sơ (Mẫu 06)", "keeper": _TN, "retention": "05 năm"},
                ],
            },
        ],
    },
    {
        "code": "QT-HT-02",
        "title": "Quy trình đăng ký kết hôn",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.000894",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước tại UBND xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Luật Hôn nhân và gia đình năm 2014\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Ngay sau khi nhận đủ giấy tờ, nếu thấy đủ điều kiện kết hôn, công chức Tư pháp - Hộ tịch ghi Sổ đăng ký kết hôn; hai bên nam, nữ cùng có mặt ký Giấy chứng nhận kết hôn và Sổ. Trường hợp cần xác minh thì thời hạn không quá 05 ngày làm việc.",
                    "ho_so": "- Tờ khai đăng ký kết hôn (theo mẫu)\n- Giấy xác nhận tình trạng hôn nhân (nếu một bên cư trú tại xã khác)\n- Xuất trình giấy tờ tùy thân của hai bên",
                    "thoi_gian": "Ngay sau khi nhận đủ giấy tờ hợp lệ; trường hợp cần xác minh không quá 05 ngày làm việc.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ, chuyển công chức Tư pháp - Hộ tịch",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Kiểm tra điều kiện kết hôn; ghi Sổ đăng ký kết hôn, in Giấy chứng nhận kết hôn",
                        "responsible": _TPHT,
                        "duration": "03 giờ làm việc",
                        "output": "Dự thảo Giấy chứng nhận kết hôn",
                    },
                    {
                        "title": "Xem xét, ký Giấy chứng nhận kết hôn",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy chứng nhận kết hôn",
                    },
                    {
                        "title": "Tổ chức trao Giấy chứng nhận kết hôn; hai bên ký Sổ đăng ký kết hôn",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy chứng nhận kết hôn đã trao; Sổ đăng ký kết hôn",
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.02.01",
                        "name": "Tờ khai đăng ký kết hôn (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký kết hôn", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký kết hôn", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
            {
                "effective_date": date(2020, 8, 10),
                "change_summary": "Cập nhật căn cứ pháp lý và mẫu tờ khai theo Thông tư số 04/2020/TT-BTP (thay thế Thông tư số 15/2015/TT-BTP)",
                "change_location": "Mục 3, mục 5.1, biểu mẫu",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước tại UBND xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Luật Hôn nhân và gia đình năm 2014\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 04/2020/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Ngay sau khi nhận đủ giấy tờ, nếu thấy đủ điều kiện kết hôn, công chức Tư pháp - Hộ tịch ghi Sổ đăng ký kết hôn, cập nhật CSDL; hai bên nam, nữ cùng có mặt ký Giấy chứng nhận kết hôn và Sổ. Trường hợp cần xác minh thì thời hạn không quá 05 ngày làm việc.",
                    "ho_so": "- Tờ khai đăng ký kết hôn (mẫu kèm Thông tư số 04/2020/TT-BTP)\n- Giấy xác nhận tình trạng hôn nhân (nếu một bên cư trú tại xã khác)\n- Xuất trình giấy tờ tùy thân của hai bên",
                    "thoi_gian": "Ngay sau khi nhận đủ giấy tờ hợp lệ; trường hợp cần xác minh không quá 05 ngày làm việc.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ, chuyển công chức Tư pháp - Hộ tịch",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Kiểm tra điều kiện kết hôn; ghi Sổ đăng ký kết hôn, cập nhật CSDL, in Giấy chứng nhận kết hôn",
                        "responsible": _TPHT,
                        "duration": "03 giờ làm việc",
                        "output": "Dự thảo Giấy chứng nhận kết hôn",
                    },
                    {
                        "title": "Xem xét, ký Giấy chứng nhận kết hôn",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy chứng nhận kết hôn",
                    },
                    {
                        "title": "Tổ chức trao Giấy chứng nhận kết hôn; hai bên ký Sổ đăng ký kết hôn",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Giấy chứng nhận kết hôn đã trao; Sổ đăng ký kết hôn",
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.02.01",
                        "name": "Tờ khai đăng ký kết hôn (mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký kết hôn", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký kết hôn", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
        ],
    },
    {
        "code": "QT-HT-03",
        "title": "Quy trình đăng ký khai tử",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.000656",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký khai tử tại UBND xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Trong thời hạn 15 ngày kể từ ngày có người chết, vợ, chồng hoặc con, cha, mẹ hoặc người thân thích khác có trách nhiệm đi đăng ký khai tử. Công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ đăng ký khai tử và trình lãnh đạo ký Trích lục khai tử ngay trong ngày.",
                    "ho_so": "- Tờ khai đăng ký khai tử (theo mẫu)\n- Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử\n- Xuất trình giấy tờ tùy thân của người đi đăng ký",
                    "thoi_gian": "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký khai tử đúng hạn. Đăng ký khai tử quá hạn: theo mức thu do HĐND tỉnh quy định.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ, chuyển công chức Tư pháp - Hộ tịch",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Thẩm định; ghi Sổ đăng ký khai tử, in Trích lục khai tử",
                        "responsible": _TPHT,
                        "duration": "04 giờ làm việc",
                        "output": "Dự thảo Trích lục khai tử",
                    },
                    {
                        "title": "Xem xét, ký Trích lục khai tử",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Trích lục khai tử (bản chính)",
                    },
                    {
                        "title": "Trả kết quả; người đi đăng ký ký Sổ đăng ký khai tử",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.03.01",
                        "name": "Tờ khai đăng ký khai tử (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký khai tử", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký khai tử", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
            {
                "effective_date": date(2020, 8, 10),
                "change_summary": "Cập nhật căn cứ pháp lý và mẫu tờ khai theo Thông tư số 04/2020/TT-BTP (thay thế Thông tư số 15/2015/TT-BTP)",
                "change_location": "Mục 3, mục 5.1, biểu mẫu",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký khai tử tại UBND xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 04/2020/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Trong thời hạn 15 ngày kể từ ngày có người chết, người thân thích có trách nhiệm đi đăng ký khai tử. Công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ đăng ký khai tử, cập nhật CSDL và trình lãnh đạo ký Trích lục khai tử ngay trong ngày; thông báo cho cơ quan đăng ký cư trú để xóa đăng ký thường trú.",
                    "ho_so": "- Tờ khai đăng ký khai tử (mẫu kèm Thông tư số 04/2020/TT-BTP)\n- Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử\n- Xuất trình giấy tờ tùy thân của người đi đăng ký",
                    "thoi_gian": "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký khai tử đúng hạn. Đăng ký khai tử quá hạn: theo mức thu do HĐND tỉnh quy định.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ, chuyển công chức Tư pháp - Hộ tịch",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01,
                    },
                    {
                        "title": "Thẩm định; ghi Sổ đăng ký khai tử, cập nhật CSDL, in Trích lục khai tử",
                        "responsible": _TPHT,
                        "duration": "04 giờ làm việc",
                        "output": "Dự thảo Trích lục khai tử",
                    },
                    {
                        "title": "Xem xét, ký Trích lục khai tử",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Trích lục khai tử (bản chính)",
                    },
                    {
                        "title": "Trả kết quả; người đi đăng ký ký Sổ đăng ký khai tử",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.03.01",
                        "name": "Tờ khai đăng ký khai tử (mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
                    }
                ],
                "records": [
                    {"name": "Sổ đăng ký khai tử", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký khai tử", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
        ],
    },
    {
        # Still cites TT 15/2015/TT-BTP: legal update due by 16/10/2020.
        "code": "QT-HT-04",
        "title": "Quy trình đăng ký nhận cha, mẹ, con",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.001022",
        "statutory": "03 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "15/2015/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký nhận cha, mẹ, con giữa công dân Việt Nam cư trú trong nước.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra hồ sơ, niêm yết và xác minh khi cần; nếu việc nhận cha, mẹ, con là đúng và không có tranh chấp thì ghi Sổ, trình lãnh đạo ký Trích lục. Các bên phải có mặt khi đăng ký.",
                    "ho_so": "- Tờ khai đăng ký nhận cha, mẹ, con (theo mẫu)\n- Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ cha, mẹ, con; nếu không có thì thư từ, phim ảnh, băng hình... chứng minh quan hệ và văn bản cam đoan có ít nhất hai người làm chứng",
                    "thoi_gian": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp cần xác minh thì kéo dài không quá 05 ngày làm việc.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "04 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định, xác minh (nếu cần); ghi Sổ đăng ký nhận cha, mẹ, con",
                        "responsible": _TPHT,
                        "duration": "1,5 ngày làm việc",
                        "output": "Dự thảo Trích lục đăng ký nhận cha, mẹ, con",
                    },
                    {
                        "title": "Xem xét, ký Trích lục",
                        "responsible": _LD,
                        "duration": "0,5 ngày làm việc",
                        "output": "Trích lục đăng ký nhận cha, mẹ, con",
                    },
                    {
                        "title": "Trả kết quả; các bên ký Sổ",
                        "responsible": _TN,
                        "duration": "04 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.04.01",
                        "name": "Tờ khai đăng ký nhận cha, mẹ, con (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ đăng ký nhận cha, mẹ, con",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ đăng ký nhận cha, mẹ, con",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)",
                        "keeper": _TN,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
    {
        # An editorial revision only (2019); still cites TT 15/2015/TT-BTP: legal update due.
        "code": "QT-HT-05",
        "title": "Quy trình thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.004859",
        "statutory": "03 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "15/2015/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục thay đổi, cải chính hộ tịch cho người chưa đủ 14 tuổi và bổ sung thông tin hộ tịch tại UBND xã.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Bộ luật Dân sự năm 2015\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Bộ phận một cửa tiếp nhận hồ sơ; công chức Tư pháp - Hộ tịch kiểm tra căn cứ thay đổi, cải chính; nếu có cơ sở thì ghi vào Sổ hộ tịch, trình lãnh đạo ký Trích lục thay đổi, cải chính hộ tịch. Bổ sung thông tin hộ tịch được giải quyết ngay trong ngày.",
                    "ho_so": "- Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch (theo mẫu)\n- Giấy tờ liên quan làm căn cứ thay đổi, cải chính, bổ sung\n- Bản chính giấy tờ hộ tịch cần thay đổi, cải chính",
                    "thoi_gian": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (xác minh kéo dài không quá 03 ngày làm việc); bổ sung thông tin hộ tịch: ngay trong ngày.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Bộ phận một cửa tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định căn cứ thay đổi, cải chính; ghi Sổ hộ tịch",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Dự thảo Trích lục thay đổi, cải chính hộ tịch",
                    },
                    {
                        "title": "Xem xét, ký Trích lục",
                        "responsible": _LD,
                        "duration": "01 ngày làm việc",
                        "output": "Trích lục thay đổi, cải chính hộ tịch",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.05.01",
                        "name": "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ thay đổi, cải chính, bổ sung hộ tịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                ],
            },
            {
                "effective_date": date(2019, 11, 15),
                "change_summary": "Thống nhất tên gọi “Bộ phận tiếp nhận và trả kết quả” (thay cho “Bộ phận một cửa”) theo Nghị định số 61/2018/NĐ-CP; không thay đổi nội dung, thời gian giải quyết",
                "change_location": "Mục 5.1, bước 1",
                "significant": False,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục thay đổi, cải chính hộ tịch cho người chưa đủ 14 tuổi và bổ sung thông tin hộ tịch tại UBND xã.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Bộ luật Dân sự năm 2015\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ; công chức Tư pháp - Hộ tịch kiểm tra căn cứ thay đổi, cải chính; nếu có cơ sở thì ghi vào Sổ hộ tịch, trình lãnh đạo ký Trích lục thay đổi, cải chính hộ tịch. Bổ sung thông tin hộ tịch được giải quyết ngay trong ngày.",
                    "ho_so": "- Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch (theo mẫu)\n- Giấy tờ liên quan làm căn cứ thay đổi, cải chính, bổ sung\n- Bản chính giấy tờ hộ tịch cần thay đổi, cải chính",
                    "thoi_gian": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (xác minh kéo dài không quá 03 ngày làm việc); bổ sung thông tin hộ tịch: ngay trong ngày.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định căn cứ thay đổi, cải chính; ghi Sổ hộ tịch",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Dự thảo Trích lục thay đổi, cải chính hộ tịch",
                    },
                    {
                        "title": "Xem xét, ký Trích lục",
                        "responsible": _LD,
                        "duration": "01 ngày làm việc",
                        "output": "Trích lục thay đổi, cải chính hộ tịch",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.05.01",
                        "name": "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ thay đổi, cải chính, bổ sung hộ tịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                ],
            },
        ],
    },
    {
        "code": "QT-HT-06",
        "title": "Quy trình cấp bản sao trích lục hộ tịch",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "2.000635",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự cấp bản sao trích lục hộ tịch từ Sổ hộ tịch, CSDL hộ tịch đang lưu tại UBND xã.",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu cấp bản sao trích lục về sự kiện hộ tịch đã đăng ký tại UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13, Điều 63\n- Nghị định số 123/2015/NĐ-CP\n- Thông tư số 281/2016/TT-BTC (phí khai thác CSDL hộ tịch)",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch tra cứu Sổ hộ tịch hoặc CSDL, in bản sao trích lục và trình lãnh đạo ký ngay trong ngày.",
                    "ho_so": "- Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)\n- Xuất trình giấy tờ tùy thân; văn bản ủy quyền nếu nộp thay",
                    "thoi_gian": "Ngay trong ngày tiếp nhận yêu cầu; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Phí cấp bản sao trích lục: 8.000 đồng/bản sao (Thông tư số 281/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận yêu cầu, thu phí",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _MAU01 + "; biên lai thu phí",
                    },
                    {
                        "title": "Tra cứu Sổ hộ tịch, CSDL; in bản sao trích lục",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Bản sao trích lục (dự thảo)",
                    },
                    {
                        "title": "Ký bản sao trích lục",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Bản sao trích lục hộ tịch",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [{"code": "BM.HT.06.01", "name": "Tờ khai cấp bản sao trích lục hộ tịch"}],
                "records": [
                    {
                        "name": "Sổ cấp bản sao trích lục hộ tịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Tờ khai cấp bản sao trích lục",
                        "keeper": _TPHT,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
    {
        # Three revisions: first issue; 02/03/2020 commune decision shortening the internal time;
        # 10/08/2020 update for TT 04/2020/TT-BTP.
        "code": "QT-HT-07",
        "title": "Quy trình cấp Giấy xác nhận tình trạng hôn nhân",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.004873",
        "statutory": "03 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm cấp Giấy xác nhận tình trạng hôn nhân cho công dân cư trú tại xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP, Điều 21–23\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra, xác minh tình trạng hôn nhân của người yêu cầu; nếu đủ điều kiện thì trình lãnh đạo ký Giấy xác nhận tình trạng hôn nhân. Giấy có giá trị 06 tháng kể từ ngày cấp.",
                    "ho_so": "- Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)\n- Giấy tờ chứng minh việc ly hôn hoặc vợ/chồng đã chết (nếu có)\n- Xuất trình giấy tờ tùy thân",
                    "thoi_gian": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra, xác minh tình trạng hôn nhân; dự thảo Giấy xác nhận",
                        "responsible": _TPHT,
                        "duration": "1,5 ngày làm việc",
                        "output": "Dự thảo Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Xem xét, ký Giấy xác nhận",
                        "responsible": _LD,
                        "duration": "0,5 ngày làm việc",
                        "output": "Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Vào sổ, trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.07.01",
                        "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "10 năm",
                    },
                ],
            },
            {
                "effective_date": date(2020, 3, 2),
                "change_summary": "Rút ngắn thời gian giải quyết nội bộ từ 03 xuống 02 ngày làm việc theo Quyết định số 68/QĐ-UBND ngày 24/02/2020 của UBND xã về cắt giảm thời gian giải quyết TTHC",
                "change_location": "Mục 5.2, bảng các bước (bước 1–4)",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm cấp Giấy xác nhận tình trạng hôn nhân cho công dân cư trú tại xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP, Điều 21–23\n- Thông tư số 15/2015/TT-BTP\n- Quyết định số 68/QĐ-UBND ngày 24/02/2020 của UBND xã",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra, xác minh tình trạng hôn nhân của người yêu cầu; nếu đủ điều kiện thì trình lãnh đạo ký Giấy xác nhận tình trạng hôn nhân. Giấy có giá trị 06 tháng kể từ ngày cấp.",
                    "ho_so": "- Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)\n- Giấy tờ chứng minh việc ly hôn hoặc vợ/chồng đã chết (nếu có)\n- Xuất trình giấy tờ tùy thân",
                    "thoi_gian": "Theo quy định: 03 ngày làm việc. UBND xã cam kết giải quyết trong 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra, xác minh tình trạng hôn nhân; dự thảo Giấy xác nhận",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Dự thảo Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Xem xét, ký Giấy xác nhận",
                        "responsible": _LD,
                        "duration": "04 giờ làm việc",
                        "output": "Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Vào sổ, trả kết quả",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.07.01",
                        "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "10 năm",
                    },
                ],
            },
            {
                "effective_date": date(2020, 8, 10),
                "change_summary": "Cập nhật căn cứ pháp lý, mẫu tờ khai và yêu cầu về mục đích sử dụng Giấy xác nhận theo Thông tư số 04/2020/TT-BTP (thay thế Thông tư số 15/2015/TT-BTP)",
                "change_location": "Mục 3, mục 5.1, biểu mẫu",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm cấp Giấy xác nhận tình trạng hôn nhân cho công dân cư trú tại xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP, Điều 21–23\n- Thông tư số 04/2020/TT-BTP\n- Quyết định số 68/QĐ-UBND ngày 24/02/2020 của UBND xã",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra, xác minh tình trạng hôn nhân; Giấy xác nhận ghi rõ mục đích sử dụng và chỉ có giá trị sử dụng cho mục đích đó, trong thời hạn 06 tháng kể từ ngày cấp. Trường hợp yêu cầu cấp lại để kết hôn phải nộp lại Giấy đã cấp trước đó.",
                    "ho_so": "- Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu kèm Thông tư số 04/2020/TT-BTP)\n- Giấy tờ chứng minh việc ly hôn hoặc vợ/chồng đã chết (nếu có)\n- Giấy xác nhận tình trạng hôn nhân đã được cấp trước đây (nếu có)\n- Xuất trình giấy tờ tùy thân",
                    "thoi_gian": "Theo quy định: 03 ngày làm việc. UBND xã cam kết giải quyết trong 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra, xác minh tình trạng hôn nhân; dự thảo Giấy xác nhận ghi rõ mục đích sử dụng",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Dự thảo Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Xem xét, ký Giấy xác nhận",
                        "responsible": _LD,
                        "duration": "04 giờ làm việc",
                        "output": "Giấy xác nhận tình trạng hôn nhân",
                    },
                    {
                        "title": "Vào sổ, cập nhật CSDL, trả kết quả",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.07.01",
                        "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ cấp Giấy xác nhận tình trạng hôn nhân",
                        "keeper": _TPHT,
                        "retention": "10 năm",
                    },
                ],
            },
        ],
    },
    {
        # Still cites TT 15/2015/TT-BTP: legal update due by 16/10/2020.
        "code": "QT-HT-08",
        "title": "Quy trình đăng ký lại khai sinh",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.004884",
        "statutory": "05 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "15/2015/TT-BTP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự đăng ký lại khai sinh cho người đã đăng ký khai sinh tại Việt Nam trước ngày 01/01/2016 nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13\n- Nghị định số 123/2015/NĐ-CP, Điều 24–26\n- Thông tư số 15/2015/TT-BTP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra, xác minh hồ sơ; trường hợp đăng ký lại tại nơi khác nơi đã đăng ký trước đây thì có văn bản đề nghị UBND nơi đăng ký trước đây kiểm tra, xác minh. Nếu việc đăng ký lại là đúng thì ghi Sổ và trình lãnh đạo ký Giấy khai sinh.",
                    "ho_so": "- Tờ khai đăng ký lại khai sinh (theo mẫu)\n- Bản sao toàn bộ hồ sơ, giấy tờ cá nhân có thông tin về khai sinh của người yêu cầu\n- Văn bản cam đoan về việc đã đăng ký khai sinh nhưng không lưu giữ được bản chính Giấy khai sinh",
                    "thoi_gian": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp phải xác minh thì kéo dài thêm không quá 05 ngày làm việc.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": _LE_PHI_HT,
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra, xác minh hồ sơ, giấy tờ; ghi Sổ đăng ký khai sinh",
                        "responsible": _TPHT,
                        "duration": "03 ngày làm việc",
                        "output": "Dự thảo Giấy khai sinh (đăng ký lại)",
                    },
                    {
                        "title": "Xem xét, ký Giấy khai sinh",
                        "responsible": _LD,
                        "duration": "01 ngày làm việc",
                        "output": "Giấy khai sinh (bản chính)",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HT.08.01",
                        "name": "Tờ khai đăng ký lại khai sinh (mẫu ban hành kèm Thông tư số 15/2015/TT-BTP)",
                    }
                ],
                "records": [
                    {
                        "name": "Sổ đăng ký khai sinh (ghi “Đăng ký lại”)",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hồ sơ đăng ký lại khai sinh",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)",
                        "keeper": _TN,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
    {
        # Added between lần 02 and lần 03.
        "code": "QT-HT-09",
        "title": "Quy trình đăng ký giám hộ",
        "kind": "tthc",
        "field": "Hộ tịch",
        "tthc_code": "1.004837",
        "statutory": "03 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["60/2014/QH13", "123/2015/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2020, 5, 15),
                "change_summary": "Ban hành lần đầu (bổ sung vào phạm vi áp dụng HTQLCL)",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự, thời gian và trách nhiệm giải quyết thủ tục đăng ký giám hộ cử (theo Bộ luật Dân sự năm 2015) tại UBND xã Quảng An.",
                    "pham_vi": _PHAM_VI_HT,
                    "tai_lieu_vien_dan": "- Luật Hộ tịch số 60/2014/QH13, Điều 20–21\n- Bộ luật Dân sự năm 2015\n- Nghị định số 123/2015/NĐ-CP",
                    "dinh_nghia": _VIET_TAT_HT,
                    "noi_dung": "Công chức Tư pháp - Hộ tịch kiểm tra văn bản cử người giám hộ và điều kiện của người giám hộ; nếu đủ điều kiện thì ghi Sổ đăng ký giám hộ, trình lãnh đạo ký Trích lục đăng ký giám hộ.",
                    "ho_so": "- Tờ khai đăng ký giám hộ (theo mẫu)\n- Văn bản cử người giám hộ\n- Xuất trình giấy tờ tùy thân của người yêu cầu",
                    "thoi_gian": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Miễn lệ phí đăng ký giám hộ (Điều 11 Luật Hộ tịch).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định điều kiện giám hộ; ghi Sổ đăng ký giám hộ",
                        "responsible": _TPHT,
                        "duration": "1,5 ngày làm việc",
                        "output": "Dự thảo Trích lục đăng ký giám hộ",
                    },
                    {
                        "title": "Xem xét, ký Trích lục",
                        "responsible": _LD,
                        "duration": "0,5 ngày làm việc",
                        "output": "Trích lục đăng ký giám hộ",
                    },
                    {
                        "title": "Trả kết quả; người giám hộ ký Sổ",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [{"code": "BM.HT.09.01", "name": "Tờ khai đăng ký giám hộ"}],
                "records": [
                    {"name": "Sổ đăng ký giám hộ", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                    {"name": "Hồ sơ đăng ký giám hộ", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Chứng thực
    {
        "code": "QT-CT-01",
        "title": "Quy trình chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "kind": "tthc",
        "field": "Chứng thực",
        "tthc_code": "2.000815",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["23/2015/NĐ-CP", "226/2016/TT-BTC", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận.",
                    "pham_vi": "Áp dụng cho cá nhân, tổ chức có yêu cầu chứng thực bản sao tại UBND xã Quảng An; công chức Tư pháp - Hộ tịch và lãnh đạo UBND xã.",
                    "tai_lieu_vien_dan": "- Nghị định số 23/2015/NĐ-CP\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Chứng thực bản sao từ bản chính**: việc cơ quan có thẩm quyền căn cứ vào bản chính để chứng thực bản sao là đúng với bản chính",
                    "noi_dung": "Người thực hiện chứng thực kiểm tra bản chính, đối chiếu với bản sao; nếu nội dung đúng thì ghi lời chứng, ký, đóng dấu và ghi vào Sổ chứng thực. Không chứng thực bản chính bị tẩy xóa, sửa chữa hoặc thuộc trường hợp tại Điều 22 Nghị định số 23/2015/NĐ-CP.",
                    "ho_so": "- Bản chính giấy tờ, văn bản làm cơ sở chứng thực\n- Bản sao cần chứng thực (nếu người yêu cầu tự chụp)",
                    "thoi_gian": "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa không quá 200.000 đồng/bản (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra bản chính và bản sao; thu phí",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": "Biên lai thu phí",
                    },
                    {
                        "title": "Đối chiếu bản sao với bản chính, ghi lời chứng, vào Sổ chứng thực",
                        "responsible": _TPHT,
                        "duration": "03 giờ làm việc",
                        "output": "Bản sao có lời chứng; Sổ chứng thực",
                    },
                    {
                        "title": "Ký chứng thực, đóng dấu",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Bản sao đã chứng thực",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [],
                "records": [
                    {
                        "name": "Sổ chứng thực bản sao từ bản chính",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                ],
            },
        ],
    },
    {
        # Second revision is dated 01/10/2020: approved after the 18/08/2020 announcement.
        "code": "QT-CT-02",
        "title": "Quy trình chứng thực chữ ký trong các giấy tờ, văn bản",
        "kind": "tthc",
        "field": "Chứng thực",
        "tthc_code": "2.000884",
        "statutory": "Trong ngày",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["23/2015/NĐ-CP", "01/2020/TT-BTP", "226/2016/TT-BTC", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực chữ ký của cá nhân trong giấy tờ, văn bản (kể cả giấy ủy quyền không có thù lao, không có nghĩa vụ bồi thường và không liên quan đến chuyển quyền sở hữu tài sản).",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu chứng thực chữ ký tại UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- Nghị định số 23/2015/NĐ-CP, Điều 23–25\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Chứng thực chữ ký**: việc chứng thực chữ ký trong giấy tờ, văn bản là chữ ký của người yêu cầu chứng thực",
                    "noi_dung": "Người yêu cầu phải ký trước mặt người thực hiện chứng thực. Công chức Tư pháp - Hộ tịch kiểm tra giấy tờ, ghi lời chứng, vào Sổ chứng thực và trình lãnh đạo ký.",
                    "ho_so": "- Giấy tờ tùy thân còn giá trị sử dụng (bản chính hoặc bản sao có chứng thực)\n- Giấy tờ, văn bản cần chứng thực chữ ký",
                    "thoi_gian": "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "10.000 đồng/trường hợp (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra giấy tờ; thu phí",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": "Biên lai thu phí",
                    },
                    {
                        "title": "Người yêu cầu ký trước mặt; ghi lời chứng, vào Sổ chứng thực",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Văn bản có lời chứng; Sổ chứng thực",
                    },
                    {
                        "title": "Ký chứng thực, đóng dấu",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Văn bản đã chứng thực chữ ký",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [],
                "records": [
                    {"name": "Sổ chứng thực chữ ký", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
            {
                "effective_date": date(2020, 10, 1),
                "change_summary": "Cập nhật theo Thông tư số 01/2020/TT-BTP: hướng dẫn trường hợp chứng thực chữ ký trong giấy ủy quyền, mẫu lời chứng mới; cấp số chứng thực theo từng loại việc",
                "change_location": "Mục 3, mục 5.1, bước 2",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực chữ ký của cá nhân trong giấy tờ, văn bản (kể cả giấy ủy quyền không có thù lao, không có nghĩa vụ bồi thường và không liên quan đến chuyển quyền sở hữu tài sản).",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu chứng thực chữ ký tại UBND xã Quảng An.",
                    "tai_lieu_vien_dan": "- Nghị định số 23/2015/NĐ-CP, Điều 23–25\n- Thông tư số 01/2020/TT-BTP\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Chứng thực chữ ký**: việc chứng thực chữ ký trong giấy tờ, văn bản là chữ ký của người yêu cầu chứng thực",
                    "noi_dung": "Người yêu cầu phải ký trước mặt người thực hiện chứng thực. Lời chứng ghi theo mẫu ban hành kèm Thông tư số 01/2020/TT-BTP; mỗi việc chứng thực được cấp một số chứng thực và ghi vào Sổ chứng thực chữ ký.",
                    "ho_so": "- Giấy tờ tùy thân còn giá trị sử dụng (bản chính hoặc bản sao có chứng thực)\n- Giấy tờ, văn bản cần chứng thực chữ ký",
                    "thoi_gian": "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "10.000 đồng/trường hợp (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra giấy tờ; thu phí",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": "Biên lai thu phí",
                    },
                    {
                        "title": "Người yêu cầu ký trước mặt; ghi lời chứng theo mẫu, cấp số và vào Sổ chứng thực",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Văn bản có lời chứng; Sổ chứng thực",
                    },
                    {
                        "title": "Ký chứng thực, đóng dấu",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Văn bản đã chứng thực chữ ký",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "01 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [],
                "records": [
                    {"name": "Sổ chứng thực chữ ký", "keeper": _TPHT, "retention": "Vĩnh viễn"},
                ],
            },
        ],
    },
    {
        # The revision of 15/06/2020 added a step: 2,5 working days > statutory 02 (fails PAR 3.4.2).
        "code": "QT-CT-03",
        "title": "Quy trình chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "kind": "tthc",
        "field": "Chứng thực",
        "tthc_code": "2.001035",
        "statutory": "02 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["23/2015/NĐ-CP", "01/2020/TT-BTP", "226/2016/TT-BTC", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản (mua bán, tặng cho xe mô tô, xe máy, tàu thuyền...) tại UBND xã Quảng An.",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu chứng thực hợp đồng, giao dịch về động sản; công chức Tư pháp - Hộ tịch và lãnh đạo UBND xã.",
                    "tai_lieu_vien_dan": "- Bộ luật Dân sự năm 2015\n- Nghị định số 23/2015/NĐ-CP, Điều 35–37\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Người thực hiện chứng thực kiểm tra giấy tờ, năng lực hành vi dân sự và sự tự nguyện của các bên; các bên ký trước mặt người thực hiện chứng thực; ghi lời chứng, ký, đóng dấu và ghi vào Sổ chứng thực hợp đồng, giao dịch.",
                    "ho_so": "- Dự thảo hợp đồng, giao dịch\n- Bản sao giấy tờ tùy thân của các bên\n- Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản (giấy đăng ký xe...)",
                    "thoi_gian": "Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ hoặc kéo dài hơn theo thỏa thuận bằng văn bản với người yêu cầu chứng thực.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "50.000 đồng/hợp đồng, giao dịch; sửa đổi, bổ sung hợp đồng: 30.000 đồng/hợp đồng (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát, thu phí",
                        "responsible": _TN,
                        "duration": "04 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định hợp đồng, giấy tờ; các bên ký trước mặt; ghi lời chứng",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Hợp đồng có lời chứng (dự thảo)",
                    },
                    {
                        "title": "Ký chứng thực, đóng dấu",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Hợp đồng đã chứng thực",
                    },
                    {
                        "title": "Vào Sổ chứng thực, trả kết quả",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {"code": "BM.CT.03.01", "name": "Phiếu yêu cầu chứng thực hợp đồng, giao dịch"}
                ],
                "records": [
                    {
                        "name": "Sổ chứng thực hợp đồng, giao dịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hợp đồng, giao dịch đã chứng thực (bản lưu)",
                        "keeper": _TPHT,
                        "retention": "20 năm",
                    },
                ],
            },
            {
                "effective_date": date(2020, 6, 15),
                "change_summary": "Cập nhật theo Thông tư số 01/2020/TT-BTP; tách bước vào sổ, đóng dấu giáp lai và cấp số chứng thực; dùng mẫu lời chứng mới",
                "change_location": "Mục 3, mục 5.1, bảng các bước (thêm bước 4)",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản (mua bán, tặng cho xe mô tô, xe máy, tàu thuyền...) tại UBND xã Quảng An.",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu chứng thực hợp đồng, giao dịch về động sản; công chức Tư pháp - Hộ tịch và lãnh đạo UBND xã.",
                    "tai_lieu_vien_dan": "- Bộ luật Dân sự năm 2015\n- Nghị định số 23/2015/NĐ-CP, Điều 35–37\n- Thông tư số 01/2020/TT-BTP\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Người thực hiện chứng thực kiểm tra giấy tờ, năng lực hành vi dân sự và sự tự nguyện của các bên; các bên ký trước mặt người thực hiện chứng thực. Lời chứng ghi theo mẫu kèm Thông tư số 01/2020/TT-BTP; hợp đồng có từ 02 trang trở lên phải đóng dấu giáp lai.",
                    "ho_so": "- Dự thảo hợp đồng, giao dịch\n- Bản sao giấy tờ tùy thân của các bên\n- Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản (giấy đăng ký xe...)",
                    "thoi_gian": "Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ hoặc kéo dài hơn theo thỏa thuận bằng văn bản với người yêu cầu chứng thực.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "50.000 đồng/hợp đồng, giao dịch; sửa đổi, bổ sung hợp đồng: 30.000 đồng/hợp đồng (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát, thu phí",
                        "responsible": _TN,
                        "duration": "04 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định hợp đồng, giấy tờ; các bên ký trước mặt; ghi lời chứng theo mẫu",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Hợp đồng có lời chứng (dự thảo)",
                    },
                    {
                        "title": "Xem xét, ký chứng thực",
                        "responsible": _LD,
                        "duration": "0,5 ngày làm việc",
                        "output": "Hợp đồng đã ký chứng thực",
                    },
                    {
                        "title": "Đóng dấu, đóng dấu giáp lai, cấp số và vào Sổ chứng thực",
                        "responsible": _TPHT,
                        "duration": "02 giờ làm việc",
                        "output": "Sổ chứng thực hợp đồng, giao dịch",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {"code": "BM.CT.03.01", "name": "Phiếu yêu cầu chứng thực hợp đồng, giao dịch"}
                ],
                "records": [
                    {
                        "name": "Sổ chứng thực hợp đồng, giao dịch",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Hợp đồng, giao dịch đã chứng thực (bản lưu)",
                        "keeper": _TPHT,
                        "retention": "20 năm",
                    },
                ],
            },
        ],
    },
    {
        # Added between lần 01 and lần 02.
        "code": "QT-CT-04",
        "title": "Quy trình chứng thực di chúc",
        "kind": "tthc",
        "field": "Chứng thực",
        "tthc_code": "2.000913",
        "statutory": "02 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 12,
        "legal_bases": ["23/2015/NĐ-CP", "226/2016/TT-BTC", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 10, 15),
                "change_summary": "Ban hành lần đầu (bổ sung vào phạm vi áp dụng HTQLCL)",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự chứng thực di chúc của cá nhân tại UBND xã Quảng An.",
                    "pham_vi": "Áp dụng cho cá nhân có yêu cầu chứng thực di chúc; công chức Tư pháp - Hộ tịch và lãnh đạo UBND xã.",
                    "tai_lieu_vien_dan": "- Bộ luật Dân sự năm 2015, Điều 630–636\n- Nghị định số 23/2015/NĐ-CP\n- Thông tư số 226/2016/TT-BTC",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Người lập di chúc phải tự mình yêu cầu chứng thực, không ủy quyền. Người thực hiện chứng thực kiểm tra năng lực hành vi dân sự, sự tự nguyện của người lập di chúc; người lập di chúc ký trước mặt người thực hiện chứng thực.",
                    "ho_so": "- Dự thảo di chúc\n- Bản sao giấy tờ tùy thân của người lập di chúc\n- Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản (nếu di chúc liên quan đến tài sản phải đăng ký)",
                    "thoi_gian": "Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "50.000 đồng/di chúc (Thông tư số 226/2016/TT-BTC).",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát, thu phí",
                        "responsible": _TN,
                        "duration": "04 giờ làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra năng lực, sự tự nguyện; người lập di chúc ký trước mặt; ghi lời chứng",
                        "responsible": _TPHT,
                        "duration": "01 ngày làm việc",
                        "output": "Di chúc có lời chứng (dự thảo)",
                    },
                    {
                        "title": "Ký chứng thực, đóng dấu",
                        "responsible": _LD,
                        "duration": "02 giờ làm việc",
                        "output": "Di chúc đã chứng thực",
                    },
                    {
                        "title": "Vào Sổ chứng thực, trả kết quả",
                        "responsible": _TN,
                        "duration": "02 giờ làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [],
                "records": [
                    {
                        "name": "Sổ chứng thực hợp đồng, giao dịch (phần di chúc)",
                        "keeper": _TPHT,
                        "retention": "Vĩnh viễn",
                    },
                    {
                        "name": "Di chúc đã chứng thực (bản lưu)",
                        "keeper": _TPHT,
                        "retention": "20 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Hòa giải cơ sở
    {
        # Added between lần 01 and lần 02.
        "code": "QT-HG-01",
        "title": "Quy trình công nhận hòa giải viên",
        "kind": "tthc",
        "field": "Hòa giải cơ sở",
        "tthc_code": "2.000930",
        "statutory": "05 ngày làm việc",
        "owner_unit": "Tư pháp - Hộ tịch",
        "review_interval_months": 24,
        "legal_bases": ["35/2013/QH13", "15/2014/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 10, 1),
                "change_summary": "Ban hành lần đầu (bổ sung vào phạm vi áp dụng HTQLCL)",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự Chủ tịch UBND xã ra quyết định công nhận hòa giải viên theo đề nghị của Trưởng ban công tác Mặt trận thôn.",
                    "pham_vi": "Áp dụng đối với các tổ hòa giải ở các thôn thuộc xã Quảng An.",
                    "tai_lieu_vien_dan": "- Luật Hòa giải ở cơ sở số 35/2013/QH13, Điều 7–8\n- Nghị định số 15/2014/NĐ-CP\n- Nghị quyết liên tịch số 01/2014/NQLT-CP-UBTƯMTTQVN",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **Hòa giải viên**: người được bầu và công nhận để thực hiện hòa giải ở cơ sở",
                    "noi_dung": "Sau khi bầu hòa giải viên ở thôn, Trưởng ban công tác Mặt trận gửi văn bản đề nghị kèm danh sách và biên bản bầu đến UBND xã. Công chức Tư pháp - Hộ tịch thẩm định, tham mưu Chủ tịch UBND xã ra quyết định công nhận.",
                    "ho_so": "- Văn bản đề nghị công nhận hòa giải viên của Trưởng ban công tác Mặt trận\n- Danh sách người được đề nghị công nhận (Mẫu số 06, Nghị quyết liên tịch số 01/2014)\n- Biên bản kiểm phiếu hoặc biên bản kết quả biểu quyết bầu hòa giải viên",
                    "thoi_gian": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Không.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận hồ sơ đề nghị; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định tiêu chuẩn hòa giải viên; dự thảo quyết định công nhận",
                        "responsible": _TPHT,
                        "duration": "02 ngày làm việc",
                        "output": "Dự thảo Quyết định công nhận hòa giải viên",
                    },
                    {
                        "title": "Xem xét, ký quyết định",
                        "responsible": _CT,
                        "duration": "01 ngày làm việc",
                        "output": "Quyết định công nhận hòa giải viên",
                    },
                    {
                        "title": "Vào sổ, gửi quyết định cho Ban công tác Mặt trận thôn và hòa giải viên",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.HG.01.01",
                        "name": "Danh sách đề nghị công nhận hòa giải viên (Mẫu số 06)",
                    }
                ],
                "records": [
                    {
                        "name": "Quyết định công nhận hòa giải viên và hồ sơ kèm theo",
                        "keeper": _TPHT,
                        "retention": "10 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Bảo trợ xã hội
    {
        # Added between lần 01 and lần 02; cites NĐ 136/2013 as amended by NĐ 140/2018.
        "code": "QT-BTXH-01",
        "title": "Quy trình hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "kind": "tthc",
        "field": "Bảo trợ xã hội",
        "tthc_code": "1.001758",
        "statutory": "03 ngày làm việc",
        "owner_unit": "Văn hóa - Xã hội",
        "review_interval_months": 24,
        "legal_bases": ["136/2013/NĐ-CP", "140/2018/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 10, 1),
                "change_summary": "Ban hành lần đầu (bổ sung vào phạm vi áp dụng HTQLCL)",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự giải quyết hỗ trợ chi phí mai táng khi đối tượng bảo trợ xã hội đang hưởng trợ cấp xã hội hàng tháng qua đời.",
                    "pham_vi": "Áp dụng đối với cơ quan, tổ chức, hộ gia đình hoặc cá nhân đứng ra tổ chức mai táng cho đối tượng bảo trợ xã hội trên địa bàn xã; công chức Văn hóa - Xã hội (phụ trách Lao động - Thương binh và Xã hội).",
                    "tai_lieu_vien_dan": "- Nghị định số 136/2013/NĐ-CP, Điều 11\n- Nghị định số 140/2018/NĐ-CP\n- Thông tư liên tịch số 29/2014/TTLT-BLĐTBXH-BTC",
                    "dinh_nghia": _VIET_TAT
                    + "\n- **BTXH**: Bảo trợ xã hội\n- **LĐ-TB&XH**: Lao động - Thương binh và Xã hội",
                    "noi_dung": "Công chức Văn hóa - Xã hội kiểm tra hồ sơ, đối chiếu danh sách chi trả trợ cấp hàng tháng; trình Chủ tịch UBND xã ký văn bản đề nghị gửi Phòng LĐ-TB&XH huyện thẩm định, trình Chủ tịch UBND huyện quyết định. Thời hạn dưới đây là phần việc tại UBND xã.",
                    "ho_so": "- Tờ khai đề nghị hỗ trợ chi phí mai táng (theo mẫu)\n- Bản sao giấy chứng tử (Trích lục khai tử) của đối tượng\n- Bản sao quyết định hưởng trợ cấp xã hội hàng tháng của đối tượng",
                    "thoi_gian": "03 ngày làm việc tại UBND xã kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Không.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Kiểm tra, đối chiếu danh sách chi trả; dự thảo văn bản đề nghị",
                        "responsible": _VHXH,
                        "duration": "01 ngày làm việc",
                        "output": "Dự thảo văn bản đề nghị hỗ trợ chi phí mai táng",
                    },
                    {
                        "title": "Xem xét, ký văn bản đề nghị",
                        "responsible": _CT,
                        "duration": "01 ngày làm việc",
                        "output": "Văn bản đề nghị của UBND xã",
                    },
                    {
                        "title": "Chuyển hồ sơ đến Phòng LĐ-TB&XH huyện; thông báo cho người nộp",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": "Hồ sơ chuyển huyện; Sổ theo dõi hồ sơ (Mẫu 06)",
                    },
                ],
                "forms": [
                    {"code": "BM.BTXH.01.01", "name": "Tờ khai đề nghị hỗ trợ chi phí mai táng"}
                ],
                "records": [
                    {
                        "name": "Hồ sơ đề nghị hỗ trợ chi phí mai táng (bản lưu)",
                        "keeper": _VHXH,
                        "retention": "10 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Tín ngưỡng, tôn giáo
    {
        "code": "QT-TG-01",
        "title": "Quy trình đăng ký hoạt động tín ngưỡng",
        "kind": "tthc",
        "field": "Tín ngưỡng, tôn giáo",
        "tthc_code": "2.000509",
        "statutory": "11 ngày làm việc",
        "owner_unit": "Văn phòng - Thống kê",
        "review_interval_months": 24,
        "legal_bases": ["02/2016/QH14", "162/2017/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự UBND xã xem xét văn bản đăng ký hoạt động tín ngưỡng hằng năm của cơ sở tín ngưỡng (đình, miếu, nhà thờ họ...) trên địa bàn xã.",
                    "pham_vi": "Áp dụng đối với người đại diện hoặc ban quản lý cơ sở tín ngưỡng trên địa bàn xã Quảng An.",
                    "tai_lieu_vien_dan": "- Luật Tín ngưỡng, tôn giáo số 02/2016/QH14, Điều 12\n- Nghị định số 162/2017/NĐ-CP",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Người đại diện cơ sở tín ngưỡng gửi văn bản đăng ký chậm nhất 30 ngày trước ngày bắt đầu hoạt động tín ngưỡng. Công chức Văn phòng - Thống kê thẩm định, tham mưu Chủ tịch UBND xã trả lời bằng văn bản; trường hợp từ chối phải nêu rõ lý do.",
                    "ho_so": "- Văn bản đăng ký hoạt động tín ngưỡng (Mẫu B1, Nghị định số 162/2017/NĐ-CP), nêu tên cơ sở, hoạt động, quy mô, thời gian, địa điểm",
                    "thoi_gian": "15 ngày kể từ ngày nhận được văn bản đăng ký hợp lệ (quy đổi 11 ngày làm việc để thiết lập quy trình trên phần mềm một cửa).",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Không.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra văn bản đăng ký; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định nội dung đăng ký, phối hợp Công an xã, Ban quản lý thôn",
                        "responsible": _VPTK,
                        "duration": "05 ngày làm việc",
                        "output": "Dự thảo văn bản trả lời",
                    },
                    {
                        "title": "Xem xét, ký văn bản trả lời",
                        "responsible": _CT,
                        "duration": "03 ngày làm việc",
                        "output": "Văn bản chấp thuận hoặc không chấp thuận",
                    },
                    {
                        "title": "Vào sổ, trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.TG.01.01",
                        "name": "Văn bản đăng ký hoạt động tín ngưỡng hằng năm (Mẫu B1)",
                    }
                ],
                "records": [
                    {
                        "name": "Hồ sơ đăng ký hoạt động tín ngưỡng",
                        "keeper": _VPTK,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Văn hóa cơ sở
    {
        # Added between lần 02 and lần 03.
        "code": "QT-VH-01",
        "title": "Quy trình xét tặng danh hiệu Gia đình văn hóa hằng năm",
        "kind": "tthc",
        "field": "Văn hóa cơ sở",
        "tthc_code": "1.000954",
        "statutory": "05 ngày làm việc",
        "owner_unit": "Văn hóa - Xã hội",
        "review_interval_months": 24,
        "legal_bases": ["122/2018/NĐ-CP", "61/2018/NĐ-CP"],
        "revisions": [
            {
                "effective_date": date(2020, 4, 1),
                "change_summary": "Ban hành lần đầu (bổ sung vào phạm vi áp dụng HTQLCL)",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự Chủ tịch UBND xã xét tặng danh hiệu “Gia đình văn hóa” hằng năm theo đề nghị của Trưởng thôn.",
                    "pham_vi": "Áp dụng cho các hộ gia đình ở các thôn thuộc xã Quảng An; Ban Công tác “Xây dựng đời sống văn hóa – Nông thôn mới” xã.",
                    "tai_lieu_vien_dan": "- Nghị định số 122/2018/NĐ-CP, Điều 5–7\n- Luật Thi đua, khen thưởng",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Trưởng thôn tổ chức họp bình xét, lập hồ sơ đề nghị gửi UBND xã. Công chức Văn hóa - Xã hội thẩm định, tham mưu Chủ tịch UBND xã ra quyết định tặng danh hiệu kèm Giấy chứng nhận Gia đình văn hóa.",
                    "ho_so": "- Văn bản đề nghị của Trưởng thôn kèm danh sách hộ gia đình\n- Biên bản họp bình xét",
                    "thoi_gian": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Không.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận hồ sơ đề nghị của Trưởng thôn; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Thẩm định hồ sơ, đối chiếu tiêu chuẩn; dự thảo quyết định",
                        "responsible": _VHXH,
                        "duration": "02 ngày làm việc",
                        "output": "Dự thảo Quyết định tặng danh hiệu Gia đình văn hóa",
                    },
                    {
                        "title": "Xem xét, ký quyết định và Giấy chứng nhận",
                        "responsible": _CT,
                        "duration": "01 ngày làm việc",
                        "output": "Quyết định; Giấy chứng nhận Gia đình văn hóa",
                    },
                    {
                        "title": "Vào sổ, trả kết quả cho Trưởng thôn",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.VH.01.01",
                        "name": "Biên bản họp bình xét danh hiệu Gia đình văn hóa",
                    }
                ],
                "records": [
                    {
                        "name": "Quyết định tặng danh hiệu và hồ sơ kèm theo",
                        "keeper": _VHXH,
                        "retention": "10 năm",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ withdrawn
    {
        "code": "QT-LDTBXH-01",
        "title": "Quy trình xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
        "kind": "tthc",
        "field": "Lao động - Thương binh và Xã hội",
        "tthc_code": "1.005136",
        "statutory": "05 ngày làm việc",
        "owner_unit": "Văn hóa - Xã hội",
        "review_interval_months": 24,
        "legal_bases": ["61/2018/NĐ-CP", "1462/QĐ-UBND"],
        "withdrawn_on": date(2020, 3, 1),
        "withdrawn_reason": "Thủ tục được đưa ra khỏi Danh mục TTHC thuộc thẩm quyền giải quyết của UBND cấp xã theo quyết định công bố TTHC của Chủ tịch UBND tỉnh Thừa Thiên Huế; từ ngày 01/03/2020 hồ sơ được tiếp nhận tại Trung tâm Hành chính công huyện Quảng Điền. Thu hồi quy trình, loại khỏi phạm vi áp dụng HTQLCL.",
        "revisions": [
            {
                "effective_date": date(2019, 7, 26),
                "change_summary": "Ban hành lần đầu",
                "change_location": "Toàn bộ",
                "significant": True,
                "content": {
                    "muc_dich": "Quy định trình tự xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình để được hỗ trợ đóng bảo hiểm y tế.",
                    "pham_vi": "Áp dụng cho hộ gia đình cư trú trên địa bàn xã Quảng An.",
                    "tai_lieu_vien_dan": "- Luật Bảo hiểm y tế\n- Quyết định số 1462/QĐ-UBND ngày 18/06/2019 của Chủ tịch UBND tỉnh",
                    "dinh_nghia": _VIET_TAT,
                    "noi_dung": "Trưởng thôn tổng hợp giấy đề nghị của hộ gia đình; Ban chỉ đạo rà soát của xã xét duyệt, niêm yết công khai; công chức Văn hóa - Xã hội tham mưu Chủ tịch UBND xã ký xác nhận danh sách.",
                    "ho_so": "- Giấy đề nghị xác nhận của hộ gia đình (theo mẫu)\n- Sổ hộ khẩu (xuất trình)",
                    "thoi_gian": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                    "noi_tiep_nhan": _NOI_TIEP_NHAN,
                    "le_phi": "Không.",
                },
                "steps": [
                    {
                        "title": "Tiếp nhận, kiểm tra hồ sơ; lập phiếu kiểm soát",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _MAU01 + "; " + _MAU05,
                    },
                    {
                        "title": "Rà soát, xét duyệt mức sống của hộ gia đình",
                        "responsible": _VHXH,
                        "duration": "03 ngày làm việc",
                        "output": "Biên bản xét duyệt",
                    },
                    {
                        "title": "Ký xác nhận",
                        "responsible": _LD,
                        "duration": "01 ngày làm việc",
                        "output": "Giấy xác nhận",
                    },
                    {
                        "title": "Trả kết quả",
                        "responsible": _TN,
                        "duration": "0,5 ngày làm việc",
                        "output": _TRA,
                    },
                ],
                "forms": [
                    {
                        "code": "BM.LD.01.01",
                        "name": "Giấy đề nghị xác nhận hộ gia đình có mức sống trung bình",
                    }
                ],
                "records": [
                    {
                        "name": "Hồ sơ xác nhận hộ gia đình có mức sống trung bình",
                        "keeper": _VHXH,
                        "retention": "05 năm",
                    },
                ],
            },
        ],
    },
]


ANNOUNCEMENTS = [
    {
        "decision_no": "292/QĐ-UBND",
        "decision_date": date(2019, 8, 16),
        "signer": "Lê Văn Hải",
        "reason": "first",
        "note": "Công bố lần 01 Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015 đối với các hoạt động giải quyết TTHC thuộc lĩnh vực Hộ tịch, Chứng thực, Tín ngưỡng, Lao động - Thương binh và Xã hội, thực hiện Quyết định số 1462/QĐ-UBND ngày 18/06/2019 của Chủ tịch UBND tỉnh Thừa Thiên Huế.",
    },
    {
        "decision_no": "477/QĐ-UBND",
        "decision_date": date(2019, 12, 18),
        "signer": "Lê Văn Hải",
        "reason": "scope_widened",
        "note": "Công bố lại lần 02 do mở rộng phạm vi: bổ sung quy trình công nhận hòa giải viên, hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội và chứng thực di chúc; ban hành mục tiêu chất lượng năm 2020.",
    },
    {
        "decision_no": "353/QĐ-UBND",
        "decision_date": date(2020, 8, 18),
        "signer": "Lê Văn Hải",
        "reason": "scope_widened",
        "note": "Công bố lại lần 03: bổ sung quy trình xét tặng danh hiệu Gia đình văn hóa và đăng ký giám hộ; loại khỏi phạm vi quy trình xác nhận hộ gia đình có mức sống trung bình (chuyển về cấp huyện từ 01/03/2020); cập nhật các quy trình hộ tịch theo Thông tư số 04/2020/TT-BTP.",
    },
]
