"""A form renderer that draws every Django form with foundation-ui's field markup.

Set ``FORM_RENDERER = "foundation_ui.forms.FormRenderer"`` and ``{{ form }}``,
``{{ form.as_div }}`` and ``{{ field.as_field_group }}`` render styled fields: labels tied to their
inputs, help text and errors with the ids Django's ``aria-describedby`` points at, and errors that
belong to no field in an alert. It is Django's default renderer (templates from installed apps,
no extra settings) with foundation-ui's templates.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "foundation_ui/forms/form.html"
    field_template_name = "foundation_ui/forms/field.html"
