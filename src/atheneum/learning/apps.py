from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "atheneum.learning"
    label = "learning"
    verbose_name = _("Learning modules")

    def ready(self):
        from atheneum.common import fragments
        from atheneum.organisations.models import Organisation

        from .models import Enrolment, Module, Topic
        from .selectors import catalogue_tags, enrolment_tags, topic_tags

        # The catalogue shows modules and their organisations (the names of the competencies
        # in its filter come under the competencies app's own tag).
        fragments.bump_on_change(catalogue_tags, Module, Organisation)
        # A learner's own page: their enrolments, and how many topics each module has.
        fragments.bump_on_change(enrolment_tags, Enrolment)
        fragments.bump_on_change(topic_tags, Topic)
