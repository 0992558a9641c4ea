"""Values too long for their column are refused with a 4xx and nothing stored (issue 9: the
case-findings form wrote over-long values, a DataError on PostgreSQL; truncating them instead
would record a decision about text the case does not hold)."""

import pytest

from case_library.models import FindingDismissal
from tests.case_library.factories import DIRTY_FACTS, make_case

pytestmark = pytest.mark.django_db


def _act(client, page, **data):
    return client.post(f"/admin/cases/{page.pk}/findings/act/", data)


@pytest.mark.parametrize(
    "kind,text",
    [
        ("person_name" * 10, "吴丽萍"),
        ("person_name", "吴" * 300),
        ("person_name", "吴丽萍" + "x" * 253),
        ("person_name", "不在案例中的名字"),
        ("made_up_kind", "吴丽萍"),
    ],
    ids=[
        "long-kind",
        "long-text",
        "long-text-starting-with-a-finding",
        "not-a-finding",
        "bad-kind",
    ],
)
def test_dismissing_what_is_not_a_finding_of_the_case_is_400(client, trainer, index, kind, text):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = _act(client, page, action="dismiss", kind=kind, text=text)
    assert response.status_code == 400
    assert FindingDismissal.objects.count() == 0


def test_dismissing_a_real_finding_still_works(client, trainer, index):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    assert (
        _act(client, page, action="dismiss", kind="person_name", text="吴丽萍").status_code == 302
    )
    assert FindingDismissal.objects.filter(text="吴丽萍").count() == 1
