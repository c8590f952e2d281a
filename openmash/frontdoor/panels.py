"""Everything the front door adds to the contact page, gathered in one place: the lead's
sections (clocks, actions, decisions, notes, involvement, chronology) and each area's panel
(allocation, information requests, consent, threshold). Registered in `FrontdoorConfig.ready()`
as the contact page's panels (`contacts.registry.contact_page_panels`), with the templates
`partials/_contact_page_summary.html` and `partials/_contact_page_work.html`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openmash.contacts.models import Contact

if TYPE_CHECKING:
    from openmash.accounts.models import User


def frontdoor_panels(user: User, contact: Contact) -> dict[str, Any]:
    from openmash.frontdoor.selectors.contact import contact_frontdoor_context
    from openmash.frontdoor.views import consent, queue, requests, routes, thresholds

    context = contact_frontdoor_context(user, contact)
    context.update(queue.allocation_panel_context(user, contact))
    context.update(requests.panel_context(user, contact))
    context.update(consent.panel_context(user, contact))
    context.update(thresholds.panel_context(user, contact))
    context.update(routes.panel_context(user, contact))
    return context
