"""Revision compare shows values as a person reads them, not Python's None or a datetime's repr."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from home.compare import EMPTY, DisplayValueComparison, display_value


def test_an_empty_value_is_a_dash_not_none():
    assert display_value(None) == EMPTY
    assert display_value("") == EMPTY


def test_a_publication_date_is_in_the_language_s_format_and_the_site_s_time_zone():
    moment = datetime.datetime(2026, 12, 10, 13, 34, 28, 689000, tzinfo=datetime.UTC)
    with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
        shown = display_value(moment)
    assert "None" not in shown and "+08:00" not in shown and ".689" not in shown, shown
    assert "2026" in shown and "21:34" in shown, shown


def test_yes_no_and_numbers_in_chinese():
    with translation.override("zh-hans"):
        assert display_value(True) == "是"
        assert display_value(False) == "否"
        assert display_value(Decimal("1.50")) == "1.50"


@pytest.mark.django_db
def test_the_comparison_of_a_date_set_where_none_was_names_no_python_value():
    from wagtail.admin.compare import comparison_class_registry
    from wagtail.models import Page

    field = Page._meta.get_field("go_live_at")
    assert comparison_class_registry.get(field) is DisplayValueComparison
    before, after = Page(go_live_at=None), Page(go_live_at=timezone.now())
    html = DisplayValueComparison(field, before, after).htmldiff()
    assert "None" not in html and EMPTY in html
