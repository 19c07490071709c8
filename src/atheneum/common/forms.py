from django.forms.renderers import DjangoTemplates


class AccessibleFormRenderer(DjangoTemplates):
    """Renders every field with its label, help and errors tied to the input (WCAG 1.3.1, 3.3.1)."""

    form_template_name = "common/forms/form.html"
    field_template_name = "common/forms/field.html"


def add_service_error(form, error) -> None:
    """Shows a service's refusal (a ValidationError) on the form: each message on its field when
    the form has one, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
