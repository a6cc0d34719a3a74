"""The PAR criteria set shipped with the application: Thừa Thiên Huế 2020, the rows of the real
appendix of the demo's report (Công văn 1301/UBND ngày 07/9/2020 of UBND huyện Quảng Điền)."""

TTH_2020 = "Thừa Thiên Huế 2020"

#: The criteria of the real appendix (Công văn 1301/UBND ngày 07/9/2020), 3.4.2 computed, and
#: 3.5.2, 3.5.4, 3.5.5 and 7.2 from the dossier records (issue 14).
DEFAULT_CRITERIA = [
    (
        "1.1.1",
        "Công tác chỉ đạo điều hành CCHC / Kế hoạch CCHC",
        "Ban hành kế hoạch CCHC",
        "Kế hoạch CCHC 2020",
        "Phòng Nội vụ",
        "",
    ),
    (
        "1.1.2",
        "Công tác chỉ đạo điều hành CCHC / Kế hoạch CCHC",
        "Mức độ hoàn thành kế hoạch CCHC",
        "Đảm bảo hoàn thành trên 90% các nhiệm vụ đã được đề ra tại Kế hoạch CCHC; báo cáo CCHC năm 2020 "
        "đánh giá rõ số lượng nhiệm vụ đã hoàn thành",
        "Các cơ quan, đơn vị, các xã, thị trấn; Phòng Nội vụ",
        "",
    ),
    (
        "1.4.2",
        "Công tác tuyên truyền CCHC",
        "Thực hiện các hình thức tuyên truyền CCHC",
        "Danh mục tin, bài tuyên truyền CCHC trên Trang thông tin điện tử năm 2019 và năm 2020; số lượng "
        "tin, bài năm 2020 tăng 15% trở lên so với năm 2019",
        "11 xã, thị trấn",
        "",
    ),
    (
        "3.2.2",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Cơ quan chuyên môn cấp huyện, UBND cấp xã công khai TTHC đầy đủ, đúng quy định tại nơi tiếp nhận, "
        "giải quyết TTHC",
        "Hình ảnh bảng niêm yết tại nơi tiếp nhận hồ sơ; niêm yết đầy đủ, đúng quy định",
        "Các cơ quan chuyên môn, UBND các xã, thị trấn",
        "",
    ),
    (
        "3.2.3",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Công khai TTHC trên Trang TTĐT của các cơ quan, đơn vị",
        "Hình ảnh công khai tại bảng niêm yết, đường link niêm yết công khai tại Trang thông tin điện tử",
        "UBND các xã, thị trấn, BPTNTKQ hiện đại các xã, thị trấn",
        "",
    ),
    (
        "3.2.4",
        "Công bố, công khai TTHC và kết quả giải quyết hồ sơ",
        "Công khai tiến độ, kết quả giải quyết hồ sơ TTHC trên Trang TTĐT của huyện, UBND cấp xã",
        "Công khai chậm nhất 5 ngày kể từ hạn cuối yêu cầu báo cáo tháng, quý",
        "UBND các xã, thị trấn; Bộ phận tiếp nhận và trả kết quả hiện đại cấp xã",
        "",
    ),
    (
        "3.3.1",
        "Thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "TTHC được tiếp nhận, trả kết quả tại TT HCC cấp huyện và Bộ phận Tiếp nhận và trả kết quả cấp xã",
        "100% TTHC thuộc thẩm quyền của UBND cấp xã được tiếp nhận qua phần mềm xử lý dịch vụ công tập "
        "trung và tại BPTNTKQ hiện đại cấp xã",
        "Bộ phận tiếp nhận và trả kết quả hiện đại cấp xã",
        "",
    ),
    (
        "3.4.2",
        "Cập nhật TTHC trên phần mềm",
        "TTHC được UBND cấp xã cập nhật và thiết lập đúng theo quy trình trên phần mềm",
        "Bảng thống kê TTHC được cập nhật và thiết lập quy trình trên phần mềm; 100% TTHC khi thiết lập quy "
        "trình tổng số thời gian thiết lập không được vượt quá thời gian xử lý",
        "UBND 11 xã, thị trấn",
        "criterion_3_4_2",
    ),
    (
        "3.5.2",
        "Kết quả giải quyết hồ sơ TTHC",
        "Hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
        "Trên 95% TTHC được tiếp nhận, xử lý, trả kết quả trước và đúng thời hạn",
        "UBND các xã, thị trấn",
        "criterion_3_5_2",
    ),
    (
        "3.5.4",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện việc xin lỗi người dân, tổ chức khi để xảy ra trễ hạn trong giải quyết hồ sơ TTHC",
        "100% TTHC trễ hạn được phát hành thư xin lỗi người dân",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "criterion_3_5_4",
    ),
    (
        "3.5.5",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện cập nhật, số hóa trên phần mềm",
        "100% TTHC được tiếp nhận tại Bộ phận TNTKQ hiện đại cấp xã được số hóa cả đầu vào và đầu ra",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "criterion_3_5_5",
    ),
    (
        "3.5.6",
        "Kết quả giải quyết hồ sơ TTHC",
        "Thực hiện tạo tài khoản người sử dụng trên phần mềm",
        "100% người dân đến giải quyết TTHC được tạo tài khoản",
        "Trung tâm hành chính công huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "3.6.1",
        "Tiếp nhận, xử lý phản ánh, kiến nghị (PAKN) của cá nhân, tổ chức đối với TTHC",
        "Tổ chức thực hiện việc tiếp nhận PAKN của cá nhân, tổ chức đối với TTHC",
        "Hình ảnh niêm yết công khai địa chỉ, điện thoại tiếp nhận; quy trình tiếp nhận PAKN",
        "Văn phòng HĐND và UBND huyện; UBND các xã, thị trấn",
        "",
    ),
    (
        "7.1.1",
        "Hiện đại hóa hành chính / Ứng dụng CNTT",
        "Kết quả đánh giá xây dựng chính quyền điện tử",
        "Căn cứ kết quả đánh giá xây dựng chính quyền điện tử năm 2020",
        "Phòng Văn hóa và Thông tin; Văn phòng HĐND và UBND huyện",
        "",
    ),
    (
        "7.2",
        "Hiện đại hóa hành chính",
        "Thực hiện tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích (BCCI)",
        "Từ 15% hồ sơ TTHC được tiếp nhận qua dịch vụ BCCI tại UBND cấp xã",
        "UBND các xã, thị trấn",
        "criterion_7_2",
    ),
]

#: The year the shipped set is for.
SHIPPED_YEAR = 2020
#: The document that issued it.
SHIPPED_BASIS = "Công văn 1301/UBND ngày 07/9/2020"
