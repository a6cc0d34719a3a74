"""The API's error shape in the OpenAPI document: {"error": {"code", "message", "fields"}}."""

from marshmallow import Schema, fields


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "machine code, e.g. not_found"})
    message = fields.String(required=True, metadata={"description": "translated text"})
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        required=True,
        metadata={"description": "each bad field with its messages (422)"},
    )


class ErrorSchema(Schema):
    """What every 4xx/5xx of /api/v1 answers (core/handlers.py), documented as `Error`."""

    error = fields.Nested(ErrorDetailSchema, required=True)
