from __future__ import annotations

import re

from django.test import Client

from tests.conftest import World, client_for


def test_pages_carry_a_strict_csp_with_a_fresh_nonce(db: None) -> None:
    first = Client().get("/accounts/login/")
    second = Client().get("/accounts/login/")
    csp = first.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "style-src 'self'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce
    assert f'nonce="{nonce.group(1)}"'.encode() in first.content
    assert nonce.group(1) not in second.headers["Content-Security-Policy"]


def test_framing_is_denied_and_content_types_are_not_sniffed(db: None) -> None:
    response = Client().get("/accounts/login/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_page_has_inline_styles_or_event_handlers(world: World, contact) -> None:
    client = client_for(world.social_worker)
    for url in ["/", f"/contacts/{contact.pk}/", "/people/?q=Rahman", "/contacts/"]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "hx-on" not in html, url


def test_forms_need_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"login": world.social_worker.email, "password": "x"}
    )
    assert response.status_code == 403
