"""The phiếu xin lỗi column: one cell holding the letter's number and/or its date."""

from datetime import date, datetime

import pytest

from iso_qms.core.timeutil import LOCAL_TZ
from iso_qms.performance import import_values as values


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("01/PXL ngày 05/05/2020", ("01/PXL ngày 05/05/2020", date(2020, 5, 5))),
        ("Phiếu số 03/PXL-UBND, 12/8/2020", ("Phiếu số 03/PXL-UBND, 12/8/2020", date(2020, 8, 12))),
        ("01/PXL", ("01/PXL", None)),
        ("05/05/2020", ("", date(2020, 5, 5))),
        (datetime(2020, 5, 5, 9, 30, tzinfo=LOCAL_TZ), ("", date(2020, 5, 5))),
        (43956, ("", date(2020, 5, 5))),  # an Excel serial
        ("", ("", None)),
        (None, ("", None)),
    ],
)
def test_number_and_or_date(cell, expected):
    assert values.apology(cell) == expected


def test_a_date_that_does_not_exist_is_a_bad_cell(app_ctx):
    with pytest.raises(values.CellError, match="31/02/2020"):
        values.apology("01/PXL ngày 31/02/2020")
