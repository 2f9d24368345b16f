"""The dialect reference pages (`asic.tools.make_docs`): the committed pages
are what the code generates, and every op and attribute they describe has a
docstring of its own."""

from __future__ import annotations

import pytest

from asic.tools.make_docs import DOCS, main, pages
from asic.universe import DIALECTS


def test_committed_pages_are_up_to_date() -> None:
    generated = pages()
    committed = {str(p.relative_to(DOCS)): p.read_text() for p in (DOCS / "dialects").glob("*.md")}
    assert sorted(committed) == sorted(generated), "a page is missing or left over"
    stale = [name for name, text in generated.items() if committed[name] != text]
    assert not stale, f"out of date, run python -m asic.tools.make_docs: {stale}"


@pytest.mark.parametrize("name", DIALECTS)
def test_every_op_and_attribute_has_its_own_docstring(name: str) -> None:
    dialect = DIALECTS[name]()
    missing = [d.name for d in [*dialect.operations, *dialect.attributes] if not d.__doc__]
    assert not missing, f"no docstring: {missing}"


def test_check_mode(tmp_path, capsys) -> None:
    main([str(tmp_path)])
    assert sorted(p.name for p in (tmp_path / "dialects").iterdir()) == sorted(f"{n}.md" for n in DIALECTS)
    main([str(tmp_path), "--check"])
    (tmp_path / "dialects" / "nn.md").write_text("stale\n")
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--check"])
    assert "out of date" in capsys.readouterr().err
