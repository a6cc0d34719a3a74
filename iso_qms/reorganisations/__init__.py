"""Organisations that merge, move and end (issue 15): the changes of the tree, the carry-over of
a successor's QMS from its predecessors, and the pages and API for both."""


def init_app(app) -> None:
    from . import (
        admin_views,
        audit_events,  # noqa: F401  (this feature's words in the audit trail)
        carry_over_views,
        open_work_views,
    )

    app.register_blueprint(admin_views.bp)
    app.register_blueprint(carry_over_views.bp)
    app.register_blueprint(open_work_views.bp)


def api_blueprints() -> list:
    from . import api, carry_over_api  # noqa: F401  (carry_over_api adds its routes to api.blp)

    return [api.blp]
