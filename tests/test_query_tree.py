"""The query tree's nodes behave as the frozen values the rewriters and engines rely on."""

from __future__ import annotations

import copy
import pickle

import pytest

from briefing.search import language, tree as bq


def test_nodes_compare_and_hash_by_value_and_a_words_place_in_the_query_does_not_count():
    a = bq.Term("body", "korea", span=(0, 5))
    b = bq.Term("body", "korea", span=(7, 12))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != bq.Term("title", "korea") and a != bq.Term("body", "korea", boost=2.0)
    assert bq.Or((a,)) != bq.Capped((a,))  # a capped wildcard is not a plain OR
    assert bq.AndNot(a, b) != bq.AndMaybe(a, b)
    assert bq.Every() == bq.Every() and bq.Every() != bq.Nothing()


def test_nodes_are_frozen():
    node = bq.Phrase("body", ("north", "korea"))
    with pytest.raises(AttributeError):
        node.slop = 3
    with pytest.raises(AttributeError):
        del node.words
    assert node.slop == 1


def test_replace_copies_with_changes_and_refuses_unknown_fields():
    node = bq.Fuzzy("body", "ishba", 2, 0)
    boosted = bq.replace(node, boost=3.0)
    assert boosted == bq.Fuzzy("body", "ishba", 2, 0, 3.0) and node.boost == 1.0
    with pytest.raises(TypeError):
        bq.replace(node, slop=2)


def test_a_read_query_survives_pickle_copy_and_repr():
    node = language.read('"north korea"^2 title:ishba~2 NOT talks* published:>2020')
    assert pickle.loads(pickle.dumps(node)) == node
    assert copy.deepcopy(node) == node and copy.copy(node) == node
    assert repr(bq.Term("body", "x")) == "Term(field='body', text='x', boost=1.0, span=None)"
