"""run() and flash_failure(): an operation's domain error becomes form errors or flashed messages."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from wtforms import StringField

from iso_qms.accounts import operations as account_ops
from iso_qms.accounts.models import Organisation, OrgLevel
from iso_qms.core.errors import EditConflict, InvalidState, PermissionDenied, ValidationFailed
from iso_qms.core.forms import BaseForm
from iso_qms.core.view_helpers import FAILED, flash_failure, form_status, run
from iso_qms.extensions import db


class NameForm(BaseForm):
    name = StringField()
    password = StringField()


@pytest.fixture
def post(app_ctx):
    with app_ctx.test_request_context("/", method="POST", data={"name": "x"}):
        yield


def _form() -> NameForm:
    form = NameForm(meta={"csrf": False})
    assert form.validate()
    return form


def _refuse(error):
    def call():
        raise error

    return call


def _organisations() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Organisation))


def _add_then(error):
    """An operation that flushes a new row, then refuses."""

    def call():
        account_ops.create_organisation("X-1", "Xã Thử", OrgLevel.commune)
        raise error

    return call


def test_run_returns_the_operations_result_when_it_succeeds(post):
    form = _form()
    assert run(form, lambda: 42) == 42
    assert run(form, lambda: None) is None
    assert form.errors == {} and form.failure is None


def test_field_errors_of_a_refused_operation_land_on_the_form_fields(post):
    form = _form()
    error = ValidationFailed(fields={"name": "Enter a name.", "other": ["Not a field."]})
    assert run(form, _refuse(error)) is FAILED
    assert form.name.errors == ["Enter a name."]
    assert form.form_errors == ["Not a field."]
    assert form.failure is error


def test_field_map_renames_the_operations_fields_to_the_forms(post):
    form = _form()
    run(
        form,
        _refuse(ValidationFailed(fields={"full_name": "Enter a name."})),
        {"full_name": "name"},
    )
    assert form.name.errors == ["Enter a name."]


def test_a_message_only_error_lands_on_form_errors_or_on_the_named_field(post):
    form = _form()
    run(form, _refuse(EditConflict()), catch=EditConflict)
    assert form.form_errors == [str(EditConflict.default_message)]
    other = _form()
    run(
        other,
        _refuse(PermissionDenied("Wrong password.")),
        catch=PermissionDenied,
        message_field="password",
    )
    assert other.password.errors == ["Wrong password."] and other.form_errors == []


def test_run_rolls_back_what_the_refused_operation_flushed(post):
    assert run(_form(), _add_then(ValidationFailed(fields={"name": "No."}))) is FAILED
    assert _organisations() == 0


def test_an_error_that_preserves_the_session_is_not_rolled_back(post):
    class Counted(PermissionDenied):
        preserve_session = True

    assert run(_form(), _add_then(Counted("Wrong password.")), catch=Counted) is FAILED
    assert _organisations() == 1


@pytest.mark.parametrize("error", [InvalidState(), PermissionDenied(), EditConflict()])
def test_errors_that_are_not_caught_propagate_to_the_global_handler(post, error):
    form = _form()
    with pytest.raises(type(error)):
        run(form, _refuse(error))
    with pytest.raises(type(error)):
        flash_failure(_refuse(error))
    assert form.errors == {}


def test_flash_failure_flashes_each_field_message_and_rolls_back(post):
    error = ValidationFailed(fields={"a": "First.", "b": ["Second.", "Third."]})
    assert flash_failure(_add_then(error)) is FAILED
    assert get_flashed_messages(with_categories=True) == [
        ("danger", "First."),
        ("danger", "Second."),
        ("danger", "Third."),
    ]
    assert _organisations() == 0


def test_flash_failure_flashes_the_message_of_an_error_without_fields(post):
    assert flash_failure(_refuse(InvalidState("Already done.")), InvalidState) is FAILED
    assert get_flashed_messages() == ["Already done."]


@pytest.mark.parametrize(
    "how, flashed",
    [({"join": "; "}, ["Bad.; Worse."]), ({"summary": True}, ["Nothing was imported."])],
)
def test_flash_failure_can_join_the_messages_or_flash_only_the_summary(post, how, flashed):
    error = ValidationFailed("Nothing was imported.", fields={"row 2": "Bad.", "row 3": "Worse."})
    assert flash_failure(_refuse(error), **how) is FAILED
    assert get_flashed_messages() == flashed


def test_flash_failure_returns_the_result_and_flashes_nothing_on_success(post):
    assert flash_failure(lambda: "done") == "done"
    assert get_flashed_messages() == []


def test_form_status_is_422_after_a_post_and_200_on_a_get(app_ctx):
    with app_ctx.test_request_context("/", method="POST"):
        assert form_status() == 422
    with app_ctx.test_request_context("/"):
        assert form_status() == 200
