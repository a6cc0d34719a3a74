"""The /performance page and GET /api/v1/performance: roles, another organisation's id, bad input,
the inline SVG charts with their labels, the 8.7 list; the metric registry; query counts."""

from datetime import date

import pytest

from iso_qms.performance import charts, metrics
from iso_qms.reports.compliance import Period
from tests.fixtures.factories import create_procedure
from tests.performance.dossier_rows import at, dossier, insert
from tests.query_counter import count_queries

Q2 = "from=01/04/2020&to=30/06/2020&as_of=30/06/2020"


@pytest.fixture
def rows(world):
    hotich = create_procedure(world, "QT-HT-01", field="Hộ tịch")
    org = world.org.id
    insert(
        [
            dossier(
                org,
                f"E{i}",
                at(2020, 4, 6),
                at(2020, 4, 8, 17),
                returned=at(2020, 4, 7),
                procedure_id=hotich.id,
            )
            for i in range(1233)
        ]
        + [
            dossier(
                org,
                "L1",
                at(2020, 5, 4),
                at(2020, 5, 6, 17),
                returned=at(2020, 5, 7),
                procedure_id=hotich.id,
                apology_ref="05/PXL",
                apology_date=date(2020, 5, 6),
            ),
            dossier(
                org,
                "L2",
                at(2020, 6, 1),
                at(2020, 6, 3, 17),
                returned=at(2020, 6, 4),
                procedure_id=hotich.id,
            ),
        ]
    )
    from iso_qms.extensions import db

    db.session.commit()
    return hotich


def test_the_page_shows_figures_charts_and_the_late_dossiers(rows, login):
    page = login("qmr").get(f"/performance/?{Q2}&group=month")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="received">1.235<' in html  # Vietnamese thousands
    assert "1.233/1.235 (99,8%)" in html
    assert html.count("<svg") == 2 and 'role="img"' in html and "<title>" in html
    assert "04/2020: 1.233" in html  # the bar's label, also in the text alternative
    assert "05/2020: 0%" in html  # May's on-time rate: its one dossier was late
    assert "05/PXL" in html and "06/05/2020" in html and "thiếu" in html
    assert 'data-testid="nonconforming"' in html


def test_the_page_without_data_says_so(world, login):
    html = login("qmr").get(f"/performance/?{Q2}").get_data(as_text=True)
    assert 'data-testid="no-data"' in html and "Chưa có dữ liệu" in html and "0%" not in html


@pytest.mark.parametrize(
    "role, status", [("staff", 403), ("qmr", 200), ("head", 200), ("supervisor", 200)]
)
def test_who_reads_the_page(world, login, role, status):
    assert login(role).get(f"/performance/?{Q2}").status_code == status


def test_a_supervisor_picks_a_commune_and_nobody_reads_another_organisation(rows, login, world):
    supervisor = login("supervisor")
    html = supervisor.get(f"/performance/?org={world.org.id}&{Q2}").get_data(as_text=True)
    assert 'data-testid="org-picker"' in html and "1.235" in html
    assert login("qmr").get(f"/performance/?org={world.other_org.id}&{Q2}").status_code == 404
    assert login("qmr").get(f"/performance/?org=99999999999&{Q2}").status_code == 404


@pytest.mark.parametrize(
    "query", ["from=31/02/2020&to=30/06/2020", "from=01/04/2020&to=30/03/2020", f"{Q2}&group=x"]
)
def test_bad_input_gets_a_message_not_a_500(world, login, query):
    response = login("qmr").get(f"/performance/?{query}")
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)


def test_the_api_gives_the_figures(rows, token_for, client, world):
    url = "/api/v1/performance?from=2020-04-01&to=2020-06-30&as_of=2020-06-30&group=field"
    body = client.get(url, headers=token_for("qmr")).get_json()
    assert (body["received"], body["late"], body["late_with_apology"]) == (1235, 2, 1)
    assert body["on_time_percent"] == 99.8
    assert body["by_channel"] == {"direct": 1235, "online": 0, "postal": 0}
    assert body["rows"][0]["field"] == "Hộ tịch"
    assert client.get(url, headers=token_for("staff")).status_code == 403
    other = f"{url}&org={world.other_org.id}"
    assert client.get(other, headers=token_for("qmr")).status_code == 404
    bad = url.replace("group=field", "group=nope")
    assert client.get(bad, headers=token_for("qmr")).status_code == 422
    empty = client.get(url.replace("2020", "2019"), headers=token_for("qmr")).get_json()
    assert empty["has_data"] is False and empty["on_time_percent"] is None


def test_the_page_runs_a_fixed_number_of_queries(rows, login):
    client = login("qmr")
    client.get(f"/performance/?{Q2}")
    with count_queries() as counted:
        client.get(f"/performance/?{Q2}")
    assert counted.count <= 18  # the layout (menu, counts) and six for the figures


def test_the_named_metrics(rows, world):
    period = Period(date(2020, 4, 1), date(2020, 6, 30), date(2020, 6, 30))
    org = world.org.id
    assert metrics.metric_value("on_time_rate", org, period) == 99.8
    assert metrics.metric_value("on_time_rate_field:Hộ tịch", org, period) == 99.8
    assert metrics.metric_value("on_time_rate_field:Chứng thực", org, period) is None
    assert metrics.metric_value("apology_coverage", org, period) == 50.0
    assert metrics.metric_value("digitised_share", org, period) == 100.0
    assert metrics.metric_value("postal_share", org, period) == 0.0
    assert metrics.metric_value("actions_closed_on_time", org, period) is None  # none due
    assert metrics.metric_value("reading_coverage", org, period) is None  # nothing in force
    empty = Period(date(2019, 1, 1), date(2019, 3, 31), date(2019, 3, 31))
    assert metrics.metric_value("on_time_rate", org, empty) is None
    assert not metrics.is_metric("on_time_rate_field") and not metrics.is_metric("nope")
    with pytest.raises(KeyError):
        metrics.metric_value("nope", org, period)


def test_a_chart_is_drawn_to_scale_with_its_labels(app_ctx):
    with app_ctx.test_request_context():
        bars = charts.bar_chart("Hồ sơ", ["01/2020", "02/2020"], [1234, 500])
        assert bars.y_ticks[-1][1] == "2.000" and len(bars.bars) == 2
        assert bars.bars[0][3] == pytest.approx((bars.bottom_y - bars.top) * 1234 / 2000)
        line = charts.line_chart("Đúng hạn", ["01/2020", "02/2020", "03/2020"], [95.5, None, 100.0])
        assert len(line.points) == 2 and "01/2020: 95,5%" in line.description
        assert "02/2020: —" in line.description


def test_the_report_page_shows_the_dossier_figure_and_links_to_the_page(world, login):
    html = login("qmr").get(f"/reports/?{Q2}").get_data(as_text=True)
    assert 'data-testid="figure-dossiers"' in html and "Chưa có dữ liệu" in html
    assert "/performance/?org=" in html
