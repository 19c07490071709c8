"""Who may manage personal access tokens: only their owner. The API's endpoints ask the rules of
the app whose data they serve (portfolio, events…), never a copy of them here."""

import rules


@rules.predicate
def is_token_owner(user, token) -> bool:
    return bool(user and user.is_authenticated and token is not None and token.user_id == user.pk)


rules.add_perm("api.add_token", rules.is_authenticated)
rules.add_perm("api.revoke_token", is_token_owner)
