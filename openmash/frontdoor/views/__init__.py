"""Front-door HTML views, one module per area; each defines `urlpatterns`."""
