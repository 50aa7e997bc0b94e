from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.object_list, name="list"),
    # Before the documents' own addresses: "links" is a reserved slug (Document.clean).
    path("links/", views.links, name="links"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/<str:language>/", views.download, name="download"),
]
