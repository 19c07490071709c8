"""Types every router shares: UTC moments, database-sized ids, NUL-free input."""

import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


# A moment in time, always answered in UTC whatever offset it was written with.
UtcDatetime = Annotated[datetime.datetime, AfterValidator(_utc)]
# An id the database can hold: anything larger is refused as input rather than overflowing.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class InputSchema(Schema):
    """A request body or query: text may not hold NUL characters (no database stores them)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(_("Text may not contain NUL characters."))
        return value
