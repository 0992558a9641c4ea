"""Shared kit for every Xuefa app: hook contracts, spreadsheets, page helpers.

It imports Django, Wagtail and openpyxl but no project app, so every arrow in the tree points
one way: apps import the kit, the kit imports no app.
"""
