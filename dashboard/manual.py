"""The in-app manual: the pages of docs/gebruikers/ (Markdown, written for the users) as
HTML. The files are part of the application, not user input; links between them are
rewritten to the manual's own URLs so a reader stays in the app."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

DOCS = Path(settings.BASE_DIR) / "docs" / "gebruikers"
SLUG = re.compile(r"^[a-z0-9-]+$")
# A link to another page of the manual, as written in the Markdown: (name.md) or (name.md#part)
_MD_LINK = re.compile(r'href="([a-z0-9-]+)\.md(#[^"]*)?"')
# A link to the developers' documentation outside docs/gebruikers/: kept as plain text.
_OUTSIDE_LINK = re.compile(r'<a href="\.\./[^"]*">(.*?)</a>')


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    html: SafeString


def slugs() -> list[str]:
    return sorted(p.stem for p in DOCS.glob("*.md"))


def contents() -> list[tuple[str, str]]:
    """(slug, title) of every page, "Aan de slag" first."""
    pages = [(slug, page(slug).title) for slug in slugs()]
    return sorted(pages, key=lambda p: (p[0] != "aan-de-slag", p[1].lower()))


def page(slug: str) -> Page | None:
    if not SLUG.match(slug or "") or not (DOCS / f"{slug}.md").is_file():
        return None
    return _render(slug, (DOCS / f"{slug}.md").stat().st_mtime)


@cache
def _render(slug: str, _mtime: float) -> Page:
    text = (DOCS / f"{slug}.md").read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    title = first.lstrip("# ").strip() if first.startswith("# ") else slug
    html = markdown.markdown(text, extensions=["tables", "toc", "sane_lists"], output_format="html")
    html = _OUTSIDE_LINK.sub(r"\1", html)
    html = _MD_LINK.sub(lambda m: f'href="{reverse("dashboard:help_page", args=[m[1]])}{m[2] or ""}"', html)
    return Page(slug=slug, title=title, html=mark_safe(html))  # noqa: S308 -- our own files
