"""A cache bounded by the bytes its values hold, not by how many there are: reports of
every size share one budget, and the least recently used go first once it is passed."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import fields, is_dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")
_OBJECT_BYTES = 64


def estimate_bytes(value: object, depth: int = 0) -> int:
    """About how many bytes ``value`` holds: tables and arrays deep, dataclasses, tuples
    and mappings by their parts, anything else as a small object."""
    if depth > 4:
        return _OBJECT_BYTES
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(deep=True, index=True).sum())
    if isinstance(value, pd.Series | pd.Index):
        return int(value.memory_usage(deep=True))
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, str | bytes):
        return len(value) + _OBJECT_BYTES
    if is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, field.name) for field in fields(value)]
        return _OBJECT_BYTES + sum(estimate_bytes(part, depth + 1) for part in parts)
    if isinstance(value, Mapping):
        return _OBJECT_BYTES + sum(estimate_bytes(part, depth + 1) for part in value.values())
    if isinstance(value, tuple | list | frozenset | set):
        items = list(value)
        if len(items) > 1000:  # sampled: issues and columns are many small alike objects
            sample = items[:: len(items) // 1000]
            per_item = sum(estimate_bytes(part, depth + 1) for part in sample) / len(sample)
            return _OBJECT_BYTES + int(per_item * len(items))
        return _OBJECT_BYTES + sum(estimate_bytes(part, depth + 1) for part in items)
    return _OBJECT_BYTES


class ByteBudgetCache:
    """Values made once per key and kept while their estimated bytes fit the budget;
    the newest value is always kept, however large."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.used_bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                value: T = self._entries[key][0]  # type: ignore[assignment]
                return value
        made = make()  # outside the lock: other sessions' hits do not wait for a parse
        size = estimate_bytes(made)
        with self._lock:
            if key in self._entries:  # made twice at once: keep the first
                self._entries.move_to_end(key)
                kept: T = self._entries[key][0]  # type: ignore[assignment]
                return kept
            self._entries[key] = (made, size)
            self.used_bytes += size
            while self.used_bytes > self.budget_bytes and len(self._entries) > 1:
                _, (_, freed) = self._entries.popitem(last=False)
                self.used_bytes -= freed
        return made
