"""A bare Flask app doing the register's indexed query (25 procedures of one organisation by code)
on the same database: the floor that bench/load.py compares iso_qms's throughput with.

    DATABASE_URL=... gunicorn -w 2 --chdir bench 'bare_app:app'
    curl 'http://127.0.0.1:8000/procedures?org=14'
"""

import os

import sqlalchemy as sa
from flask import Flask, jsonify, request

app = Flask(__name__)
engine = sa.create_engine(os.environ["DATABASE_URL"])
QUERY = sa.text(
    "SELECT id, code, title, kind, field, owner_unit, review_due_on FROM procedures "
    "WHERE organisation_id = :org ORDER BY code LIMIT 25"
)


@app.get("/procedures")
def procedures():
    with engine.connect() as connection:
        rows = connection.execute(QUERY, {"org": int(request.args.get("org", 0))}).all()
    return jsonify([{**row._mapping, "review_due_on": str(row.review_due_on)} for row in rows])
