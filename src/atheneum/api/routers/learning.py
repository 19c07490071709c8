"""API endpoints for the learning area (to be written)."""

from ninja import Router

router = Router(tags=["learning"])
