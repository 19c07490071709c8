"""API endpoints for the coaching area (to be written)."""

from ninja import Router

router = Router(tags=["coaching"])
