"""`iso-qms-demo`: the README's first command. Builds the schema, loads the demo data and serves it."""

import argparse
import os

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_migrate import upgrade

from . import create_app
from .core.transaction import transaction
from .seed import DEMO_PASSWORD, seed_demo
from .seed.people import demo_logins

PREPARING = _l(
    "Preparing the database and the demo data (xã Quảng An from 2019, xã Quảng Điền from "
    "01/07/2025); the first run takes about a minute..."
)


def _both(message) -> str:
    """Vietnamese first, then the English in brackets (the banner is read before anyone logs in
    and picks a language)."""
    with force_locale("vi"):
        vietnamese = str(message)
    with force_locale("en"):
        english = str(message)
    return vietnamese if vietnamese == english else f"{vietnamese}\n  ({english})"


def banner(app, address: str) -> list[str]:
    """What the run command prints once the demo is ready: address, database, logins, password."""
    lines = ["", _both(_l("iso_qms is running at %(url)s", url=address))]
    with force_locale("vi"):
        lines.append(_("Database: %(url)s", url=app.config["SQLALCHEMY_DATABASE_URI"]))
        lines.append(_("Demo logins (username: role):"))
    lines += [f"  {username:<11} {label}" for username, label in demo_logins()]
    lines.append(_both(_l("Password for every demo login: %(p)s", p=DEMO_PASSWORD)))
    lines.append(_both(_l("Stop the server with Ctrl+C.")))
    return [*lines, ""]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Run iso_qms with the demo data (Quảng An, then xã Quảng Điền)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
    args = parser.parse_args(argv)

    app = create_app()
    with app.app_context():
        print(_both(PREPARING), flush=True)
        upgrade()
        with transaction():
            seed_demo()
        for line in banner(app, f"http://{args.host}:{args.port}/"):
            print(line)
    if not args.no_serve:
        from werkzeug.serving import run_simple

        run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
