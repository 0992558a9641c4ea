"""The personal-data panel on the case editor: what the anonymiser found, field by field."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class PersonalDataPanel(Panel):
    """Lists the findings in every text field of the case being edited, with links to act."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "case_library/admin/personal_data_panel.html"

        def get_context_data(self, parent_context=None):
            from .scanning import case_review

            context = super().get_context_data(parent_context)
            page = self.instance
            if page is None or not page.pk:
                context["unsaved"] = True
                return context
            context.update(case_review(page=page, user=self.request.user))
            context["review_url"] = reverse("case_library_admin:findings", args=[page.pk])
            return context
