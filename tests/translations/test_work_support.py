"""Shared set-up for the volunteers' and reviewers' tests (no tests here)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from .factories import CampaignFactory, SegmentFactory, TargetLanguageFactory, VolunteerFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def campaign_with_segments(organisation, count: int = 2, **fields):
    campaign = CampaignFactory(organisation=organisation, **fields)
    segments = [SegmentFactory(campaign=campaign, position=i) for i in range(count)]
    return campaign, segments


def claimed_target(organisation, translator, *, state="claimed", segments: int = 2, **fields):
    """A French translation of a new campaign, led by `translator`."""
    campaign, segment_list = campaign_with_segments(organisation, segments, **fields)
    target = TargetLanguageFactory(campaign=campaign, language="fr", state=state)
    VolunteerFactory(target=target, user=translator, is_lead=True)
    return target, segment_list


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
