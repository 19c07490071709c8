import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.competencies import services
from atheneum.competencies.enums import CompetencyKind, RatingKind, RatingSource
from atheneum.competencies.models import Competency, Framework, ProficiencyLevel, Rating

from .factories import ActivityFactory, RatingFactory, share


def entry(competency, **kwargs):
    return services.RatingEntry(competency_id=competency.pk, **kwargs)


def test_self_assessment_save_adds_rows_only_for_changes(member, framework, competency):
    added = services.self_assessment_save(
        person=member,
        framework=framework,
        entries=[entry(competency, current=1, target=3)],
        acting_user=member,
    )
    assert added == 2
    again = services.self_assessment_save(
        person=member,
        framework=framework,
        entries=[entry(competency, current=1, target=3)],
        acting_user=member,
    )
    assert again == 0
    changed = services.self_assessment_save(
        person=member,
        framework=framework,
        entries=[entry(competency, current=2, target=3)],
        acting_user=member,
    )
    assert changed == 1
    assert list(
        Rating.objects.filter(user=member, kind=RatingKind.CURRENT)
        .order_by("pk")
        .values_list("level", flat=True)
    ) == [1, 2]


def test_self_assessment_save_links_own_evidence(member, framework, competency):
    activity = ActivityFactory(owner=member)
    services.self_assessment_save(
        person=member,
        framework=framework,
        entries=[entry(competency, current=2, evidence_ids=[activity.pk])],
        acting_user=member,
    )
    rating = Rating.objects.get(user=member)
    assert [link.activity_id for link in rating.evidence_links.all()] == [activity.pk]


def test_self_assessment_save_rejects_someone_elses_activity(
    member, other_member, framework, competency
):
    activity = ActivityFactory(owner=other_member)
    with pytest.raises(ValidationError, match="Evidence must be activities from your own"):
        services.self_assessment_save(
            person=member,
            framework=framework,
            entries=[entry(competency, current=2, evidence_ids=[activity.pk])],
            acting_user=member,
        )
    assert Rating.objects.count() == 0


def test_self_assessment_save_rejects_level_off_scale(member, framework, competency):
    with pytest.raises(ValidationError, match="Level 7 is not on this framework's scale."):
        services.self_assessment_save(
            person=member,
            framework=framework,
            entries=[entry(competency, current=1), entry(competency, target=7)],
            acting_user=member,
        )
    assert Rating.objects.count() == 0


def test_self_assessment_save_rejects_competency_of_other_framework(
    member, framework, published_framework
):
    foreign = published_framework.competencies.get()
    with pytest.raises(ValidationError, match="not part of this framework"):
        services.self_assessment_save(
            person=member,
            framework=framework,
            entries=[entry(foreign, current=1)],
            acting_user=member,
        )
    assert Rating.objects.count() == 0


def test_self_assessment_save_rejects_area(member, framework):
    area = framework.competencies.get(kind=CompetencyKind.AREA)
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            person=member, framework=framework, entries=[entry(area, current=1)], acting_user=member
        )


def test_self_assessment_save_for_someone_else_is_refused(member, manager, framework, competency):
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            person=member,
            framework=framework,
            entries=[entry(competency, current=1)],
            acting_user=manager,
        )
    assert Rating.objects.count() == 0


def test_self_assessment_save_on_invisible_framework_is_refused(member, other_framework):
    competency = other_framework.competencies.get()
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            person=member,
            framework=other_framework,
            entries=[entry(competency, current=1)],
            acting_user=member,
        )


def test_manager_rating_save_never_touches_self_rating(member, manager, framework, competency):
    share(member)
    RatingFactory(user=member, competency=competency, level=1)
    added = services.manager_rating_save(
        person=member,
        framework=framework,
        entries=[entry(competency, current=3, note="Good")],
        acting_user=manager,
    )
    assert added == 1
    assert Rating.objects.get(source=RatingSource.SELF).level == 1
    manager_rating = Rating.objects.get(source=RatingSource.MANAGER)
    assert (manager_rating.level, manager_rating.rater, manager_rating.note) == (3, manager, "Good")


def test_manager_rating_save_refused_without_sharing(member, manager, framework, competency):
    with pytest.raises(PermissionDenied):
        services.manager_rating_save(
            person=member,
            framework=framework,
            entries=[entry(competency, current=3)],
            acting_user=manager,
        )
    assert Rating.objects.count() == 0


def test_manager_rating_save_refused_for_other_org_manager(
    member, other_org_manager, framework, competency
):
    share(member)
    with pytest.raises(PermissionDenied):
        services.manager_rating_save(
            person=member,
            framework=framework,
            entries=[entry(competency, current=3)],
            acting_user=other_org_manager,
        )


def test_framework_create_refused_for_member(member, organisation):
    with pytest.raises(PermissionDenied):
        services.framework_create(
            organisation=organisation, title="T", slug="t", acting_user=member
        )
    assert Framework.objects.count() == 0


def test_framework_create_for_everyone_only_by_admin(organiser, admin):
    with pytest.raises(PermissionDenied):
        services.framework_create(organisation=None, title="T", slug="t", acting_user=organiser)
    framework = services.framework_create(organisation=None, title="T", slug="t", acting_user=admin)
    assert framework.organisation is None


def test_framework_create_duplicate_slug_changes_nothing(organiser, framework, organisation):
    with pytest.raises(ValidationError, match="Another framework already uses"):
        services.framework_create(
            organisation=organisation, title="T", slug=framework.slug, acting_user=organiser
        )
    assert Framework.objects.count() == 1


def test_publish_needs_competencies(organiser, organisation):
    empty = services.framework_create(
        organisation=organisation, title="Empty", slug="empty", acting_user=organiser
    )
    with pytest.raises(ValidationError, match="at least one competency"):
        services.framework_set_published(framework=empty, is_published=True, acting_user=organiser)
    empty.refresh_from_db()
    assert empty.is_published is False


def test_level_save_renames_and_adds(organiser, framework):
    services.level_save(framework=framework, value=4, label="Leader", acting_user=organiser)
    services.level_save(framework=framework, value=5, label="Beyond", acting_user=organiser)
    assert list(framework.levels.values_list("value", "label"))[-2:] == [
        (4, "Leader"),
        (5, "Beyond"),
    ]


def test_level_delete_refused_when_used(organiser, member, framework, competency):
    RatingFactory(user=member, competency=competency, level=4)
    level = framework.levels.get(value=4)
    with pytest.raises(ValidationError, match="Ratings use level 4"):
        services.level_delete(level=level, acting_user=organiser)
    assert ProficiencyLevel.objects.filter(pk=level.pk).exists()


def test_competency_update_refuses_cycle(organiser, framework, competency):
    area = framework.competencies.get(code="A")
    with pytest.raises(ValidationError):
        services.competency_update(
            competency=area,
            kind=CompetencyKind.AREA,
            parent=area,
            code="A",
            position=0,
            language="en",
            title="Serving people",
            acting_user=organiser,
        )
    area.refresh_from_db()
    assert area.parent_id is None


def test_competency_update_refuses_parent_from_other_framework(
    organiser, framework, competency, published_framework
):
    foreign = published_framework.competencies.get()
    with pytest.raises(ValidationError, match="same framework"):
        services.competency_update(
            competency=competency,
            kind=CompetencyKind.INDICATOR,
            parent=foreign,
            code="A1",
            position=0,
            language="en",
            title="x",
            acting_user=organiser,
        )


def test_competency_text_delete_keeps_last_text(organiser, competency):
    with pytest.raises(ValidationError, match="at least one language"):
        services.competency_text_delete(competency=competency, language="en", acting_user=organiser)
    assert competency.texts.count() == 1


def test_competency_delete_refused_with_ratings(organiser, member, competency):
    RatingFactory(user=member, competency=competency)
    with pytest.raises(ValidationError):
        services.competency_delete(competency=competency, acting_user=organiser)
    assert Competency.objects.filter(pk=competency.pk).exists()


def test_rating_sharing_set_only_for_self(member, manager):
    with pytest.raises(PermissionDenied):
        services.rating_sharing_set(user=member, share=True, acting_user=manager)
    services.rating_sharing_set(user=member, share=True, acting_user=member)
    assert member.rating_sharing.share_with_managers is True


def test_competencies_for_organisation_lists_own_and_published(
    framework, published_framework, other_framework, organisation, django_assert_num_queries
):
    from atheneum.competencies.selectors import competencies_for_organisation

    with django_assert_num_queries(4):
        frameworks = list(competencies_for_organisation(organisation=organisation))
        titles = [
            [text.title for c in f.competencies.all() for text in c.texts.all()] for f in frameworks
        ]
    assert [f.slug for f in frameworks] == ["library-work", "riverside-core"]
    assert titles[1] == ["Serving people", "Customer focus", "Flexibility"]
