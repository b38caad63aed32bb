from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .logins import log_failed_login

        user_login_failed.connect(log_failed_login, dispatch_uid="accounts.log_failed_login")
