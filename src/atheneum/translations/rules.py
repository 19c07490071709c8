"""Who may do what in translation campaigns.

Published campaigns and their published languages are public. Translators (the lead and
co-translators of a language) edit its text; reviewers (people designated for that language,
the campaign's organisers) comment, request changes and approve — but never their own work: a
volunteer of a language cannot approve it, whatever other role they hold. Ask with
`atheneum.organisations.rules.can` (no superuser shortcut).

Objects: an Organisation for `add_campaign`, a Campaign for the campaign rules, a
TargetLanguage for the language rules.
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin


def _user_ok(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def is_campaign_organiser(user, campaign) -> bool:
    if campaign is None or not _user_ok(user):
        return False
    if is_org_organiser.test(user, campaign.organisation):
        return True
    cached = getattr(campaign, "_coordinator_ids", None)
    if cached is None:
        cached = {u.pk for u in campaign.coordinators.all()}
        campaign._coordinator_ids = cached
    return user.pk in cached


@rules.predicate
def is_campaign_published(user, campaign) -> bool:
    return campaign is not None and campaign.is_published


@rules.predicate
def is_language_campaign_published(user, target) -> bool:
    return target is not None and target.campaign.is_published


@rules.predicate
def is_language_organiser(user, target) -> bool:
    return target is not None and is_campaign_organiser.test(user, target.campaign)


def _volunteer_ids(target) -> dict[int, bool]:
    cached = getattr(target, "_volunteer_ids", None)
    if cached is None:
        cached = {v.user_id: v.is_lead for v in target.volunteers.all()}
        target._volunteer_ids = cached
    return cached


@rules.predicate
def is_translator(user, target) -> bool:
    return target is not None and _user_ok(user) and user.pk in _volunteer_ids(target)


@rules.predicate
def is_lead_translator(user, target) -> bool:
    return target is not None and _user_ok(user) and _volunteer_ids(target).get(user.pk, False)


@rules.predicate
def is_designated_reviewer(user, target) -> bool:
    if target is None or not _user_ok(user):
        return False
    return target.campaign.reviewers.filter(user=user, language=target.language).exists()


may_organise = is_campaign_organiser | is_site_admin
may_review = (is_designated_reviewer | is_language_organiser | is_site_admin) & ~is_translator

# Objects: an Organisation.
rules.add_perm("translations.add_campaign", is_org_organiser | is_site_admin)
# Objects: a Campaign.
rules.add_perm("translations.view_campaign", is_campaign_published | may_organise)
rules.add_perm("translations.change_campaign", may_organise)
rules.add_perm("translations.download_template", is_campaign_published | may_organise)
# Objects: a TargetLanguage.
rules.add_perm(
    "translations.view_language",
    is_language_campaign_published | is_language_organiser | is_site_admin,
)
rules.add_perm("translations.claim", rules.is_authenticated & is_language_campaign_published)
rules.add_perm("translations.translate", is_translator)
rules.add_perm("translations.manage_volunteers", is_lead_translator | is_language_organiser)
rules.add_perm("translations.review", may_review)
rules.add_perm("translations.approve", may_review)
rules.add_perm("translations.publish", is_language_organiser | is_site_admin)
