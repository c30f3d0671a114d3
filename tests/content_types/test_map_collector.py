"""The map pauses Python's cycle collector while it builds a response
(content_types/api/features.py, `collector_paused`); the process must get it back."""

import gc
import threading

import pytest

from content_types.api.features import collector_paused

from .map_corner import make_event

pytestmark = pytest.mark.django_db


def test_the_collector_runs_again_after_map_requests_good_and_bad(client):
    make_event("Soirée test du collecteur")
    assert client.get("/api/v3/map/features", {"bbox": "-31,9,-29,11"}).status_code == 200
    assert gc.isenabled()
    assert client.get("/api/v3/map/features", {"bbox": "1,2,3"}).status_code == 400
    assert gc.isenabled()


def test_overlapping_pauses_resume_it_once_the_last_one_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def second():
        first_in.wait()
        with collector_paused():
            second_in.set()
            first_out.wait()
            seen["while the second still builds"] = gc.isenabled()

    thread = threading.Thread(target=second)
    thread.start()
    with collector_paused():
        first_in.set()
        second_in.wait()
    first_out.set()
    thread.join()

    assert seen == {"while the second still builds": False}
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_process_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
