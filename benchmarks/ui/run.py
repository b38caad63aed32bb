"""Rendering cost of foundation-ui's button, side by side in one process:

- ``<c-ui.button>`` (foundation-ui: its template, with declared props and href/disabled/loading branches);
- a minimal django-cotton button that renders identical markup (the floor for any cotton component);
- the same minimal button declaring all seven of ``<c-ui.button>``'s props (what the props alone cost);
- ``{% include %}`` of a template with the same markup (plain Django, no component).

    .venv/bin/python benchmarks/ui/run.py [--rounds 7] [--renders 20] [--buttons 1000]

Each page renders 1,000 buttons with the cached template loader. Rounds alternate the order of the
pages; the report is each page's median render time and its ratio to the others. The budget
(issue 18): at most 1.3x the minimal cotton button, measured in the same run. It is reported, not
designed for: the button is a template like every other component.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from django.conf import settings

MINIMAL = (
    '<c-vars variant="default" size="default" class="" />'
    '<button type="button" class="fui-btn{% if class %} {{ class }}{% endif %}" data-variant="{{ variant }}" '
    'data-size="{{ size }}" {{ attrs }}>{{ slot }}</button>'
)
DECLARED = MINIMAL.replace(
    'class="" />', 'class="" href="" type="button" disabled="" loading="" />'
)
INCLUDED = (
    '<button type="button" class="fui-btn{% if class %} {{ class }}{% endif %}" data-variant="{{ variant }}" '
    'data-size="{{ size }}" hx-post="{{ hx_post }}">{{ label }}</button>'
)
PAGES = {
    "c-ui.button": '{% for i in items %}<c-ui.button variant="outline" size="sm" class="w-full" hx-post="/items/{{ i }}/">'
    "Item {{ i }}</c-ui.button>\n{% endfor %}",
    "minimal cotton": '{% for i in items %}<c-bench.button variant="outline" size="sm" class="w-full" hx-post="/items/{{ i }}/">'
    "Item {{ i }}</c-bench.button>\n{% endfor %}",
    "all props declared": '{% for i in items %}<c-bench.declared variant="outline" size="sm" class="w-full" hx-post="/items/{{ i }}/">'
    "Item {{ i }}</c-bench.declared>\n{% endfor %}",
    "include": '{% for i in items %}{% with label="Item "|add:i hx_post="/items/"|add:i|add:"/" %}'
    '{% include "bench/button.html" with variant="outline" size="sm" class="w-full" %}{% endwith %}\n{% endfor %}',
}


def configure(root: Path) -> None:
    (root / "cotton" / "bench").mkdir(parents=True)
    (root / "cotton" / "bench" / "button.html").write_text(MINIMAL)
    (root / "cotton" / "bench" / "declared.html").write_text(DECLARED)
    (root / "bench").mkdir()
    (root / "bench" / "button.html").write_text(INCLUDED)
    for name, source in PAGES.items():
        (root / f"{name}.html").write_text(source)
    settings.configure(
        DEBUG=False,
        INSTALLED_APPS=["foundation_ui", "django_cotton"],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(root)],
                "APP_DIRS": True,
            }
        ],
        USE_TZ=True,
    )
    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--renders", type=int, default=20, help="renders per page per round")
    parser.add_argument("--buttons", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        configure(Path(tmp))
        from django.template import engines
        from django.template.loader import get_template

        loaders = engines["django"].engine.template_loaders
        # django-cotton wraps the loaders in Django's cached loader, as in production.
        assert "cached" in type(loaders[0]).__module__, loaders
        items = [str(i) for i in range(args.buttons)]
        templates = {name: get_template(f"{name}.html") for name in PAGES}
        outputs = {name: t.render({"items": items}) for name, t in templates.items()}
        reference = outputs["c-ui.button"].replace(" >", ">")
        for name, html in outputs.items():
            assert html.replace(" >", ">") == reference, f"{name} renders different markup"
        assert reference.count("<button") == args.buttons
        times: dict[str, list[float]] = {name: [] for name in PAGES}
        order = list(PAGES)
        for round_number in range(args.rounds):
            for name in order if round_number % 2 == 0 else reversed(order):
                template = templates[name]
                for _ in range(args.renders):
                    start = time.perf_counter()
                    template.render({"items": items})
                    times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"{args.buttons} buttons per page, {args.rounds} rounds x {args.renders} renders, cached loader"
    )
    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}")
    for name, ms in medians.items():
        print(f"  {name:<18} median {ms:8.2f} ms  ({ms / args.buttons * 1000:6.1f} us per button)")
    ui = medians["c-ui.button"]
    print(f"c-ui.button / minimal cotton: {ui / medians['minimal cotton']:.2f}x (budget <= 1.30x)")
    declared = medians["all props declared"] / medians["minimal cotton"]
    print(f"  of which declaring 7 props, not 3: {declared:.2f}x")
    print(f"c-ui.button / include:        {ui / medians['include']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
