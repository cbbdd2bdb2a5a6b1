"""Accessibility checks with axe-core, run inside the page under test.

axe-core comes bundled with the PyPI package axe-playwright-python; we only use its
``axe.min.js``. The script is evaluated through Playwright (not added as a <script> tag),
so a Content-Security-Policy without inline scripts does not block it.

    from tests.browser.a11y import assert_no_serious_a11y_violations
    assert_no_serious_a11y_violations(page)
"""

from functools import cache
from pathlib import Path

import axe_playwright_python

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


@cache
def axe_source() -> str:
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, *, tags=WCAG_21_AA, context=None) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations (axe's own dicts).

    `context` limits the check to part of the page, e.g. ``{"exclude": [["#map"]]}``.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await axe.run(context || document, options);
            return results.violations;
        }""",
        [context, list(tags)],
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_no_serious_a11y_violations(page, *, tags=WCAG_21_AA, context=None) -> None:
    """Fail, listing rule, impact, help and offending nodes, on any serious or critical
    WCAG 2.1 A/AA violation that axe-core finds on the current page."""
    serious = [
        v for v in axe_violations(page, tags=tags, context=context) if v["impact"] in SERIOUS
    ]
    if serious:
        raise AssertionError(
            f"{len(serious)} serious/critical accessibility violation(s) on {page.url}:\n"
            + describe(serious)
        )
