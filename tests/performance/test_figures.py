"""Process performance on hand-built dossier rows whose answer is known: early, on time at the
boundary minute, late by one working day across a holiday, pending in time and overdue, apology
letters present and missing, the BCCI share, the as-of rule, summaries, and the query counts."""

from datetime import date

import pytest

from iso_qms.performance import figures
from iso_qms.performance.models import Channel
from iso_qms.reports.compliance import Period
from tests.fixtures.factories import create_procedure
from tests.performance.dossier_rows import at, dossier, insert, insert_summaries, summary
from tests.query_counter import count_queries

Q2 = Period(date(2020, 4, 1), date(2020, 6, 30), date(2020, 6, 30))


@pytest.fixture
def hotich(world):
    return create_procedure(world, "QT-HT-01", field="Hộ tịch")


@pytest.fixture
def chungthuc(world):
    return create_procedure(world, "QT-CT-01", field="Chứng thực")


def _known_rows(world, hotich, chungthuc):
    org = world.org.id
    due = at(2020, 4, 29, 17, 0)  # Wednesday; 30/04 and 01/05 are public holidays
    insert(
        [
            # early: returned the day before the appointment's day
            dossier(
                org,
                "HS-1",
                at(2020, 4, 27),
                due,
                returned=at(2020, 4, 28, 15),
                procedure_id=hotich.id,
            ),
            # on time at the boundary minute: returned at the appointment's minute
            dossier(org, "HS-2", at(2020, 4, 27), due, returned=due, procedure_id=hotich.id),
            # late by one working day across the holidays, with its apology letter
            dossier(
                org,
                "HS-3",
                at(2020, 4, 27),
                due,
                returned=at(2020, 5, 4, 10),
                procedure_id=hotich.id,
                apology_ref="01/PXL",
                channel=Channel.postal,
            ),
            # late by one minute, no apology letter
            dossier(
                org,
                "HS-4",
                at(2020, 4, 27),
                due,
                returned=at(2020, 4, 29, 17, 1),
                procedure_id=chungthuc.id,
                digitised=False,
            ),
            # pending past its appointment (as of 30/06), apology letter missing
            dossier(org, "HS-5", at(2020, 6, 1), at(2020, 6, 3, 17), procedure_id=chungthuc.id),
            # pending, still in time on 30/06
            dossier(
                org,
                "HS-6",
                at(2020, 6, 29),
                at(2020, 7, 2, 17),
                procedure_id=chungthuc.id,
                channel=Channel.online,
            ),
            # received before the period: not in it
            dossier(org, "HS-0", at(2020, 3, 31, 16), due, returned=at(2020, 4, 2)),
            # another organisation's
            dossier(world.other_org.id, "HS-X", at(2020, 5, 5), due, returned=at(2020, 5, 6)),
        ]
    )


def test_each_figure_on_rows_whose_answer_is_known(world, hotich, chungthuc):
    _known_rows(world, hotich, chungthuc)
    f = figures.performance(world.org.id, Q2)
    assert f["has_data"] is True
    assert (f["received"], f["resolved"], f["early"], f["on_time"], f["late"]) == (6, 4, 1, 1, 2)
    assert (f["pending"], f["pending_in_time"], f["pending_overdue"]) == (2, 1, 1)
    assert f["on_time_percent"] == 50.0  # (1 + 1) / 4
    # three late (two returned late, one pending overdue), one with its letter
    assert (f["overdue"], f["late_with_apology"]) == (3, 1)
    assert (f["digitised"], f["detailed"]) == (5, 6)
    assert f["by_channel"] == {"direct": 4, "online": 1, "postal": 1}
    assert f["postal_percent"] == 16.7
    # 7.2's base: only the TTHC that had a BCCI dossier (QT-HT-01's three)
    assert f["postal_scope"] == {"procedures": 1, "received": 3, "postal": 1, "percent": 33.3}


def test_the_boundary_minute_and_the_holidays(world, hotich):
    org = world.org.id
    due = at(2020, 4, 29, 17, 0)
    insert(
        [
            dossier(org, "A", at(2020, 4, 28), due, returned=due),
            dossier(org, "B", at(2020, 4, 28), due, returned=at(2020, 4, 29, 17, 1)),
            dossier(org, "C", at(2020, 4, 28), due, returned=at(2020, 4, 29, 8)),
        ]
    )
    f = figures.performance(org, Q2)
    assert (f["early"], f["on_time"], f["late"]) == (0, 2, 1)


def test_by_procedure_field_and_month(world, hotich, chungthuc):
    _known_rows(world, hotich, chungthuc)
    by_procedure = figures.performance(world.org.id, Q2, "procedure")["rows"]
    assert [r["code"] for r in by_procedure] == ["QT-CT-01", "QT-HT-01"]
    assert by_procedure[1]["on_time_percent"] == 66.7
    by_field = {r["label"]: r for r in figures.performance(world.org.id, Q2, "field")["rows"]}
    assert by_field["Chứng thực"]["received"] == 3 and by_field["Hộ tịch"]["late"] == 1
    months = figures.performance(world.org.id, Q2, "month")["rows"]
    assert [(r["label"], r["received"]) for r in months] == [("04/2020", 4), ("06/2020", 2)]


def test_the_as_of_rule(world, hotich):
    org = world.org.id
    insert(
        [
            # imported on 10/05: unknown to a report as of 09/05
            dossier(org, "L", at(2020, 4, 2), at(2020, 4, 6, 17), imported=at(2020, 5, 10)),
            # returned on 03/04 but its result only imported on 20/05: pending as of 19/05
            dossier(
                org,
                "R",
                at(2020, 4, 2),
                at(2020, 4, 6, 17),
                returned=at(2020, 4, 3),
                returned_known=at(2020, 5, 20),
            ),
        ]
    )
    before = figures.performance(org, Period(date(2020, 4, 1), date(2020, 4, 30), date(2020, 5, 9)))
    assert (before["received"], before["resolved"], before["pending_overdue"]) == (1, 0, 1)
    later = figures.performance(org, Period(date(2020, 4, 1), date(2020, 4, 30), date(2020, 5, 25)))
    assert (later["received"], later["early"], later["pending_overdue"]) == (2, 1, 1)


def test_a_period_with_nothing_imported_has_no_figure_not_zero(world):
    f = figures.performance(world.org.id, Q2)
    assert f["has_data"] is False and f["on_time_percent"] is None
    assert figures.by_organisation([world.org.id], Q2)[world.org.id]["on_time_percent"] is None


def test_summaries_fill_months_without_dossier_rows_never_twice(world, hotich):
    org = world.org.id
    insert([dossier(org, "M", at(2020, 5, 4), at(2020, 5, 6, 17), returned=at(2020, 5, 6, 8))])
    insert_summaries(
        [
            summary(org, "k", date(2020, 4, 1), received=10, early=6, on_time=3, late=1),
            # May has dossier rows: its summary is not added
            summary(org, "k", date(2020, 5, 1), received=50, early=50),
            summary(org, "k", date(2020, 6, 1), received=4, on_time=2, pending=2),
        ]
    )
    f = figures.performance(org, Q2)
    assert (f["received"], f["early"], f["on_time"], f["late"], f["pending"]) == (15, 6, 6, 1, 2)
    assert f["detailed"] == 1  # channel and digitised shares are over dossier rows only


def test_query_counts_do_not_grow_with_the_data(world, hotich, chungthuc):
    org = world.org.id
    _known_rows(world, hotich, chungthuc)
    with count_queries() as few:
        figures.performance(org, Q2, "procedure")
        figures.by_organisation([org, world.other_org.id], Q2)
        figures.nonconforming_outputs(org, Q2)
    insert(
        [
            dossier(
                org,
                f"N{i}",
                at(2020, 5, 1 + i % 28),
                at(2020, 5, 1 + i % 28, 17),
                returned=at(2020, 5, 1 + i % 28, 16),
                procedure_id=(hotich, chungthuc)[i % 2].id,
            )
            for i in range(300)
        ]
    )
    with count_queries() as many:
        figures.performance(org, Q2, "procedure")
        figures.by_organisation([org, world.other_org.id], Q2)
        figures.nonconforming_outputs(org, Q2)
    assert many.count == few.count <= 3


def test_the_nonconforming_outputs_list(world, hotich, chungthuc):
    _known_rows(world, hotich, chungthuc)
    listed = figures.nonconforming_outputs(world.org.id, Q2)
    assert [(r["code"], r["state"]) for r in listed] == [
        ("HS-3", "late"),
        ("HS-4", "late"),
        ("HS-5", "pending_overdue"),
    ]
    assert listed[0]["apology"] == {"ref": "01/PXL", "date": None}
    assert listed[1]["apology"] is None and listed[2]["returned_at"] is None
