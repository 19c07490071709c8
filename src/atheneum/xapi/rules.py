"""Who may do what with learning records (xAPI). Ask with `atheneum.organisations.rules.can`.

Objects: a Credential for the key rules, an Organisation for the organisation-wide pages
(organisation keys, activity maps, destinations), a Statement for reading one.
A member's statements are theirs alone: not their manager's, not an organiser's.
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin


@rules.predicate
def is_credential_holder(user, credential) -> bool:
    """The member a personal key belongs to."""
    return bool(
        user
        and user.is_authenticated
        and credential is not None
        and credential.user_id is not None
        and credential.user_id == user.pk
    )


@rules.predicate
def is_credential_org_organiser(user, credential) -> bool:
    """An organiser of the organisation an organisation key belongs to."""
    return bool(
        credential is not None
        and credential.organisation_id is not None
        and is_org_organiser.test(user, credential.organisation)
    )


@rules.predicate
def is_statement_owner(user, statement) -> bool:
    return bool(
        user and user.is_authenticated and statement is not None and statement.user_id == user.pk
    )


# A member creates personal keys for the tools they use (obj: None).
rules.add_perm("xapi.add_personal_key", rules.is_authenticated)
# Revoking a key: its holder, or an organiser of the organisation that owns it (obj: Credential).
rules.add_perm("xapi.revoke_key", is_credential_holder | is_credential_org_organiser)
# Organisation keys, activity maps and outbound destinations (obj: Organisation).
rules.add_perm("xapi.manage_organisation", is_org_organiser | is_site_admin)
# Reading a stored statement (obj: Statement): only the member it is about.
rules.add_perm("xapi.view_statement", is_statement_owner)
