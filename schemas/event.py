"""The input event of ``dl-loan-delay`` (CONTRACT section 2)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from .codes import Reason
from .iin import is_valid_iin


def _empty_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _strict_request_id(value: object) -> object:
    # The contract admits an integer or its decimal string, nothing looser:
    # no floats, no booleans, no "12e3".
    if isinstance(value, bool):
        raise ValueError("request_id must be an integer")
    if isinstance(value, str):
        if not value.strip().isascii() or not value.strip().isdigit():
            raise ValueError("request_id must be a positive integer or its decimal string")
        return int(value.strip())
    if not isinstance(value, int):
        raise ValueError("request_id must be an integer")
    return value


PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
CallbackUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2048)]


class LoanDelayEvent(BaseModel):
    """One deferment request as the mobile app publishes it.

    Unknown fields are ignored, so the app may add fields first.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    request_id: Annotated[int, BeforeValidator(_strict_request_id), Field(gt=0)]
    s3_path: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)]
    iin: str
    first_name: PersonName
    last_name: PersonName
    second_name: Annotated[PersonName | None, BeforeValidator(_empty_to_none)] = None
    reason: Annotated[Reason | None, BeforeValidator(_empty_to_none)] = None
    created_at: datetime | None = None
    # Extension: a callback target for this request only, used when it is on
    # CALLBACK_ALLOWED_HOSTS (CONTRACT extensions). A URL off the list is refused
    # when the callback is queued, not here: the request is still decided.
    callback_url: Annotated[CallbackUrl | None, BeforeValidator(_empty_to_none)] = None

    @field_validator(
        "s3_path", "iin", "first_name", "last_name", "second_name", "callback_url", mode="before"
    )
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL's text and JSONB cannot hold U+0000: such an event could not
        # be recorded, and would fail the statement of every event batched with it.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain a NUL character (U+0000)")
        return value

    @field_validator("iin")
    @classmethod
    def _valid_iin(cls, value: str) -> str:
        value = value.strip()
        if not is_valid_iin(value):
            raise ValueError("iin must be 12 digits with a valid check digit")
        return value

    @field_validator("created_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("created_at must carry a UTC offset")
        return value
