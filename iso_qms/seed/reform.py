"""The 2025 reform of the demo (data/reform_2025.json, issue 15, item 7), on the calendar of
later_years.py's story: the province becomes UBND thành phố Huế on 01/01/2025; on 20/06/2025 the
city's administrator registers the changes in force from 01/07/2025 (Quảng Phước, Quảng An, Quảng
Thọ and Sịa → xã Quảng Điền; Quảng Thành → phường Hương Phong; huyện Quảng Điền ends, its
supervisor goes to the city). From 01/07/2025 the story goes on in xã Quảng Điền: the people are
Quảng An's (carried over: same accounts), the secretary adopts the predecessors' procedures, lần 01
is signed in July-August and announced on 15/09/2025; Quảng An's records up to 30/06/2025 stay in
Quảng An, which is read-only from then on. Everything goes through the real operations."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ..accounts import operations as accounts
from ..accounts.models import Organisation, OrgLevel, User
from ..accounts.org_history import ReorgKind
from ..accounts.tree import apply_due
from ..core.timeutil import LOCAL_TZ
from ..extensions import db
from ..procedures import announcements
from ..procedures import operations as procedure_ops
from ..procedures.durations import Duration
from ..procedures.models import LegalBasis, Procedure
from ..procedures.operations.revisions import open_revision_of
from ..reorganisations.adopt import adopt_procedure
from ..reorganisations.operations import NewOrganisation, reorganise
from .audits import _Replay as AuditReplay
from .later_years import _at, _back, _Story
from .loader import load_json
from .signing import chain_moment, chain_row, set_chain

#: The year the story moves to xã Quảng Điền (its rounds and review are the successor's).
REFORM_YEAR = 2025


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def _org(code: str) -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.code == code))


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def reform_data() -> dict:
    return load_json("reform_2025.json")


def after_reform(data: dict, year: int, template: dict, own: dict, plan: dict):
    """A year's rounds and review as xã Quảng Điền holds them: its own plan in the reform year
    (issued after 01/07), and its name and supervising body in the texts."""
    if year < REFORM_YEAR:
        return template, own, plan
    pairs = data["after_reform_words"]

    def words(value):
        if isinstance(value, str):
            for old, new in pairs:
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [words(v) for v in value]
        if isinstance(value, dict):
            return {k: words(v) for k, v in value.items()}
        return value

    template, own = words(template), words(own)
    if year == REFORM_YEAR:
        day = date.fromisoformat(data["plan"]["plan_day"])
        number = data["plan"]["plan_no"]
        ref = f"Kế hoạch số {number}/KH-UBND ngày {day:%d/%m/%Y}"
        plan = {**plan, "plan_no": number, "plan_day": day, "plan_ref": ref}
    return template, own, plan


def schedule_reform(story: _Story, data: dict) -> None:
    """Put the reform's steps on the story's calendar (each only if not after now)."""
    rename = data["rename"]
    story.on(
        _moment(rename["registered_at"]),
        lambda: reorganise(
            ReorgKind.rename,
            rename["effective_date"],
            rename["legal_basis"],
            [_org("T-TTHUE")],
            rename["name"],
            _user(data["by"]),
        ),
    )
    # no cron: the first request of the city's people on 02/01/2025 brings the name in force
    story.on(_at(rename["effective_date"] + timedelta(days=1), 7), apply_due)
    story.on(_moment(data["registered_at"]), lambda: _register(data))
    day = data["effective_date"]
    story.on(_at(day, 7), lambda: _come_into_force(story, data))
    row = chain_row(data["merge_new"]["code"])
    story.on(chain_moment(row), lambda: set_chain(story.org, row))
    story.on(_moment(data["adopt_at"]), lambda: _adopt(story, data))
    submitted, reviewed = _moment(data["submitted_at"]), _moment(data["reviewed_at"])
    story.on(submitted, lambda: _each_draft(story, procedure_ops.submit_revision, "secretary"))
    story.on(reviewed, lambda: _each_draft(story, story.review))
    effective = data["lan01_effective_date"]
    story.on(
        _moment(data["approved_at"]),
        lambda: _each_draft(story, lambda revision: story.approve(revision, effective)),
    )
    story.readings(effective)
    spec = data["announcement"]
    story.on(
        _at(spec["decision_date"], 10),
        lambda: announcements.create_announcement(story.org.id, story.people["qmr"], spec),
    )
    _ht04(story, data["ht04"])


def _register(data: dict) -> None:
    """The city's administrator registers the three changes of 01/07/2025 (all or nothing each)."""
    actor, day, basis = _user(data["by"]), data["effective_date"], data["legal_basis"]
    merge = data["merge_new"]
    new = NewOrganisation(
        merge["code"], merge["name"], OrgLevel.commune, _org("T-TTHUE").id, merge["place"]
    )
    sources = [_org(code) for code in merge["sources"]]
    reorganise(ReorgKind.merge_new, day, basis, sources, new, actor, merge["open_work"])
    into = data["merge_into"]
    sources = [_org(code) for code in into["sources"]]
    reorganise(ReorgKind.merge_into, day, basis, sources, _org(into["target"]), actor)
    end = data["end_level"]
    reorganise(ReorgKind.end_level, day, basis, [_org(end["source"])], _org(end["target"]), actor)


def _come_into_force(story: _Story, data: dict) -> None:
    """01/07/2025: the accounts go to their new organisations; the story follows xã Quảng Điền;
    the city's administrator names the supervisor's new body."""
    apply_due()
    story.org = _org(data["merge_new"]["code"])
    story.procedures, story.bases = {}, {}
    spec = data["supervisor"]
    accounts.update_user(
        _user(spec["username"]),
        {"unit": spec["unit"], "position": spec["position"]},
        actor=_user(data["by"]),
    )


def _adopt(story: _Story, data: dict) -> None:
    """The secretary adopts the predecessors' procedures (the successor keeps their codes)."""
    secretary = story.people["secretary"]
    sources = {
        (p.organisation.code, p.code): p
        for p in db.session.scalars(
            sa.select(Procedure)
            .join(Organisation)
            .where(Organisation.code.in_({org for org, _code in data["adopt"]}))
        )
    }
    for org_code, code in data["adopt"]:
        story.procedures[code] = adopt_procedure(
            story.org, sources[(org_code, code)], code, secretary
        )
    for code, durations in data["steps"].items():
        revision = open_revision_of(story.procedures[code])
        steps = [
            {
                **step,
                "duration": (
                    Duration.parse(durations[str(i)])
                    if str(i) in durations
                    else Duration.from_storage(step["duration"])
                ).to_api(),
            }
            for i, step in enumerate(revision.steps)
        ]
        procedure_ops.update_revision(revision, secretary, {"steps": steps})
    story.bases = {
        b.number: b
        for b in db.session.scalars(
            sa.select(LegalBasis).where(LegalBasis.organisation_id == story.org.id)
        )
    }
    # the audits go on in the successor (the rounds' data are the story's, already written)
    replay = AuditReplay(
        story.org,
        {**story.audits.data, "people": list(story.people), "procedures": list(story.procedures)},
        story.password,
    )
    replay.data = story.audits.data  # later years add their rounds to the same data
    replay.made.update(story.audits.made)
    story.audits = replay
    replay.adopt_default_templates({}, secretary)


def _each_draft(story: _Story, run, as_user: str | None = None) -> None:
    """Each adopted procedure's lần 01, in the register's order."""
    for code in sorted(story.procedures):
        revision = open_revision_of(story.procedures[code])
        if revision is not None and revision.number == 1:
            run(revision, story.people[as_user]) if as_user else run(revision)


def _ht04(story: _Story, spec: dict) -> None:
    """QT-HT-04 lần 02 in xã Quảng Điền: written, returned by the QMR (resubmitted in `today`)."""
    today = story.today

    def write():
        story.made["QT-HT-04"] = story.draft(spec)
        procedure_ops.submit_revision(
            story.made["QT-HT-04"], story.people["secretary"], story.password
        )

    def send_back():
        procedure_ops.return_revision(
            story.made["QT-HT-04"], story.people[spec["by"]], spec["comment"]
        )

    story.on(_at(_back(today, spec["written_working_days_ago"]), 14), write)
    story.on(_at(_back(today, spec["returned_working_days_ago"]), 9), send_back)
