"""The documentation's Python examples run as written.

docs/python.md: every ```python block before its "README section (to merge)", in order, in one
namespace (a notebook: later blocks use earlier results), from the repository root (the examples
read data/...). The blocks of that README section and any ```python block of README.md run
alone, each in a fresh namespace, since a README example must stand on its own.
"""

import re

import pytest

FENCE = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def python_blocks(text):
    return FENCE.findall(text)


def run(code, namespace, name):
    exec(compile(code, name, "exec"), namespace)


def test_docs_python_md_notebook(repo_root, monkeypatch):
    text = (repo_root / "docs" / "python.md").read_text()
    blocks = python_blocks(text.split("## README section (to merge)")[0])
    assert len(blocks) >= 3, "docs/python.md lost its examples"
    monkeypatch.chdir(repo_root)
    namespace = {"__name__": "docs_python_md"}
    for i, block in enumerate(blocks):
        run(block, namespace, f"docs/python.md block {i}")
    # The notebook's own claims, checked on its results.
    ranking, generated = namespace["ranking"], namespace["generated"]
    assert len(ranking.top) == 5 and generated.ok


def readme_sections(repo_root):
    sections = []
    doc = (repo_root / "docs" / "python.md").read_text()
    start = doc.find("## README section (to merge)")
    if start >= 0:
        end = doc.find("\n## ", start + 1)
        sections.append(("docs/python.md README section", doc[start:end if end > 0 else None]))
    readme = repo_root / "README.md"
    if readme.exists():
        sections.append(("README.md", readme.read_text()))
    return sections


def test_readme_examples_stand_alone(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    ran = 0
    for name, text in readme_sections(repo_root):
        for i, block in enumerate(python_blocks(text)):
            run(block, {"__name__": "readme_example"}, f"{name} block {i}")
            ran += 1
    if ran == 0:
        pytest.skip("no README Python example yet")
