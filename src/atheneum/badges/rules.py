"""Who may do what with badges. Verifying, downloading and the issuer documents are public."""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin


@rules.predicate
def is_recipient(user, credential) -> bool:
    return bool(user and user.is_authenticated) and credential.recipient_id == user.pk


@rules.predicate
def is_issuing_organiser(user, credential) -> bool:
    return is_org_organiser(user, credential.organisation)


# obj: Credential
rules.add_perm("badges.revoke_credential", is_issuing_organiser | is_site_admin)
# obj: Organisation — the list of what it issued (recipients' public names, revocations).
rules.add_perm("badges.view_issued", is_org_organiser | is_site_admin)
