"""The demo organisations and people (data/organisations.csv, data/people.csv), created through the
real account operations."""

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from ..accounts import operations as ops
from ..accounts.models import Organisation, OrgLevel, Role, User
from ..extensions import db
from .loader import load_csv


def demo_logins(reform: bool = True) -> list[tuple[str, str]]:
    """(username, what the login is for), in the order the README and the CLI list them; as in
    the demo with the 2025 reform (the default) or without it (`qms seed-demo --no-reform-2025`)."""
    column = "label" if reform else "label_without_reform"
    return [(row["username"], row[column]) for row in load_csv("logins.csv")]


def seed_organisations() -> tuple[dict[str, Organisation], bool]:
    """Every organisation by code, creating the missing ones; and whether any was created."""
    existing = {org.code: org for org in db.session.scalars(sa.select(Organisation))}
    created = False
    for row in load_csv("organisations.csv"):
        if row["code"] not in existing:
            existing[row["code"]] = ops.create_organisation(
                row["code"],
                row["name"],
                OrgLevel(row["level"]),
                existing.get(row["parent"]) if row["parent"] else None,
                row["place"],
            )
            created = True
    return existing, created


def seed_people(orgs: dict[str, Organisation], password: str) -> bool:
    """Create the demo users who are missing, all with `password`; returns whether any was."""
    taken = set(db.session.scalars(sa.select(User.username)))
    password_hash = None
    created = False
    for person in load_csv("people.csv"):
        if person["username"] in taken:
            continue
        password_hash = password_hash or generate_password_hash(
            password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        )
        ops.create_user(
            orgs[person["org"]],
            person["username"],
            person["full_name"],
            password,
            [Role(r) for r in person["roles"].split()],
            unit=person["unit"],
            position=person["position"],
            email=person.get("email", ""),
            password_hash=password_hash,
        )
        created = True
    return created
