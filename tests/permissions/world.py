"""A small world with one object of each kind, so every URL pattern can be filled in.

`build_world(people)` creates the objects (the people come from the role fixtures in
`tests/conftest.py`); `World.kwargs_for(name)` gives the URL kwargs for a URL name. The member
owns the private objects (activity, reflection, evidence, registration, booking, proposal, plan,
tokens…), so "another member" asks for someone else's private object and should get 404.
"other_member" also coaches in the world's programme (with no bookings), so the coach's own
pages are reached by a role. `World.api_bodies` holds a valid body per API write operation
(see `api_bodies`), `World.api_overrides` path values for one operation alone.

`grow(world, factor)` adds `factor` times more of the listed things (including meetup dates
and answers, badges, xAPI statements/keys/destinations/activity maps and API tokens), for the
query budgets.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from atheneum.api.services import token_create
from atheneum.badges.services import credential_issue_for_source
from atheneum.competencies.models import Rating
from atheneum.events.certificates import verification_code
from atheneum.events.enums import QuestionKind
from atheneum.events.models import (
    Attendance,
    CalendarFeedToken,
    EventPartner,
    FaqEntry,
    Proposal,
    Recording,
    RegistrationForm,
)
from atheneum.events.models import Question as EventQuestion
from atheneum.learning.models import Attempt, Enrolment, Kit, KitPart, KitSession
from atheneum.meetups import recurrence
from atheneum.meetups.enums import RsvpResponse
from atheneum.meetups.models import Occurrence, Rsvp, SeriesInvitation
from atheneum.meetups.selectors import occurrence_key
from atheneum.organisations.models import Invitation, Membership, TeamMembership
from atheneum.portfolio.models import ManagerShare, RequirementQuota, ShareLink
from atheneum.translations.enums import FileKind, LanguageState
from atheneum.xapi.ingest import statements_store
from atheneum.xapi.models import ActivityMap, Destination
from atheneum.xapi.models import Credential as XapiCredential

from ..coaching.factories import (
    AvailabilityFactory,
    BookingFactory,
    CoachApplicationFactory,
    CoachFactory,
    CoachingRequestFactory,
    PreparationGuideFactory,
    ProgrammeFactory,
    RoundFactory,
    SlotFactory,
)
from ..competencies.factories import CompetencyFactory, FrameworkFactory
from ..events.core_factories import (
    EventFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
    register,
)
from ..factories import UserFactory, add_to_team
from ..learning.factories import (
    EnrolmentFactory,
    ExerciseFactory,
    MediaFactory,
    QuestionFactory,
    make_course,
)
from ..meetups.conftest import make_series
from ..news.factories import (
    CommentFactory,
    IssueFactory,
    PostFactory,
    SubscriberFactory,
    TagFactory,
)
from ..planning.factories import CycleFactory, GoalFactory, PlanFactory, PriorityFactory
from ..portfolio.factories import (
    ActivityFactory,
    EvidenceFactory,
    ReflectionFactory,
    RequirementFactory,
)
from ..translations.factories import (
    CampaignFactory,
    GlossaryTermFactory,
    LanguageReviewerFactory,
    ReviewCommentFactory,
    SegmentFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)
from ..xapi.factories import make_key as make_xapi_key
from ..xapi.factories import statement as xapi_statement

ROLE_FIXTURES = (
    "organisation",
    "other_organisation",
    "team",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
)


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    # URL name → kwargs; filled by build_world.
    kwargs: dict = field(default_factory=dict)
    # Namespace → the object whose slug fills `slug` when the URL name has no own entry.
    slugs: dict = field(default_factory=dict)
    # API path parameter → value, and area → the slug of that area's object.
    api: dict = field(default_factory=dict)
    api_slugs: dict = field(default_factory=dict)
    # API operation key ("METHOD /api/v1/path") → a valid JSON body, and → path values that
    # differ from `api` for that operation alone (e.g. a competency nothing holds, to delete).
    api_bodies: dict = field(default_factory=dict)
    api_overrides: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def kwargs_for(self, name: str, params: list[str]) -> dict | None:
        """The kwargs to reverse `name`, or None when the world cannot fill them."""
        explicit = dict(self.kwargs.get(name, {}))
        namespace = name.split(":", 1)[0] if ":" in name else ""
        for param in params:
            if param in explicit:
                continue
            if param == "slug" and namespace in self.slugs:
                explicit["slug"] = self.slugs[namespace]
            else:
                return None
        return {key: explicit[key] for key in params}

    def api_params(self, path: str, params, key: str = "") -> dict | None:
        """Values for an API path's {placeholders}; `slug` depends on the area."""
        area = path.removeprefix("/api/v1/").split("/", 1)[0]
        values = dict(self.api)
        if area in self.api_slugs:
            values["slug"] = self.api_slugs[area]
        values.update(self.api_overrides.get(key, {}))
        if any(param not in values for param in params):
            return None
        return {param: values[param] for param in params}


def build_world(people: dict) -> World:  # noqa: PLR0915 - one object of each kind, in order
    o = dict(people)
    org, team = o["organisation"], o["team"]
    member, manager = o["member"], o["manager"]
    organiser = o["organiser"]
    now = timezone.now()

    # --- organisations
    o["invitation"] = Invitation.objects.create(
        organisation=org,
        email="invited@example.org",
        invited_by=organiser,
        expires_at=now + dt.timedelta(days=7),
    )
    o["membership"] = Membership.objects.get(user=member, organisation=org)
    o["team_membership"] = TeamMembership.objects.get(user=member, team=team)

    # --- news
    o["tag"] = TagFactory()
    o["post"] = PostFactory(organisation=org, author=organiser)
    o["post"].tags.add(o["tag"])
    o["comment"] = CommentFactory(post=o["post"], author=member)
    o["subscriber"] = SubscriberFactory(organisation=org)
    o["issue"] = IssueFactory(organisation=org)

    # --- competencies
    o["framework"] = FrameworkFactory(organisation=org, is_published=True)
    o["competency"] = CompetencyFactory(framework=o["framework"])
    Rating.objects.create(user=member, competency=o["competency"], level=2)
    # Nobody has rated it and it holds nothing, so organisers may remove it.
    o["spare_competency"] = CompetencyFactory(framework=o["framework"])

    # --- portfolio (member's private things)
    o["activity"] = ActivityFactory(owner=member)
    o["reflection"] = ReflectionFactory(activity=o["activity"])
    o["evidence"] = EvidenceFactory(activity=o["activity"])
    o["requirement"] = RequirementFactory(owner=member)
    o["org_requirement"] = RequirementFactory(organisation=org)
    o["quota"] = RequirementQuota.objects.create(
        requirement=o["requirement"], kind="kind", value="course", min_hours=Decimal(1)
    )
    ManagerShare.objects.create(owner=member, include_reflections=True)
    o["share_link"] = ShareLink.objects.create(owner=member, include_reflections=True)

    # --- planning
    o["cycle"] = CycleFactory(organisation=org)
    o["priority"] = PriorityFactory(cycle=o["cycle"], team=team, competency=o["competency"])
    o["plan"] = PlanFactory(cycle=o["cycle"], member=member, team=team)
    o["goal"] = GoalFactory(plan=o["plan"])

    # --- events
    event = EventFactory(organisation=org, slug="library-futures", title="Library futures")
    o["event"] = event
    o["session"] = SessionFactory(event=event)
    Recording.objects.create(
        session=o["session"],
        url="https://video.example.org/v/1",
        transcript="Hello.",
        transcript_file=ContentFile(b"Hello everyone.", name="transcript.txt"),
        captions=ContentFile(b"WEBVTT\n", name="captions.vtt"),
    )
    o["track"] = TrackFactory(event=event)
    o["speaker"] = SpeakerFactory(event=event)
    o["partner"] = EventPartner.objects.create(event=event, name="Partner", url="https://e.org")
    o["faq"] = FaqEntry.objects.create(event=event, language="en", question="Q?", answer="A.")
    o["registration"] = register(member, event)
    o["form"] = RegistrationForm.objects.get(event=event, language="en")
    o["event_question"] = EventQuestion.objects.create(
        form=o["form"], kind=QuestionKind.TEXT, label="Diet?"
    )
    Attendance.objects.create(session=o["session"], user=member, source="manual", minutes=60)
    o["feed_token"] = CalendarFeedToken.objects.create(user=member)
    o["proposal"] = Proposal.objects.create(
        event=event,
        submitter=member,
        title="My talk",
        abstract="About.",
        language="en",
        kind="talk",
    )
    o["event_certificate_code"] = verification_code(event=event, user=member)

    # --- meetups
    o["series"] = make_series(org, team)
    SeriesInvitation.objects.create(series=o["series"], user=member)
    first = o["series"].first_start
    o["occurrence"] = Occurrence.objects.create(series=o["series"], start=first, host=manager)
    o["occurrence_key"] = occurrence_key(first)

    # --- learning
    module = make_course(org, topics=1)
    o["module"] = module
    o["topic"] = module.topics.first()
    o["exercise"] = ExerciseFactory(topic=o["topic"])
    o["media"] = MediaFactory(topic=o["topic"])
    o["question"] = QuestionFactory(module=module)
    o["enrolment"] = EnrolmentFactory(module=module, user=member, best_score=80)
    finished = timezone.now() + dt.timedelta(minutes=1)
    Enrolment.objects.filter(pk=o["enrolment"].pk).update(
        passed_at=finished,
        completed_at=finished,
        certificate_code=Enrolment.new_certificate_code(),
    )
    o["enrolment"].refresh_from_db()
    o["attempt"] = Attempt.objects.create(enrolment=o["enrolment"], score=80, passed=True)
    o["kit"] = Kit.objects.create(
        organisation=org,
        slug="story-kit",
        title="Story kit",
        purpose="Stories.",
        audience="Staff",
        is_published=True,
        created_by=organiser,
    )
    o["kit_session"] = KitSession.objects.create(kit=o["kit"], title="Opening")
    o["kit_part"] = KitPart.objects.create(
        kit=o["kit"],
        kind="handout",
        title="Handout",
        file=ContentFile(b"%PDF-1.4 handout", name="handout.pdf"),
    )

    # --- coaching
    programme = ProgrammeFactory(organisation=org)
    o["programme"] = programme
    o["guide"] = PreparationGuideFactory(programme=programme)
    o["round"] = RoundFactory(programme=programme)
    coach_user = UserFactory()
    add_to_team(coach_user, team)
    o["coach"] = CoachFactory(programme=programme, user=coach_user)
    # The other member coaches too (with no bookings), so a role reaches the coach's own
    # pages (availability); the world's bookings stay with the coach above.
    o["role_coach"] = CoachFactory(programme=programme, user=o["other_member"])
    o["availability"] = AvailabilityFactory(coach=o["role_coach"], round=o["round"])
    o["slot"] = SlotFactory(coach=o["coach"], round=o["round"])
    free_start = o["round"].coaching_starts + dt.timedelta(hours=1)
    o["free_slot"] = SlotFactory(
        coach=o["coach"], round=o["round"], start=free_start, end=free_start + dt.timedelta(hours=1)
    )
    o["booking"] = BookingFactory(slot=o["slot"], coachee=member)
    o["application"] = CoachApplicationFactory(programme=programme, user=member)
    o["coaching_request"] = CoachingRequestFactory(round=o["round"], coachee=member)

    # --- translations
    campaign = CampaignFactory(
        organisation=org,
        template_file=ContentFile(b"Poster text", name="poster.txt"),
        preview_pdf=ContentFile(b"%PDF-1.4 preview", name="preview.pdf"),
    )
    o["campaign"] = campaign
    # A published language with its file, for the download routes (the "fr" one is being worked on).
    o["published_target"] = TargetLanguageFactory(
        campaign=campaign,
        language="de",
        state=LanguageState.PUBLISHED,
        published_at=now,
        uploaded_file=ContentFile(b"%PDF-1.4 Plakat", name="poster-de.pdf"),
        uploaded_file_kind=FileKind.PDF,
    )
    o["target"] = TargetLanguageFactory(campaign=campaign, language="fr")
    o["segment"] = SegmentFactory(campaign=campaign)
    o["term"] = GlossaryTermFactory(campaign=campaign)
    o["reviewer"] = LanguageReviewerFactory(campaign=campaign, user=manager, language="fr")
    VolunteerFactory(target=o["target"], user=member)
    o["review_comment"] = ReviewCommentFactory(target=o["target"], author=manager)

    # --- xAPI (a personal key of the member's, a destination and an activity map)
    o["xapi_key"] = XapiCredential.objects.create(
        name="My tool", key="matrix-key", secret_hash="0" * 64, user=member, created_by=member
    )
    o["org_xapi_key"] = XapiCredential.objects.create(
        name="Library tool",
        key="matrix-org-key",
        secret_hash="1" * 64,
        organisation=org,
        created_by=organiser,
    )
    o["destination"] = Destination.objects.create(
        organisation=org,
        name="LRS",
        endpoint="https://lrs.example.org/xapi/",
        username="key",
        password="secret",
    )
    o["activity_map"] = ActivityMap.objects.create(
        organisation=org, iri_prefix="https://tool.example.org/"
    )

    # --- badges (the member's credential for finishing the module)
    o["badge"] = credential_issue_for_source(
        recipient=member, source_key=f"learning:module:{module.pk}"
    )

    # --- API tokens
    o["api_token"], _raw = token_create(user=member, name="matrix", scopes=["profile:read"])

    world = World(objects=o)
    world.slugs = {
        "organisations": org.slug,
        "news": o["post"].slug,
        "competencies": o["framework"].slug,
        "events": event.slug,
        "meetups": o["series"].slug,
        "learning": module.slug,
        "coaching": programme.slug,
        "translations": campaign.slug,
        "xapi": org.slug,
        "badges": org.slug,
    }
    world.api_slugs = {
        "competencies": o["framework"].slug,
        "events": event.slug,
        "learning": module.slug,
        "coaching": programme.slug,
        "translations": campaign.slug,
    }
    world.api = {
        "activity_id": o["activity"].pk,
        "reflection_id": o["reflection"].pk,
        "competency_id": o["competency"].pk,
        "booking_id": o["booking"].uid,
        "coach_id": o["coach"].pk,
        "uid": o["session"].uid,
        "value": 1,
    }
    world.api_overrides = {
        "DELETE /api/v1/competencies/frameworks/{slug}/competencies/{competency_id}": {
            "competency_id": o["spare_competency"].pk
        },
    }
    world.api_bodies = api_bodies(o)
    kit = {"slug": o["kit"].slug}
    code = {"code": o["target"].language}
    world.kwargs = {
        # accounts
        "accounts:profile_detail": {"pk": member.pk},
        # organisations
        "organisations:invitation": {"token": o["invitation"].token},
        "organisations:membership": {"pk": o["membership"].pk},
        "organisations:membership_remove": {"pk": o["membership"].pk},
        "organisations:team_detail": {"team_slug": team.slug},
        "organisations:team_edit": {"team_slug": team.slug},
        "organisations:team_join": {"team_slug": team.slug},
        "organisations:team_leave": {"team_slug": team.slug},
        "organisations:team_invite": {"team_slug": team.slug},
        "organisations:team_membership": {"team_slug": team.slug, "pk": o["team_membership"].pk},
        "organisations:team_membership_remove": {
            "team_slug": team.slug,
            "pk": o["team_membership"].pk,
        },
        # news
        "news:tag_detail": {"slug": o["tag"].slug},
        "news:tag_feed_atom": {"slug": o["tag"].slug},
        "news:tag_feed_rss": {"slug": o["tag"].slug},
        "news:author_detail": {"pk": organiser.pk},
        "news:moderation_queue": {"slug": org.slug},
        "news:comment_moderate": {"pk": o["comment"].pk},
        "news:issue_list": {"slug": org.slug},
        "news:issue_create": {"slug": org.slug},
        "news:issue_detail": {"pk": o["issue"].pk},
        "news:issue_edit": {"pk": o["issue"].pk},
        "news:issue_send": {"pk": o["issue"].pk},
        "news:subscription_confirm": {"token": o["subscriber"].token},
        "news:unsubscribe": {"token": o["subscriber"].token},
        # portfolio
        **{
            f"portfolio:{name}": {"pk": o["activity"].pk}
            for name in (
                "activity_detail",
                "activity_edit",
                "activity_delete",
                "evidence_upload",
                "reflection_create",
            )
        },
        "portfolio:evidence_download": {"pk": o["evidence"].pk},
        "portfolio:evidence_delete": {"pk": o["evidence"].pk},
        "portfolio:reflection_edit": {"pk": o["reflection"].pk},
        "portfolio:reflection_delete": {"pk": o["reflection"].pk},
        "portfolio:reflection_follow_up": {"pk": o["reflection"].pk},
        "portfolio:requirement_detail": {"pk": o["requirement"].pk},
        "portfolio:requirement_edit": {"pk": o["requirement"].pk},
        "portfolio:requirement_delete": {"pk": o["requirement"].pk},
        "portfolio:quota_add": {"pk": o["requirement"].pk},
        "portfolio:quota_delete": {"pk": o["quota"].pk},
        "portfolio:organisation_requirements": {"slug": org.slug},
        "portfolio:organisation_requirement_create": {"slug": org.slug},
        "portfolio:share_link_revoke": {"pk": o["share_link"].pk},
        "portfolio:person_record": {"user_id": member.pk},
        "portfolio:person_export": {"user_id": member.pk},
        "portfolio:person_evidence": {"user_id": member.pk, "pk": o["evidence"].pk},
        "portfolio:shared_link": {"token": o["share_link"].token},
        "portfolio:shared_link_export": {"token": o["share_link"].token},
        "portfolio:shared_link_evidence": {
            "token": o["share_link"].token,
            "pk": o["evidence"].pk,
        },
        # competencies
        "competencies:competency_history": {"pk": o["competency"].pk},
        "competencies:person_ratings": {"user_pk": member.pk, "slug": o["framework"].slug},
        "competencies:person_competency_history": {
            "user_pk": member.pk,
            "pk": o["competency"].pk,
        },
        "competencies:level_delete": {"value": 1},
        **{
            f"competencies:{name}": {"pk": o["competency"].pk}
            for name in (
                "competency_edit",
                "competency_move",
                "competency_delete",
                "competency_text_delete",
            )
        },
        # planning
        **{
            f"planning:{name}": {"slug": org.slug}
            for name in (
                "organisation_overview",
                "organisation_overview_csv",
                "cycle_create",
                "organisation_priority_create",
            )
        },
        **{
            f"planning:{name}": {"team_id": team.pk}
            for name in (
                "team_overview",
                "team_overview_csv",
                "team_priority_create",
                "plan_create",
            )
        },
        "planning:priority_edit": {"pk": o["priority"].pk},
        "planning:priority_delete": {"pk": o["priority"].pk},
        **{
            f"planning:{name}": {"pk": o["plan"].pk}
            for name in (
                "plan_detail",
                "plan_edit",
                "goal_create",
                "plan_submit",
                "plan_review",
                "plan_comment",
                "plan_complete",
                "plan_reopen",
            )
        },
        "planning:goal_edit": {"pk": o["goal"].pk},
        "planning:goal_delete": {"pk": o["goal"].pk},
        "planning:goal_activities": {"pk": o["goal"].pk},
        # events
        "events:feed_token_revoke": {"pk": o["feed_token"].pk},
        "events:agenda_feed": {"token": o["feed_token"].token},
        "events:certificate_verify": {"code": o["event_certificate_code"]},
        "events:registration_form_edit": {"pk": o["form"].pk},
        "events:question_delete": {"pk": o["event_question"].pk},
        "events:attendance_session": {"uid": _uid(o["session"])},
        "events:attendance_import": {"uid": _uid(o["session"])},
        **{
            f"events:{name}": {"pk": o["proposal"].pk}
            for name in (
                "cfp_proposal",
                "cfp_proposal_edit",
                "cfp_proposal_withdraw",
                "cfp_review",
                "cfp_decide",
            )
        },
        **{
            f"events:{name}": {"org": org.slug}
            for name in (
                "organisation_events",
                "organisation_feed_atom",
                "organisation_feed_rss",
                "event_create",
            )
        },
        "events:event_text_edit": {"language": "en"},
        **{
            f"events:{name}": {"pk": o["session"].pk}
            for name in (
                "session_detail",
                "session_edit",
                "session_calendar",
                "recording_detail",
                "recording_edit",
            )
        },
        "events:recording_file": {"pk": o["session"].pk, "which": "transcript"},
        "events:item_create": {"kind": "tracks"},
        "events:item_edit": {"kind": "tracks", "pk": o["track"].pk},
        "events:item_delete": {"kind": "tracks", "pk": o["track"].pk},
        # meetups
        **{
            f"meetups:{name}": {"key": o["occurrence_key"]}
            for name in (
                "occurrence_detail",
                "occurrence_rsvp",
                "occurrence_notes",
                "occurrence_cancel",
            )
        },
        # learning
        "learning:verify": {"code": o["enrolment"].certificate_code},
        "learning:team_report": {"team_id": team.pk},
        "learning:topic": {"pk": o["topic"].pk},
        "learning:topic_done": {"pk": o["topic"].pk},
        "learning:exercise_answer": {"pk": o["exercise"].pk},
        "learning:attempt": {"pk": o["attempt"].pk},
        **{
            f"learning:{name}": {"pk": o["topic"].pk}
            for name in (
                "authoring_topic",
                "authoring_topic_move",
                "authoring_topic_delete",
                "authoring_exercise_add",
                "authoring_media_add",
                "authoring_resource_add",
            )
        },
        "learning:authoring_media": {"pk": o["media"].pk},
        **{
            f"learning:{name}": {"pk": o["question"].pk}
            for name in (
                "authoring_question",
                "authoring_question_move",
                "authoring_question_delete",
            )
        },
        "learning:authoring_part_delete": {"kind": "exercise", "pk": o["exercise"].pk},
        **{
            f"learning:{name}": kit
            for name in (
                "kit",
                "kit_edit",
                "kit_publish",
                "kit_copy",
                "kit_download",
                "kit_schedule",
                "kit_session_create",
                "kit_part_create",
            )
        },
        **{
            f"learning:{name}": {**kit, "pk": o["kit_session"].pk}
            for name in ("kit_session_edit", "kit_session_delete", "kit_session_move")
        },
        **{
            f"learning:{name}": {**kit, "pk": o["kit_part"].pk}
            for name in ("kit_part_edit", "kit_part_delete", "kit_part_move", "kit_part_file")
        },
        # coaching
        **{
            f"coaching:{name}": {"pk": o["round"].pk}
            for name in (
                "round",
                "round_edit",
                "request_create",
                "requests",
                "dashboard",
                "dashboard_csv",
                "coach_availability",
                "round_slots",
            )
        },
        "coaching:request_offer": {"pk": o["round"].pk, "request_pk": o["coaching_request"].pk},
        "coaching:availability_delete": {
            "pk": o["round"].pk,
            "availability_id": o["availability"].pk,
        },
        "coaching:booking_create": {"pk": o["round"].pk, "slot_id": o["free_slot"].pk},
        "coaching:application_detail": {"pk": o["application"].pk},
        "coaching:coach": {"pk": o["coach"].pk},
        "coaching:coach_edit": {"pk": o["coach"].pk},
        "coaching:coach_pause": {"pk": o["coach"].pk},
        "coaching:guide_edit": {"lang": "en"},
        **{
            f"coaching:{name}": {"uid": o["booking"].uid}
            for name in (
                "booking",
                "booking_ics",
                "booking_cancel",
                "booking_reschedule",
                "booking_feedback",
            )
        },
        # translations
        **{
            f"translations:{name}": code
            for name in (
                "claim",
                "claim_leave",
                "lead_hand_over",
                "translate",
                "upload",
                "upload_download",
                "submit",
                "review",
                "review_comment",
                "review_start",
                "request_changes",
                "approve",
                "language",
                "language_publish",
                "language_unpublish",
                "language_remove",
            )
        },
        "translations:language_file": {"code": o["published_target"].language},
        "translations:language_pdf": {"code": o["published_target"].language},
        "translations:segment_save": {**code, "segment_id": o["segment"].pk},
        "translations:comment_resolve": {**code, "comment_id": o["review_comment"].pk},
        "translations:campaign_from_guide": {"guide_id": o["guide"].pk},
        "translations:segment_edit": {"segment_id": o["segment"].pk},
        "translations:segment_delete": {"segment_id": o["segment"].pk},
        "translations:segment_move": {"segment_id": o["segment"].pk},
        "translations:glossary_translation": {"term_id": o["term"].pk},
        "translations:glossary_delete": {"term_id": o["term"].pk},
        "translations:reviewer_remove": {"reviewer_id": o["reviewer"].pk},
        # xapi
        "xapi:key_revoke": {"pk": o["xapi_key"].pk},
        "xapi:organisation_key_revoke": {"pk": o["org_xapi_key"].pk},
        **{
            f"xapi:{name}": {"pk": o["destination"].pk}
            for name in ("destination_edit", "destination_delete", "destination_test")
        },
        "xapi:map_edit": {"pk": o["activity_map"].pk},
        "xapi:map_delete": {"pk": o["activity_map"].pk},
        # badges
        **{
            f"badges:{name}": {"pk": o["badge"].pk if o["badge"] else None}
            for name in ("detail", "json", "jwt", "png", "image", "status", "revoke")
        },
        "badges:key": {"slug": org.slug, "kid": _issuer_kid(org)},
        # api pages
        "api:token_revoke": {"pk": o["api_token"].pk},
    }
    return world


def api_bodies(o: dict) -> dict:
    """A valid body for each API write operation, built from the world's objects.

    With a valid body the answer shows who may write (201/200/204) and who may not (403/404),
    instead of a 422 for everyone. An operation without an entry is sent `{}`."""
    start = timezone.now() - dt.timedelta(days=2)
    frameworks = "/api/v1/competencies/frameworks"
    return {
        # portfolio
        "POST /api/v1/portfolio/activities": {
            "title": "Matrix workshop",
            "kind": "course",
            "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=2)).isoformat(),
            "hours": "2",
            "competencies": [o["competency"].pk],
        },
        "PATCH /api/v1/portfolio/activities/{activity_id}": {"title": "Renamed workshop"},
        "POST /api/v1/portfolio/activities/{activity_id}/reflections": {
            "template": "free",
            "part_1": "What I learnt.",
        },
        "PATCH /api/v1/portfolio/reflections/{reflection_id}": {"part_1": "What I learnt."},
        # competencies
        f"POST {frameworks}": {
            "organisation": o["organisation"].slug,
            "title": "Matrix framework",
            "slug": "matrix-framework",
        },
        f"PATCH {frameworks}/{{slug}}": {"description": "Changed."},
        f"PUT {frameworks}/{{slug}}/levels/{{value}}": {"label": "Starting out"},
        f"POST {frameworks}/{{slug}}/competencies": {"language": "en", "title": "Storytelling"},
        f"PATCH {frameworks}/{{slug}}/competencies/{{competency_id}}": {"code": "M1"},
        f"PUT {frameworks}/{{slug}}/ratings/{{competency_id}}": {"current": 3, "target": 4},
        # events
        "POST /api/v1/events/{slug}/registration": {"follow_language": "en"},
        # coaching
        "POST /api/v1/coaching/bookings": {
            "slot_id": o["free_slot"].pk,
            "goals": "Plan my next year.",
        },
        # profile
        "PATCH /api/v1/me": {"bio": "Reads a lot."},
    }


def _issuer_kid(organisation) -> str | None:
    from atheneum.badges.models import IssuerKey

    key = IssuerKey.objects.filter(organisation=organisation).first()
    return key.kid if key else None


def _uid(session):
    return session.uid


def grow(world: World, factor: int) -> None:
    """Adds `factor` more of each listed thing, around the same people and containers."""
    o = world.objects
    org, team, member = o["organisation"], o["team"], o["member"]
    first = o.get("grown", 0)
    o["grown"] = first + factor
    for index in range(first, first + factor):
        person = UserFactory()
        add_to_team(person, team)
        activity = ActivityFactory(owner=member)
        ReflectionFactory(activity=activity)
        EvidenceFactory(activity=activity)
        ActivityFactory(owner=person)
        PostFactory(organisation=org, author=o["organiser"]).tags.add(o["tag"])
        CommentFactory(post=o["post"], author=person)
        competency = CompetencyFactory(framework=o["framework"])
        Rating.objects.create(user=member, competency=competency, level=1)
        event = EventFactory(organisation=org)
        SessionFactory(event=o["event"])
        register(person, o["event"])
        register(member, event)
        Proposal.objects.create(
            event=o["event"],
            submitter=person,
            title=f"Talk {index}",
            abstract="About.",
            language="en",
            kind="talk",
        )
        GoalFactory(plan=o["plan"])
        PlanFactory(cycle=o["cycle"], member=person, team=team)
        EnrolmentFactory(module=o["module"], user=person)
        course = make_course(org, topics=1)
        SegmentFactory(campaign=o["campaign"])
        CampaignFactory(organisation=org)
        SlotFactory(
            coach=o["coach"],
            round=o["round"],
            start=o["round"].coaching_starts + dt.timedelta(hours=2 + index),
            end=o["round"].coaching_starts + dt.timedelta(hours=3 + index),
        )
        CoachingRequestFactory(round=o["round"], coachee=person)
        ShareLink.objects.create(owner=member)
        CalendarFeedToken.objects.create(user=member)
        RequirementFactory(organisation=org)
        RequirementFactory(owner=member)
        Invitation.objects.create(
            organisation=org,
            email=f"invited-{index}-{person.pk}@example.org",
            invited_by=o["organiser"],
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        KitSession.objects.create(kit=o["kit"], title=f"Part {index}")
        KitPart.objects.create(kit=o["kit"], kind="handout", title=f"Handout {index}")
        PriorityFactory(cycle=o["cycle"], team=team, competency=competency)
        TagFactory()
        token_create(user=member, name=f"tool {index}", scopes=["profile:read"])
        _grow_meetups(o, index, person)
        _grow_badges(o, course, person)
        _grow_xapi(o, index)


def _grow_meetups(o: dict, index: int, person) -> None:
    """One more series the member is invited to, one more dated meeting with a host and
    answers on the world's series, and one more answer on the world's meeting."""
    org, team, series = o["organisation"], o["team"], o["series"]
    invited = make_series(org, team, slug=f"grown-series-{index}", title=f"Series {index}")
    SeriesInvitation.objects.create(series=invited, user=o["member"])
    SeriesInvitation.objects.create(series=series, user=person)
    rule = recurrence.build_rule(
        rule_text=series.rrule, first_start=series.first_start, time_zone=series.time_zone
    )
    dates = recurrence.next_dates(
        rule=rule, time_zone=series.time_zone, after=timezone.now(), count=index + 1
    )
    occurrence = Occurrence.objects.create(series=series, start=dates[index], host=o["manager"])
    Rsvp.objects.create(occurrence=occurrence, user=person, response=RsvpResponse.YES)
    Rsvp.objects.create(occurrence=o["occurrence"], user=person, response=RsvpResponse.MAYBE)


def _grow_badges(o: dict, course, person) -> None:
    """The member and a new person each earn the badge of one more module."""
    for recipient in (o["member"], person):
        credential_issue_for_source(recipient=recipient, source_key=f"learning:module:{course.pk}")


def _grow_xapi(o: dict, index: int) -> None:
    """One more statement of the member's, one more personal and organisation key, one more
    destination and one more activity map."""
    org, member = o["organisation"], o["member"]
    statements_store(
        credential=o["xapi_key"],
        statements=[xapi_statement(member.email, object_id=f"https://course.example.org/{index}")],
        version="1.0.3",
    )
    make_xapi_key(user=member, name=f"Player {index}")
    make_xapi_key(organisation=org, acting_user=o["organiser"], name=f"Library tool {index}")
    Destination.objects.create(
        organisation=org,
        name=f"LRS {index}",
        endpoint=f"https://lrs{index}.example.org/xapi/",
        username="key",
        password="secret",
    )
    ActivityMap.objects.create(organisation=org, iri_prefix=f"https://tool{index}.example.org/")
