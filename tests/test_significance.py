"""Intervals and paired comparisons in ``qa eval``: seeded, so the same run prints the same."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.significance import Interval, compare, interval


def test_an_interval_holds_its_mean_and_narrows_with_more_queries():
    rng = np.random.default_rng(1)
    small, large = rng.integers(0, 2, 30), rng.integers(0, 2, 300)
    a, b = interval(small), interval(large)
    assert a.low <= a.mean <= a.high and b.low <= b.mean <= b.high
    assert (b.high - b.low) < (a.high - a.low)
    assert interval(small) == a  # seeded: the same figures every run


def test_degenerate_samples_have_no_spread():
    assert interval([]) == Interval(0.0, 0.0, 0.0)
    assert interval([0.5]) == Interval(0.5, 0.5, 0.5)
    assert interval([1.0] * 40) == Interval(1.0, 1.0, 1.0)  # every question right: nothing to resample


def test_an_interval_of_one_question_gained_in_thirty():
    """Percentile bootstrap on 0/1 values: the count of gains in a resample is about
    Binomial(30, 1/30), whose 97.5th percentile is 3."""
    gained = interval([1.0] + [0.0] * 29)
    assert gained.mean == pytest.approx(1 / 30)
    assert gained.low == 0.0 and gained.high == pytest.approx(3 / 30)


def test_a_retriever_better_on_every_query_differs_significantly():
    better, worse = [1.0] * 20, [0.0] * 20
    c = compare("mrr@10", "hybrid", "bm25", better, worse)
    assert c.queries == 20 and c.difference == Interval(1.0, 1.0, 1.0)
    assert c.p_value < 0.001  # all 2**20 sign flips but one or two give a smaller difference
    same = compare("mrr@10", "hybrid", "bm25", worse, worse)
    assert same.difference == Interval(0.0, 0.0, 0.0) and same.p_value == 1.0


def test_four_gains_of_four_match_the_exact_sign_test():
    """Four queries gained, none lost, 26 tied: the exact two-sided sign test gives 2/16."""
    a = [1.0] * 4 + [0.0] * 26
    c = compare("hit@5", "hybrid", "dense", a, [0.0] * 30)
    assert c.p_value == pytest.approx(0.125, abs=0.015)
    assert c.difference.mean == pytest.approx(4 / 30)


def test_a_comparison_needs_one_value_per_query_on_each_side():
    with pytest.raises(ValueError, match="one value per query"):
        compare("mrr@10", "hybrid", "bm25", [1.0, 0.5], [1.0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.2, 0.25, 1 / 3, 0.5, 1.0]), min_size=2, max_size=60))
def test_swapping_sides_mirrors_the_difference(values):
    other = list(reversed(values))
    ab, ba = compare("mrr@10", "a", "b", values, other), compare("mrr@10", "b", "a", other, values)
    assert ab.difference.mean == pytest.approx(-ba.difference.mean)
    assert ab.p_value == pytest.approx(ba.p_value, abs=0.03)
    assert 0.0 < ab.p_value <= 1.0
    assert ab.difference.low <= ab.difference.mean <= ab.difference.high
