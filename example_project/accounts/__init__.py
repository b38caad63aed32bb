"""The site's own user model, in place from the first migration as Django's docs recommend."""
