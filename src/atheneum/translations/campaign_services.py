"""Writes of the organisers' side: campaigns, segments, target languages, the state machine
shared with the volunteers' side, publication and campaigns made from site content."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

import langcodes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atheneum.common.languages import language_name
from atheneum.common.uploads import hostile_content_message
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity

from .enums import FileKind, LanguageState, Region
from .models import Campaign, Segment, StateChange, TargetLanguage, Volunteer
from .uploads import check_upload

TEMPLATE_MAX_MEGABYTES = 200

WORDS_PER_HOUR = 250
MIN_HOURS = Decimal("0.5")


# --- Languages ---------------------------------------------------------------------------------


def normalise_language(code: str) -> str:
    """A valid BCP 47 tag in its standard form ('zh-hans' → 'zh-Hans'), or ValidationError."""
    code = (code or "").strip()
    try:
        language = langcodes.Language.get(code)
    except (ValueError, LookupError) as error:
        raise ValidationError(
            _("“%(code)s” is not a language tag."), params={"code": code}
        ) from error
    if not code or not language.is_valid() or not language.language:
        raise ValidationError(_("“%(code)s” is not a language tag."), params={"code": code})
    return str(language)


# --- The state machine -------------------------------------------------------------------------


@transaction.atomic
def language_set_state(*, target: TargetLanguage, state: str, acting_user) -> TargetLanguage:
    """Moves a language to `state`, recording the change for history and the coverage chart.
    Callers check their own permissions and allowed transitions."""
    if state not in LanguageState.values:
        raise ValidationError(_("Unknown state."))
    now = timezone.now()
    target.state = state
    target.last_activity_at = now
    fields = ["state", "last_activity_at"]
    if state != LanguageState.PUBLISHED and target.published_at is not None:
        target.published_at = None
        fields.append("published_at")
    target.save(update_fields=fields)
    StateChange.objects.create(
        target=target,
        state=state,
        changed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    return target


def estimated_hours(*, campaign: Campaign) -> Decimal:
    words = sum(
        len(text.split()) for text in campaign.segments.values_list("source_text", flat=True)
    )
    hours = (Decimal(words) / WORDS_PER_HOUR).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return max(hours, MIN_HOURS)


def _mail_published(*, target: TargetLanguage, emails: list[str]) -> None:
    from django.conf import settings

    if not emails:
        return
    name = language_name(target.language, in_language="en")
    send_mail(
        subject=_("Your translation of “%(campaign)s” is published")
        % {"campaign": target.campaign.title},
        message=_(
            "Thank you! Your %(language)s translation of “%(campaign)s” is now published:\n"
            "%(url)s\n\nThe work is recorded in your CPD portfolio."
        )
        % {
            "language": name,
            "campaign": target.campaign.title,
            "url": settings.SITE_URL.rstrip("/") + target.get_absolute_url(),
        },
        from_email=None,
        recipient_list=emails,
    )


@transaction.atomic
def language_publish(*, target: TargetLanguage, acting_user) -> TargetLanguage:
    """Publishes an approved language and records the work in each volunteer's portfolio."""
    TargetLanguage.objects.select_for_update().filter(pk=target.pk).first()
    target.refresh_from_db(fields=["state", "published_at"])
    if not can(acting_user, "translations.publish", target):
        raise PermissionDenied
    if target.state != LanguageState.APPROVED:
        raise ValidationError(_("Only an approved translation can be published."))
    now = timezone.now()
    language_set_state(target=target, state=LanguageState.PUBLISHED, acting_user=acting_user)
    target.published_at = now
    target.save(update_fields=["published_at"])
    campaign = target.campaign
    hours = estimated_hours(campaign=campaign)
    first_claim = first_claim_time(target)
    name_en = language_name(target.language, in_language="en")
    volunteers = list(Volunteer.objects.filter(target=target).select_related("user"))
    for volunteer in volunteers:
        start = min(first_claim or volunteer.joined_at, now)
        record_activity(
            owner=volunteer.user,
            source_key=f"translations:{target.pk}:{volunteer.user_id}",
            title=_("Translated “%(campaign)s” into %(language)s")
            % {"campaign": campaign.title, "language": name_en},
            kind=ActivityKind.VOLUNTEERING,
            start=start,
            end=now,
            hours=hours,
            provider=campaign.organisation.name,
            link=target.get_absolute_url(),
            language=target.language,
        )
    guide_from_published_language(target=target)
    emails = [v.user.email for v in volunteers]
    transaction.on_commit(lambda: _mail_published(target=target, emails=emails))
    return target


@transaction.atomic
def language_unpublish(*, target: TargetLanguage, acting_user) -> TargetLanguage:
    if not can(acting_user, "translations.publish", target):
        raise PermissionDenied
    if target.state != LanguageState.PUBLISHED:
        raise ValidationError(_("This translation is not published."))
    return language_set_state(target=target, state=LanguageState.APPROVED, acting_user=acting_user)


# --- Campaigns ---------------------------------------------------------------------------------


def _reserved() -> frozenset[str]:
    from .urls import RESERVED_CAMPAIGN_SLUGS  # urls imports the views, which import us

    return RESERVED_CAMPAIGN_SLUGS


def validate_slug(slug: str, *, campaign: Campaign | None = None) -> str:
    slug = slugify(slug or "")
    if not slug:
        raise ValidationError({"slug": _("Choose a short name for the address.")})
    if slug in _reserved():
        raise ValidationError({"slug": _("This short name is reserved; choose another.")})
    taken = Campaign.objects.filter(slug=slug)
    if campaign is not None:
        taken = taken.exclude(pk=campaign.pk)
    if taken.exists():
        raise ValidationError({"slug": _("Another campaign already uses this short name.")})
    return slug


def _unique_slug(base: str) -> str:
    base = slugify(base)[:80] or "campaign"
    if base in _reserved():
        base = f"{base}-campaign"
    slug, n = base, 2
    while Campaign.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def campaign_create(
    *, organisation: Organisation, title: str, slug: str, source_language: str, acting_user
) -> Campaign:
    if not can(acting_user, "translations.add_campaign", organisation):
        raise PermissionDenied
    slug = validate_slug(slug)
    try:
        source_language = normalise_language(source_language)
    except ValidationError as error:
        raise ValidationError({"source_language": error.messages}) from error
    return Campaign.objects.create(
        organisation=organisation,
        title=title.strip(),
        slug=slug,
        source_language=source_language,
        created_by=acting_user,
        is_published=False,
    )


CAMPAIGN_FIELDS = (
    "title",
    "slug",
    "description",
    "source_language",
    "deadline",
    "claim_release_days",
    "allowed_file_kinds",
    "max_upload_megabytes",
    "text_only",
    "is_published",
)


def _checked_template(upload) -> ContentFile:
    """A template is held to the same rules as translated files (no programs or web pages,
    SVG sanitised), whatever kinds the campaign accepts from volunteers."""
    try:
        checked = check_upload(
            upload, allowed_kinds=FileKind.values, max_megabytes=TEMPLATE_MAX_MEGABYTES
        )
    except ValidationError as error:
        raise ValidationError({"template_file": error.messages}) from error
    stem = slugify(PurePath(upload.name or "").stem) or "template"
    return ContentFile(checked.content, name=f"{stem}{PurePath(checked.name).suffix}")


@transaction.atomic
def campaign_update(*, campaign: Campaign, acting_user, **fields) -> Campaign:
    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    unknown = set(fields) - set(CAMPAIGN_FIELDS) - {"template_file", "preview_pdf"}
    if unknown:
        raise TypeError(f"Unknown campaign fields: {sorted(unknown)}")
    if "slug" in fields:
        fields["slug"] = validate_slug(fields["slug"], campaign=campaign)
    if "source_language" in fields:
        try:
            fields["source_language"] = normalise_language(fields["source_language"])
        except ValidationError as error:
            raise ValidationError({"source_language": error.messages}) from error
    if fields.get("preview_pdf"):
        upload = fields["preview_pdf"]
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError({"preview_pdf": _("The preview must be a PDF file.")})
        refusal = hostile_content_message(upload)
        if refusal:
            raise ValidationError({"preview_pdf": refusal})
    if fields.get("template_file"):
        fields["template_file"] = _checked_template(fields["template_file"])
    for name, value in fields.items():
        if name in ("template_file", "preview_pdf") and not value:
            continue
        setattr(campaign, name, value)
    campaign.save()
    return campaign


@transaction.atomic
def segments_add_paragraphs(*, campaign: Campaign, text: str, acting_user) -> list[Segment]:
    """'Paste the text, one paragraph per segment': blank lines separate segments."""
    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    if not paragraphs:
        raise ValidationError({"text": _("Paste at least one paragraph.")})
    last = campaign.segments.order_by("-position").values_list("position", flat=True).first()
    start = 0 if last is None else last + 1
    return Segment.objects.bulk_create(
        [
            Segment(campaign=campaign, position=start + i, source_text=p)
            for i, p in enumerate(paragraphs)
        ]
    )


@transaction.atomic
def segment_delete(*, segment: Segment, acting_user) -> None:
    if not can(acting_user, "translations.change_campaign", segment.campaign):
        raise PermissionDenied
    segment.delete()


@transaction.atomic
def segment_move(*, segment: Segment, direction: str, acting_user) -> None:
    """Swaps the segment with its neighbour ('up' or 'down'), renumbering positions 0..n."""
    campaign = segment.campaign
    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    segments = list(campaign.segments.select_for_update().order_by("position", "pk"))
    index = next(i for i, s in enumerate(segments) if s.pk == segment.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(segments):
        segments[index], segments[other] = segments[other], segments[index]
    for position, item in enumerate(segments):
        if item.position != position:
            item.position = position
    Segment.objects.bulk_update(segments, ["position"])


@transaction.atomic
def target_add(*, campaign: Campaign, language: str, region: str, acting_user) -> TargetLanguage:
    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    try:
        code = normalise_language(language)
    except ValidationError as error:
        raise ValidationError({"language": error.messages}) from error
    if region and region not in Region.values:
        raise ValidationError({"region": _("Choose a region from the list.")})
    if campaign.languages.filter(language__iexact=code).exists():
        raise ValidationError({"language": _("This language is already wanted.")})
    try:
        with transaction.atomic():
            target = TargetLanguage.objects.create(campaign=campaign, language=code, region=region)
    except IntegrityError as error:
        raise ValidationError({"language": _("This language is already wanted.")}) from error
    StateChange.objects.create(target=target, state=LanguageState.WANTED, changed_by=acting_user)
    return target


@transaction.atomic
def target_remove(*, target: TargetLanguage, acting_user) -> None:
    """Removes a language nobody has started on yet."""
    if not can(acting_user, "translations.change_campaign", target.campaign):
        raise PermissionDenied
    if target.state != LanguageState.WANTED or target.volunteers.exists():
        raise ValidationError(_("Only a language nobody has claimed can be removed."))
    target.delete()


# --- Site content as campaign documents --------------------------------------------------------


@transaction.atomic
def campaign_from_content(
    *,
    obj,
    organisation: Organisation,
    title: str,
    source_language: str,
    segments: list[str],
    acting_user,
    languages: list[str] = (),
) -> Campaign:
    """A draft campaign whose source document is `obj` (a guide, a page…)."""
    texts = [s.strip() for s in segments if s and s.strip()]
    if not texts:
        raise ValidationError(_("There is no text to translate."))
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title[:200],
        slug=_unique_slug(title),
        source_language=normalise_language(source_language),
        source_content_type=ContentType.objects.get_for_model(obj),
        source_object_id=obj.pk,
        created_by=acting_user,
        is_published=False,
    )
    Segment.objects.bulk_create(
        [Segment(campaign=campaign, position=i, source_text=t) for i, t in enumerate(texts)]
    )
    for code in languages:
        target = TargetLanguage.objects.create(campaign=campaign, language=code)
        StateChange.objects.create(target=target, state=LanguageState.WANTED, changed_by=None)
    return campaign


STEP_PREFIX = "✓ "


def guide_segments(guide) -> list[str]:
    """Title, then the body's paragraphs, then each step (marked so it can be told apart)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", guide.body or "") if p.strip()]
    steps = [line.strip() for line in (guide.steps or "").splitlines() if line.strip()]
    return [guide.title, *paragraphs, *(STEP_PREFIX + step for step in steps)]


@transaction.atomic
def campaign_from_guide(*, guide, acting_user) -> Campaign:
    from django.conf import settings

    programme = guide.programme
    if not can(acting_user, "coaching.edit_guide", programme):
        raise PermissionDenied
    have = {base.split("-")[0] for base in programme.guides.values_list("language", flat=True)}
    missing = [code for code, _name in settings.LANGUAGES if code.split("-")[0] not in have]
    missing = [normalise_language(code) for code in missing]
    return campaign_from_content(
        obj=guide,
        organisation=programme.organisation,
        title=_("Preparation guide: %(title)s") % {"title": guide.title},
        source_language=guide.language,
        segments=guide_segments(guide),
        acting_user=acting_user,
        languages=missing,
    )


def guide_from_published_language(*, target: TargetLanguage):
    """When a language of a campaign made from a preparation guide is published, that
    programme gets the guide in that language — unless it already has one."""
    from atheneum.coaching.models import PreparationGuide

    campaign = target.campaign
    guide_type = ContentType.objects.get_for_model(PreparationGuide)
    if campaign.source_content_type_id != guide_type.pk or not campaign.source_object_id:
        return None
    source = PreparationGuide.objects.filter(pk=campaign.source_object_id).first()
    if source is None:
        return None
    if PreparationGuide.objects.filter(
        programme_id=source.programme_id, language__iexact=target.language
    ).exists():
        return None
    texts = list(
        target.segment_translations.select_related("segment")
        .order_by("segment__position", "segment__pk")
        .values_list("segment__source_text", "text")
    )
    translated = [(src, text.strip()) for src, text in texts if text.strip()]
    if not translated:
        return None
    steps = [
        t.removeprefix(STEP_PREFIX.strip()).strip()
        for s, t in translated
        if s.startswith(STEP_PREFIX)
    ]
    rest = [t for s, t in translated if not s.startswith(STEP_PREFIX)]
    if not rest:
        return None
    return PreparationGuide.objects.create(
        programme_id=source.programme_id,
        language=target.language,
        title=rest[0][:200],
        body="\n\n".join(rest[1:]) or rest[0],
        steps="\n".join(steps),
    )


def first_claim_time(target: TargetLanguage) -> datetime.datetime | None:
    return target.history.exclude(state=LanguageState.WANTED).aggregate(first=Min("changed_at"))[
        "first"
    ]


# --- People, glossary --------------------------------------------------------------------------


def _users_by_email(emails: list[str]):
    from atheneum.accounts.models import User

    wanted = {e.strip().lower() for e in emails if e.strip()}
    users = list(User.objects.filter(email__in=wanted))
    found = {u.email.lower() for u in users}
    unknown = sorted(wanted - found)
    if unknown:
        raise ValidationError(
            _("Nobody has an account with: %(emails)s") % {"emails": ", ".join(unknown)}
        )
    return users


@transaction.atomic
def campaign_set_people(
    *, campaign: Campaign, supporters, coordinator_emails: list[str], acting_user
) -> Campaign:
    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    try:
        coordinators = _users_by_email(coordinator_emails)
    except ValidationError as error:
        raise ValidationError({"coordinators": error.messages}) from error
    campaign.supporters.set([o for o in supporters if o.pk != campaign.organisation_id])
    campaign.coordinators.set(coordinators)
    if hasattr(campaign, "_coordinator_ids"):
        del campaign._coordinator_ids
    return campaign


@transaction.atomic
def reviewer_add(*, campaign: Campaign, language: str, email: str, acting_user):
    from .models import LanguageReviewer

    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    if not campaign.languages.filter(language=language).exists():
        raise ValidationError({"language": _("Choose one of the campaign's languages.")})
    try:
        (user,) = _users_by_email([email])
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    reviewer, _created = LanguageReviewer.objects.get_or_create(
        campaign=campaign, language=language, user=user
    )
    return reviewer


@transaction.atomic
def reviewer_remove(*, reviewer, acting_user) -> None:
    if not can(acting_user, "translations.change_campaign", reviewer.campaign):
        raise PermissionDenied
    reviewer.delete()


@transaction.atomic
def glossary_term_add(*, campaign: Campaign, term: str, explanation: str, acting_user):
    from .models import GlossaryTerm

    if not can(acting_user, "translations.change_campaign", campaign):
        raise PermissionDenied
    term = term.strip()
    if not term:
        raise ValidationError({"term": _("Enter the term.")})
    if campaign.glossary.filter(term__iexact=term).exists():
        raise ValidationError({"term": _("This term is already in the glossary.")})
    return GlossaryTerm.objects.create(campaign=campaign, term=term, explanation=explanation)


@transaction.atomic
def glossary_term_delete(*, term, acting_user) -> None:
    if not can(acting_user, "translations.change_campaign", term.campaign):
        raise PermissionDenied
    term.delete()


@transaction.atomic
def glossary_translation_set(*, term, language: str, text: str, acting_user):
    from .models import GlossaryTranslation

    if not can(acting_user, "translations.change_campaign", term.campaign):
        raise PermissionDenied
    try:
        code = normalise_language(language)
    except ValidationError as error:
        raise ValidationError({"language": error.messages}) from error
    if not text.strip():
        GlossaryTranslation.objects.filter(term=term, language=code).delete()
        return None
    translation, _created = GlossaryTranslation.objects.update_or_create(
        term=term, language=code, defaults={"text": text.strip()}
    )
    return translation


@transaction.atomic
def segment_update(*, segment: Segment, source_text: str, context: str, acting_user) -> Segment:
    if not can(acting_user, "translations.change_campaign", segment.campaign):
        raise PermissionDenied
    if not source_text.strip():
        raise ValidationError({"source_text": _("A segment needs some text.")})
    segment.source_text = source_text.strip()
    segment.context = context.strip()
    segment.save(update_fields=["source_text", "context"])
    return segment
