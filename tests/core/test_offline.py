"""The app runs with no internet: no page, template or static file refers to an external URL."""

import re
from pathlib import Path

import iso_qms

ROOT = Path(iso_qms.__file__).resolve().parent.parent
EXTERNAL = re.compile(
    r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.I
)


def test_no_template_or_static_file_loads_from_outside():
    offenders = []
    for folder in (ROOT / "templates", ROOT / "iso_qms" / "static"):
        for path in folder.rglob("*"):
            if path.suffix in {".html", ".css", ".js"} and EXTERNAL.search(path.read_text("utf-8")):
                offenders.append(str(path))
    assert offenders == []


def test_rendered_pages_and_their_assets_are_local(world, login):
    client = login("admin")
    for url in ("/", "/profile", "/admin/users", "/audit", "/login"):
        page = client.get(url).get_data(as_text=True)
        assert not EXTERNAL.search(page), url
        for asset in re.findall(r'(?:src|href)="(/[^"]+\.(?:css|js))"', page):
            assert client.get(asset).status_code == 200, asset
