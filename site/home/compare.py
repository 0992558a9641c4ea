"""Revision compare in the admin shows a value as a person reads it.

Wagtail's own comparison prints a field's Python value: a publication date not set is "None"
and a set one is its repr (上线日期/时间: None → 2026-12-10 21:34:28.689000+08:00). Dates and
numbers are shown here in the language's format and an empty value as a dash.
"""

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class

EMPTY = "—"


def display_value(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        # Django's own catalogue has these two words.
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(formats.localize(value))


class DisplayValueComparison(FieldComparison):
    def htmldiff(self):
        before, after = display_value(self.val_a), display_value(self.val_b)
        if self.val_a != self.val_b:
            return TextDiff([("deletion", before), ("addition", after)]).to_html()
        return escape(before)


def readable_comparisons_register() -> None:
    for field_class in (
        models.DateField,  # and DateTimeField
        models.TimeField,
        models.IntegerField,  # and the positive, small and big ones
        models.DecimalField,
        models.FloatField,
        models.BooleanField,
    ):
        register_comparison_class(field_class, comparison_class=DisplayValueComparison)
