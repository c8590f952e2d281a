from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from openmash.core.access import mark_restricted
from openmash.core.audit import AuditVerb, audit_record
from openmash.people.models import Person
from openmash.people.permissions import persons_visible_to

NHS_DIGITS = re.compile(r"^\d{10}$")


def person_search(*, user: Any, query: str, limit: int = 50) -> list[Person]:
    """Find people by NHS number or by name (every word must match a name); logs the search.

    Simple matching only; spelling-tolerant ranked search replaces this with the person index.
    """
    terms = query.split()
    queryset: QuerySet[Person] = persons_visible_to(user)
    digits = query.replace(" ", "")
    if NHS_DIGITS.match(digits):
        queryset = queryset.filter(nhs_number=digits)
    elif terms:
        for term in terms:
            queryset = queryset.filter(
                Q(given_name__icontains=term) | Q(family_name__icontains=term)
            )
    else:
        queryset = queryset.none()
    results = list(queryset.order_by("family_name", "given_name", "pk")[:limit])
    mark_restricted(user, results)
    audit_record(
        actor=user,
        verb=AuditVerb.SEARCHED,
        target_type="person",
        summary={"terms": query, "result_count": len(results)},
        durable=False,
    )
    return results
