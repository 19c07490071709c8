import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_lists_credentials_without_private_key(client_as, credential):
    client = client_as("admin")
    response = client.get(reverse("admin:badges_credential_changelist"))
    assert response.status_code == 200
    response = client.get(reverse("admin:badges_issuerkey_changelist"))
    assert response.status_code == 200
    key = credential.organisation.badge_key
    detail = client.get(reverse("admin:badges_issuerkey_change", args=[key.pk]))
    assert detail.status_code == 200
    assert b"PRIVATE KEY" not in detail.content
