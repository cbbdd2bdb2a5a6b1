from django.urls import path

from . import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views_two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        views_two_factor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("", views.profile, name="profile"),
    path("export/", views.export_data, name="export"),
    path("erase/", views.erase, name="erase"),
    path("api-tokens/", views.create_token, name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", views.revoke_token, name="api_token_revoke"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
