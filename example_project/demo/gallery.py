"""The component gallery: every foundation-ui component in every variant, for people and for tests."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

PLANS = [("free", "Free"), ("pro", "Pro"), ("team", "Team")]

# The toasts the gallery's buttons send through Django's messages framework.
TOASTS = {
    "info": (messages.INFO, "Your export has started."),
    "success": (messages.SUCCESS, "Your changes were saved."),
    "warning": (messages.WARNING, "Your trial ends in 3 days."),
    "error": (messages.ERROR, "The payment was declined."),
}


class GalleryForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on your invoices.")
    email = forms.EmailField(label="Email")
    plan = forms.ChoiceField(
        label="Plan", choices=PLANS, widget=forms.RadioSelect, help_text="Change it at any time."
    )
    country = forms.ChoiceField(
        label="Country", choices=[("", "Choose one"), ("fr", "France"), ("jp", "Japan")]
    )
    bio = forms.CharField(
        label="About you", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    newsletter = forms.BooleanField(label="Send me the newsletter", required=False)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("This is how an error that belongs to no single field looks.")


def gallery(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        level, text = TOASTS.get(request.POST.get("level", ""), TOASTS["info"])
        messages.add_message(request, level, text)
        return redirect("gallery")
    form = GalleryForm(data={"name": "", "email": "not-an-email", "plan": "pro", "country": "jp"})
    page = Paginator(range(1, 201), 10).get_page(request.GET.get("page", 7))
    context = {
        "form": form,
        "page": page,
        "plans": PLANS,
        "variants": ["default", "secondary", "outline", "ghost", "destructive", "link"],
        "badge_variants": ["default", "secondary", "outline", "destructive"],
        "sizes": ["sm", "default", "lg"],
        "toast_levels": list(TOASTS),
        "columns": ["Invoice", "Status", "Method", "Amount"],
        "rows": [
            ["INV001", "Paid", "Card", "$250.00"],
            ["INV002", "Pending", "Transfer", "$150.00"],
            ["INV003", "Unpaid", "Card", "$350.00"],
        ],
        "crumbs": [("Home", "/"), ("Components", "/gallery/"), ("Breadcrumb", "")],
        "alignments": [("left", "Left"), ("center", "Center"), ("right", "Right")],
        "text_styles": [("bold", "Bold"), ("italic", "Italic"), ("underline", "Underline")],
        "chosen_styles": ["bold"],
        "frameworks": [
            ("django", "Django"),
            ("flask", "Flask"),
            ("fastapi", "FastAPI"),
            ("rails", "Ruby on Rails"),
            ("laravel", "Laravel"),
            ("phoenix", "Phoenix"),
        ],
    }
    return render(request, "demo/gallery.html", context)
