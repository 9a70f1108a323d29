"""The web app (FastAPI + Jinja2) and the JSON API, on the same service calls."""
