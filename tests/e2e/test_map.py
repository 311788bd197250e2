"""The Map tab in Chromium: outlines drawn from the app's own files, with every other origin blocked."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e


def test_the_map_draws_its_outlines_with_no_request_leaving_the_machine(app_page, app_url, artifacts):
    own = urlsplit(app_url).netloc
    asked: list[str] = []

    def only_our_origin(route):
        asked.append(route.request.url)
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            route.abort()

    app_page.route("**/*", only_our_origin)
    app_page.goto(f"{app_url}/?tab=Map")
    geo = app_page.locator(".js-plotly-plot .geo .countries path")
    # A first load on a busy machine is slow: this waits, it times nothing.
    geo.first.wait_for(state="attached", timeout=120_000)
    app_page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=120_000)
    assert geo.count() > 0  # the country outlines were drawn
    markers = app_page.locator(".js-plotly-plot .scattergeo .point")
    assert markers.count() > 10
    app_page.screenshot(path=str(artifacts / "map-1400.png"), full_page=True)
    foreign = [u for u in asked if urlsplit(u).netloc != own]
    assert foreign == []
    assert any(u.endswith("/app/static/topojson/world_50m.json") for u in asked)
