"""BibTeX and RIS exports: every reference, parseable, hostile text contained."""

from __future__ import annotations

import re

import pytest

from pathviz.exports.bibtex import escape_bibtex, format_author, to_bibtex
from pathviz.exports.ris import to_ris
from pathviz.io.pathways import read_pathways
from pathviz.model import Reference

from .conftest import PATHWAYS

BUNDLE = read_pathways(PATHWAYS)

# ---------------------------------------------------------------- a tiny BibTeX reader


_UNESCAPE = [
    (r"\textbackslash{}", "\\"),
    (r"\textasciicircum{}", "^"),
    (r"\textasciitilde{}", "~"),
    (r"\{", "{"),
    (r"\}", "}"),
    (r"\%", "%"),
    (r"\&", "&"),
    (r"\$", "$"),
    (r"\#", "#"),
    (r"\_", "_"),
]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        for src, dst in _UNESCAPE:
            if value.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _braced(text: str, i: int) -> tuple[str, int]:
    """The content of the brace group opening at text[i]; escaped braces do not count."""
    assert text[i] == "{", text[i : i + 20]
    depth, j = 0, i
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
        j += 1
    raise ValueError(f"unbalanced braces from offset {i}")


def parse_bibtex(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """{key: (entry type, {field: raw value})}; raises on any structural error."""
    entries: dict[str, tuple[str, dict[str, str]]] = {}
    i = 0
    while True:
        at = text.find("@", i)
        if at < 0:
            break
        # outside entries only comment lines are allowed
        between = text[i:at]
        assert all(not line.strip() or line.lstrip().startswith("%") for line in between.splitlines()), between
        m = re.compile(r"@(\w+)\{").match(text, at)
        assert m, text[at : at + 40]
        body, i = _braced(text, m.end() - 1)
        key, _, rest = body.partition(",")
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key.strip()), key
        fields: dict[str, str] = {}
        j = 0
        while True:
            fm = re.compile(r"\s*(\w+)\s*=\s*").match(rest, j)
            if not fm:
                assert rest[j:].strip() == "", rest[j:]
                break
            value, j = _braced(rest, fm.end())
            assert fm.group(1) not in fields, f"duplicate field {fm.group(1)}"
            fields[fm.group(1)] = value
            tail = re.compile(r"\s*(,|$)").match(rest, j)
            assert tail, rest[j : j + 40]
            j = tail.end()
            if tail.group(1) == "":
                break
        assert key not in entries, f"duplicate key {key}"
        entries[key.strip()] = (m.group(1), fields)
    return entries


# ---------------------------------------------------------------- the bundled references


def test_every_reference_appears_with_its_doi():
    refs = list(BUNDLE.references.values())
    entries = parse_bibtex(to_bibtex(refs))
    assert set(entries) == set(BUNDLE.references)
    for ref in refs:
        kind, fields = entries[ref.id]
        assert kind == ("article" if ref.type.value in ("article", "review") else "misc")
        assert unescape(fields["title"]) == ref.title
        if ref.doi:
            assert fields["doi"] == ref.doi
        else:
            assert "doi" not in fields
        if ref.pmid:
            assert fields["pmid"] == ref.pmid and f"PMID: {ref.pmid}" in fields["note"]
        if ref.year:
            assert fields["year"] == str(ref.year)
        if ref.authors:
            assert len(fields["author"].split(" and ")) == len(ref.authors)


def test_fields_of_a_known_entry():
    _, f = parse_bibtex(to_bibtex([BUNDLE.references["krystal2019"]]))["krystal2019"]
    assert f["author"].startswith("Krystal, J. H. and Abdallah, C. G.")
    assert (f["journal"], f["volume"], f["number"], f["pages"]) == ("Neuron", "101", "5", "774--778")
    assert f["doi"] == "10.1016/j.neuron.2019.02.005"


def test_non_ascii_is_kept_as_utf8():
    text = to_bibtex([BUNDLE.references["morenojimenez2019"]])
    assert "Moreno-Jiménez, E. P." in text
    text.encode("utf-8")


def test_secondary_and_label_entries_are_misc_and_say_what_they_are():
    entries = parse_bibtex(to_bibtex(BUNDLE.references.values()))
    kind, f = entries["red_pill_post"]
    assert kind == "misc" and "Type: secondary" in f["note"]
    from pathviz.model import Reference

    label = Reference(id="label_ref", type="label", authors=["Pfizer"], year=2023, title="Ketalar prescribing information",
                      url="https://labeling.pfizer.com/ShowLabeling.aspx?format=PDF&id=4485")
    kind, f = parse_bibtex(to_bibtex([label]))["label_ref"]
    assert kind == "misc" and f["author"] == "{Pfizer}"
    assert f["url"] == "https://labeling.pfizer.com/ShowLabeling.aspx?format=PDF&id=4485"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Krystal JH", "Krystal, J. H."),
        ("de la Salle S", "de la Salle, S."),
        ("Zarate CA Jr", "Zarate, Jr., C. A."),
        ("Day CMJ", "Day, C. M. J."),
        ("Pfizer", "{Pfizer}"),
        ("Johnson & Johnson", r"{Johnson \& Johnson}"),
        ("Smith, John", "Smith, John"),
    ],
)
def test_author_names(name, expected):
    assert format_author(name) == expected


# ---------------------------------------------------------------- hostile text


HOSTILE_TITLES = [
    "Unbalanced } brace",
    "Unbalanced { brace",
    "}} @article{evil, title = {pwned}} {{",
    r"Back\slash \} and \{ and \\",
    "100% of cases & $5 # tags_with_underscores ^ ~ tilde",
    "Line\nbreak and\ttab",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_do_not_break_the_structure(title):
    refs = [
        Reference(id="first", title="Before", doi="10.1000/a"),
        Reference(
            id="evil",
            title=title,
            authors=["O'Brien {X}", "Evil } Corp"],
            journal="J {of} % Stuff",
            note=title,
            doi="10.1000/{weird}\\doi",
            url="https://example.org/a{b}c",
        ),
        Reference(id="last", title="After", doi="10.1000/b"),
    ]
    entries = parse_bibtex(to_bibtex(refs))
    assert list(entries) == ["first", "evil", "last"]
    _, f = entries["evil"]
    assert unescape(f["title"]) == " ".join(title.split())
    assert unescape(f["journal"]) == "J {of} % Stuff"
    assert "{" not in f["doi"] and "}" not in f["doi"] and "\\" not in f["doi"]
    assert f["doi"] == "10.1000/%7Bweird%7D%5Cdoi"
    assert f["url"] == "https://example.org/a%7Bb%7Dc"
    assert entries["first"][1]["doi"] == "10.1000/a" and entries["last"][1]["doi"] == "10.1000/b"


def test_escape_bibtex_round_trips():
    text = r"{}\%&$#_^~ plain μ-opioid"
    assert unescape(escape_bibtex(text)) == text


# ---------------------------------------------------------------- RIS


def _ris_records(text: str) -> list[list[tuple[str, str]]]:
    records, current = [], None
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, f"not a RIS line: {line!r}"
        tag, value = m.groups()
        if tag == "TY":
            assert current is None
            current = [(tag, value)]
        elif tag == "ER":
            assert current is not None
            records.append(current)
            current = None
        else:
            assert current is not None
            current.append((tag, value))
    assert current is None
    return records


def test_ris_has_every_reference_and_doi():
    records = _ris_records(to_ris(BUNDLE.references.values()))
    assert len(records) == len(BUNDLE.references)
    by_id = {dict(r)["ID"]: r for r in records}
    assert set(by_id) == set(BUNDLE.references)
    for ref in BUNDLE.references.values():
        rec = by_id[ref.id]
        tags = dict(rec)
        assert tags["TI"] == ref.title
        assert tags.get("DO") == ref.doi
        assert [v for t, v in rec if t == "AU"] != [] or not ref.authors
    assert dict(by_id["krystal2019"])["TY"] == "JOUR"
    assert dict(by_id["red_pill_post"])["TY"] == "ELEC"


def test_ris_newlines_cannot_start_a_new_tag():
    ref = Reference(id="evil", title="Title\nER  - \nTY  - JOUR", note="a\r\nTI  - injected")
    records = _ris_records(to_ris([ref]))
    assert len(records) == 1
    assert [t for t, _ in records[0]].count("TI") == 1


def test_the_reader_itself_rejects_broken_entries():
    with pytest.raises((AssertionError, ValueError)):
        parse_bibtex("@article{x,\n  title = {Unbalanced } brace}\n}\n")
    with pytest.raises((AssertionError, ValueError)):
        parse_bibtex("@article{x,\n  title = {Unbalanced { brace}\n}\n")
