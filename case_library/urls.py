app_name = "case_library"

urlpatterns: list = []
