"""The accessibility helper itself: it must find what it claims to find."""

import pytest

from tests.browser.a11y import assert_no_serious_a11y_violations, axe_violations

BAD_PAGE = """<!DOCTYPE html><html><head><title>bad</title></head><body><main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#aaa;background:#fff">too light to read</p>
<label>no control</label><input type="text">
</main></body></html>"""

GOOD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>good</title></head><body><main>
<h1>Fine</h1><img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label for="name">Name</label><input id="name" type="text">
</main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_reports_serious_violations_with_rule_impact_help_and_node(blank_page):
    blank_page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_no_serious_a11y_violations(blank_page)
    message = str(failure.value)
    for rule in ("image-alt", "html-has-lang", "color-contrast", "label"):
        assert rule in message
    assert "(critical)" in message or "(serious)" in message
    assert "<img" in message  # the offending node is shown


def test_passes_a_clean_page_and_can_run_twice(blank_page):
    blank_page.set_content(GOOD_PAGE)
    assert_no_serious_a11y_violations(blank_page)
    assert axe_violations(blank_page) == []  # axe is injected once, runs again
