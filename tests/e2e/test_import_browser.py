"""A WikiPathways GPML file loaded on the "Load your own" page and compared with a bundled drug, in
a real browser: the import (a complex as one node, a catalysis on an anchor as a regulation), the
sides of the comparison, a route through the imported complex, and a download of the view."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.browser

FLOW = ROOT / "tests" / "data" / "gpml_flow" / "complex_catalysis.gpml"
APP_READY = "[data-testid='stApp'] .js-plotly-plot"


def _wait_run_done(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')", timeout=60_000
    )


def _pick(page, box_label: str, typed: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=box_label)
    box.wait_for(timeout=60_000)
    box.locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def test_an_imported_gpml_with_a_complex_and_an_anchored_catalysis_compares_with_ketamine(server, page):
    page.goto(server + "/upload")
    page.get_by_text("Load your own pathway").wait_for(timeout=60_000)
    page.set_input_files("input[type=file]", str(FLOW))
    _pick(page, "Which node should act as the drug", "Compound X")
    # the import with the drug chosen: the page no longer says it would be added as context
    page.wait_for_function(
        """() => { const main = document.querySelector('[data-testid="stMain"]').innerText;
                   return main.includes('complex_catalysis.yaml is valid') && !main.includes('has no drug:'); }""",
        timeout=60_000,
    )
    _wait_run_done(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "could not be imported" not in main and "has problems" not in main
    assert "1 node linked to the bundle" in main  # mTORC1 is the bundle's mTOR / mTORC1

    # the converted pathway, as the page shows it
    page.get_by_text("The converted pathway (YAML)").click()
    code = page.locator("[data-testid='stExpander']").filter(has_text="The converted pathway (YAML)").locator("code")
    code.first.wait_for(timeout=30_000)
    data = yaml.safe_load(code.first.text_content())
    labels = {n["label"]: n["id"] for n in data["nodes"]}
    drug = data["drug"]
    assert labels["Compound X"] == drug
    complex_id = labels["CaMKII complex"]  # one node for the complex
    arrows = [(e["source"], e["relation"], e["target"]) for e in data["edges"]]
    assert (drug, "activates", complex_id) in arrows
    assert not any(s == drug and t in (labels["CAMK2A"], labels["CAMK2B"]) for s, _, t in arrows)
    (regulation,) = [e for e in data["edges"] if e["source"] == labels["PDPK1"]]
    assert regulation["target"] == "mtorc1" and "regulates" in regulation["note"]

    page.get_by_role("button", name="Use it on the Compare page").click()
    page.wait_for_selector(APP_READY, timeout=90_000)
    page.wait_for_function("() => location.search.includes('b=wp99901')", timeout=30_000)
    # the sides: the imported drug's own column, and mTORC1 reached by both
    page.wait_for_function(
        """(id) => { const gd = document.querySelector('.js-plotly-plot');
                     const t = gd && gd.data && gd.data.find(tr => tr.name === 'nodes');
                     return !!t && t.customdata.includes(id) && t.customdata.includes('mtorc1'); }""",
        arg=complex_id,
        timeout=60_000,
    )
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Ketamine & Compound X" in main
    assert "meet at:" in main and "mTOR / mTORC1" in main.split("meet at:", 1)[1].split("\n", 1)[0]
    svg_text = page.locator(".js-plotly-plot").inner_text()
    assert "reached by Compound X only" in svg_text

    # a route: mTORC1's details name the imported drug's route through the complex
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    _pick(page, "Find a node", "mTOR / mTORC1")
    page.wait_for_selector("#pv-details[data-shows='mtorc1'] h3", timeout=60_000)
    details = page.locator("#pv-details").inner_text()
    assert "Compound X" in details and "CaMKII complex" in details

    # a download of the view: GraphML with the imported nodes
    _wait_run_done(page)
    page.get_by_text("Download this view").click()
    button = page.get_by_role("button", name="GraphML — Cytoscape, yEd, Gephi, networkx")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    saved = info.value.path()
    text = open(saved, encoding="utf-8").read()
    assert complex_id in text and drug in text and "mtorc1" in text
    assert not page.js_errors


def test_a_pathway_too_large_to_draw_loads_is_listed_as_text_and_downloads(server, page, tmp_path):
    # 2,000 nodes in GPML 2021: a 2.1 MB file, which the page (and the server's upload cap) refused at 2 MB
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from gpml_bench import generated_gpml

    big = tmp_path / "big2000.gpml"
    big.write_bytes(generated_gpml(2000, "2021"))
    assert big.stat().st_size > 2 * 1024 * 1024
    page.goto(server + "/upload")
    page.get_by_text("Load your own pathway").wait_for(timeout=60_000)
    page.set_input_files("input[type=file]", str(big))
    _pick(page, "Which node should act as the drug", "G00000")
    page.wait_for_function(
        """() => { const main = document.querySelector('[data-testid="stMain"]').innerText;
                   return main.includes('big2000.yaml is valid') && !main.includes('has no drug:'); }""",
        timeout=180_000,
    )
    _wait_run_done(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    said = re.search(r"It has ([\d,]+) nodes, more than a diagram can draw legibly \(1,500\)", main)
    assert said and int(said.group(1).replace(",", "")) >= 2000, main[-600:]
    page.get_by_role("button", name="Use it on the Compare page").click()
    # the Compare page says why there is no diagram, and lists the view as text instead
    page.get_by_text("too many to draw legibly").wait_for(timeout=180_000)
    _wait_run_done(page)
    assert page.locator(".js-plotly-plot").count() == 0
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Show as text").click()
    caption = page.locator("[data-testid='stMain']").get_by_text(re.compile(r"^Nodes.*\(\d[\d,]*\)$"))
    caption.first.wait_for(timeout=120_000)
    shown = int(re.search(r"\((\d[\d,]*)\)$", caption.first.inner_text()).group(1).replace(",", ""))
    assert shown > 2000
    # its data downloads work; no slide is offered
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Download this view as data").click()
    button = page.get_by_role("button", name="GraphML — Cytoscape, yEd, Gephi, networkx")
    button.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Slide (PNG)").count() == 0
    with page.expect_download(timeout=180_000) as info:
        button.click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert text.count("<node ") == shown
    assert not page.js_errors
