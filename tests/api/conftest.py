"""The map API's tests moved to tests/content_types/ (test_map_*.py, beside the content they
serve); a test added here gets the same helpers and fixtures."""

from tests.content_types.map_corner import (  # noqa: F401 (helpers and fixtures)
    TEST_BBOX, TEST_BBOX_VALUES, _no_response_cache, agenda_of, features, ids, make_event, make_place, places_of, site,
)
