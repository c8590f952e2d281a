"""Everything the front door adds to the contact page, gathered in one place: the lead's
sections (second reports of the incident, history, clocks, actions, decisions, notes,
involvement, chronology) and each area's panel
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
    from openmash.frontdoor.selectors.history import contact_history, second_report_alerts
    from openmash.frontdoor.services.second_reports import can_acknowledge_second_report
    from openmash.frontdoor.views import consent, queue, requests, routes, thresholds

    context = contact_frontdoor_context(user, contact)
    context["fd_second_reports"] = second_report_alerts(user, contact)
    context["fd_second_reports_waiting"] = [
        a for a in context["fd_second_reports"] if a.acknowledgement is None
    ]
    context["fd_second_reports_done"] = [
        a for a in context["fd_second_reports"] if a.acknowledgement is not None
    ]
    context["fd_can_acknowledge"] = can_acknowledge_second_report(user, contact)
    context["fd_history"] = contact_history(user, contact)
    context.update(queue.allocation_panel_context(user, contact))
    context.update(requests.panel_context(user, contact))
    context.update(consent.panel_context(user, contact))
    context.update(thresholds.panel_context(user, contact))
    context.update(routes.panel_context(user, contact))
    return context
