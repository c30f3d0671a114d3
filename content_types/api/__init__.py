"""The content types' public API: the map router registered on Wagtail's API v3 (cms/api.py)."""
