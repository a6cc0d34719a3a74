"""Issue 13, item 11: the README's Quick start command (`python -m iso_qms.demo`) prints its
start-up banner in Vietnamese, each sentence's English under it in brackets.

The command is run through its function, `iso_qms.demo.main(["--no-serve"])`, on a database of its
own; building the schema and seeding the demo are stood in for (other tests seed the demo), so what
is checked is what the command prints and that it prepares the database before it does."""

import pytest

from iso_qms import demo
from iso_qms.seed import DEMO_PASSWORD
from iso_qms.seed.people import demo_logins

#: (Vietnamese line, its English in brackets on the next line), in the order they are printed.
PAIRS = [
    (
        "Đang chuẩn bị cơ sở dữ liệu và dữ liệu mẫu (xã Quảng An từ năm 2019, xã Quảng Điền",
        "(Preparing the database and the demo data (xã Quảng An from 2019",
    ),
    (
        "Hệ thống quản lý chất lượng ISO đang chạy tại http://127.0.0.1:5000/",
        "(iso_qms is running at http://127.0.0.1:5000/)",
    ),
    (
        f"Mật khẩu của mọi tài khoản dùng thử: {DEMO_PASSWORD}",
        f"(Password for every demo login: {DEMO_PASSWORD})",
    ),
    ("Dừng máy chủ bằng Ctrl+C.", "(Stop the server with Ctrl+C.)"),
]


@pytest.fixture
def printed(tmp_path, monkeypatch, capsys):
    """The lines `python -m iso_qms.demo --no-serve` prints, and the steps it ran before."""
    monkeypatch.setenv("ISO_QMS_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.delenv("PORT", raising=False)
    steps = []
    monkeypatch.setattr(demo, "upgrade", lambda: steps.append("upgrade"))
    monkeypatch.setattr(demo, "seed_demo", lambda: steps.append("seed_demo"))
    demo.main(["--no-serve"])
    return [line.strip() for line in capsys.readouterr().out.splitlines()], steps


def test_the_quick_start_command_prints_its_banner_in_vietnamese(printed):
    lines, steps = printed
    assert steps == ["upgrade", "seed_demo"]
    positions = []
    for vietnamese, english in PAIRS:
        at = next((i for i, line in enumerate(lines) if line.startswith(vietnamese)), None)
        assert at is not None, (vietnamese, lines)
        assert lines[at + 1].startswith(english), (vietnamese, lines[at + 1])
        positions.append(at)
    assert positions == sorted(positions)
    assert "Cơ sở dữ liệu: sqlite:///" in "\n".join(lines)
    assert "Tài khoản dùng thử (tên đăng nhập: vai trò):" in lines


def test_the_banner_lists_every_demo_login_with_its_vietnamese_role(printed):
    lines, _steps = printed
    start = lines.index("Tài khoản dùng thử (tên đăng nhập: vai trò):")
    listed = [line.split(None, 1) for line in lines[start + 1 : start + 1 + len(demo_logins())]]
    assert [tuple(pair) for pair in listed] == demo_logins()
    assert not any(word in lines for word in ("Database:", "Demo logins (username: role):"))
