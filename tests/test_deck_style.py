"""Every node kind, evidence type and relation has a look in the deck."""

from pptx.enum.shapes import MSO_SHAPE

from pathviz.render import style
from pathviz.view import Side
from pathviz.vocab import Evidence, NodeKind, Relation, Status


def test_every_kind_evidence_relation_has_a_deck_style():
    assert set(style.DECK_SHAPE) == set(NodeKind)
    for name, pad in style.DECK_SHAPE.values():
        assert getattr(MSO_SHAPE, name) is not None and 0 <= pad < 1
    assert set(style.DECK_DASH) == set(Evidence)
    assert set(style.DECK_HEAD) == set(Relation)
    assert set(style.DECK_HEAD_WORDS) == set(style.LEGEND_RELATIONS)
    assert set(style.DECK_TEXT_COLOUR) == set(Side)
    assert set(style.DECK_STATUS_WORDS) == set(style.STATUS_MARK_COLOUR) == {Status.contested, Status.hypothesis}


def test_deck_legend_words_match_the_ends():
    words = {"triangle": "triangle", "diamond": "diamond", "oval": "round", "arrow": "open arrow", "none": "no end"}
    for rel, text in style.DECK_HEAD_WORDS.items():
        assert words[style.DECK_HEAD[rel]] in text
        for member in style.RELATION_GROUP.get(rel, {rel}):
            assert style.DECK_HEAD[member] == style.DECK_HEAD[rel]
