"""Row counts of the tables a change of the tree writes: a refused change leaves them as they were."""

import sqlalchemy as sa

from iso_qms.accounts.models import EmploymentPeriod, Organisation
from iso_qms.accounts.org_history import OrganisationPeriod, Reorganisation
from iso_qms.extensions import db

TREE = (Organisation, OrganisationPeriod, Reorganisation)
WITH_PEOPLE = (*TREE, EmploymentPeriod)


def row_counts(models=TREE) -> tuple:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in models)
