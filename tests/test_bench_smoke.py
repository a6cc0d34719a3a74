"""The benchmark's province generator at a tiny size: it must keep writing what the app writes
(a change of the signed content once broke it unnoticed), so the reorganisation benchmark runs
end to end and every revision it generated verifies against its signature."""

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from iso_qms import create_app
from iso_qms.core.integrity import _CHECKS
from iso_qms.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def test_the_reorganisation_benchmark_runs_on_a_tiny_province(tmp_path):
    url = f"sqlite:///{tmp_path}/province.sqlite3"
    subprocess.run(
        [sys.executable, "bench/reorganise.py", "--database", url, "--districts", "1",
         "--communes", "11", "--groups", "4", "-n", "1", "--output", str(tmp_path / "out")],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
        env={**os.environ, "ISO_QMS_INSTANCE": str(tmp_path / "instance")},
    )  # fmt: skip
    result = json.loads((tmp_path / "out.json").read_text())
    assert all(result["rollups_unchanged"].values())
    applied = result["steps"]["apply_due"]
    assert applied["organisations"] > 0 and applied["people carried"] > 0
    assert applied["findings transferred"] > 0 and applied["actions transferred"] > 0

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT COUNT(*) FROM revisions")) > 100
        assert db.session.scalar(sa.text("SELECT COUNT(*) FROM role_periods")) > 0
        assert list(_CHECKS["revision signatures"]()) == []
        db.session.remove()
        db.engine.dispose()
