"""Property tests: whatever happens to a valid file, the loader answers with located problems."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathviz.errors import PathwayError
from pathviz.io.pathways import parse_pathway, parse_pathways

from .conftest import DATA

VALID = (DATA / "valid" / "minimal.yaml").read_bytes()
LINES = VALID.split(b"\n")

TOKENS = [b":", b"- ", b"[", b"]", b"{", b"}", b"&a", b"*a", b"!!python/object:os.system", b"\t",
          b"'", b'"', b"#", b"---", b"\xff", b"\x00", b"null", b"<<: *a", b"? ", b"|", b">", b"%YAML 1.1"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "token", "dup_line", "drop_line", "swap_lines", "byte"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "delete":
            end = draw(st.integers(pos, min(len(data), pos + 40)))
            del data[pos:end]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "byte":
            data[pos] = draw(st.integers(0, 255))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(j, lines[i])
            elif op == "drop_line":
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_raise_only_pathway_error(raw: bytes):
    try:
        parse_pathway(raw, "m.yaml")
    except PathwayError as exc:
        assert exc.problems
        n_lines = raw.count(b"\n") + 2
        for p in exc.problems:
            assert p.file == "m.yaml"
            assert 0 <= p.line <= n_lines and p.col >= 0
            assert p.message and "Traceback" not in p.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_bundle_load_never_raises_and_is_all_or_nothing(raw: bytes):
    result = parse_pathways([("m.yaml", raw)])
    if result.errors:
        assert result.bundle is None
    else:
        assert result.bundle is not None
        for e in result.bundle.edges.values():
            assert e.source in result.bundle.nodes and e.target in result.bundle.nodes
            assert all(s.ref in result.bundle.references for s in e.sources)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str):
    result = parse_pathways([("t.yaml", text)])
    assert result.bundle is None or not result.errors
