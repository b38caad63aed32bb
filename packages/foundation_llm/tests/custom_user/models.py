"""A site's own user model, unlike ``auth.User`` where it matters to a foreign key: a UUID primary
key and the email address as the username."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models


class Member(AbstractBaseUser):
    id: models.UUIDField[uuid.UUID, uuid.UUID] = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False
    )
    email: models.EmailField[str, str] = models.EmailField(unique=True)

    objects: ClassVar[BaseUserManager[Member]] = BaseUserManager()

    USERNAME_FIELD = "email"
