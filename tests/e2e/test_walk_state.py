"""One state per session, the same on every page and in the address bar, in a real browser.

A student picks a pair on one page and opens another; a lecturer turns lecture mode on and steps;
anyone copies the link: the pair, the filters, the detail level and the step are the same
everywhere, whichever page opened first, and the address bar holds them as soon as the page shows
them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

COMPARE_READY = "[data-testid='stApp'] .js-plotly-plot"
NETWORK = "[data-testid='stMain'] iframe"


def _open_compare(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(COMPARE_READY, timeout=90_000)


def _open_explore(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(NETWORK, timeout=90_000)


def _go(page, title: str) -> None:
    """Open another page from the sidebar's page list, as a reader does."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()


def _params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def _wait_params(page, **want: str | None) -> None:
    """Wait until the address bar holds each ``key=value`` (``None``: the key is absent)."""
    page.wait_for_function(
        """(want) => {
            const q = new URLSearchParams(location.search);
            return Object.entries(want).every(([k, v]) => q.get(k) === v);
        }""",
        arg=want,
        timeout=30_000,
    )


def _network_legend(page, text: str) -> None:
    """Wait until the explorer's own legend (inside its frame) says ``text``."""
    page.frame_locator(NETWORK).get_by_text(text, exact=False).first.wait_for(timeout=60_000)


def _picked(page, label: str, where: str = "[data-testid='stMain']") -> str:
    """The option a select box shows."""
    return page.locator(f"{where} input[aria-label='{label}']").input_value()


def _sidebar_select(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label)
    box.locator("input").click()
    page.get_by_role("option", name=re.compile(option)).first.click()


def _headline(pair: str) -> str:
    return f"{pair}: where the mechanisms meet"


# ------------------------------------------------------------------ one pair, every page


def test_the_pair_picked_on_compare_is_the_pair_on_explore_and_back(server, page):
    _open_compare(page, server + "/?a=ketamine&b=psilocybin")
    page.get_by_text(_headline("Ketamine & Psilocybin")).wait_for(timeout=30_000)
    _go(page, "Explore network")
    _network_legend(page, "reached by Psilocybin only")
    _network_legend(page, "reached by Ketamine only")
    assert _picked(page, "Drug A (left)").startswith("Ketamine")
    assert _picked(page, "Drug B (right)").startswith("Psilocybin")
    _wait_params(page, a="ketamine", b="psilocybin")
    _go(page, "Compare")
    page.get_by_text(_headline("Ketamine & Psilocybin")).wait_for(timeout=60_000)
    assert _picked(page, "Drug B (right)", "[data-testid='stSidebar']") == "Psilocybin"
    _wait_params(page, a="ketamine", b="psilocybin")


def test_the_pair_in_a_link_to_explore_is_the_pair_on_compare(server, page):
    _open_explore(page, server + "/explore?a=ketamine&b=psilocybin")
    _network_legend(page, "reached by Psilocybin only")
    _go(page, "Compare")
    page.get_by_text(_headline("Ketamine & Psilocybin")).wait_for(timeout=60_000)
    assert "Pick two different drugs" not in page.locator("[data-testid='stMain']").inner_text()
    _wait_params(page, a="ketamine", b="psilocybin")


def test_a_pair_changed_on_either_page_follows_to_the_other(server, page):
    _open_compare(page, server + "/")
    _sidebar_select(page, "Drug B (right)", "SSRI")
    page.get_by_text(_headline("Ketamine & SSRIs / conventional antidepressants")).wait_for(timeout=60_000)
    _go(page, "Explore network")
    _network_legend(page, "reached by SSRIs")
    assert "SSRIs" in _picked(page, "Drug B (right)")
    # now change it on the explorer: the address bar follows at once, and Compare shows it
    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(has_text="Drug A (left)")
    box.locator("input").click()
    page.get_by_role("option", name=re.compile("^Psilocybin")).first.click()
    _wait_params(page, a="psilocybin", b="ssri")
    _network_legend(page, "reached by Psilocybin only")
    _go(page, "Compare")
    page.get_by_text(_headline("Psilocybin & SSRIs / conventional antidepressants")).wait_for(timeout=60_000)
    _wait_params(page, a="psilocybin", b="ssri")


def test_filters_and_detail_level_stay_the_same_on_every_page(server, page):
    _open_compare(page, server + "/?a=ketamine&b=psilocybin&status=established&conv=1&detail=core")
    page.get_by_text("Filters: status: established").wait_for(timeout=30_000)
    _go(page, "Explore network")
    _network_legend(page, "reached by Psilocybin only")
    _wait_params(page, a="ketamine", b="psilocybin", status="established", conv="1", detail="core")
    # the explorer says which filters it shows (they are set in the Compare page's sidebar, not drawn here)
    page.get_by_text(
        "Filters (set in the Compare page's sidebar): status: established; only paths to convergent nodes; core mechanism only."
    ).wait_for(timeout=30_000)
    _go(page, "Clinician view")
    page.get_by_role("heading").first.wait_for(timeout=60_000)
    _wait_params(page, a="ketamine", b="psilocybin", status="established", conv="1", detail="core")
    _go(page, "Compare")
    caption = page.get_by_text("Filters: status: established; only paths to convergent nodes; core mechanism only")
    caption.wait_for(timeout=60_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_role("switch", name="Core mechanism only").is_checked()
    assert sidebar.get_by_role("switch", name="Only paths to convergent nodes").is_checked()
    assert "established" in sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Status").inner_text()


# ------------------------------------------------------------------ the address bar follows every control


def _change_and_see(page, change, shown: str | re.Pattern, **want: str | None) -> None:
    """Make a change; as soon as the page shows it (``shown``), the address bar must hold it already."""
    change()
    page.locator("[data-testid='stMain']").get_by_text(shown).first.wait_for(timeout=60_000)
    got = _params(page)
    assert all(got.get(k) == v for k, v in want.items()), f"page shows {shown!r} but the address says {page.url}"


def _multi(page, label: str, option: str):
    def change() -> None:
        box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
        box.locator("input").click()
        page.get_by_role("option", name=re.compile(option)).first.click()
        page.keyboard.press("Escape")

    return change


def _toggle(page, label: str):
    return lambda: page.locator("[data-testid='stSidebar'] label").filter(has_text=label).click()


def test_every_sidebar_control_is_in_the_address_the_moment_it_shows(server, page):
    _open_compare(page, server + "/")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    _wait_params(page, a="ketamine", b="psilocybin")
    _change_and_see(page, lambda: _sidebar_select(page, "Drug A (left)", "^SSRI"), _headline("SSRIs / conventional antidepressants & Psilocybin"), a="ssri")
    _change_and_see(page, lambda: _sidebar_select(page, "Drug A (left)", "^Ketamine"), _headline("Ketamine & Psilocybin"), a="ketamine")
    def f(text: str) -> re.Pattern:  # the summary's caption
        return re.compile("^Filters: " + text + r"\. Sides and colours")

    _change_and_see(page, _toggle(page, "Core mechanism only"), f("core mechanism only"), detail="core")
    _change_and_see(page, _multi(page, "Status", "^established"), f("status: established; core mechanism only"), status="established")
    ev = "evidence: [^;]+; status: established; "
    _change_and_see(page, _multi(page, "Evidence", "^(H|h)uman"), f(ev + "core mechanism only"), evidence="human")
    _change_and_see(page, _multi(page, "Brain region", "(P|p)refrontal"), f(ev + "region: [^;]+; core mechanism only"), region="pfc")
    rt = ev + "region: [^;]+; tier: signalling; "
    _change_and_see(page, _multi(page, "Tier", "^Signalling"), f(rt + "core mechanism only"), tier="signalling")
    _change_and_see(page, _toggle(page, "Only paths to convergent nodes"), f(rt + "only paths to convergent nodes; core mechanism only"), conv="1")
    _change_and_see(page, _toggle(page, "Only paths to convergent nodes"), f(rt + "core mechanism only"), conv=None)
    # undo the region and tier filters so the search below finds BDNF in the view
    page.goto(server + "/?a=ketamine&b=psilocybin")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)

    def search() -> None:
        box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Find a node")
        box.locator("input").click()
        page.keyboard.type("BDNF")
        page.keyboard.press("Enter")

    page.wait_for_selector("#pv-details", timeout=30_000)
    search()
    page.wait_for_selector("#pv-details[data-shows='bdnf'] h3", timeout=30_000)
    assert _params(page).get("node") == "bdnf", page.url
    _change_and_see(page, _toggle(page, "Lecture mode"), "Step 1 of", mode="lecture", step="1", detail="core")


# ------------------------------------------------------------------ lecture: the step a person sees


def _step_header(page) -> str:
    header = page.get_by_text(re.compile(r"^Step \d+ of \d+")).first
    header.wait_for(timeout=60_000)
    return header.inner_text()


def _steps(header: str) -> tuple[int, int]:
    m = re.match(r"Step (\d+) of (\d+)", header)
    assert m, header
    return int(m.group(1)), int(m.group(2))


def test_the_step_in_a_link_is_the_step_on_screen(server, page):
    _open_compare(page, server + "/?mode=lecture&step=3")
    page.get_by_text("Step 3 of").wait_for(timeout=60_000)
    _wait_params(page, mode="lecture", step="3")
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Step 4 of").wait_for(timeout=30_000)
    assert _params(page)["step"] == "4"
    page.get_by_role("button", name="◀ Previous").click()
    page.get_by_text("Step 3 of").wait_for(timeout=30_000)
    assert _params(page)["step"] == "3"


@pytest.mark.parametrize("old, shown", [("0", "first"), ("99", "last")])
def test_old_and_out_of_range_steps_open_the_first_or_last_step(server, page, old, shown):
    _open_compare(page, server + f"/?mode=lecture&step={old}")
    step, n = _steps(_step_header(page))
    assert step == (1 if shown == "first" else n)
    _wait_params(page, mode="lecture", step=str(step))


def test_lecture_mode_turned_on_steps_with_the_first_next_and_leaves_with_one_click(server, page):
    _open_compare(page, server + "/?a=ketamine&b=psilocybin")
    page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)
    page.locator("[data-testid='stSidebar'] label").filter(has_text="Lecture mode").click()
    step, n = _steps(_step_header(page))
    assert step == 1
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text(f"Step 2 of {n}").wait_for(timeout=30_000)
    assert _params(page).get("step") == "2"
    page.get_by_role("button", name="Leave lecture mode").click()
    page.get_by_text(_headline("Ketamine & Psilocybin")).wait_for(timeout=60_000)
    _wait_params(page, mode=None, step=None)
    assert page.locator("[data-testid='stSidebar']").get_by_role("switch", name="Lecture mode").is_visible()
