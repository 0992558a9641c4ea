"""The audit trail pages through its entries with the site's one pagination include."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_audit_trail_pages_and_keeps_its_filters(client, administrator, official):
    for n in range(60):
        official.name = f"李明{n}"
        official.save()
    client.force_login(administrator)
    html = client.get(reverse("ops_admin:audit"), {"actor": ""}).content.decode()
    assert "page=2" in html and "actor=" in html
    assert client.get(reverse("ops_admin:audit"), {"page": 2}).status_code == 200
