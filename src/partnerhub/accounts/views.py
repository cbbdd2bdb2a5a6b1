from django.contrib.auth import views as auth_views
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    pass


class LogoutView(auth_views.LogoutView):
    pass


def profile(request):  # placeholder, replaced by the accounts work
    return HttpResponse("profile")


def export_data(request):
    return HttpResponse("export")


def erase(request):
    return HttpResponse("erase")
