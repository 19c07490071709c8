"""The permission matrix: what each role gets from every route of the URL conf.

Every URL name (and every API operation, keyed "METHOD /api/v1/path") must have an entry here;
`test_url_matrix` fails for a route without one. An entry is the expected status for each role,
in the order of `ROLES` in tests/conftest.py:

    anonymous, member, other_member, manager, other_org_manager, organiser, admin

Requests: pages that show something are asked with GET. Pages that only accept POST (GET
answers 405) are declared with `post(...)`: the test POSTs an empty form, inside a savepoint
that is rolled back, so the entry records who may perform the action (typically 302 to the
sign-in page for visitors, 403/404 for the wrong people, 200 — the form again, with errors — or
302 after the action for the right ones). API write operations are sent the same way with a
valid JSON body (`world.api_bodies`, built from the world's objects; `{}` for operations that
take none), so the entry shows who may write: 201/200/204 for the right people, 403/404 for the
others, 401 without a token.

"member" owns the private objects of the world (see world.py); "other_member" is in the same
team and asks for them (404 expected: another person's private object is not found).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Expect:
    statuses: tuple[int, int, int, int, int, int, int]
    method: str = "GET"


def s(  # noqa: PLR0917 - one status per role, in ROLES order, keeps the table compact
    anonymous, member, other_member, manager, other_org_manager, organiser, admin
) -> Expect:
    return Expect((anonymous, member, other_member, manager, other_org_manager, organiser, admin))


def post(expect: Expect) -> Expect:
    return Expect(expect.statuses, "POST")


# --- presets --------------------------------------------------------------------------------
PUBLIC = s(200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = s(302, 200, 200, 200, 200, 200, 200)
# The member's own private object: everyone else gets 404 (not 403), visitors sign in first.
OWNER_ONLY = s(302, 200, 404, 404, 404, 404, 404)
# Organisation organisers (and site admins, who are also admins of the organisation).
ORGANISER = s(302, 403, 403, 403, 403, 200, 200)
ORGANISER_404 = s(302, 404, 404, 404, 404, 200, 200)
# Team managers (of the member's team), the organisation's organisers and admins.
MANAGERS = s(302, 403, 403, 200, 403, 200, 200)
MANAGERS_404 = s(302, 404, 404, 200, 404, 200, 200)
# Nobody in the world may (e.g. pages only the coach, who is none of the roles, may see).
NO_ROLE = s(302, 404, 404, 404, 404, 404, 404)
# A coach's own pages: other_member coaches in the world's programme (with no bookings).
COACH_ONLY = s(302, 404, 200, 404, 404, 404, 404)
COACH_ACTION = s(302, 404, 302, 404, 404, 404, 404)
# POST actions (an empty form): 302 is "done, redirected" (to the sign-in page for visitors).
SIGNED_IN_ACTION = s(302, 302, 302, 302, 302, 302, 302)
OWNER_ACTION = s(302, 302, 404, 404, 404, 404, 404)
ORGANISER_ACTION = s(302, 403, 403, 403, 403, 302, 302)
ORGANISER_404_ACTION = s(302, 404, 404, 404, 404, 302, 302)
# The API: 401 without a token.
API_SIGNED_IN = s(401, 200, 200, 200, 200, 200, 200)
API_OWNER_ONLY = s(401, 200, 404, 404, 404, 404, 404)
# API writes with a valid body.
API_SIGNED_IN_CREATE = s(401, 201, 201, 201, 201, 201, 201)
API_OWNER_CREATE = s(401, 201, 404, 404, 404, 404, 404)
API_ORGANISER_CREATE = s(401, 403, 403, 403, 403, 201, 201)
API_ORGANISER_WRITE = s(401, 403, 403, 403, 403, 200, 200)
API_OWNER_DELETE = s(401, 204, 404, 404, 404, 404, 404)
NOT_FOUND = s(404, 404, 404, 404, 404, 404, 404)


# --- exclusions: routes that are not ours -----------------------------------------------------
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin site (staff only, Django's own permission checks)",
    "static/": "static files, served by WhiteNoise",
    "media/": "uploaded files in DEBUG only",
    "jsi18n/": "Django's JavaScript catalogue",
    "bench/": "benchmark endpoint, only with BENCH_ENDPOINTS",
}
EXCLUDED_NAME_PREFIXES = {
    "account_": "allauth's sign-in, sign-up, e-mail and password pages",
    "mfa_": "allauth's two-factor pages",
    "admin:": "Django's admin site",
}
# The ninja API's own patterns that are not operations (the operations are keyed by method).
API_PAGES = {"api-v1:openapi-json", "api-v1:api-root"}


def excluded(route: str, name: str | None) -> str:
    """Why a route is left out of the matrix ("" when it is ours)."""
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if route.startswith(prefix):
            return reason
    for prefix, reason in EXCLUDED_NAME_PREFIXES.items():
        if name and name.startswith(prefix):
            return reason
    return ""


# --- declarations ---------------------------------------------------------------------------
MATRIX: dict[str, Expect] = {
    # site
    "accessibility": PUBLIC,
    "healthz": PUBLIC,
    "home": PUBLIC,
    "set_language": post(SIGNED_IN_ACTION),
    "set_timezone": post(SIGNED_IN_ACTION),
    # accounts
    "accounts:account_delete": SIGNED_IN,
    "accounts:dashboard": SIGNED_IN,
    "accounts:data_export": SIGNED_IN,
    "accounts:mfa_required": SIGNED_IN,
    # profiles are visible to signed-in people unless hidden (then 404)
    "accounts:profile_detail": s(404, 200, 200, 200, 200, 200, 200),
    "accounts:profile_edit": SIGNED_IN,
    # api
    "api:token_list": SIGNED_IN,
    "api:token_revoke": OWNER_ONLY,
    # api coaching
    "DELETE /api/v1/coaching/bookings/{booking_id}": API_OWNER_ONLY,
    "GET /api/v1/coaching/bookings": API_SIGNED_IN,
    "GET /api/v1/coaching/coaches/{coach_id}/slots": PUBLIC,
    "GET /api/v1/coaching/programmes": PUBLIC,
    "GET /api/v1/coaching/programmes/{slug}": PUBLIC,
    "GET /api/v1/coaching/programmes/{slug}/coaches": PUBLIC,
    # the world's round is open to every signed-in person (coaching.book); a member may hold
    # more than one booking in it
    "POST /api/v1/coaching/bookings": API_SIGNED_IN_CREATE,
    # api competencies
    # (a competency nobody rated: world.api_overrides)
    "DELETE /api/v1/competencies/frameworks/{slug}/competencies/{competency_id}": s(
        401, 403, 403, 403, 403, 204, 204
    ),
    "DELETE /api/v1/competencies/frameworks/{slug}/levels/{value}": s(
        401, 403, 403, 403, 403, 204, 204
    ),
    "GET /api/v1/competencies/frameworks": API_SIGNED_IN,
    "GET /api/v1/competencies/frameworks/{slug}": API_SIGNED_IN,
    "GET /api/v1/competencies/frameworks/{slug}/ratings": API_SIGNED_IN,
    "PATCH /api/v1/competencies/frameworks/{slug}": API_ORGANISER_WRITE,
    "PATCH /api/v1/competencies/frameworks/{slug}/competencies/{competency_id}": (
        API_ORGANISER_WRITE
    ),
    # for the organisation in the body; people who organise none are refused (403)
    "POST /api/v1/competencies/frameworks": API_ORGANISER_CREATE,
    "POST /api/v1/competencies/frameworks/{slug}/competencies": API_ORGANISER_CREATE,
    "PUT /api/v1/competencies/frameworks/{slug}/levels/{value}": API_ORGANISER_WRITE,
    "PUT /api/v1/competencies/frameworks/{slug}/ratings/{competency_id}": API_SIGNED_IN,
    # api events
    "DELETE /api/v1/events/{slug}/agenda/{uid}": API_OWNER_DELETE,
    "DELETE /api/v1/events/{slug}/registration": API_OWNER_ONLY,
    "GET /api/v1/events": PUBLIC,
    "GET /api/v1/events/agenda": API_SIGNED_IN,
    "GET /api/v1/events/registrations": API_SIGNED_IN,
    "GET /api/v1/events/{slug}": PUBLIC,
    "GET /api/v1/events/{slug}/registration": API_OWNER_ONLY,
    "GET /api/v1/events/{slug}/sessions": PUBLIC,
    "GET /api/v1/events/{slug}/sessions/{uid}": PUBLIC,
    # the event is open to everyone signed in; the member is registered already (422)
    "POST /api/v1/events/{slug}/registration": s(401, 422, 201, 201, 201, 201, 201),
    "PUT /api/v1/events/{slug}/agenda/{uid}": API_OWNER_ONLY,
    # api learning
    "GET /api/v1/learning/modules": PUBLIC,
    "GET /api/v1/learning/modules/{slug}": PUBLIC,
    "GET /api/v1/learning/modules/{slug}/progress": API_OWNER_ONLY,
    "GET /api/v1/learning/progress": API_SIGNED_IN,
    "POST /api/v1/learning/modules/{slug}/start": s(401, 200, 201, 201, 201, 201, 201),
    # api me
    "GET /api/v1/me": API_SIGNED_IN,
    "PATCH /api/v1/me": API_SIGNED_IN,
    # api portfolio
    "DELETE /api/v1/portfolio/activities/{activity_id}": API_OWNER_DELETE,
    "DELETE /api/v1/portfolio/reflections/{reflection_id}": API_OWNER_DELETE,
    "GET /api/v1/portfolio/activities": API_SIGNED_IN,
    "GET /api/v1/portfolio/activities/{activity_id}": API_OWNER_ONLY,
    "GET /api/v1/portfolio/reflections": API_SIGNED_IN,
    "GET /api/v1/portfolio/reflections/{reflection_id}": API_OWNER_ONLY,
    "GET /api/v1/portfolio/summary": API_SIGNED_IN,
    "PATCH /api/v1/portfolio/activities/{activity_id}": API_OWNER_ONLY,
    "PATCH /api/v1/portfolio/reflections/{reflection_id}": API_OWNER_ONLY,
    "POST /api/v1/portfolio/activities": API_SIGNED_IN_CREATE,
    "POST /api/v1/portfolio/activities/{activity_id}/reflections": API_OWNER_CREATE,
    # api translations
    "GET /api/v1/translations/campaigns": PUBLIC,
    "GET /api/v1/translations/campaigns/{slug}": PUBLIC,
    "GET /api/v1/translations/campaigns/{slug}/coverage": PUBLIC,
    "GET /api/v1/translations/my": API_SIGNED_IN,
    # api-v1
    # ninja serves no page at the root
    "api-v1:api-root": NOT_FOUND,
    "api-v1:openapi-json": PUBLIC,
    # badges
    "badges:detail": PUBLIC,
    "badges:image": PUBLIC,
    "badges:issuer": PUBLIC,
    "badges:json": PUBLIC,
    "badges:jwks": PUBLIC,
    "badges:jwt": PUBLIC,
    "badges:key": PUBLIC,
    "badges:my": SIGNED_IN,
    "badges:organisation": ORGANISER_404,
    "badges:png": PUBLIC,
    "badges:revocations": PUBLIC,
    "badges:revoke": ORGANISER,
    "badges:status": PUBLIC,
    "badges:verify": PUBLIC,
    # coaching
    "coaching:application_create": s(302, 302, 200, 200, 200, 200, 200),
    "coaching:application_detail": s(302, 200, 404, 404, 404, 200, 200),
    "coaching:applications": ORGANISER,
    # only the coach (other_member, see world.py) manages their own availability
    "coaching:availability_delete": post(COACH_ACTION),
    "coaching:become_coach": PUBLIC,
    "coaching:booking": OWNER_ONLY,
    "coaching:booking_cancel": post(OWNER_ACTION),
    "coaching:booking_create": SIGNED_IN,
    "coaching:booking_feedback": OWNER_ONLY,
    "coaching:booking_ics": OWNER_ONLY,
    "coaching:booking_reschedule": OWNER_ONLY,
    "coaching:coach": PUBLIC,
    # only a coach of the round (other_member) has an availability page
    "coaching:coach_availability": COACH_ONLY,
    "coaching:coach_edit": ORGANISER,
    "coaching:coach_pause": post(ORGANISER_ACTION),
    "coaching:dashboard": ORGANISER,
    "coaching:dashboard_csv": ORGANISER,
    "coaching:guide": PUBLIC,
    "coaching:guide_edit": ORGANISER,
    "coaching:my_coaching": SIGNED_IN,
    "coaching:programme": PUBLIC,
    "coaching:programme_create": ORGANISER,
    "coaching:programme_edit": ORGANISER,
    "coaching:programmes": PUBLIC,
    "coaching:request_create": SIGNED_IN,
    "coaching:request_offer": post(ORGANISER_ACTION),
    "coaching:requests": ORGANISER,
    "coaching:round": PUBLIC,
    "coaching:round_create": ORGANISER,
    "coaching:round_edit": ORGANISER,
    "coaching:round_slots": PUBLIC,
    # competencies
    "competencies:competency_create": ORGANISER,
    "competencies:competency_delete": post(ORGANISER_ACTION),
    "competencies:competency_edit": ORGANISER,
    "competencies:competency_history": SIGNED_IN,
    "competencies:competency_move": post(ORGANISER_ACTION),
    "competencies:competency_text_delete": post(ORGANISER_ACTION),
    "competencies:export_case": PUBLIC,
    "competencies:export_csv": PUBLIC,
    "competencies:framework_create": ORGANISER,
    "competencies:framework_detail": PUBLIC,
    "competencies:framework_edit": ORGANISER,
    "competencies:framework_gaps": SIGNED_IN,
    "competencies:framework_import": ORGANISER,
    "competencies:framework_list": PUBLIC,
    "competencies:framework_publish": post(ORGANISER_ACTION),
    "competencies:level_delete": post(ORGANISER_ACTION),
    "competencies:level_list": ORGANISER,
    "competencies:my_assessment": SIGNED_IN,
    "competencies:my_gaps": SIGNED_IN,
    "competencies:person_competency_history": OWNER_ONLY,
    "competencies:person_ratings": OWNER_ONLY,
    "competencies:self_assessment": SIGNED_IN,
    "competencies:sharing_set": post(SIGNED_IN_ACTION),
    # the viewer's own teams; organisers are not team managers
    "competencies:team": s(302, 403, 403, 200, 200, 403, 403),
    # events
    "events:agenda_change": post(NO_ROLE),
    "events:agenda_feed": PUBLIC,
    "events:agenda_ics": OWNER_ONLY,
    "events:attendance_import": post(s(302, 403, 403, 403, 403, 400, 400)),
    "events:attendance_session": ORGANISER,
    "events:attendee_list": ORGANISER,
    "events:certificate": OWNER_ONLY,
    "events:certificate_verify": PUBLIC,
    "events:cfp": PUBLIC,
    "events:cfp_decide": post(s(302, 403, 404, 404, 404, 400, 400)),
    "events:cfp_proposal": s(302, 200, 404, 404, 404, 200, 200),
    "events:cfp_proposal_edit": s(302, 200, 404, 404, 404, 403, 403),
    "events:cfp_proposal_withdraw": post(s(302, 302, 404, 404, 404, 403, 403)),
    "events:cfp_review": post(s(302, 403, 404, 404, 404, 400, 400)),
    "events:cfp_review_list": ORGANISER,
    # the world's event does not take proposals now
    "events:cfp_submit": s(302, 403, 403, 403, 403, 403, 403),
    "events:check_in": s(302, 200, 403, 403, 403, 403, 403),
    "events:event_calendar": PUBLIC,
    "events:event_create": ORGANISER,
    "events:event_detail": PUBLIC,
    "events:event_edit": ORGANISER,
    "events:event_jsonld": PUBLIC,
    "events:event_list": PUBLIC,
    "events:event_manage": ORGANISER,
    "events:event_text_edit": ORGANISER,
    "events:feed_atom": PUBLIC,
    "events:feed_rss": PUBLIC,
    "events:feed_token_create": post(SIGNED_IN_ACTION),
    "events:feed_token_revoke": post(OWNER_ACTION),
    "events:feed_tokens": SIGNED_IN,
    "events:item_create": ORGANISER,
    "events:item_delete": post(ORGANISER_ACTION),
    "events:item_edit": ORGANISER,
    # people without a registration are sent to the registration page
    "events:my_agenda": s(302, 200, 302, 302, 302, 302, 302),
    "events:organisation_events": PUBLIC,
    "events:organisation_feed_atom": PUBLIC,
    "events:organisation_feed_rss": PUBLIC,
    "events:question_delete": post(ORGANISER_ACTION),
    "events:recording_detail": SIGNED_IN,
    "events:recording_edit": ORGANISER,
    "events:recording_file": SIGNED_IN,
    "events:register": SIGNED_IN,
    "events:registration_cancel": post(OWNER_ACTION),
    "events:registration_dashboard": ORGANISER,
    "events:registration_form_edit": ORGANISER,
    "events:registration_manage": ORGANISER,
    "events:registrations_csv": ORGANISER,
    "events:schedule": PUBLIC,
    "events:schedule_json": PUBLIC,
    "events:schedule_xml": PUBLIC,
    "events:session_calendar": PUBLIC,
    "events:session_create": ORGANISER,
    "events:session_detail": PUBLIC,
    "events:session_edit": ORGANISER,
    "events:sessions_json": PUBLIC,
    # learning
    # a preview for everyone; taking it needs signing in
    "learning:assessment": PUBLIC,
    # visitors get 404 rather than a sign-in redirect
    "learning:attempt": OWNER_ONLY,
    "learning:authoring": SIGNED_IN,
    "learning:authoring_create": ORGANISER,
    "learning:authoring_duplicate": ORGANISER,
    "learning:authoring_edit": ORGANISER_404,
    "learning:authoring_exercise_add": post(s(302, 404, 404, 404, 404, 400, 400)),
    "learning:authoring_export": ORGANISER_404,
    "learning:authoring_import": ORGANISER,
    "learning:authoring_media": ORGANISER_404,
    "learning:authoring_media_add": post(s(302, 404, 404, 404, 404, 400, 400)),
    "learning:authoring_module": ORGANISER_404,
    "learning:authoring_part_delete": post(ORGANISER_404_ACTION),
    "learning:authoring_publish": post(ORGANISER_404_ACTION),
    "learning:authoring_question": ORGANISER_404,
    "learning:authoring_question_create": ORGANISER_404,
    "learning:authoring_question_delete": post(ORGANISER_404_ACTION),
    "learning:authoring_question_move": post(ORGANISER_404_ACTION),
    "learning:authoring_resource_add": post(s(302, 404, 404, 404, 404, 400, 400)),
    "learning:authoring_status": post(ORGANISER_404_ACTION),
    "learning:authoring_topic": ORGANISER_404,
    "learning:authoring_topic_create": ORGANISER_404,
    "learning:authoring_topic_delete": post(ORGANISER_404_ACTION),
    "learning:authoring_topic_move": post(ORGANISER_404_ACTION),
    "learning:authoring_version": post(ORGANISER_404_ACTION),
    "learning:catalogue": PUBLIC,
    "learning:certificate": OWNER_ONLY,
    "learning:completed": OWNER_ONLY,
    "learning:exercise_answer": post(SIGNED_IN_ACTION),
    "learning:finish": post(OWNER_ACTION),
    "learning:kit": PUBLIC,
    "learning:kit_copy": s(302, 403, 403, 200, 200, 200, 200),
    "learning:kit_create": s(302, 403, 403, 200, 200, 200, 200),
    "learning:kit_download": PUBLIC,
    "learning:kit_edit": ORGANISER,
    "learning:kit_part_create": ORGANISER,
    "learning:kit_part_delete": post(ORGANISER_ACTION),
    "learning:kit_part_edit": ORGANISER,
    "learning:kit_part_file": PUBLIC,
    "learning:kit_part_move": post(ORGANISER_ACTION),
    "learning:kit_publish": post(ORGANISER_ACTION),
    "learning:kit_schedule": ORGANISER,
    "learning:kit_session_create": ORGANISER,
    "learning:kit_session_delete": post(ORGANISER_ACTION),
    "learning:kit_session_edit": ORGANISER,
    "learning:kit_session_move": post(ORGANISER_ACTION),
    "learning:kits": PUBLIC,
    "learning:mark_reviewed": post(OWNER_ACTION),
    "learning:module": PUBLIC,
    "learning:module_report": ORGANISER,
    "learning:my_learning": SIGNED_IN,
    "learning:share_toggle": post(OWNER_ACTION),
    "learning:start": post(SIGNED_IN_ACTION),
    "learning:team_report": MANAGERS,
    "learning:topic": PUBLIC,
    "learning:topic_done": post(SIGNED_IN_ACTION),
    "learning:verify": PUBLIC,
    # meetups
    "meetups:occurrence_cancel": post(s(302, 403, 404, 403, 404, 302, 302)),
    "meetups:occurrence_detail": s(302, 200, 404, 200, 404, 200, 200),
    "meetups:occurrence_notes": s(302, 403, 404, 302, 404, 302, 302),
    "meetups:occurrence_rsvp": post(s(302, 400, 404, 400, 404, 400, 400)),
    "meetups:series_create": ORGANISER,
    "meetups:series_detail": s(302, 200, 404, 200, 404, 200, 200),
    "meetups:series_edit": s(302, 403, 404, 403, 404, 200, 200),
    "meetups:series_hosts": s(302, 403, 404, 403, 404, 200, 200),
    "meetups:series_ics": s(302, 200, 404, 200, 404, 200, 200),
    "meetups:series_invitations": s(302, 403, 404, 403, 404, 200, 200),
    "meetups:series_list": SIGNED_IN,
    "meetups:series_open": post(s(302, 403, 404, 403, 404, 302, 302)),
    # news
    "news:author_detail": PUBLIC,
    "news:comment_create": post(s(302, 400, 400, 400, 400, 400, 400)),
    "news:comment_moderate": post(ORGANISER_ACTION),
    "news:feed_atom": PUBLIC,
    "news:feed_rss": PUBLIC,
    "news:issue_create": ORGANISER,
    "news:issue_detail": ORGANISER_404,
    "news:issue_edit": ORGANISER_404,
    "news:issue_list": ORGANISER,
    "news:issue_send": post(ORGANISER_404_ACTION),
    "news:manage": SIGNED_IN,
    "news:moderation_queue": ORGANISER,
    "news:post_create": ORGANISER,
    "news:post_detail": PUBLIC,
    "news:post_edit": ORGANISER,
    "news:post_list": PUBLIC,
    "news:subscription": PUBLIC,
    "news:subscription_confirm": PUBLIC,
    "news:tag_detail": PUBLIC,
    "news:tag_feed_atom": PUBLIC,
    "news:tag_feed_rss": PUBLIC,
    "news:tag_list": PUBLIC,
    "news:unsubscribe": PUBLIC,
    # organisations
    "organisations:detail": PUBLIC,
    "organisations:edit": ORGANISER,
    "organisations:invitation": PUBLIC,
    "organisations:invite": ORGANISER,
    "organisations:join": post(SIGNED_IN_ACTION),
    "organisations:leave": post(s(302, 302, 302, 302, 403, 302, 302)),
    "organisations:list": PUBLIC,
    "organisations:membership": ORGANISER,
    "organisations:membership_remove": post(ORGANISER_ACTION),
    "organisations:team_create": ORGANISER,
    "organisations:team_detail": PUBLIC,
    "organisations:team_edit": MANAGERS,
    "organisations:team_invite": MANAGERS,
    "organisations:team_join": post(SIGNED_IN_ACTION),
    "organisations:team_leave": post(s(302, 302, 302, 302, 403, 403, 403)),
    "organisations:team_membership": MANAGERS,
    "organisations:team_membership_remove": post(s(302, 403, 403, 302, 403, 302, 302)),
    # planning
    "planning:cycle_create": s(302, 403, 403, 403, 404, 200, 200),
    "planning:goal_activities": post(OWNER_ACTION),
    "planning:goal_create": OWNER_ONLY,
    "planning:goal_delete": post(OWNER_ACTION),
    "planning:goal_edit": OWNER_ONLY,
    "planning:index": SIGNED_IN,
    "planning:organisation_overview": s(302, 403, 403, 403, 404, 200, 200),
    "planning:organisation_overview_csv": s(302, 403, 403, 403, 404, 200, 200),
    "planning:organisation_priority_create": s(302, 403, 403, 403, 404, 200, 200),
    "planning:plan_comment": post(OWNER_ACTION),
    "planning:plan_complete": post(OWNER_ACTION),
    "planning:plan_create": s(302, 200, 200, 200, 404, 403, 403),
    "planning:plan_detail": OWNER_ONLY,
    "planning:plan_edit": OWNER_ONLY,
    "planning:plan_reopen": post(OWNER_ACTION),
    "planning:plan_review": post(s(302, 403, 404, 404, 404, 404, 404)),
    "planning:plan_submit": post(OWNER_ACTION),
    "planning:priority_delete": post(s(302, 403, 403, 302, 404, 302, 302)),
    "planning:priority_edit": s(302, 403, 403, 200, 404, 200, 200),
    "planning:team_overview": s(302, 403, 403, 200, 404, 200, 200),
    "planning:team_overview_csv": s(302, 403, 403, 200, 404, 200, 200),
    "planning:team_priority_create": s(302, 403, 403, 200, 404, 200, 200),
    # portfolio
    "portfolio:activity_create": SIGNED_IN,
    "portfolio:activity_delete": OWNER_ONLY,
    "portfolio:activity_detail": OWNER_ONLY,
    "portfolio:activity_edit": OWNER_ONLY,
    "portfolio:activity_list": SIGNED_IN,
    "portfolio:evidence_delete": post(OWNER_ACTION),
    "portfolio:evidence_download": OWNER_ONLY,
    "portfolio:evidence_upload": post(s(302, 400, 404, 404, 404, 404, 404)),
    "portfolio:export": SIGNED_IN,
    "portfolio:manager_share_revoke": post(SIGNED_IN_ACTION),
    "portfolio:manager_share_set": post(SIGNED_IN_ACTION),
    "portfolio:organisation_requirement_create": ORGANISER,
    "portfolio:organisation_requirements": ORGANISER,
    "portfolio:people_list": SIGNED_IN,
    "portfolio:person_evidence": s(302, 404, 404, 200, 404, 404, 404),
    "portfolio:person_export": s(302, 404, 404, 200, 404, 404, 404),
    # only the member's manager (shared with managers), never organisers
    "portfolio:person_record": s(302, 404, 404, 200, 404, 404, 404),
    "portfolio:quota_add": post(s(302, 400, 404, 404, 404, 404, 404)),
    "portfolio:quota_delete": post(OWNER_ACTION),
    "portfolio:reflection_create": OWNER_ONLY,
    "portfolio:reflection_delete": OWNER_ONLY,
    "portfolio:reflection_edit": OWNER_ONLY,
    "portfolio:reflection_follow_up": OWNER_ONLY,
    "portfolio:requirement_create": SIGNED_IN,
    "portfolio:requirement_delete": OWNER_ONLY,
    "portfolio:requirement_detail": OWNER_ONLY,
    "portfolio:requirement_edit": OWNER_ONLY,
    "portfolio:requirement_list": SIGNED_IN,
    "portfolio:share_link_create": post(SIGNED_IN_ACTION),
    "portfolio:share_link_revoke": post(OWNER_ACTION),
    "portfolio:shared_link": PUBLIC,
    "portfolio:shared_link_evidence": PUBLIC,
    "portfolio:shared_link_export": PUBLIC,
    "portfolio:sharing": SIGNED_IN,
    # translations
    "translations:approve": post(s(302, 404, 404, 302, 404, 302, 302)),
    "translations:campaign": PUBLIC,
    "translations:campaign_create": ORGANISER,
    "translations:campaign_edit": ORGANISER,
    "translations:campaign_feed": PUBLIC,
    "translations:campaign_from_guide": post(ORGANISER_ACTION),
    "translations:campaign_languages": ORGANISER,
    "translations:campaigns": PUBLIC,
    "translations:claim": SIGNED_IN,
    "translations:claim_leave": post(OWNER_ACTION),
    "translations:comment_resolve": post(OWNER_ACTION),
    "translations:feed": PUBLIC,
    "translations:glossary_delete": post(ORGANISER_ACTION),
    "translations:glossary_manage": ORGANISER,
    "translations:glossary_translation": post(ORGANISER_ACTION),
    "translations:language": PUBLIC,
    "translations:language_file": PUBLIC,
    "translations:language_pdf": PUBLIC,
    "translations:language_publish": post(ORGANISER_ACTION),
    "translations:language_remove": post(ORGANISER_ACTION),
    "translations:language_unpublish": post(ORGANISER_ACTION),
    "translations:lead_hand_over": post(s(302, 302, 404, 404, 404, 302, 302)),
    "translations:my_work": SIGNED_IN,
    "translations:preview_download": PUBLIC,
    "translations:request_changes": post(s(302, 404, 404, 400, 404, 400, 400)),
    "translations:review": MANAGERS_404,
    "translations:review_comment": post(s(302, 404, 404, 400, 404, 400, 400)),
    "translations:review_start": post(s(302, 404, 404, 302, 404, 302, 302)),
    "translations:reviewer_remove": post(ORGANISER_ACTION),
    "translations:segment_delete": post(ORGANISER_ACTION),
    "translations:segment_edit": ORGANISER,
    "translations:segment_list": ORGANISER,
    "translations:segment_move": post(ORGANISER_ACTION),
    "translations:segment_save": post(s(302, 400, 404, 404, 404, 404, 404)),
    "translations:submit": post(OWNER_ACTION),
    "translations:template_download": PUBLIC,
    "translations:translate": OWNER_ONLY,
    "translations:upload": OWNER_ACTION,
    # the world's language has no uploaded file yet
    "translations:upload_download": NO_ROLE,
    # xapi
    "xapi:about": PUBLIC,
    "xapi:destination_create": ORGANISER,
    "xapi:destination_delete": ORGANISER,
    "xapi:destination_edit": ORGANISER,
    "xapi:destination_list": ORGANISER,
    "xapi:destination_test": post(ORGANISER_ACTION),
    "xapi:key_revoke": OWNER_ONLY,
    "xapi:keys": SIGNED_IN,
    "xapi:map_create": ORGANISER,
    "xapi:map_delete": ORGANISER,
    "xapi:map_edit": ORGANISER,
    "xapi:map_list": ORGANISER,
    "xapi:my_reflections": SIGNED_IN,
    "xapi:my_statements": SIGNED_IN,
    "xapi:organisation_key_revoke": ORGANISER,
    "xapi:organisation_keys": ORGANISER,
    # learning tools sign in with an xAPI key (HTTP Basic), not a session
    "xapi:statements": s(401, 401, 401, 401, 401, 401, 401),
}
