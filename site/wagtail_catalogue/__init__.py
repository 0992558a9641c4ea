"""Chinese for the Wagtail 8 admin strings that no installed catalogue translates.

Wagtail's own zh_Hans catalogue lags behind its releases, so trainers met English in the
admin ("Search all pages…", "Referenced 0 times", the scheduling dialog). This app holds a
catalogue and is listed last in INSTALLED_APPS, so every other translation wins over it; its
``ready()`` names the model in the page search's result count, which Wagtail 8 leaves as None.
Two Wagtail templates with an untranslatable "Search" label are overridden in site/templates.
`tests/home/test_translations.py` fails when a Wagtail string has no Chinese anywhere.
"""
