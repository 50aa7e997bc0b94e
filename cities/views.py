from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def object_list(request):
    return render(request, "cities/list.html")
