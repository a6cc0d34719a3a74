"""Property tests of the parsers at the edge: whatever the text, the documented error or a value
within bounds, and the round trips where there are some."""

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import NotFound as RouteNotFound

from iso_qms import create_app
from iso_qms.core.errors import NotFound, ValidationFailed
from iso_qms.core.params import (
    INT_MAX,
    INT_MIN,
    MAX_PAGE,
    arg_date,
    arg_id,
    arg_int,
    arg_page,
    arg_year,
    parse_id,
    parse_int,
)
from iso_qms.core.timeutil import DateOutOfRange, parse_dmy
from iso_qms.procedures.catalogue import read_catalogue
from iso_qms.procedures.durations import MAX_MINUTES, Duration, DurationUnit

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like what the parsers expect, mixed with the awkward: other scripts' digits,
#: superscripts, signs, separators, control characters.
NUMBERISH = st.text(
    alphabet=st.sampled_from("0123456789-+ ./,:e²³٣٤१\r\n\t\x00ngàyiờlmvctrođếnTháang()"),
    max_size=30,
)
ANY_TEXT = st.one_of(NUMBERISH, st.text(max_size=40))


@pytest.fixture(scope="module")
def app():
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True, "SECRET_KEY": "x"})


# --- params --------------------------------------------------------------------------------


@PROFILE
@given(ANY_TEXT, st.integers(INT_MIN, INT_MAX), st.integers(INT_MIN, INT_MAX))
def test_parse_int_gives_a_value_within_its_bounds_or_a_value_error(text, low, high):
    low, high = min(low, high), max(low, high)
    try:
        value = parse_int(text, low, high)
    except ValueError as exc:
        assert str(exc)
    else:
        assert low <= value <= high
        assert text.strip().lstrip("-").isascii()


@PROFILE
@given(st.integers(INT_MIN, INT_MAX))
def test_parse_int_round_trips_every_bigint(number):
    assert parse_int(str(number)) == number
    assert parse_int(f" {number} ") == number


@PROFILE
@given(st.one_of(st.integers(max_value=INT_MIN - 1), st.integers(min_value=INT_MAX + 1)))
def test_parse_int_refuses_beyond_bigint(number):
    with pytest.raises(ValueError):
        parse_int(str(number))


@PROFILE
@given(ANY_TEXT)
def test_parse_id_is_an_id_or_none(text):
    value = parse_id(text)
    assert value is None or 1 <= value <= INT_MAX


@PROFILE
@given(ANY_TEXT)
def test_the_arg_readers_answer_a_value_or_the_domain_error(app, text):
    with app.test_request_context("/", query_string={"x": text}):
        for read, error in (
            (lambda: arg_int("x"), ValidationFailed),
            (lambda: arg_page("x"), ValidationFailed),
            (lambda: arg_year("x"), ValidationFailed),
            (lambda: arg_date("x"), ValidationFailed),
            (lambda: arg_id("x"), NotFound),
        ):
            try:
                value = read()
            except error as exc:
                assert exc.fields or isinstance(exc, NotFound)
            else:
                assert value is None or not isinstance(value, int) or INT_MIN <= value <= INT_MAX
        page = _or_none(lambda: arg_page("x"))
        assert page is None or 1 <= page <= MAX_PAGE
        year = _or_none(lambda: arg_year("x"))
        assert year is None or 1900 <= year <= 2100
        errors: dict = {}
        day = arg_date("x", errors=errors)
        assert (day is None) or (1900 <= day.year <= 2100)
        assert not errors or day is None


def _or_none(read):
    try:
        return read()
    except ValidationFailed:
        return None


@PROFILE
@given(st.text(alphabet="0123456789٣²", min_size=1, max_size=25))
def test_an_int_path_argument_matches_only_a_bigint_id(app, digits):
    adapter = app.url_map.bind("localhost")
    try:
        _endpoint, values = adapter.match(f"/api/v1/procedures/{digits}")
    except RouteNotFound:
        assert not digits.isascii() or not 1 <= int(digits) <= INT_MAX or len(digits) > 10
    else:
        assert values["procedure_id"] == int(digits) and 1 <= int(digits) <= INT_MAX


# --- dd/mm/yyyy ------------------------------------------------------------------------------


@PROFILE
@given(ANY_TEXT)
def test_parse_dmy_gives_a_date_in_range_none_or_a_value_error(text):
    try:
        day = parse_dmy(text)
    except DateOutOfRange as exc:
        assert "1900" in str(exc)
    else:
        assert day is None or 1900 <= day.year <= 2100


@PROFILE
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_parse_dmy_round_trips_both_spellings(day):
    assert parse_dmy(day.strftime("%d/%m/%Y")) == day
    assert parse_dmy(day.isoformat()) == day


@PROFILE
@given(st.one_of(st.dates(max_value=date(1899, 12, 31)), st.dates(min_value=date(2101, 1, 1))))
def test_parse_dmy_refuses_years_outside_1900_to_2100(day):
    with pytest.raises(DateOutOfRange):
        parse_dmy(f"{day.day:02d}/{day.month:02d}/{day.year:04d}")


# --- durations -------------------------------------------------------------------------------


@PROFILE
@given(ANY_TEXT)
def test_duration_parse_gives_a_plausible_duration_or_a_value_error(text):
    try:
        duration = Duration.parse(text)
    except ValueError:
        return
    assert 1 <= duration.minutes <= MAX_MINUTES


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@PROFILE
@given(
    st.one_of(
        JSONISH,
        st.fixed_dictionaries(
            {
                "value": JSONISH | st.floats() | st.integers(),
                "unit": st.sampled_from(["working_days", "working_hours", "x"]),
            },
            optional={"within_day": JSONISH},
        ),
    )
)
def test_duration_from_api_gives_a_duration_or_a_value_error(data):
    try:
        duration = Duration.from_api(data)
    except ValueError:
        return
    assert 1 <= duration.minutes <= MAX_MINUTES


@PROFILE
@given(st.integers(1, MAX_MINUTES), st.sampled_from(list(DurationUnit)))
def test_duration_round_trips_through_the_api_and_storage(minutes, unit):
    duration = Duration(minutes, unit)
    assert Duration.from_api(duration.to_api()).minutes == minutes
    assert Duration.from_storage(duration.to_storage()) == duration


@PROFILE
@given(st.integers(1, 1000), st.integers(1, 8000))
def test_whole_days_and_hours_round_trip_through_their_vietnamese_label(days, hours):
    assert Duration.parse(Duration(days * 480).label_vi()).minutes == days * 480
    if hours * 60 <= MAX_MINUTES:
        label = Duration(hours * 60, DurationUnit.working_hours).label_vi()
        assert Duration.parse(label).minutes == hours * 60


# --- catalogue rows --------------------------------------------------------------------------

CELL = st.one_of(st.none(), ANY_TEXT, st.integers(), st.floats(allow_nan=False))
HEADER = ["STT", "Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Căn cứ pháp lý"]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


@PROFILE
@given(st.lists(st.lists(CELL, max_size=8), max_size=8))
def test_catalogue_rows_of_any_content_are_read_or_refused_with_a_value_error(app, rows):
    with app.test_request_context("/"):
        try:
            result = read_catalogue("danh-muc.csv", _csv([HEADER, *rows]))
        except ValueError as exc:
            assert str(exc)
            return
        for row in result:
            assert row.line >= 2
            assert row.statutory is None or 1 <= row.statutory.minutes <= MAX_MINUTES
            assert row.errors or (row.tthc_code and row.title and row.statutory)


@PROFILE
@given(st.binary(max_size=200))
def test_any_bytes_as_a_catalogue_are_read_or_refused_with_a_value_error(app, data):
    with app.test_request_context("/"):
        for name in ("x.csv", "x.xlsx"):
            try:
                read_catalogue(name, data)
            except ValueError:
                pass
