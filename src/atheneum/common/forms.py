from pathlib import Path

import jinja2
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.html import conditional_escape

from atheneum.common.templatetags.atheneum import accessible_widget


class AccessibleFormRenderer(Jinja2):
    """Renders every field with its label, help and errors tied to the input (WCAG 1.3.1, 3.3.1).

    Forms, fields and widgets render with Jinja2 (Django's own widget templates for it, and
    `common/jinja2/common/forms/`): the same HTML as Django's template language at a fraction
    of the cost, which matters on pages with filter forms and long option lists. Pages
    themselves stay in Django's template language, and widgets that exist only as Django
    templates (the admin's, other apps') are rendered by Django's own form renderer.
    """

    form_template_name = "common/forms/form.html"
    field_template_name = "common/forms/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "atheneum.common.forms.form_environment"},
            }
        )

    @cached_property
    def django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_templates.get_template(template_name)


def form_environment(**options) -> jinja2.Environment:
    """The Jinja2 environment of form templates: Django's, plus the accessible widget helper.

    Every value is escaped by Django's `conditional_escape` (then left alone by Jinja2's, as it
    is marked safe), so forms escape exactly as the pages around them do."""
    options.setdefault("finalize", conditional_escape)
    environment = jinja2.Environment(**options)  # noqa: S701 - autoescape is on (Django's default)
    environment.globals["accessible_widget"] = accessible_widget
    return environment


def add_service_error(form, error) -> None:
    """Shows a service's refusal (a ValidationError) on the form: each message on its field when
    the form has one, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
