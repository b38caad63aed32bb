"""Template helpers for foundation-ui's components and layout: ``{% load foundation_ui %}``."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.template import Context
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from foundation_ui.conf import ui_settings

register = template.Library()


@register.filter
def initials(name: object) -> str:
    """Up to two initials from a name: "Ada Lovelace" gives "AL", "grace" gives "G"."""
    words = str(name or "").replace("_", " ").replace(".", " ").split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


@register.simple_tag
def foundation_ui_stylesheet() -> str:
    """The URL of the site's stylesheet: FOUNDATION_UI["STYLESHEET"], else the one foundation-ui ships."""
    return static(ui_settings()["STYLESHEET"])


@register.simple_tag
def foundation_ui_script() -> str:
    """The URL of foundation-ui's script (keyboard behaviour, dialogs, theme toggle, toasts)."""
    return static("foundation_ui/foundation-ui.js")


_uids = itertools.count(1)


@register.simple_tag
def foundation_ui_uid() -> str:
    """A fresh id for an element that needs one (unique within the process, so within the page)."""
    return f"fui-{next(_uids)}"


@register.simple_tag
def foundation_ui_toast_seconds() -> str:
    """How long a toast that is not an error stays, from FOUNDATION_UI["TOAST_SECONDS"].

    Written as plain text for the script ("1.5", never a localised "1,5"), and never rounded:
    rounding 0.5 down would give 0, which keeps every toast until dismissed.
    """
    return format(ui_settings()["TOAST_SECONDS"], "g")


@register.filter
def foundation_ui_page_range(page: Page[Any]) -> Iterable[int | str]:
    """The page numbers to link around the current one, long runs elided (Paginator.ELLIPSIS)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@register.simple_tag(takes_context=True)
def foundation_ui_page_url(context: Context, param: str, number: int) -> str:
    """The current URL's query string with only the page number changed, e.g. ``?q=x&page=3``."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param] = str(number)
    return "?" + query.urlencode()


_SPINNER = '<span class="fui-spinner" aria-hidden="true"></span>'


@register.simple_tag(takes_context=True)
def foundation_ui_button(context: Context) -> SafeString:
    """The markup of <c-ui.button>, from the props its template declares (see cotton/ui/button.html).

    A <button>, or an <a> when href is given. disabled and loading count only when truthy, so
    :disabled="False" leaves the button enabled; a disabled link loses its href.
    """
    get: Callable[..., Any] = context.get
    extra = get("class")
    common = (
        f'class="fui-btn{" " + conditional_escape(extra) if extra else ""}" '
        f'data-variant="{conditional_escape(get("variant", ""))}" data-size="{conditional_escape(get("size", ""))}"'
    )
    loading = get("loading")
    spinner = _SPINNER if loading else ""
    busy = ' aria-busy="true"' if loading else ""
    attrs = str(get("attrs") or "")
    if attrs:
        attrs = " " + attrs
    href = get("href")
    if href:
        target = (
            ' role="link" aria-disabled="true"'
            if get("disabled")
            else f' href="{conditional_escape(href)}"'
        )
        return mark_safe(f"<a{target} {common}{busy}{attrs}>{spinner}{get('slot', '')}</a>")
    disabled = " disabled" if loading or get("disabled") else ""
    return mark_safe(
        f'<button type="{conditional_escape(get("type", ""))}" {common}{disabled}{busy}{attrs}>'
        f"{spinner}{get('slot', '')}</button>"
    )
