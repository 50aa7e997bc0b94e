from django.urls import path
from django.utils.translation import gettext_lazy as _

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.object_list, name="list"),
    # Before the documents' own addresses: "links" and "collegamenti" are reserved slugs
    # (Document.clean).
    path(_("links/"), views.links, name="links"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/<str:language>/", views.download, name="download"),
]
