"""Organisations (province → districts → communes, the level as data) and their people."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from iso_qms.core.text import fold, nfc

from . import names
from .writer import Writer

BENCH_CODE, BENCH_DISTRICT = "X-BENCH", "H-BENCH"
#: The logins printed at the end; everyone else has PASSWORD too.
PASSWORD = "Province-2026"
QMR_LOGIN, SUPERVISOR_LOGIN = "bench.qmr", "bench.supervisor"
START = date(2019, 1, 2)


@dataclass(slots=True)
class Person:
    id: int
    username: str
    full_name: str
    position: str
    unit: str
    roles: set
    joined: date
    left: date | None = None

    @property
    def ref(self) -> tuple[int, str]:
        return (self.id, self.username)


@dataclass
class Org:
    id: int
    code: str
    name: str
    level: str
    place: str
    parent: "Org | None"
    units: list
    people: list = field(default_factory=list)
    procedures: list = field(default_factory=list)
    by_role: dict = field(default_factory=dict)

    def one(self, role: str) -> Person:
        return self.by_role[role][0]

    def active_on(self, day: date) -> list[Person]:
        return [p for p in self.people if p.joined <= day and (p.left is None or p.left > day)]


def plan_organisations(w: Writer, scale: float) -> list[Org]:
    """1 province, districts, communes; the bench district has 11 communes, one is X-BENCH."""
    total = max(14, round(150 * scale))
    n_districts = max(2, round(12 * scale))
    n_communes = total - 1 - n_districts
    code, name, place = names.PROVINCE
    province = Org(
        w.new_id("organisations"), code, name, "province", place, None, names.DISTRICT_UNITS
    )
    orgs = [province]
    districts = []
    for i in range(n_districts):
        place = names.DISTRICTS[i % len(names.DISTRICTS)] + ("" if i < 12 else f" {i // 12 + 1}")
        code = BENCH_DISTRICT if i == 0 else f"H-{i:02d}"
        org = Org(w.new_id("organisations"), code, f"UBND huyện {place}", "district", place,
                  province, names.DISTRICT_UNITS)  # fmt: skip
        districts.append(org)
    orgs += districts
    communes = [(districts[0], BENCH_CODE)] + [(districts[0], None)] * 10
    rest = max(0, n_communes - 11)
    communes += [(districts[1 + i % (n_districts - 1)], None) for i in range(rest)]
    places = [f"{a} {b}" for b in names.COMMUNE_SECOND for a in names.COMMUNE_FIRST]
    for i, (district, code) in enumerate(communes):
        place = places[i % len(places)] + ("" if i < len(places) else f" {i // len(places) + 1}")
        org = Org(w.new_id("organisations"), code or f"X-{i:03d}", f"UBND xã {place}", "commune",
                  place, district, names.COMMUNE_UNITS)  # fmt: skip
        orgs.append(org)
    return orgs


def write_organisations(w: Writer, orgs: list[Org]) -> None:
    admin_day = w.at(START, 8)
    for org in orgs:
        w.add("organisations", {
            "id": org.id, "code": org.code, "name": nfc(org.name), "level": org.level,
            "parent_id": org.parent.id if org.parent else None, "place_name": nfc(org.place),
            "created_at": admin_day, "updated_at": admin_day,
        })  # fmt: skip
        # the first period, which the app's after_insert event writes and bulk inserts bypass
        w.add("organisation_periods", {"id": w.new_id("organisation_periods"), "organisation_id":
              org.id, "parent_id": org.parent.id if org.parent else None, "name": nfc(org.name)})  # fmt: skip
        w.event(admin_day, None, org.id, "organisation.create", "Organisation", org.id,
                new={"code": org.code, "level": org.level})  # fmt: skip


def _size(org: Org, rng) -> int:
    if org.code == BENCH_CODE:
        return 100
    return {"province": 60, "district": 40}.get(org.level) or rng.randint(20, 29)


def _name(rng) -> str:
    if rng.random() < 0.5:
        return (
            f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_M)} {rng.choice(names.GIVEN_M)}"
        )
    return f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE_F)} {rng.choice(names.GIVEN_F)}"


def _roles_for(org: Org, index: int) -> tuple[set, str | None]:
    """The first people hold the named roles; districts and the province have supervisors."""
    fixed = ["head", "qmr", "iso_secretary", "admin", "inspector", "inspector", "inspector"]
    if org.level in ("district", "province"):
        fixed.append("supervisor")
    if index < len(fixed):
        role = fixed[index]
        return {"staff", role}, role
    return {"staff"}, None


def write_people(w: Writer, orgs: list[Org]) -> None:
    rng = w.rng
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:60000")
    for org in orgs:
        for index in range(_size(org, rng)):
            roles, named = _roles_for(org, index)
            uid = w.new_id("users")
            username = f"u{uid:05d}"
            if org.code == BENCH_CODE and named == "qmr":
                username = QMR_LOGIN
            elif org.code == BENCH_DISTRICT and named == "supervisor":
                username = SUPERVISOR_LOGIN
            joined = START if named or rng.random() < 0.8 else w.between(START, w.today)
            left = None
            if not named and rng.random() < 0.04:
                left = w.between(joined + timedelta(days=90), w.today - timedelta(days=1))
            position = names.POSITIONS.get(named or "", rng.choice(names.STAFF_POSITIONS))
            unit = org.units[0] if named in ("head", "qmr") else rng.choice(org.units)
            person = Person(uid, username, nfc(_name(rng)), position, unit, roles, joined, left)
            org.people.append(person)
            for role in roles:
                org.by_role.setdefault(role, []).append(person)
            _write_person(w, org, person, hashed)


def _write_person(w: Writer, org: Org, person: Person, hashed: str) -> None:
    created = w.at(person.joined, 8)
    email = f"{person.username}@{org.code.lower()}.gov.vn"
    w.add("users", {
        "id": person.id, "organisation_id": org.id, "username": person.username,
        "full_name": person.full_name, "position": person.position, "unit": person.unit,
        "email": email, "active": person.left is None, "deactivated_on": person.left,
        "password_hash": hashed, "locale": None, "failed_logins": 0, "locked_until": None,
        "auth_nonce": f"{person.id:016x}", "lock_version": 1,
        "search_key": fold(" ".join((person.full_name, person.username, person.unit,
                                     person.position, email)))[:1000],
        "created_at": created, "updated_at": created,
    })  # fmt: skip
    for role in sorted(person.roles):
        w.add("user_roles", {"user_id": person.id, "role": role})
        w.add("role_periods", {"id": w.new_id("role_periods"), "user_id": person.id, "role": role,
              "started_on": person.joined, "ended_on": None})  # fmt: skip
    w.add("employment_periods", {"id": w.new_id("employment_periods"), "user_id": person.id,
          "organisation_id": org.id, "unit": person.unit, "started_on": person.joined,
          "ended_on": person.left, "reason": "joined", "created_at": created})  # fmt: skip
    admin = org.by_role.get("admin", [person])[0]
    w.event(created, admin.ref, org.id, "user.create", "User", person.id,
            new={"username": person.username, "roles": sorted(person.roles)})  # fmt: skip
    if person.left:
        w.event(w.at(person.left, 8), admin.ref, org.id, "user.deactivate", "User", person.id,
                new={"active": False})  # fmt: skip
