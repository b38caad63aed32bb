"""`manage.py settings_report`: the effective value of every declared variable and where it came from."""

from __future__ import annotations

import json
import warnings
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...env import NOTSET, current_env
from ...masking import MASK, mask_text


def _shown(value: Any, secret: bool) -> str:
    if value is NOTSET or value is None:
        return "" if value is None else "(unset)"
    if secret:
        return MASK if value else ""
    if isinstance(value, dict):
        value = {k: (MASK if k == "PASSWORD" and v else v) for k, v in value.items()}
    return mask_text(value if isinstance(value, str) else json.dumps(value, default=str))


class Command(BaseCommand):
    help = "Print the variables the settings read: effective value (secrets masked) and source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="One JSON object instead of a table."
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also print every Django setting (masked), like a safe diffsettings.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            self._all(as_json=options["json"])
            return
        env = current_env()
        if env is None:
            self.stderr.write("The settings do not use foundation_settings.Env: nothing to report.")
            return
        rows: list[dict[str, Any]] = [
            {
                "name": d.name,
                "value": _shown(d.value, d.secret),
                "source": d.source,
                "secret": d.secret,
            }
            for d in env.declarations.values()
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"profile": env.profile, "variables": rows}, indent=2))
            return
        self.stdout.write(f"profile: {env.profile}")
        width = max((len(r["name"]) for r in rows), default=4)
        for row in rows:
            self.stdout.write(f"{row['name']:<{width}}  {row['value']}  [{row['source']}]")

    def _all(self, *, as_json: bool) -> None:
        from django.conf import settings
        from django.views.debug import SafeExceptionReporterFilter

        cleanse = SafeExceptionReporterFilter()
        values: dict[str, str] = {}
        for name in sorted(n for n in dir(settings) if n.isupper()):
            with warnings.catch_warnings():  # reading a deprecated setting warns
                warnings.simplefilter("ignore")
                value = cleanse.cleanse_setting(name, getattr(settings, name))
            text = (
                value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
            )
            values[name] = mask_text(text)
        if as_json:
            self.stdout.write(json.dumps(values, indent=2))
            return
        for name, text in values.items():
            self.stdout.write(f"{name} = {text}")
