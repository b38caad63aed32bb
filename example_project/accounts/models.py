from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's user (``AUTH_USER_MODEL = "accounts.User"``).

    Nothing is added yet: the point is that it exists before the first migration, so fields can be
    added later with an ordinary migration instead of a hand-made switch away from ``auth.User``.
    """
