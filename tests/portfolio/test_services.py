"""Services: validation, evidence checks, reflections, follow-ups, reminders and sharing."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atheneum.portfolio import selectors, services
from atheneum.portfolio.enums import ActivityKind, LearningMode, QuotaKind, ReflectionTemplate
from atheneum.portfolio.files import MAX_EVIDENCE_BYTES
from atheneum.portfolio.models import (
    Activity,
    Evidence,
    ManagerShare,
    Reflection,
    Requirement,
    RequirementQuota,
    RequirementReminder,
)

from .conftest import SECRET
from .factories import (
    PDF_BYTES,
    PNG_BYTES,
    ActivityFactory,
    CompetencyFactory,
    ReflectionFactory,
    RequirementFactory,
)


def moment(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, tzinfo=datetime.UTC)


def create(member, **changes):
    data = {
        "owner": member,
        "acting_user": member,
        "title": "Cataloguing webinar",
        "kind": ActivityKind.WEBINAR,
        "start": moment(2),
        "end": moment(2, 11),
        "hours": Decimal("2"),
    }
    data.update(changes)
    return services.activity_create(**data)


def office_file(name: str, manifest_name: str, manifest: bytes) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(manifest_name, manifest)
        archive.writestr("content.xml", "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_activity_create_sets_mode_from_kind(member):
    activity = create(member, kind=ActivityKind.READING)
    assert activity.mode == LearningMode.SELF_DIRECTED
    assert create(member).mode == LearningMode.PARTICIPATORY


def test_activity_create_by_someone_else_is_refused(member, other_member):
    with pytest.raises(PermissionDenied):
        create(member, acting_user=other_member)
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("-1")}, "hours"),
        ({"hours": Decimal("24.5")}, "hours"),
        ({"end": moment(1)}, "end"),
        ({"title": "  "}, "title"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_activity_create_bad_input_changes_nothing(member, changes, field):
    with pytest.raises(ValidationError) as error:
        create(member, **changes)
    assert field in error.value.message_dict
    assert Activity.objects.count() == 0


def test_activity_hours_limit_is_24_per_calendar_day(member):
    activity = create(member, start=moment(2), end=moment(4, 10), hours=Decimal("72"))
    assert activity.hours == Decimal("72")
    with pytest.raises(ValidationError) as error:
        create(member, start=moment(2), end=moment(4, 10), hours=Decimal("72.5"))
    assert error.value.message_dict["hours"] == [
        "An activity over 3 calendar day(s) can count at most 72 hours (24 a day)."
    ]


def test_activity_competency_from_unusable_framework_is_refused(
    member, competency, private_framework_competency
):
    with pytest.raises(ValidationError) as error:
        create(member, competency_ids=[competency.pk, private_framework_competency.pk])
    assert "competencies" in error.value.message_dict
    assert Activity.objects.count() == 0


def test_activity_competency_of_own_organisation_framework_is_allowed(member, organisation):
    own = CompetencyFactory(framework__organisation=organisation, framework__is_published=False)
    activity = create(member, competency_ids=[own.pk])
    assert list(activity.competencies.all()) == [own]


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (SimpleUploadedFile("a.pdf", PDF_BYTES), "application/pdf"),
        (SimpleUploadedFile("a.png", PNG_BYTES), "image/png"),
        (SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20), "image/jpeg"),
        (SimpleUploadedFile("a.gif", b"GIF89a" + b"\0" * 20), "image/gif"),
        (SimpleUploadedFile("a.webp", b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 8), "image/webp"),
        (
            office_file(
                "a.docx",
                "[Content_Types].xml",
                b"<Types><Override ContentType='application/vnd.openxmlformats-officedocument."
                b"wordprocessingml.document.main+xml'/></Types>",
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            office_file("a.odt", "mimetype", b"application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
        ),
    ],
)
def test_evidence_accepted_by_content(member, upload, content_type):
    activity = create(member, evidence_files=[upload])
    evidence = activity.evidence.get()
    assert evidence.content_type == content_type
    assert default_storage.exists(evidence.file.name)
    assert evidence.file.name.startswith(f"evidence/{member.pk}/")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\0" * 60),
        SimpleUploadedFile("notes.pdf", b"just some text"),
        office_file("fake.docx", "[Content_Types].xml", b"<Types/>"),
        SimpleUploadedFile("broken.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_evidence_rejected_by_content_changes_nothing(member, upload):
    with pytest.raises(ValidationError) as error:
        create(member, evidence_files=[upload])
    assert error.value.message_dict["evidence"][0].startswith(f"The file “{upload.name}” is not")
    assert Activity.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_evidence_too_large_is_refused_with_clear_message(member):
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"\0" * MAX_EVIDENCE_BYTES)
    with pytest.raises(ValidationError) as error:
        create(member, evidence_files=[upload])
    assert error.value.message_dict["evidence"] == [
        "The file “big.pdf” is larger than 10 MB. Please upload a smaller file."
    ]
    assert Activity.objects.count() == 0


def test_exe_renamed_pdf_upload_through_page_changes_nothing(client_as, activity):
    response = client_as("member").post(
        reverse("portfolio:evidence_upload", args=[activity.pk]),
        {"evidence": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\0" * 60)},
    )
    assert response.status_code == 400
    assert "is not a PDF" in response.content.decode()
    assert activity.evidence.count() == 1


def test_activity_delete_removes_evidence_files(member, django_capture_on_commit_callbacks):
    activity = create(member, evidence_files=[SimpleUploadedFile("a.pdf", PDF_BYTES)])
    name = activity.evidence.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(activity=activity, acting_user=member)
    assert not default_storage.exists(name)
    assert Activity.objects.count() == 0


def test_reflection_321_sets_follow_up_in_four_weeks(activity, member):
    reflection = services.reflection_create(
        activity=activity,
        acting_user=member,
        template=ReflectionTemplate.THREE_TWO_ONE,
        part_1="a",
        part_2="b",
        part_3="c",
    )
    assert reflection.follow_up_due == selectors.today_for(member) + datetime.timedelta(days=28)


def test_reflection_free_text_has_no_follow_up_and_one_part(activity, member):
    reflection = services.reflection_create(
        activity=activity,
        acting_user=member,
        template=ReflectionTemplate.FREE,
        part_1="Thoughts",
        part_2="ignored",
    )
    assert (reflection.follow_up_due, reflection.part_2) == (None, "")


def test_reflection_missing_part_changes_nothing(activity, member):
    with pytest.raises(ValidationError) as error:
        services.reflection_create(
            activity=activity,
            acting_user=member,
            template=ReflectionTemplate.WHAT_SO_WHAT,
            part_1="What",
            part_2="",
            part_3="Now",
        )
    assert list(error.value.message_dict) == ["part_2"]
    assert activity.reflections.count() == 1


def test_reflection_by_someone_else_is_refused(activity, other_member):
    with pytest.raises(PermissionDenied):
        services.reflection_create(
            activity=activity, acting_user=other_member, template="free", part_1="x"
        )


def test_reflection_markdown_is_sanitised(client_as, activity, member):
    ReflectionFactory(
        activity=activity, template="free", part_1="**Bold** <script>alert(1)</script>"
    )
    response = client_as("member").get(reverse("portfolio:activity_detail", args=[activity.pk]))
    assert b"<strong>Bold</strong>" in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_reflection_labels_depend_on_template(client_as, activity):
    client = client_as("member")
    url = reverse("portfolio:reflection_create", args=[activity.pk])
    page = client.get(url + "?template=3-2-1").content.decode()
    assert "Three insights you gained" in page
    assert "One idea to apply now" in page
    page = client.get(url + "?template=what").content.decode()
    assert "So what? What did it mean, and what did you learn?" in page
    page = client.get(url + "?template=free").content.decode()
    assert "Your reflection" in page
    assert "part_2" not in page


def test_reflection_create_page_saves(client_as, activity):
    response = client_as("member").post(
        reverse("portfolio:reflection_create", args=[activity.pk]),
        {"template": "what", "part_1": "A", "part_2": "B", "part_3": "C"},
    )
    assert response.status_code == 302
    assert activity.reflections.filter(template="what", part_2="B").count() == 1


def test_send_reflection_follow_ups_mails_once(member, activity):
    reflection = ReflectionFactory(
        activity=activity, follow_up_due=datetime.date(2026, 1, 1), part_3="Try shelf talkers"
    )
    ReflectionFactory(activity=activity, follow_up_due=datetime.date(2099, 1, 1))
    assert services.send_reflection_follow_ups(today=datetime.date(2026, 1, 2)) == 1
    assert services.send_reflection_follow_ups(today=datetime.date(2026, 1, 3)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Try shelf talkers" in mail.outbox[0].body
    assert f"/portfolio/reflections/{reflection.pk}/follow-up/" in mail.outbox[0].body
    reflection.refresh_from_db()
    assert reflection.follow_up_sent_at is not None


def test_send_reflection_follow_ups_task_runs(member, activity):
    from atheneum.portfolio.tasks import send_reflection_follow_ups

    ReflectionFactory(activity=activity, follow_up_due=datetime.date(2000, 1, 1))
    assert send_reflection_follow_ups.delay().get() == 1
    assert send_reflection_follow_ups.delay().get() == 0


def test_follow_up_answer_page_saves(client_as, reflection):
    response = client_as("member").post(
        reverse("portfolio:reflection_follow_up", args=[reflection.pk]),
        {"idea_applied": "partly", "note": "Tried it twice."},
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert (reflection.idea_applied, reflection.idea_applied_note) == ("partly", "Tried it twice.")


def test_follow_up_answer_bad_choice_changes_nothing(client_as, reflection):
    response = client_as("member").post(
        reverse("portfolio:reflection_follow_up", args=[reflection.pk]), {"idea_applied": "maybe"}
    )
    assert response.status_code == 400
    reflection.refresh_from_db()
    assert reflection.idea_applied == ""


def test_record_activity_retry_returns_same_row(member):
    kwargs = {
        "owner": member,
        "source_key": "events:attendance:7",
        "title": "Keynote",
        "kind": ActivityKind.CONFERENCE_SESSION,
        "start": moment(2),
        "end": moment(2, 10),
        "hours": Decimal("1"),
    }
    first, created = services.record_activity(**kwargs)
    again, created_again = services.record_activity(**kwargs)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert first.reflection_requested is True
    assert Activity.objects.count() == 1


def test_automatic_entry_prompts_for_reflection(client_as, member):
    activity, _ = services.record_activity(
        owner=member,
        source_key="learning:module:3",
        title="Finished module",
        kind=ActivityKind.COURSE,
        start=moment(2),
        end=moment(2, 10),
        hours=Decimal("1"),
    )
    response = client_as("member").get(reverse("portfolio:activity_list"))
    assert b"Add a reflection" in response.content
    assert selectors.record_summary(owner=member)["awaiting_reflection"] == 1
    ReflectionFactory(activity=activity)
    response = client_as("member").get(reverse("portfolio:activity_list"))
    assert b"Add a reflection" not in response.content
    assert selectors.record_summary(owner=member)["awaiting_reflection"] == 0


def test_record_summary_counts_this_year(member):
    ActivityFactory(owner=member, hours=Decimal("3"))
    ActivityFactory(owner=member, start=timezone.now() - datetime.timedelta(days=800))
    summary = selectors.record_summary(owner=member)
    this_year = timezone.now().date() - datetime.timedelta(days=10)
    expected = Decimal("3") if this_year.year == timezone.now().year else Decimal(0)
    assert summary["hours_this_year"] == expected


# --- Requirements --------------------------------------------------------------------------


def test_current_cycle_for_three_year_rule():
    rule = Requirement(cycle_years=3, cycle_start=datetime.date(2020, 7, 1))
    assert selectors.current_cycle(rule, datetime.date(2026, 6, 30)) == (
        datetime.date(2023, 7, 1),
        datetime.date(2026, 7, 1),
    )
    assert selectors.current_cycle(rule, datetime.date(2026, 7, 1)) == (
        datetime.date(2026, 7, 1),
        datetime.date(2029, 7, 1),
    )
    assert selectors.current_cycle(rule, datetime.date(2019, 1, 1)) == (
        datetime.date(2020, 7, 1),
        datetime.date(2023, 7, 1),
    )


def test_requirement_progress_with_quotas(member, area, competency):
    rule = RequirementFactory(
        owner=member,
        cycle_years=3,
        cycle_start=datetime.date(2024, 1, 1),
        total_hours=Decimal(35),
        min_reflections=2,
    )
    RequirementQuota.objects.create(
        requirement=rule, kind=QuotaKind.MODE, value="participatory", min_hours=20
    )
    RequirementQuota.objects.create(
        requirement=rule, kind=QuotaKind.COMPETENCY_AREA, value=str(area.pk), min_hours=5
    )
    RequirementQuota.objects.create(
        requirement=rule, kind=QuotaKind.ACTIVITY_KIND, value="reading", min_hours=1
    )
    in_cycle = ActivityFactory(
        owner=member, start=moment(2), hours=Decimal(6), competencies=[competency]
    )
    ReflectionFactory(activity=in_cycle)
    ActivityFactory(
        owner=member, start=moment(3), hours=Decimal(4), kind="reading", mode="self_directed"
    )
    ActivityFactory(owner=member, start=moment(3) - datetime.timedelta(days=900), hours=50)
    [progress] = selectors.requirement_progress(
        user=member, requirements=[rule], today=datetime.date(2026, 3, 10)
    )
    assert (progress.hours_done, progress.hours_remaining) == (Decimal(10), Decimal(25))
    assert (progress.reflections_done, progress.reflections_remaining) == (1, 1)
    assert [(q.label, q.done, q.remaining, q.met) for q in progress.quotas] == [
        ("Participatory (with others)", Decimal(6), Decimal(14), False),
        ("A Services", Decimal(6), Decimal(0), True),
        ("Reading", Decimal(4), Decimal(0), True),
    ]
    assert progress.met is False


def test_requirement_create_for_organisation_needs_organiser(member, organiser, organisation):
    with pytest.raises(PermissionDenied):
        services.requirement_create(
            acting_user=member,
            organisation=organisation,
            name="x",
            cycle_start=datetime.date(2026, 1, 1),
            total_hours=Decimal(30),
        )
    rule = services.requirement_create(
        acting_user=organiser,
        organisation=organisation,
        name="Thirty a year",
        cycle_start=datetime.date(2026, 1, 1),
        total_hours=Decimal(30),
    )
    assert (rule.organisation, rule.owner) == (organisation, None)


def test_requirement_bad_input_changes_nothing(member):
    with pytest.raises(ValidationError) as error:
        services.requirement_create(
            acting_user=member,
            name="",
            cycle_years=0,
            cycle_start=datetime.date(2026, 1, 1),
            total_hours=Decimal(-1),
        )
    assert sorted(error.value.message_dict) == ["cycle_years", "name", "total_hours"]
    assert Requirement.objects.count() == 0


def test_quota_add_rejects_unknown_value_and_too_many_hours(member):
    rule = RequirementFactory(owner=member, total_hours=Decimal(30))
    with pytest.raises(ValidationError):
        services.quota_add(
            requirement=rule, acting_user=member, kind="activity_kind", value="party", min_hours=1
        )
    with pytest.raises(ValidationError):
        services.quota_add(
            requirement=rule, acting_user=member, kind="mode", value="self_directed", min_hours=31
        )
    assert RequirementQuota.objects.count() == 0


def test_quota_add_page(client_as, member, area):
    rule = RequirementFactory(owner=member, total_hours=Decimal(150))
    client = client_as("member")
    response = client.post(
        reverse("portfolio:quota_add", args=[rule.pk]),
        {"kind": "competency_area", "area": area.pk, "min_hours": "50"},
    )
    assert response.status_code == 302
    assert rule.quotas.get().value == str(area.pk)
    response = client.post(
        reverse("portfolio:quota_add", args=[rule.pk]), {"kind": "mode", "min_hours": "5"}
    )
    assert response.status_code == 400
    assert rule.quotas.count() == 1


def test_requirement_progress_page_shows_progress_bar(client_as, member, organisation):
    rule = RequirementFactory(
        organisation=organisation, name="Riverside: 30 hours a year", total_hours=Decimal(30)
    )
    ActivityFactory(owner=member, hours=Decimal(6), start=timezone.now())
    page = client_as("member").get(reverse("portfolio:requirement_list")).content.decode()
    assert rule.name in page
    assert f'<progress id="progress-{rule.pk}" max="30.00" value="6.00">' in page
    assert "6.00 of 30.00 hours" in page
    assert "24.00 hours left to do." in page


def test_send_requirement_reminders_once_per_cycle(member, organisation, other_member):
    today = datetime.date(2026, 12, 10)
    rule = RequirementFactory(
        organisation=organisation, cycle_start=datetime.date(2020, 1, 1), total_hours=30
    )
    ActivityFactory(
        owner=other_member,
        start=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
        hours=Decimal(20),
    )
    ActivityFactory(
        owner=other_member,
        start=datetime.datetime(2026, 5, 2, tzinfo=datetime.UTC),
        hours=Decimal(20),
    )
    assert services.send_requirement_reminders(today=today) == 1
    assert services.send_requirement_reminders(today=today + datetime.timedelta(days=1)) == 0
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "ends on Dec. 31, 2026" in mail.outbox[0].body
    assert RequirementReminder.objects.get().user == member
    assert RequirementReminder.objects.get().requirement == rule


def test_send_requirement_reminders_not_before_last_30_days(member):
    RequirementFactory(owner=member, cycle_start=datetime.date(2020, 1, 1), total_hours=30)
    assert services.send_requirement_reminders(today=datetime.date(2026, 11, 30)) == 0
    assert services.send_requirement_reminders(today=datetime.date(2026, 12, 2)) == 1
    assert mail.outbox[0].to == [member.email]


# --- Sharing -------------------------------------------------------------------------------


def test_manager_share_set_replaces_earlier_share(member):
    first = services.manager_share_set(owner=member, acting_user=member)
    second = services.manager_share_set(owner=member, acting_user=member, include_reflections=True)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert selectors.manager_share_active(owner=member) == second


def test_share_period_end_before_start_changes_nothing(member):
    with pytest.raises(ValidationError):
        services.share_link_create(
            owner=member,
            acting_user=member,
            period_start=datetime.date(2026, 2, 1),
            period_end=datetime.date(2026, 1, 1),
        )
    assert member.portfolio_share_links.count() == 0


def test_share_link_revoke_by_other_is_404(client_as, member, other_member):
    link = services.share_link_create(owner=member, acting_user=member, label="For my mentor")
    response = client_as("other_member").post(
        reverse("portfolio:share_link_revoke", args=[link.pk])
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_sharing_pages_create_and_revoke(client_as, member):
    client = client_as("member")
    client.post(reverse("portfolio:share_link_create"), {"label": "Mentor"})
    link = member.portfolio_share_links.get()
    assert client.get(reverse("portfolio:shared_link", args=[link.token])).status_code == 200
    client.post(reverse("portfolio:share_link_revoke", args=[link.pk]))
    assert client.get(reverse("portfolio:shared_link", args=[link.token])).status_code == 404
    client.post(reverse("portfolio:manager_share_set"), {"include_reflections": "on"})
    assert ManagerShare.objects.get(owner=member).include_reflections is True
    client.post(reverse("portfolio:manager_share_revoke"))
    assert selectors.manager_share_active(owner=member) is None


def test_shared_period_excludes_activities_outside(client_as, member, manager):
    inside = ActivityFactory(owner=member, title="Inside the period", start=moment(10))
    ReflectionFactory(activity=inside, part_1="Shared thought")
    ActivityFactory(owner=member, title="Before the period", start=moment(1))
    ActivityFactory(owner=member, title="After the period", start=moment(25))
    ActivityFactory(
        owner=member,
        title="Runs past the end",
        start=moment(20, 20),
        end=moment(21, 4),
        hours=Decimal(8),
    )
    services.manager_share_set(
        owner=member,
        acting_user=member,
        period_start=datetime.date(2026, 3, 5),
        period_end=datetime.date(2026, 3, 20),
        include_reflections=True,
    )
    client = client_as("manager")
    for url in (
        reverse("portfolio:person_record", args=[member.pk]),
        reverse("portfolio:person_export", args=[member.pk]) + "?format=json",
        reverse("portfolio:person_export", args=[member.pk]) + "?format=csv",
    ):
        content = client.get(url).content.decode()
        assert "Inside the period" in content
        assert "Shared thought" in content
        for outside in ("Before the period", "After the period", "Runs past the end"):
            assert outside not in content


def test_shared_evidence_outside_period_is_404(client_as, member, evidence):
    link = services.share_link_create(
        owner=member,
        acting_user=member,
        period_start=datetime.date(2000, 1, 1),
        period_end=datetime.date(2000, 12, 31),
        include_reflections=True,
    )
    url = reverse("portfolio:shared_link_evidence", args=[link.token, evidence.pk])
    assert client_as("anonymous").get(url).status_code == 404


def test_people_list_shows_sharing_team_members(client_as, member, other_member, manager):
    services.manager_share_set(owner=member, acting_user=member)
    page = client_as("manager").get(reverse("portfolio:people_list")).content.decode()
    assert member.display_name in page
    assert other_member.display_name not in page
    page = client_as("other_org_manager").get(reverse("portfolio:people_list")).content.decode()
    assert member.display_name not in page


def test_secret_never_in_manager_pages_without_reflections(client_as, activity, member):
    services.manager_share_set(owner=member, acting_user=member)
    assert (
        SECRET.encode() not in client_as("manager").get(f"/portfolio/people/{member.pk}/").content
    )


def test_reflection_model_untouched_by_delete_attempt(client_as, reflection):
    client_as("other_member").post(reverse("portfolio:reflection_delete", args=[reflection.pk]))
    assert Reflection.objects.filter(pk=reflection.pk).exists()
