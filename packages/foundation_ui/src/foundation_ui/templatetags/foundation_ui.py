"""Template helpers for foundation-ui's components and layout: ``{% load foundation_ui %}``."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.template import Context
from django.template.base import Node, NodeList, Parser, TextNode, Token
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

from foundation_ui.conf import conf

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
    return static(conf.STYLESHEET)


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
    return format(conf.TOAST_SECONDS, "g")


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


_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


def _join_lines(text: str) -> str:
    """``text`` with each line break (and the indentation around it) removed next to a tag, or
    turned into one space between two pieces of text. A tag is an HTML tag's angle bracket or, at the
    text's either end, a template tag or variable."""

    def replace(match: re.Match[str]) -> str:
        before, after = text[: match.start()], text[match.end() :]
        if not before or not after or before.endswith(">") or after.startswith("<"):
            return ""
        return " "

    return _LINE_BREAK.sub(replace, text)


class OnelineNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        return self.nodelist.render(context)


@register.tag
def oneline(parser: Parser, token: Token) -> OnelineNode:
    """``{% oneline %}...{% endoneline %}``: write markup indented on many lines, render it as one.

    The template's own text is joined when the template is compiled (no cost per render): a line
    break and its indentation vanish next to an HTML tag or a template tag, and become one space
    between two words or attributes. Values the template outputs (a slot, a variable) are kept as
    they are. The components use it so that their templates read well and their HTML stays tight:
    ``<c-ui.badge>New</c-ui.badge>.`` renders no space before the full stop.
    """
    nodelist = parser.parse(("endoneline",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(TextNode):
        assert isinstance(node, TextNode)
        node.s = _join_lines(node.s)
    return OnelineNode(nodelist)


@register.simple_tag
def foundation_ui_account_url(name: str, **kwargs: Any) -> str:
    """The URL of an account page: foundation-ui's own (``foundation_ui:<name>``) when the site
    includes ``foundation_ui.urls``, else the one ``django.contrib.auth.urls`` names ``<name>``,
    else "" (a site on django-allauth, say), so that a template can leave the link out instead of
    failing with NoReverseMatch. ``kwargs`` are the URL's arguments (``uidb64``, ``token``)."""
    for candidate in (f"foundation_ui:{name}", name):
        try:
            return reverse(candidate, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""
