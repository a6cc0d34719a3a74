"""`iso-qms-demo`: the README's first command. Builds the schema, loads the demo data and serves it."""

import argparse
import os

from flask_migrate import upgrade

from . import create_app
from .core.transaction import transaction
from .seed import DEMO_PASSWORD, print_logins, seed_demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run iso_qms with the Quảng An demo data.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
    args = parser.parse_args(argv)

    app = create_app()
    print(
        "Preparing the database and the Quảng An demo data (the first run takes about 20 s)...",
        flush=True,
    )
    with app.app_context():
        upgrade()
        with transaction():
            seed_demo()
    print(f"\niso_qms is running at http://{args.host}:{args.port}/")
    print(f"Database: {app.config['SQLALCHEMY_DATABASE_URI']}")
    print_logins(print)
    print(f"Password for every demo login: {DEMO_PASSWORD}\n")
    if not args.no_serve:
        from werkzeug.serving import run_simple

        run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
