"""axe-core (the npm package pinned in tests/browser/package.json, served from node_modules by the
test itself, so it works offline) finds no serious or critical violation on any main page, for the
demo's roles, on a 1366×768 screen and a 390×844 phone."""

import os
from pathlib import Path

import pytest

from tests.browser.demo_site import demo_site, open_as, page_cases, pages_of

__all__ = ["demo_site"]

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " " + n.failureSummary),
    }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE}): run `npm ci --prefix tests/browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source: str) -> list[dict]:
    # Injected as a script element: the context bypasses the page's CSP (script-src 'self'), for
    # this test only, so the app's own policy stays as strict as it is.
    page.add_script_tag(content=axe_source)
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def _described(path: str, violations: list[dict]) -> str:
    lines = [f"{path}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(("login", "size"), page_cases())
def test_no_serious_or_critical_violation_on_the_main_pages(
    demo_site, _browser, axe_source, login, size
):
    base_url, ids = demo_site
    username, paths = pages_of(ids, login)
    context, page = open_as(_browser, base_url, username, size, bypass_csp=True)
    try:
        found = []
        for path in paths:
            response = page.goto(path)
            assert response.status < 400, f"{path} answered {response.status}"
            violations = _violations(page, axe_source)
            if violations:
                found.append(_described(path, violations))
    finally:
        context.close()
    assert not found, f"axe-core at {size}:\n" + "\n".join(found)


def test_only_the_axe_context_bypasses_the_csp(demo_site, _browser, axe_source):
    """The app's policy is not loosened for the test: a normal context refuses inline script."""
    from playwright.sync_api import Error

    base_url, _ = demo_site
    context, page = open_as(_browser, base_url, None, "1366x768")
    try:
        response = page.goto("/login")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        try:
            page.add_script_tag(content="window.__inline = 1;")
        except Error:
            pass  # Playwright reports the refused script; either way it must not have run
        assert page.evaluate("() => window.__inline === undefined")
    finally:
        context.close()
