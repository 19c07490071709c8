"""The signed-in member's own profile: `GET /me`, `PATCH /me`.

The worked example every router follows: scope check first, then the owning app's selectors and
services (which ask its rules); Django validation errors become 422 problems naming the field.
"""

from ninja import Router, Schema

from atheneum.accounts import services

from ..auth import require_scope

router = Router(tags=["profile"])


class ProfileOut(Schema):
    id: int
    email: str
    display_name: str
    public_name: str
    time_zone: str
    interface_language: str
    languages_spoken: list[str]
    bio: str
    profile_visibility: str

    @staticmethod
    def resolve_public_name(obj) -> str:
        return obj.public_name


class ProfileIn(Schema):
    display_name: str | None = None
    time_zone: str | None = None
    bio: str | None = None


@router.get("", response=ProfileOut, summary="My profile")
def me(request):
    require_scope(request, "profile")
    return request.user


@router.patch("", response=ProfileOut, summary="Change my profile")
def me_update(request, payload: ProfileIn):
    require_scope(request, "profile", write=True)
    return services.profile_update(
        user=request.user,
        acting_user=request.user,
        data=payload.dict(exclude_unset=True, exclude_none=True),
    )
