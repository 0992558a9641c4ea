"""An editor panel that warns trainers, on the lesson itself, about citations of articles
that a re-import removed."""

from wagtail.admin.panels import HelpPanel


class BrokenCitationsPanel(HelpPanel):
    def __init__(self, **kwargs):
        kwargs.setdefault("template", "courses/admin/lesson_broken_citations_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.broken = []
            if self.instance is not None and self.instance.pk:
                from .selectors import broken_citations

                self.broken = broken_citations(lesson=self.instance)

        def is_shown(self):
            return bool(self.broken)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["broken"] = self.broken
            return context
