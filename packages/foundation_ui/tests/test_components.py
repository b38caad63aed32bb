"""Every <c-ui.*> component: its props, one class attribute, pass-through attributes and escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import User
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.test import RequestFactory, override_settings

import foundation_ui
from foundation_ui.templatetags.foundation_ui import initials

from .helpers import classes, first, render, tags

COMPONENTS = Path(foundation_ui.__file__).parent / "templates" / "cotton" / "ui"


def component_files() -> list[Path]:
    return sorted(COMPONENTS.rglob("*.html"))


@pytest.mark.parametrize("path", component_files(), ids=lambda p: str(p.relative_to(COMPONENTS)))
def test_every_prop_is_declared_and_documented(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head = re.match(r"(?:\{% load [^%]+%\})?\{% comment %\}(.*?)\{% endcomment %\}", text, re.S)
    assert head, f"{path.name} must open with a {{% comment %}} documenting it"
    documented = set(re.findall(r"^@prop (\w+):", head.group(1), re.M))
    declared_tag = re.search(r"<c-vars ([^>]*)/>", text)
    assert declared_tag, f"{path.name} must declare its props in <c-vars>"
    declared = set(re.findall(r"(\w+)=", declared_tag.group(1)))
    assert "class" in declared, (
        "class must be a declared prop, or it leaks into {{ attrs }} a second time"
    )
    assert documented == declared, (
        f"documented {sorted(documented)} but declared {sorted(declared)}"
    )
    assert text.count("<c-vars") == 1


# Each component with a user class, an id-free pass-through attribute and the element both belong on.
PASS_THROUGH = [
    ('<c-ui.button class="user-x" data-t="1">Go</c-ui.button>', "button", "fui-btn"),
    ('<c-ui.button href="/a" class="user-x" data-t="1">Go</c-ui.button>', "a", "fui-btn"),
    ('<c-ui.badge class="user-x" data-t="1">New</c-ui.badge>', "span", "fui-badge"),
    ('<c-ui.alert class="user-x" data-t="1" title="T">Body</c-ui.alert>', "div", "fui-alert"),
    ('<c-ui.card class="user-x" data-t="1">x</c-ui.card>', "div", "fui-card"),
    ('<c-ui.card.header class="user-x" data-t="1">x</c-ui.card.header>', "div", "fui-card-header"),
    ('<c-ui.card.title class="user-x" data-t="1">x</c-ui.card.title>', "h3", "fui-card-title"),
    (
        '<c-ui.card.description class="user-x" data-t="1">x</c-ui.card.description>',
        "p",
        "fui-card-description",
    ),
    (
        '<c-ui.card.content class="user-x" data-t="1">x</c-ui.card.content>',
        "div",
        "fui-card-content",
    ),
    ('<c-ui.card.footer class="user-x" data-t="1">x</c-ui.card.footer>', "div", "fui-card-footer"),
    ('<c-ui.input class="user-x" data-t="1" name="q" />', "input", "fui-input"),
    ('<c-ui.textarea class="user-x" data-t="1" name="q" />', "textarea", "fui-textarea"),
    (
        '<c-ui.select class="user-x" data-t="1" name="q" :options="[(1, \'a\')]" />',
        "select",
        "fui-select",
    ),
    ('<c-ui.checkbox class="user-x" data-t="1" name="q" label="Q" />', "input", "fui-checkbox"),
    ('<c-ui.switch class="user-x" data-t="1" name="q" label="Q" />', "input", "fui-switch"),
    (
        '<c-ui.radio-group class="user-x" data-t="1" name="q" :options="[(1, \'a\')]" />',
        "fieldset",
        "fui-radio-group",
    ),
    ('<c-ui.label class="user-x" data-t="1" for="q">Q</c-ui.label>', "label", "fui-label"),
    ('<c-ui.form class="user-x" data-t="1" method="get"></c-ui.form>', "form", "fui-form"),
    (
        '<c-ui.table class="user-x" data-t="1" :columns="[\'A\']" :rows="[]" />',
        "table",
        "fui-table",
    ),
    (
        '<c-ui.dialog id="d" class="user-x" data-t="1" title="T">x</c-ui.dialog>',
        "dialog",
        "fui-dialog",
    ),
    (
        '<c-ui.dialog.trigger dialog="d" class="user-x" data-t="1">Open</c-ui.dialog.trigger>',
        "button",
        "fui-btn",
    ),
    (
        '<c-ui.dropdown.item class="user-x" data-t="1">Edit</c-ui.dropdown.item>',
        "button",
        "fui-menu-item",
    ),
    ('<c-ui.dropdown.separator class="user-x" data-t="1" />', "div", "fui-menu-separator"),
    (
        '<c-ui.dropdown.label class="user-x" data-t="1">L</c-ui.dropdown.label>',
        "div",
        "fui-menu-label",
    ),
    ('<c-ui.tabs class="user-x" data-t="1">x</c-ui.tabs>', "div", "fui-tabs"),
    (
        '<c-ui.tabs.list class="user-x" data-t="1" label="L">x</c-ui.tabs.list>',
        "div",
        "fui-tabs-list",
    ),
    (
        '<c-ui.tabs.trigger class="user-x" data-t="1" tabs="t" value="a">A</c-ui.tabs.trigger>',
        "button",
        "fui-tab",
    ),
    (
        '<c-ui.tabs.panel class="user-x" data-t="1" tabs="t" value="a">A</c-ui.tabs.panel>',
        "div",
        "fui-tab-panel",
    ),
    (
        '<c-ui.tooltip class="user-x" data-t="1" text="T"><button>B</button></c-ui.tooltip>',
        "span",
        "fui-tooltip",
    ),
    ('<c-ui.toasts class="user-x" data-t="1" />', "ol", "fui-toaster"),
    ('<c-ui.avatar class="user-x" data-t="1" alt="Ada" />', "span", "fui-avatar"),
    ('<c-ui.skeleton class="user-x" data-t="1" />', "div", "fui-skeleton"),
    ('<c-ui.separator class="user-x" data-t="1" />', "div", "fui-separator"),
    (
        '<c-ui.breadcrumb class="user-x" data-t="1" :items="[(\'Home\', \'/\')]" />',
        "nav",
        "fui-breadcrumb",
    ),
    ('<c-ui.navbar class="user-x" data-t="1" brand="B" />', "header", "fui-navbar"),
    ('<c-ui.theme-toggle class="user-x" data-t="1" />', "button", "fui-theme-toggle"),
]


@pytest.mark.parametrize(
    ("source", "element", "own_class"), PASS_THROUGH, ids=[p[0].split()[0] for p in PASS_THROUGH]
)
def test_one_class_attribute_with_the_users_classes_and_attributes_passed_through(
    source: str, element: str, own_class: str
) -> None:
    html = render(source, messages=[])
    attrs = next(
        a for name, a in tags(html) if name == element and "data-t" in a
    )  # tags() fails on duplicates
    assert own_class in classes(attrs)
    assert "user-x" in classes(attrs)
    assert html.count("user-x") == 1
    assert html.count('data-t="1"') == 1
    # The templates are indented; what they render is not: no line break, nothing around it.
    assert "\n" not in html and html == html.strip()


def test_template_lines_stay_readable() -> None:
    templates = COMPONENTS.parent.parent
    for path in templates.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert len(line) <= 200, (
                f"{path.relative_to(templates)}:{number} has {len(line)} characters"
            )


class TestOneline:
    def test_line_breaks_vanish_next_to_tags_and_become_a_space_between_words(self) -> None:
        source = (
            "{% load foundation_ui %}{% oneline %}\n"
            '<p\n  class="a"\n  id="b">\n  {% if x %}\n    one\n    two\n  {% endif %}\n</p>\n'
            "{% endoneline %}"
        )
        assert render(source, x=True) == '<p class="a" id="b">one two</p>'
        assert render(source, x=False) == '<p class="a" id="b"></p>'

    def test_what_the_template_outputs_is_kept_as_it_is(self) -> None:
        text = "line one\n   line two"
        html = render("<c-ui.card.content>\n  {{ text }}\n</c-ui.card.content>", text=text)
        assert html == '<div class="fui-card-content" >\n  line one\n   line two\n</div>'
        assert render(
            "<pre>{{ t }}</pre>{% load foundation_ui %}{% oneline %}\n{{ t }}\n{% endoneline %}",
            t=text,
        ) == (f"<pre>{text}</pre>{text}")

    def test_an_inline_component_adds_no_space_around_itself(self) -> None:
        html = render("Status: <c-ui.badge>New</c-ui.badge>. <c-ui.button>Go</c-ui.button>!")
        assert html.startswith(
            'Status: <span class="fui-badge" data-variant="default" >New</span>. <button'
        )
        assert html.endswith(">Go</button>!")


def test_breadcrumb_item_dropdown_and_pagination_take_classes_too() -> None:
    html = render(
        '<c-ui.breadcrumb.item class="user-x" data-t="1" href="/">H</c-ui.breadcrumb.item>'
    )
    assert classes(first(html, "li")) == ["user-x"] and first(html, "li")["data-t"] == "1"
    html = render('<c-ui.dropdown id="m" class="user-x" data-t="1" label="Menu">x</c-ui.dropdown>')
    wrapper, button = first(html, "div"), first(html, "button")
    assert classes(wrapper) == ["fui-dropdown", "user-x"]
    assert button["data-t"] == "1"  # attributes go on the button, which is what hx-*/aria-* target
    page = Paginator(list(range(30)), 10).page(2)
    html = render('<c-ui.pagination :page="page" class="user-x" data-t="1" />', page=page)
    assert (
        classes(first(html, "nav")) == ["fui-pagination", "user-x"]
        and first(html, "nav")["data-t"] == "1"
    )


class TestButton:
    def test_defaults(self) -> None:
        attrs = first(render("<c-ui.button>Save</c-ui.button>"), "button")
        assert attrs == {
            "type": "button",
            "class": "fui-btn",
            "data-variant": "default",
            "data-size": "default",
        }

    @pytest.mark.parametrize(
        "variant", ["default", "secondary", "outline", "ghost", "destructive", "link"]
    )
    @pytest.mark.parametrize("size", ["sm", "default", "lg", "icon"])
    def test_variants_and_sizes(self, variant: str, size: str) -> None:
        attrs = first(
            render(f'<c-ui.button variant="{variant}" size="{size}">X</c-ui.button>'), "button"
        )
        assert (attrs["data-variant"], attrs["data-size"]) == (variant, size)
        assert "variant" not in attrs and "size" not in attrs

    def test_every_variant_and_size_has_a_style(self) -> None:
        css = (COMPONENTS.parents[2] / "tailwind" / "components.css").read_text()
        for variant in ["secondary", "outline", "ghost", "destructive", "link"]:
            assert f'.fui-btn[data-variant="{variant}"]' in css
        for size in ["sm", "lg", "icon"]:
            assert f'.fui-btn[data-size="{size}"]' in css

    def test_href_renders_a_link(self) -> None:
        html = render('<c-ui.button href="/a?b=1&c=2" variant="outline">Go</c-ui.button>')
        assert first(html, "a")["href"] == "/a?b=1&c=2"
        assert "<button" not in html and "type=" not in html

    @pytest.mark.parametrize(
        ("props", "disabled"),
        [
            ("disabled", True),
            (':disabled="True"', True),
            (':disabled="on"', True),
            (':disabled="False"', False),
            (':disabled="off"', False),
            (':disabled="None"', False),
            ("", False),
        ],
    )
    def test_disabled_only_when_truthy(self, props: str, disabled: bool) -> None:
        attrs = first(render(f"<c-ui.button {props}>X</c-ui.button>", on=True, off=False), "button")
        assert ("disabled" in attrs) is disabled
        assert attrs.get("disabled") in (None, "")  # never disabled="False"

    def test_a_disabled_link_has_no_href(self) -> None:
        attrs = first(render('<c-ui.button href="/a" disabled>Go</c-ui.button>'), "a")
        assert "href" not in attrs
        assert attrs["aria-disabled"] == "true" and attrs["role"] == "link"

    def test_loading_disables_and_shows_a_spinner(self) -> None:
        html = render('<c-ui.button loading type="submit">Saving</c-ui.button>')
        attrs = first(html, "button")
        assert attrs["type"] == "submit" and "disabled" in attrs and attrs["aria-busy"] == "true"
        assert 'class="fui-spinner" aria-hidden="true"' in html
        assert "fui-spinner" not in render("<c-ui.button>Saving</c-ui.button>")

    def test_user_content_is_escaped(self) -> None:
        evil = '"><script>alert(1)</script>'
        html = render(
            '<c-ui.button class="{{ evil }}" href="{{ evil }}" data-x="{{ evil }}">{{ evil }}</c-ui.button>',
            evil=evil,
        )
        assert "<script>" not in html
        attrs = first(html, "a")
        assert attrs["href"] == evil and attrs["data-x"] == evil

    def test_htmx_and_aria_attributes_reach_the_button(self) -> None:
        attrs = first(
            render(
                '<c-ui.button hx-post="/x" hx-target="#t" aria-label="Close" id="b1" name="go">X</c-ui.button>'
            ),
            "button",
        )
        assert attrs["hx-post"] == "/x" and attrs["hx-target"] == "#t"
        assert attrs["aria-label"] == "Close" and attrs["id"] == "b1" and attrs["name"] == "go"


def test_badge_variants() -> None:
    for variant in ["default", "secondary", "outline", "destructive"]:
        assert (
            first(render(f'<c-ui.badge variant="{variant}">x</c-ui.badge>'), "span")["data-variant"]
            == variant
        )


class TestAlert:
    def test_roles_follow_the_variant_unless_given(self) -> None:
        assert first(render("<c-ui.alert>x</c-ui.alert>"), "div")["role"] == "status"
        assert (
            first(render('<c-ui.alert variant="destructive">x</c-ui.alert>'), "div")["role"]
            == "alert"
        )
        assert (
            first(render('<c-ui.alert variant="warning">x</c-ui.alert>'), "div")["role"] == "alert"
        )
        assert (
            first(render('<c-ui.alert variant="destructive" role="status">x</c-ui.alert>'), "div")[
                "role"
            ]
            == "status"
        )
        assert "role" not in first(render('<c-ui.alert role="none">x</c-ui.alert>'), "div")

    def test_title_description_and_icon(self) -> None:
        html = render(
            '<c-ui.alert title="{{ t }}"><c-slot name="icon"><svg></svg></c-slot>Body {{ t }}</c-ui.alert>',
            t="<b>",
        )
        assert '<svg></svg><div class="fui-alert-title">&lt;b&gt;</div>' in html
        assert '<div class="fui-alert-description">Body &lt;b&gt;</div>' in html
        assert "fui-alert-title" not in render("<c-ui.alert>Body</c-ui.alert>")


def test_card_parts_compose() -> None:
    html = render(
        '<c-ui.card as="section" aria-labelledby="t1"><c-ui.card.header><c-ui.card.title id="t1" level="2">Plan</c-ui.card.title>'
        "<c-ui.card.description>Pick one</c-ui.card.description></c-ui.card.header>"
        "<c-ui.card.content>Body</c-ui.card.content><c-ui.card.footer>Foot</c-ui.card.footer></c-ui.card>"
    )
    assert [t for t, _ in tags(html)] == ["section", "div", "h2", "p", "div", "div"]
    assert first(html, "section")["aria-labelledby"] == "t1"
    assert first(html, "h2") == {"class": "fui-card-title", "id": "t1"}
    assert first(render("<c-ui.card.title>T</c-ui.card.title>"), "h3")


class TestControls:
    def test_input_props(self) -> None:
        attrs = first(
            render(
                '<c-ui.input type="email" name="email" id="e" value="{{ v }}" placeholder="you@example.com" '
                'required invalid autocomplete="email" />',
                v='a"b',
            ),
            "input",
        )
        assert attrs == {
            "type": "email",
            "name": "email",
            "id": "e",
            "value": 'a"b',
            "placeholder": "you@example.com",
            "class": "fui-input",
            "required": None,
            "aria-invalid": "true",
            "autocomplete": "email",
        }
        plain = first(
            render('<c-ui.input name="q" :disabled="False" :readonly="False" />'), "input"
        )
        assert plain == {"type": "text", "name": "q", "class": "fui-input"}
        assert first(render('<c-ui.input name="n" :value="0" />'), "input")["value"] == "0"
        assert "disabled" in first(render('<c-ui.input name="q" disabled readonly />'), "input")

    def test_textarea(self) -> None:
        html = render(
            '<c-ui.textarea name="bio" rows="5" invalid>{{ t }}</c-ui.textarea>', t="</textarea><b>"
        )
        attrs = first(html, "textarea")
        assert attrs["rows"] == "5" and attrs["aria-invalid"] == "true"
        assert "&lt;/textarea&gt;&lt;b&gt;</textarea>" in html
        assert ">preset</textarea>" in render('<c-ui.textarea name="b" value="preset" />')

    def test_select_marks_the_value_selected(self) -> None:
        html = render(
            '<c-ui.select name="plan" :options="opts" :value="2" placeholder="Choose" required />',
            opts=[(1, "Free"), (2, "Pro <b>"), ("3", "Team")],
        )
        options = [a for t, a in tags(html) if t == "option"]
        assert [o["value"] for o in options] == ["", "1", "2", "3"]
        assert ["selected" in o for o in options] == [False, False, True, False]
        assert "Pro &lt;b&gt;" in html and "required" in first(html, "select")
        slotted = render('<c-ui.select name="s"><option value="x">X</option></c-ui.select>')
        assert '<option value="x">X</option></select>' in slotted

    def test_checkbox_and_switch(self) -> None:
        html = render('<c-ui.checkbox name="terms" label="I agree" checked required />')
        assert html.startswith('<label class="fui-check">')
        attrs = first(html, "input")
        assert attrs["type"] == "checkbox" and attrs["value"] == "on"
        assert "checked" in attrs and "required" in attrs
        assert "checked" not in first(
            render('<c-ui.checkbox name="t" :checked="False" aria-label="T" />'), "input"
        )
        assert "<label" not in render('<c-ui.checkbox name="t" aria-label="T" />')
        switch = first(
            render('<c-ui.switch name="n" label="Notify" :checked="True" disabled />'), "input"
        )
        assert switch["role"] == "switch" and "checked" in switch and "disabled" in switch

    def test_radio_group(self) -> None:
        html = render(
            '<c-ui.radio-group name="plan" legend="Plan" :options="opts" value="pro" required />',
            opts=[("free", "Free"), ("pro", "Pro")],
        )
        assert "<legend>Plan</legend>" in html
        radios = [a for t, a in tags(html) if t == "input"]
        assert [r["value"] for r in radios] == ["free", "pro"]
        assert ["checked" in r for r in radios] == [False, True]
        assert all(r["name"] == "plan" and r["type"] == "radio" and "required" in r for r in radios)
        assert "disabled" in first(
            render('<c-ui.radio-group name="p" :options="[]" disabled />'), "fieldset"
        )

    def test_label(self) -> None:
        html = render('<c-ui.label for="email" required>Email</c-ui.label>')
        assert first(html, "label")["for"] == "email"
        assert '<span class="fui-required" aria-hidden="true">*</span>' in html


class SignupForm(forms.Form):
    email = forms.EmailField(help_text="We never share it.")
    name = forms.CharField(required=False)
    plan = forms.ChoiceField(
        choices=[("free", "Free"), ("pro", "Pro")], widget=forms.RadioSelect, help_text="Pick."
    )
    terms = forms.BooleanField(label="I accept the terms")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Signups are closed <today>.")


class TestField:
    def test_an_invalid_field_keeps_djangos_aria_and_names_its_notes(self) -> None:
        form = SignupForm(data={"email": "nope"})
        html = render('<c-ui.field :field="form.email" class="mt-4" />', form=form)
        wrapper = first(html, "div")
        assert classes(wrapper) == ["fui-field", "mt-4"] and "data-invalid" in wrapper
        assert first(html, "label")["for"] == "id_email"
        widget = first(html, "input")
        assert widget["aria-invalid"] == "true"
        described = widget["aria-describedby"].split()  # type: ignore[union-attr]
        assert set(described) == {"id_email_helptext", "id_email_error"}
        assert 'id="id_email_helptext"' in html and 'id="id_email_error"' in html
        assert "Enter a valid email address." in html
        assert '<span class="fui-required" aria-hidden="true">*</span>' in html

    def test_a_valid_optional_field(self) -> None:
        html = render('<c-ui.field :field="form.name" />', form=SignupForm())
        assert (
            "data-invalid" not in html and "fui-required" not in html and "aria-invalid" not in html
        )

    def test_a_radio_field_is_a_fieldset_described_by_its_notes(self) -> None:
        html = render('<c-ui.field :field="form.plan" />', form=SignupForm(data={}))
        fieldset = first(html, "fieldset")
        assert fieldset["aria-describedby"] == "id_plan_helptext id_plan_error"
        assert "<legend>Plan" in html

    def test_a_checkbox_puts_its_label_after_the_box(self) -> None:
        html = render('<c-ui.field :field="form.terms" />', form=SignupForm())
        assert "data-check" in first(html, "div")
        assert html.index('type="checkbox"') < html.index('<label for="id_terms"')

    def test_a_hidden_field_is_just_the_input(self) -> None:
        html = render('<c-ui.field :field="form.token" />', form=SignupForm())
        assert [t for t, _ in tags(html)] == ["input"]


class TestForm:
    def test_a_post_form_with_every_kind_of_error(self) -> None:
        form = SignupForm(data={"email": "a@example.com", "plan": "pro", "terms": "on"})
        request = RequestFactory().get("/")
        from django.middleware.csrf import get_token

        html = render(
            '<c-ui.form :form="form" submit="Sign up" novalidate id="f" />',
            form=form,
            csrf_token=get_token(request),
        )
        attrs = first(html, "form")
        assert (
            attrs["method"] == "post"
            and attrs["id"] == "f"
            and "novalidate" in attrs
            and "action" not in attrs
        )
        assert 'name="csrfmiddlewaretoken"' in html
        alert = html[html.index('role="alert"') :]
        assert "Signups are closed &lt;today&gt;." in alert
        assert (
            "Token: This field is required." in alert
        )  # a hidden field's error is shown, not lost
        assert len(re.findall(r'class="fui-field[" ]', html)) == 4
        submit = first(html, "button")
        assert submit["type"] == "submit" and classes(submit) == ["fui-btn"]
        assert html.endswith(">Sign up</button></div></form>")

    def test_a_get_form_has_no_token_and_a_file_form_is_multipart(self) -> None:
        class Upload(forms.Form):
            file = forms.FileField()

        html = render(
            '<c-ui.form :form="form" method="get" action="/search/">x</c-ui.form>',
            form=Upload(),
            csrf_token="t",
        )
        attrs = first(html, "form")
        assert attrs["enctype"] == "multipart/form-data" and attrs["action"] == "/search/"
        assert "csrfmiddlewaretoken" not in html and "<button" not in html

    @override_settings(FORM_RENDERER="foundation_ui.forms.FormRenderer")
    def test_the_form_renderer_styles_plain_form_rendering(self) -> None:
        form = SignupForm(data={"email": "nope"})
        html = str(form)
        assert len(re.findall(r'class="fui-field[" ]', html)) == 4
        assert (
            'id="id_email_error"' in html
            and 'class="fui-alert" data-variant="destructive" role="alert"' in html
        )
        assert 'class="fui-field' in form["email"].as_field_group()


class TestTable:
    def test_rows_and_columns_escaped(self) -> None:
        html = render(
            '<c-ui.table caption="Users" :columns="cols" :rows="rows" />',
            cols=["Name", "Email"],
            rows=[["<b>", "a@x"]],
        )
        assert '<th scope="col">Name</th>' in html and "<td>&lt;b&gt;</td>" in html
        wrap = first(html, "div")
        assert (
            wrap["role"] == "region" and wrap["aria-label"] == "Users" and wrap["tabindex"] == "0"
        )
        assert "<caption>Users</caption>" in html

    def test_empty_and_slot(self) -> None:
        html = render(
            '<c-ui.table :columns="cols" :rows="rows" empty="Nobody yet." />',
            cols=["A", "B"],
            rows=[],
        )
        assert '<td class="fui-table-empty" colspan="2">Nobody yet.</td>' in html
        assert "role=" not in html.split("<table")[0]
        html = render("<c-ui.table><thead><tr><th>H</th></tr></thead></c-ui.table>")
        assert "<thead><tr><th>H</th></tr></thead></table>" in html


def test_dialog_and_its_trigger() -> None:
    html = render(
        '<c-ui.dialog id="confirm" title="Delete?" description="It cannot be undone.">Body'
        '<c-slot name="footer"><c-ui.button data-fui-close>Cancel</c-ui.button></c-slot></c-ui.dialog>'
    )
    dialog = first(html, "dialog")
    assert dialog["id"] == "confirm" and dialog["aria-labelledby"] == "confirm-title"
    assert dialog["aria-describedby"] == "confirm-description" and "data-fui-dialog" in dialog
    assert '<h2 id="confirm-title" class="fui-dialog-title">Delete?</h2>' in html
    assert '<div class="fui-dialog-footer">' in html
    assert 'aria-label="Close" data-fui-close' in html
    assert "aria-describedby" not in first(
        render('<c-ui.dialog id="d" title="T">x</c-ui.dialog>'), "dialog"
    )
    trigger = first(
        render(
            '<c-ui.dialog.trigger dialog="confirm" variant="destructive">Delete</c-ui.dialog.trigger>'
        ),
        "button",
    )
    assert trigger["data-fui-open"] == "confirm" and trigger["aria-haspopup"] == "dialog"
    assert trigger["aria-controls"] == "confirm" and trigger["data-variant"] == "destructive"


def test_dropdown_is_a_menu_button() -> None:
    html = render(
        '<c-ui.dropdown id="acts" label="Actions" align="end"><c-ui.dropdown.label>Project</c-ui.dropdown.label>'
        '<c-ui.dropdown.item href="/edit">Edit</c-ui.dropdown.item><c-ui.dropdown.separator />'
        '<c-ui.dropdown.item variant="destructive" hx-delete="/p">Delete</c-ui.dropdown.item>'
        '<c-ui.dropdown.item href="/x" disabled>Archive</c-ui.dropdown.item></c-ui.dropdown>'
    )
    button = first(html, "button")
    assert button["id"] == "acts-trigger" and button["aria-haspopup"] == "menu"
    assert button["aria-expanded"] == "false" and button["aria-controls"] == "acts-menu"
    menu = next(a for t, a in tags(html) if a.get("role") == "menu")
    assert (
        menu["id"] == "acts-menu" and menu["aria-labelledby"] == "acts-trigger" and "hidden" in menu
    )
    items = [a for t, a in tags(html) if a.get("role") == "menuitem"]
    assert [i.get("href") for i in items] == ["/edit", None, None]
    assert all(i["tabindex"] == "-1" for i in items)
    assert items[1]["hx-delete"] == "/p" and items[1]["type"] == "button"
    assert items[2]["aria-disabled"] == "true"
    assert 'data-align="end"' in html


def test_tabs_render_the_selected_panel_on_the_server() -> None:
    html = render(
        '<c-ui.tabs><c-ui.tabs.list label="Account">'
        '<c-ui.tabs.trigger tabs="acct" value="profile" selected>Profile</c-ui.tabs.trigger>'
        '<c-ui.tabs.trigger tabs="acct" value="password">Password</c-ui.tabs.trigger></c-ui.tabs.list>'
        '<c-ui.tabs.panel tabs="acct" value="profile" selected>P</c-ui.tabs.panel>'
        '<c-ui.tabs.panel tabs="acct" value="password">W</c-ui.tabs.panel></c-ui.tabs>'
    )
    tablist = next(a for t, a in tags(html) if a.get("role") == "tablist")
    assert tablist["aria-label"] == "Account"
    tabs = [a for t, a in tags(html) if a.get("role") == "tab"]
    assert [(t["id"], t["aria-controls"], t["aria-selected"], t["tabindex"]) for t in tabs] == [
        ("acct-tab-profile", "acct-panel-profile", "true", "0"),
        ("acct-tab-password", "acct-panel-password", "false", "-1"),
    ]
    panels = [a for t, a in tags(html) if a.get("role") == "tabpanel"]
    assert [("hidden" in p, p["aria-labelledby"]) for p in panels] == [
        (False, "acct-tab-profile"),
        (True, "acct-tab-password"),
    ]


def test_tooltips_get_unique_ids_unless_given_one() -> None:
    html = render(
        '<c-ui.tooltip text="{{ t }}"><button>A</button></c-ui.tooltip><c-ui.tooltip text="B"><button>B</button></c-ui.tooltip>'
        '<c-ui.tooltip text="C" id="mine" side="bottom"><button>C</button></c-ui.tooltip>',
        t="<i>",
    )
    tips = [a for t, a in tags(html) if a.get("role") == "tooltip"]
    ids = [t["id"] for t in tips]
    assert len(set(ids)) == 3 and ids[2] == "mine"
    assert "&lt;i&gt;" in html and 'data-side="bottom"' in html


class TestToasts:
    def messages(self) -> list[Message]:
        return [
            Message(constants.SUCCESS, "Saved <b>"),
            Message(constants.ERROR, "Failed"),
            Message(constants.INFO, "FYI", extra_tags="sticky"),
        ]

    def test_messages_become_toasts(self) -> None:
        html = render("<c-ui.toasts />", messages=self.messages())
        toaster = first(html, "ol")
        assert toaster["aria-live"] == "polite" and toaster["data-seconds"] == "6"
        items = [a for t, a in tags(html) if t == "li"]
        assert [i["data-variant"] for i in items] == ["success", "error", "info"]
        bodies = [a for t, a in tags(html) if a.get("class") == "fui-toast-body"]
        assert [b.get("role") for b in bodies] == [None, "alert", None]
        assert all("role" not in i for i in items)  # a list item keeps its role
        assert "Saved &lt;b&gt;" in html
        assert html.count('aria-label="Dismiss"') == 3

    @override_settings(FOUNDATION_UI={"TOAST_SECONDS": 0})
    def test_toast_seconds_setting(self) -> None:
        assert first(render("<c-ui.toasts />", messages=[]), "ol")["data-seconds"] == "0"

    @override_settings(FOUNDATION_UI={"TOAST_SECONDS": 0.5}, LANGUAGE_CODE="fr")
    def test_fractional_toast_seconds_are_kept_and_not_localised(self) -> None:
        assert first(render("<c-ui.toasts />", messages=[]), "ol")["data-seconds"] == "0.5"


@pytest.mark.django_db
def test_avatar_initials_image_and_fallback() -> None:
    user = User(username="ada", first_name="Ada", last_name="Lovelace")
    html = render('<c-ui.avatar :user="user" size="lg" />', user=user)
    assert (
        '<span role="img" aria-label="Ada Lovelace">AL</span>' in html and 'data-size="lg"' in html
    )
    html = render('<c-ui.avatar :user="user" />', user=User(username="grace_hopper"))
    assert ">GH<" in html
    html = render('<c-ui.avatar src="/a.png" alt="Ada" />')
    assert first(html, "img") == {"src": "/a.png", "alt": "Ada"}
    assert '<span aria-hidden="true">?</span>' in render("<c-ui.avatar />")
    assert ">XY<" in render('<c-ui.avatar alt="Ada" initials="XY" />')
    assert initials("  ") == "" and initials("cher") == "C" and initials("Jean-Luc Picard") == "JP"


def test_skeleton_separator() -> None:
    assert first(render('<c-ui.skeleton class="h-4" />'), "div")["aria-hidden"] == "true"
    html = render('<c-ui.skeleton label="Loading" />')
    assert first(html, "div")["role"] == "status" and "Loading</span>" in html
    assert first(render("<c-ui.separator />"), "div") == {
        "class": "fui-separator",
        "data-orientation": "horizontal",
        "aria-hidden": "true",
    }
    attrs = first(render('<c-ui.separator orientation="vertical" :decorative="False" />'), "div")
    assert attrs["role"] == "separator" and attrs["aria-orientation"] == "vertical"


def test_breadcrumb() -> None:
    html = render(
        '<c-ui.breadcrumb :items="items" />',
        items=[("Home", "/"), ("Docs <1>", "/docs/"), ("Here", "")],
    )
    assert first(html, "nav")["aria-label"] == "Breadcrumb"
    assert (
        '<a href="/docs/">Docs &lt;1&gt;</a>' in html
        and '<span aria-current="page">Here</span>' in html
    )
    html = render(
        '<c-ui.breadcrumb label="You are here"><c-ui.breadcrumb.item href="/">Home</c-ui.breadcrumb.item>'
        "<c-ui.breadcrumb.item current>Now</c-ui.breadcrumb.item></c-ui.breadcrumb>"
    )
    assert 'aria-label="You are here"' in html and '<li ><a href="/">Home</a></li>' in html
    assert '<span aria-current="page">Now</span>' in html


class TestPagination:
    def test_links_keep_the_query_string(self) -> None:
        page = Paginator(list(range(200)), 10).page(10)
        request = RequestFactory().get("/users/", {"q": "a&b", "page": "10", "sort": "name"})
        html = render('<c-ui.pagination :page="page" />', page=page, request=request)
        links = [a for t, a in tags(html) if t == "a"]
        assert links[0]["rel"] == "prev" and links[0]["href"] == "?q=a%26b&page=9&sort=name"
        assert links[-1]["rel"] == "next" and links[-1]["href"] == "?q=a%26b&page=11&sort=name"
        current = [a for a in links if a.get("aria-current") == "page"]
        assert len(current) == 1 and current[0]["href"] == "?q=a%26b&page=10&sort=name"
        assert html.count("fui-page-ellipsis") == 2
        numbers = re.findall(r">(\d+)</a>", html)
        assert numbers == ["1", "9", "10", "11", "20"]

    def test_first_page_custom_param_and_single_page(self) -> None:
        page = Paginator(list(range(30)), 10).page(1)
        html = render('<c-ui.pagination :page="page" param="p" previous_label="Back" />', page=page)
        back = first(html, "a")
        assert back["aria-disabled"] == "true" and "href" not in back and ">Back<" in html
        assert 'href="?p=2"' in html
        assert render('<c-ui.pagination :page="page" />', page=Paginator([1], 10).page(1)) == ""


def test_navbar_and_theme_toggle() -> None:
    html = render(
        '<c-ui.navbar brand="{{ b }}" brand_href="/home/"><a href="/docs/" aria-current="page">Docs</a>'
        '<c-slot name="actions"><c-ui.button size="sm">Log in</c-ui.button></c-slot></c-ui.navbar>',
        b="Acme <&>",
    )
    assert '<a class="fui-navbar-brand" href="/home/">Acme &lt;&amp;&gt;</a>' in html
    assert first(html, "nav")["aria-label"] == "Main"
    toggle = next(a for t, a in tags(html) if "data-fui-theme-toggle" in a)
    assert toggle["aria-pressed"] == "false" and toggle["aria-label"] == "Dark theme"
    assert "data-fui-theme-toggle" not in render('<c-ui.navbar brand="B" :toggle="False" />')


def test_a_dropdown_without_an_id_gets_a_unique_one() -> None:
    html = render(
        '<c-ui.dropdown label="A">x</c-ui.dropdown><c-ui.dropdown label="B">y</c-ui.dropdown>'
    )
    buttons = [a for t, a in tags(html) if t == "button"]
    menus = [a for t, a in tags(html) if a.get("role") == "menu"]
    assert len({b["id"] for b in buttons}) == 2
    for button, menu in zip(buttons, menus, strict=True):
        assert button["aria-controls"] == menu["id"] and menu["aria-labelledby"] == button["id"]
        assert button["id"].startswith("fui-") and button["id"].endswith("-trigger")
