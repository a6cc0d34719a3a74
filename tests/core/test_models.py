import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from iso_qms.audits.models import KIND_LABELS, RoundKind, RoundStatus
from iso_qms.core.models import LabelledEnum, enum_type


class Stage(LabelledEnum):
    planned = "planned", _l("Planned")
    held = "held", _l("Held")


def test_value_is_the_plain_stored_string():
    assert Stage.planned.value == "planned"
    assert Stage.planned.name == "planned"


def test_label_is_translated_into_the_current_locale(app_ctx):
    with force_locale("vi"):
        assert Stage.planned.label == "Kế hoạch"
        assert Stage.held.label == "Đã tổ chức"
    with force_locale("en"):
        assert Stage.planned.label == "Planned"
    assert isinstance(Stage.held.label, str)


def test_labels_maps_members_to_lazy_labels_in_declaration_order(app_ctx):
    labels = Stage.labels()
    assert list(labels) == [Stage.planned, Stage.held]
    with force_locale("en"):
        assert [str(label) for label in labels.values()] == ["Planned", "Held"]


def test_labels_returns_a_copy_that_callers_cannot_corrupt():
    Stage.labels().clear()
    assert len(Stage.labels()) == 2


def test_lookup_by_stored_value_still_works():
    assert Stage("held") is Stage.held
    assert RoundStatus("in_progress") is RoundStatus.in_progress


def test_an_unknown_value_raises():
    with pytest.raises(ValueError):
        Stage("cancelled")
    with pytest.raises(ValueError):
        Stage("Planned")


def test_a_member_declared_without_a_label_is_refused():
    with pytest.raises(TypeError):

        class Broken(LabelledEnum):
            draft = "draft"


def test_check_constraint_lists_the_plain_values():
    assert enum_type(Stage, "stage").enums == ["planned", "held"]


def test_the_old_label_dicts_are_the_enum_labels():
    assert KIND_LABELS == RoundKind.labels()
    assert list(KIND_LABELS) == list(RoundKind)
