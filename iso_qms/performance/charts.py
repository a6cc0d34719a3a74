"""Monthly trend charts drawn by the server as inline SVG (templates/performance/_chart.html): no
JavaScript library, no CDN. A chart is plain geometry computed here — bars or a line, the axis
ticks and their labels — with its title and a text alternative for screen readers. Numbers are
written the interface's way: 1.234 and 95,5% in Vietnamese."""

from dataclasses import dataclass, field

from flask_babel import format_decimal

from ..core.i18n import format_percent

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def number(value, unit: str = "") -> str:
    """ "1.234", "95,5%" (Vietnamese), "1,234", "95.5%" (English); "—" for no value."""
    if value is None:
        return "—"
    if unit == "%":
        return format_percent(value)
    return format_decimal(value)


@dataclass
class Chart:
    title: str
    kind: str  #: "bar" or "line"
    unit: str
    #: the text alternative: every point written out
    description: str
    x_labels: list = field(default_factory=list)  #: (x, text)
    y_ticks: list = field(default_factory=list)  #: (y, text)
    bars: list = field(default_factory=list)  #: (x, y, width, height, label)
    points: list = field(default_factory=list)  #: (x, y, label)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT
    top: int = TOP
    x_title: str = ""
    y_title: str = ""

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _label in self.points)


def _nice_max(value: float) -> float:
    """A round top for the axis: 1, 2, 5 × 10^n at or above `value`."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _frame(title, kind, unit, labels, values, top_value, x_title, y_title) -> Chart:
    described = "; ".join(
        f"{label}: {number(value, unit)}" for label, value in zip(labels, values, strict=True)
    )
    chart = Chart(title, kind, unit, f"{title}. {described}", x_title=x_title, y_title=y_title)
    plot_h = chart.bottom_y - chart.top
    for i in range(5):
        value = top_value * i / 4
        y = chart.bottom_y - plot_h * i / 4
        chart.y_ticks.append((y, number(round(value, 1) if unit == "%" else int(value), unit)))
    return chart


def bar_chart(title: str, labels: list[str], values: list[int], unit: str = "", **titles) -> Chart:
    """One bar per label (a month), heights to scale from 0."""
    top_value = _nice_max(max([v or 0 for v in values], default=0))
    chart = _frame(title, "bar", unit, labels, values, top_value, **_titles(titles))
    plot_w, plot_h = chart.right_x - chart.left, chart.bottom_y - chart.top
    slot = plot_w / max(len(labels), 1)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * (value or 0) / top_value
        x = chart.left + slot * i + slot * 0.15
        chart.bars.append((x, chart.bottom_y - h, slot * 0.7, h, f"{label}: {number(value, unit)}"))
        chart.x_labels.append((chart.left + slot * (i + 0.5), label))
    return chart


def line_chart(title: str, labels: list[str], values: list, unit: str = "%", **titles) -> Chart:
    """A line through the months that have a value (a month without data is left out, not 0)."""
    top_value = 100 if unit == "%" else _nice_max(max([v or 0 for v in values], default=0))
    chart = _frame(title, "line", unit, labels, values, top_value, **_titles(titles))
    plot_w, plot_h = chart.right_x - chart.left, chart.bottom_y - chart.top
    slot = plot_w / max(len(labels), 1)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = chart.left + slot * (i + 0.5)
        chart.x_labels.append((x, label))
        if value is not None:
            y = chart.bottom_y - plot_h * value / top_value
            chart.points.append((x, y, f"{label}: {number(value, unit)}"))
    return chart


def _titles(titles: dict) -> dict:
    return {"x_title": titles.get("x_title", ""), "y_title": titles.get("y_title", "")}
