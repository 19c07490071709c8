"""API endpoints for the competencies area (to be written)."""

from ninja import Router

router = Router(tags=["competencies"])
