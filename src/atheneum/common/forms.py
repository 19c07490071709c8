from django.forms.renderers import DjangoTemplates


class AccessibleFormRenderer(DjangoTemplates):
    """Renders every field with its label, help and errors tied to the input (WCAG 1.3.1, 3.3.1)."""

    form_template_name = "common/forms/form.html"
    field_template_name = "common/forms/field.html"
