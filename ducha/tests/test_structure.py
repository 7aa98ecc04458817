"""Issue 15, item 12: the code stays readable — no module over about 500 lines, the demo world outside
the product, and the product never importing it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "var", "migrations", ".git"}


def _modules():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}


def test_the_product_does_not_import_the_demo_world():
    users = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if p.relative_to(ROOT).parts[0] not in ("demo", "bench", "scripts")
        and p != Path(__file__)
        and ("from demo" in (text := p.read_text()) or "import demo" in text)
    ]
    assert users == []
