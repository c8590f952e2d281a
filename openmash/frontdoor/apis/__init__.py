"""Front-door API views, one module per area; each defines `api_urlpatterns`."""
