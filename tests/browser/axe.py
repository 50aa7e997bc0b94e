"""axe-core, the accessibility checker, run inside the browser page."""

import json
import os

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.1 A and AA rules and best practices) on the page as it stands."""
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}" for v in result]
