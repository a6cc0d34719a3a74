"""No main page scrolls sideways on a 1366×768 office screen or a 390×844 phone: wide tables
scroll inside their card, the menu folds into its toggler, the language box shows "Tiếng Việt"."""

import pytest

from tests.browser.demo_site import SIZES, demo_site, open_as, page_cases, pages_of

__all__ = ["demo_site"]

WIDTHS = """() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    wide: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((el) => !el.closest(".table-responsive, .visually-hidden, .collapse:not(.show)"))
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")),
})"""


@pytest.mark.parametrize(("login", "size"), page_cases())
def test_no_main_page_scrolls_sideways(demo_site, _browser, login, size):
    base_url, ids = demo_site
    username, paths = pages_of(ids, login)
    context, page = open_as(_browser, base_url, username, size)
    try:
        too_wide = []
        for path in paths:
            response = page.goto(path)
            assert response.status < 400, f"{path} answered {response.status}"
            widths = page.evaluate(WIDTHS)
            if widths["scroll"] > widths["inner"]:
                too_wide.append(
                    f"{path}: {widths['scroll']} px > {widths['inner']} {widths['wide']}"
                )
    finally:
        context.close()
    assert not too_wide, f"pages wider than the {size} window:\n" + "\n".join(too_wide)


#: Each piece of the bar is one line high and inside the window; the menu entries share one line.
ONE_LINE = """() => {
    const bar = document.querySelector("nav.navbar");
    const parts = [...bar.querySelectorAll(".navbar-brand, .nav-link, .navbar-text, .btn, select")]
        .filter((el) => el.offsetParent !== null);
    const tall = parts.filter((el) => el.getBoundingClientRect().height > 44)
        .map((el) => el.textContent.trim());
    const outside = parts.filter((el) => el.getBoundingClientRect().right > window.innerWidth)
        .map((el) => el.textContent.trim());
    const tops = [...bar.querySelectorAll(".navbar-nav > .nav-item")]
        .map((el) => Math.round(el.getBoundingClientRect().top));
    return {tall, outside, lines: new Set(tops).size};
}"""

#: The selected option's text, in the select's font, fits between its paddings.
LANGUAGE_FITS = """(select) => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = context.measureText(select.options[select.selectedIndex].text).width;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {text, room};
}"""


@pytest.mark.parametrize("login", ["qmr", "admin", "secretary", "staff", "supervisor", "head"])
def test_the_menu_stays_on_one_line_at_1366(demo_site, _browser, login):
    base_url, _ = demo_site
    context, page = open_as(_browser, base_url, login, "1366x768")
    try:
        page.goto("/")
        assert not page.locator(".navbar-toggler").is_visible()
        result = page.evaluate(ONE_LINE)
        assert result["tall"] == [], f"menu entries on two lines: {result['tall']}"
        assert result["outside"] == [], f"menu entries out of the window: {result['outside']}"
        assert result["lines"] == 1, "the menu wraps onto several lines"
    finally:
        context.close()


def test_the_menu_folds_into_the_toggler_on_a_phone(demo_site, _browser):
    base_url, _ = demo_site
    context, page = open_as(_browser, base_url, "qmr", "390x844")
    try:
        page.goto("/")
        toggler = page.locator(".navbar-toggler")
        assert toggler.is_visible()
        assert not page.locator("#mainnav").is_visible()
        toggler.click()
        page.locator("#mainnav.show").wait_for()
        assert page.locator("[data-testid=logout]").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_language_box_shows_its_whole_label(demo_site, _browser, size, locale):
    base_url, _ = demo_site
    context, page = open_as(_browser, base_url, None, size)
    try:
        page.goto("/login")
        if locale == "en":
            page.select_option("#lang-select", "en")
            page.wait_for_selector("html[lang=en]")
        fit = page.locator("#lang-select").evaluate(LANGUAGE_FITS)
        assert fit["text"] <= fit["room"], f"the language box cuts its label: {fit}"
    finally:
        context.close()


def test_the_current_menu_item_is_marked(demo_site, _browser):
    base_url, _ = demo_site
    context, page = open_as(_browser, base_url, "qmr", "1366x768")
    try:
        page.goto("/inbox")
        current = page.locator("#mainnav [aria-current=page]")
        assert current.count() == 1
        assert "active" in current.get_attribute("class")
        assert current.get_attribute("href") == "/inbox"
    finally:
        context.close()
