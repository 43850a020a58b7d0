"""Increasing subsequences: which keyed children can stay where they are when a list is reordered.

Children outside the chosen subsequence are the ones that move, so a longest one means the
fewest moves (a reversal of n children moves n - 1, recreating none).
"""

from __future__ import annotations

import bisect


def heaviest_increasing(seq: list[int], weight: list[int]) -> set[int]:
    """The values of an increasing subsequence of `seq` (distinct ints) of greatest total `weight[value]`."""
    m = max(seq) + 1
    # A Fenwick tree over values: the best total of a subsequence ending below a value, and its end.
    tree_best = [0] * (m + 1)
    tree_end = [-1] * (m + 1)
    total = [0] * len(seq)
    prev = [-1] * len(seq)
    for i, value in enumerate(seq):
        best, end = 0, -1
        x = value
        while x > 0:
            if tree_best[x] > best:
                best, end = tree_best[x], tree_end[x]
            x -= x & -x
        total[i] = best + weight[value]
        prev[i] = end
        x = value + 1
        while x <= m:
            if total[i] > tree_best[x]:
                tree_best[x] = total[i]
                tree_end[x] = i
            x += x & -x
    result = set()
    i = max(range(len(seq)), key=total.__getitem__)
    while i >= 0:
        result.add(seq[i])
        i = prev[i]
    return result


def longest_increasing(seq: list[int]) -> set[int]:
    """The values of one longest increasing subsequence of `seq` (distinct ints)."""
    if not seq:
        return set()
    tails: list[int] = []  # index into seq of the smallest tail of each length
    prev = [-1] * len(seq)
    tail_values: list[int] = []
    for i, value in enumerate(seq):
        k = bisect.bisect_left(tail_values, value)
        if k:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    result = set()
    i = tails[-1]
    while i >= 0:
        result.add(seq[i])
        i = prev[i]
    return result
