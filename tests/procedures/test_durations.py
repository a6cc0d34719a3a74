import unicodedata

import pytest
from flask_babel import force_locale

from iso_qms.procedures.durations import Duration, DurationUnit, sum_durations

DAYS, HOURS = DurationUnit.working_days, DurationUnit.working_hours
DAY = 480


@pytest.mark.parametrize(
    ("text", "minutes", "unit", "within_day"),
    [
        ("03 ngày làm việc", 3 * DAY, DAYS, False),
        ("Trong ngày", DAY, DAYS, True),
        ("Ngay trong ngày làm việc", DAY, DAYS, True),
        ("04 giờ làm việc", 240, HOURS, False),
        ("0,5 ngày", 240, DAYS, False),
        ("1/2 ngày làm việc", 240, DAYS, False),
        ("Nửa ngày", 240, DAYS, False),
        ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", 5 * DAY, DAYS, False),
        ("15 ngày", 15 * DAY, DAYS, False),
        ("Không quá 03 ngày làm việc", 3 * DAY, DAYS, False),
        ("02 giờ", 120, HOURS, False),
        ("03 ngày; trường hợp phải xác minh thì 05 ngày", 3 * DAY, DAYS, False),
        ("TRONG NGÀY", DAY, DAYS, True),
        ("05 (năm) ngày làm việc", 5 * DAY, DAYS, False),
        ("1,5 ngày làm việc", 720, DAYS, False),
        ("16 giờ làm việc", 2 * DAY, HOURS, False),
        ("Nhận hồ sơ trước 15 giờ thì trả kết quả trong ngày", DAY, DAYS, True),
        ("- 03 ngày làm việc", 3 * DAY, DAYS, False),
    ],
)
def test_official_wordings_are_read(text, minutes, unit, within_day):
    for form in ("NFC", "NFD"):
        duration = Duration.parse(unicodedata.normalize(form, text))
        assert (duration.minutes, duration.unit, duration.within_day) == (minutes, unit, within_day)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Theo quy định", "0 ngày", "0,0 giờ", "-3 ngày", "03 tháng", "1/0 ngày", None],
)
def test_text_without_a_positive_duration_is_refused(text):
    with pytest.raises(ValueError):
        Duration.parse(text)


@pytest.mark.parametrize(
    "data",
    [
        {"value": 3, "unit": "working_days"},
        {"value": 0.5, "unit": "working_days"},
        {"value": 4, "unit": "working_hours"},
        {"value": 1.25, "unit": "working_hours"},
        {"value": 1, "unit": "working_days", "within_day": True},
    ],
)
def test_api_form_round_trips(data):
    assert Duration.from_api(data).to_api() == data


def test_api_within_day_alone_means_one_working_day():
    duration = Duration.from_api({"within_day": True})
    assert (duration.minutes, duration.within_day) == (DAY, True)
    assert duration.to_api() == {"value": 1, "unit": "working_days", "within_day": True}


def test_api_gives_whole_numbers_as_int_and_fractions_as_float():
    assert isinstance(Duration.parse("03 ngày").to_api()["value"], int)
    assert Duration.parse("0,5 ngày").to_api()["value"] == 0.5


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {},
        {"value": 3},
        {"value": 3, "unit": "days"},
        {"value": "3", "unit": "working_days"},
        {"value": True, "unit": "working_days"},
        {"value": 0, "unit": "working_days"},
        {"value": -1, "unit": "working_hours"},
        {"value": 1.234, "unit": "working_days"},
        {"value": float("nan"), "unit": "working_days"},
        {"value": 2, "unit": "working_days", "within_day": True},
        {"within_day": "yes"},
    ],
)
def test_bad_api_values_are_refused(data):
    with pytest.raises(ValueError):
        Duration.from_api(data)


def test_storage_form_keeps_unit_and_within_day():
    for duration in (Duration.parse("Trong ngày"), Duration.parse("04 giờ"), Duration(0)):
        restored = Duration.from_storage(duration.to_storage())
        assert (restored.minutes, restored.unit, restored.within_day) == (
            duration.minutes,
            duration.unit,
            duration.within_day,
        )


def test_days_and_hours_are_the_same_working_time():
    duration = Duration.parse("1/2 ngày")
    assert (duration.days, duration.hours) == (0.5, 4.0)
    assert Duration.from_minutes(DAY, HOURS).days == 1.0


def test_sum_of_hours_making_whole_days_is_shown_in_days():
    total = Duration.parse("04 giờ") + Duration.parse("04 giờ")
    assert (total.minutes, total.unit) == (DAY, DAYS)


def test_sum_with_hours_left_over_is_shown_in_hours():
    total = Duration.parse("02 ngày") + Duration.parse("02 giờ")
    assert (total.minutes, total.unit) == (2 * DAY + 120, HOURS)
    assert total.to_api() == {"value": 18, "unit": "working_hours"}


def test_sum_of_days_stays_in_days_and_loses_within_day():
    total = sum_durations([Duration.parse("Trong ngày"), Duration.parse("0,5 ngày")])
    assert (total.minutes, total.unit, total.within_day) == (720, DAYS, False)


def test_sum_of_nothing_is_zero():
    assert sum_durations([]).minutes == 0
    assert sum([Duration.parse("02 giờ"), Duration.parse("02 giờ")]).minutes == 240


@pytest.mark.parametrize(
    ("steps", "statutory", "within"),
    [
        (["01 ngày", "02 ngày"], "03 ngày làm việc", True),  # equal is within
        (["01 ngày", "02 ngày", "01 giờ"], "03 ngày làm việc", False),  # one hour more
        (["04 giờ", "04 giờ"], "Trong ngày", True),
        (["04 giờ", "05 giờ"], "Trong ngày", False),
        (["0,5 ngày", "04 giờ"], "01 ngày", True),
    ],
)
def test_steps_compared_with_statutory_time_at_the_boundary(steps, statutory, within):
    total = sum_durations(Duration.parse(step) for step in steps)
    assert (total <= Duration.parse(statutory)) is within


def test_equality_ignores_how_the_time_is_written():
    assert Duration.parse("Trong ngày") == Duration.parse("08 giờ") == Duration.parse("01 ngày")
    assert Duration.parse("01 ngày") < Duration.parse("09 giờ")
    assert len({Duration.parse("01 ngày"), Duration.parse("08 giờ")}) == 1


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("03 ngày làm việc", "03 ngày làm việc"),
        ("15 ngày", "15 ngày làm việc"),
        ("04 giờ", "04 giờ làm việc"),
        ("Ngay trong ngày làm việc", "Trong ngày"),
        ("Nửa ngày", "0,5 ngày làm việc"),
        ("1,5 ngày", "1,5 ngày làm việc"),
    ],
)
def test_vietnamese_label_uses_official_wording(text, label):
    assert Duration.parse(text).label_vi() == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("03 ngày", "03 working days"),
        ("01 ngày", "01 working day"),
        ("0,5 ngày", "0,5 working days"),
        ("04 giờ", "04 working hours"),
        ("Trong ngày", "Within the day"),
    ],
)
def test_label_is_translated(app_ctx, text, label):
    with force_locale("en"):
        assert Duration.parse(text).label() == label


def test_label_defaults_to_the_app_language(app_ctx):
    assert Duration.parse("03 ngày").label().startswith("03 ")
