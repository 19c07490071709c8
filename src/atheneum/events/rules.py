"""Who may do what with events. django-rules loads this module; the registration and call-for-
speakers rules live beside it and are loaded from here so that every rule is registered."""

from . import cfp_rules, core_rules, registration_rules  # noqa: F401
