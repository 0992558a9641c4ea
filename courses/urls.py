from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.regulation_list, name="regulation_list"),
    path("<slug:slug>/", views.regulation_detail, name="regulation_detail"),
    path("<slug:slug>/articles/<int:number>/", views.article_detail, name="article_detail"),
]
