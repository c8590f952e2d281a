"""Request types for views that only a signed-in user reaches.

`login_required`, a permission check or DRF's IsAuthenticated has already turned the anonymous
visitor away, so the view may treat `request.user` as a `User`. These classes exist for the type
checker: Django and DRF still build their own request objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from openmash.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware sets it on every request


class AuthenticatedRequest(Request):
    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request only a signed-in user can have made, where the request's type cannot
    say so: the admin site's ModelAdmin methods (the site lets administrators in, nobody else)."""
    user = request.user
    assert user.is_authenticated, "the admin site lets only signed-in administrators in"
    return user
