from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.object_list, name="list"),
]
