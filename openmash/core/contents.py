"""A long page's "Contents" list (MoJ side navigation), built from the page's own section headings.

The contact page is put together from several apps' panels (contacts' own sections, then the
front door's, Family Help's and out-of-hours' through `contact_page_panels`), and which of them
show depends on the contact and the reader. Reading the rendered <h2 class="govuk-heading-m">
headings means the list always matches the page, and a panel added later appears in it without
being registered twice. It is plain links, so it works without JavaScript.
"""

from __future__ import annotations

import re

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

PLACEHOLDER = "<!-- openmash:contents -->"
_SECTION = re.compile(
    r'<h2 class="govuk-heading-m"(?: id="(?P<id>[^"]*)")?>(?P<text>.*?)</h2>', re.S
)


def with_contents(html: str, *, label: str = "Contents") -> str:
    """Give each section heading an id (when it has none) and put the list at PLACEHOLDER."""
    if PLACEHOLDER not in html:
        return html
    start = html.index(PLACEHOLDER)
    sections: list[tuple[str, str]] = []
    taken: set[str] = set()

    def anchor(match: re.Match[str]) -> str:
        text = " ".join(strip_tags(match["text"]).split())
        ident = match["id"] or slugify(text) or "section"
        while ident in taken:
            ident += "-more"
        taken.add(ident)
        sections.append((ident, text))
        return f'<h2 class="govuk-heading-m" id="{ident}">{match["text"]}</h2>'

    body = _SECTION.sub(anchor, html[start:])
    return html[:start] + _contents_nav(sections, label=label) + body.replace(PLACEHOLDER, "", 1)


def _contents_nav(sections: list[tuple[str, str]], *, label: str) -> SafeString:
    if not sections:
        return mark_safe("")
    items = format_html_join(
        "",
        '<li class="moj-side-navigation__item"><a href="#{}">{}</a></li>',
        sections,
    )
    return format_html(
        '<nav class="moj-side-navigation openmash-contents--sticky" aria-label="{}">'
        '<h2 class="moj-side-navigation__title">{}</h2>'
        '<ul class="moj-side-navigation__list">{}</ul></nav>',
        label,
        label,
        items,
    )
