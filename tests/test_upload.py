"""Loading your own file beside the bundled pathways: a copy of a bundled pathway replaces it,
anything ambiguous gets one located message that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathviz.io.pathways import load_pathways, read_pathways
from pathviz.view import SCREEN, ViewState, build_view

from .conftest import PATHWAYS

BUNDLED = read_pathways(PATHWAYS)
PSILOCYBIN = (PATHWAYS / "psilocybin.yaml").read_text("utf-8")
NEW_NODE = """- id: my_new_node
  label: My new node
  kind: physiology
  tier: circuit
  description: A node a lecturer added to a copy of the psilocybin pathway.
"""
NEW_EDGE = """- source: psilocin
  target: my_new_node
  relation: increases
  evidence: secondary
  status: hypothesis
  context:
    drug: [psilocybin]
  sources:
  - ref: gallenstein_article
"""


def with_new_node(text: str = PSILOCYBIN) -> str:
    """The file with one more node (at the end of its nodes) and an arrow from psilocin to it."""
    assert text.count("\nedges:\n") == 1 and text.count("\nclinical:\n") == 1
    text = text.replace("\nedges:\n", "\n" + NEW_NODE + "edges:\n")
    return text.replace("\nclinical:\n", "\n" + NEW_EDGE + "clinical:\n")


def _load(name: str, text: str, **kw):  # type: ignore[no-untyped-def]
    return load_pathways([PATHWAYS], extra=[(name, text.encode("utf-8"))], **kw)


def test_a_copy_with_one_more_node_replaces_the_bundled_pathway_and_keeps_everything_else():
    result = _load("psilocybin_copy.yaml", with_new_node())
    assert result.errors == [], [p.format() for p in result.errors]
    bundle = result.bundle
    assert bundle is not None
    assert set(result.replaced) == {"psilocybin"}
    assert Path(result.replaced["psilocybin"]).resolve() == (PATHWAYS / "psilocybin.yaml").resolve()
    mine = bundle.pathways["psilocybin"]
    assert mine.file == "psilocybin_copy.yaml"
    assert "my_new_node" in mine.node_ids and "psilocin__increases__my_new_node" in mine.edge_keys
    # nothing of the bundled data is lost or changed: the same nodes, arrows, references and facts, plus the new ones
    assert set(bundle.nodes) == set(BUNDLED.nodes) | {"my_new_node"}
    assert all(bundle.nodes[n] == BUNDLED.nodes[n] for n in BUNDLED.nodes)
    assert set(bundle.edges) == set(BUNDLED.edges) | {"psilocin__increases__my_new_node"}
    assert all(bundle.edges[k] == BUNDLED.edges[k] for k in BUNDLED.edges)
    assert bundle.references == BUNDLED.references
    assert mine.clinical == BUNDLED.pathways["psilocybin"].clinical
    assert set(bundle.pathways) == set(BUNDLED.pathways)
    # the file list no longer holds the bundled file that was replaced
    assert "psilocybin_copy.yaml" in result.files
    assert not any(Path(f).name == "psilocybin.yaml" for f in result.files)
    # the Compare page's view of ketamine and psilocybin draws the new node
    view = build_view(bundle, ViewState("ketamine", "psilocybin"), SCREEN)
    assert "my_new_node" in view.graph


def test_without_the_flag_an_extra_file_is_only_added():
    result = _load("psilocybin_copy.yaml", with_new_node(), extra_replaces=False)
    assert result.bundle is None and result.replaced == {}
    assert any("duplicate pathway id 'psilocybin'" in p.message for p in result.errors)


def test_a_copy_under_a_new_id_gets_one_located_message_that_says_what_to_do():
    text = with_new_node().replace("\nid: psilocybin\n", "\nid: my_psilocybin\n", 1)
    result = _load("psilocybin_copy.yaml", text)
    assert result.bundle is None
    assert len(result.errors) == 1, [p.format() for p in result.errors]
    (only,) = result.errors
    line = only.format()
    assert line.startswith("psilocybin_copy.yaml:12:7: error: nodes[0].id: duplicate node id 'psilocybin'"), line
    assert "psilocybin.yaml" in line and "more" in line
    assert "id: psilocybin" in line  # how to replace the bundled pathway
    assert "refer to" in line  # how to add one beside it


def test_a_file_with_only_the_new_node_under_the_bundled_id_says_what_it_leaves_out():
    head = PSILOCYBIN.split("\nnodes:\n")[0]
    text = head + "\nnodes:\n" + NEW_NODE + "edges:\n" + NEW_EDGE
    result = _load("addition.yaml", text)
    assert result.bundle is None
    assert len(result.errors) == 1, [p.format() for p in result.errors]
    line = result.errors[0].format()
    assert line.startswith("addition.yaml:3:5: error: id: "), line
    assert "replaces the bundled pathway 'psilocybin'" in line
    assert "'psilocin'" in line  # one of the ids it leaves out that are still used
    assert "copy of" in line and "another id" in line


def test_a_second_pathway_for_a_bundled_drug_gets_one_message():
    text = (
        "schema: pathviz/1\nid: psilocybin_extra\ntitle: More psilocybin\ndrug: psilocybin\n"
        "nodes:\n" + NEW_NODE + "edges:\n" + NEW_EDGE
    )
    result = _load("extra.yaml", text)
    assert result.bundle is None
    assert len(result.errors) == 1, [p.format() for p in result.errors]
    line = result.errors[0].format()
    assert line.startswith("extra.yaml:4:7: error: drug: "), line
    assert "id: psilocybin" in line and "context" in line


def test_an_added_context_pathway_that_uses_bundled_nodes_still_loads():
    text = "schema: pathviz/1\nid: my_context\ntitle: Mine\nnodes:\n" + NEW_NODE + "edges:\n" + NEW_EDGE
    result = _load("mine.yaml", text)
    assert result.errors == [] and result.replaced == {}
    assert result.bundle is not None and "my_context" in result.bundle.pathways


@pytest.mark.parametrize(
    "text",
    [
        "id: psilocybin\n",  # no schema
        "schema: pathviz/1\nid: psilocybin\nnodes: 3\n",
        "schema: pathviz/1\nid: psilocybin\ntitle: [\n",  # broken YAML
        "\x00\x01",
        "schema: pathviz/1\nid: [psilocybin]\nnodes: []\n",
    ],
)
def test_a_broken_file_under_a_bundled_id_gets_its_own_located_errors_only(text):
    result = _load("broken.yaml", text)
    assert result.bundle is None and result.errors
    assert {p.file for p in result.errors} == {"broken.yaml"}, [p.format() for p in result.errors]


def test_the_upload_page_says_the_upload_replaces_the_bundled_pathway():
    from pathviz.ui.pages.upload import check_upload, replacement_note

    result = check_upload("psilocybin_copy.yaml", with_new_node().encode("utf-8"))
    assert result.bundle is not None
    note = replacement_note(result).replace("\\", "")  # Markdown-escaped
    assert "replaces the bundled pathway Psilocybin" in note and "psilocybin.yaml" in note
    assert "this browser session" in note
    plain = check_upload("mine.yaml", ("schema: pathviz/1\nid: my_context\ntitle: Mine\nnodes:\n" + NEW_NODE).encode())
    assert plain.bundle is not None and replacement_note(plain) is None
