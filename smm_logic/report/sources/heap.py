"""A parse worker's freed memory handed back to the system, so that one large read does
not stay counted in the process, under the next step's peak.

glibc keeps the memory a thread freed in that thread's arena for reuse, and once a few
large blocks have been freed it serves the next large ones from the heap as well (its
threshold for mapping a block of its own rises): after calamine's grids of a sheet are
freed the worker would stay near its peak, and the cleaning's peak would come on top.
glibc only; elsewhere these do nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
from typing import Any

# Blocks from this size up are mapped on their own, so freeing one unmaps it. Below it,
# as the Arrow columns of a 200k-row sheet are, the heap's reuse is worth keeping: a
# lower threshold costs page faults on every large allocation.
MAPPED_FROM = 4 << 20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


@cache
def _libc() -> Any:
    import ctypes  # here: the command line's own process imports this module, not ctypes

    with contextlib.suppress(OSError):
        libc = ctypes.CDLL(None)
        if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
            return libc
    return None


def arrow_from_libc() -> None:
    """Arrow's buffers from glibc's allocator from now on. Arrow's own (mimalloc) keeps
    the pages it freed mapped, for reuse: the worker would stay at its peak as well."""
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"  # read when pyarrow first allocates
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # imported before the fork (the app's forkserver)
        arrow.set_memory_pool(arrow.system_memory_pool())


def map_large_blocks() -> None:
    """Give every block of ``MAPPED_FROM`` bytes or more a mapping of its own, from now
    on (this also fixes glibc's thresholds, which would rise after such a block is
    freed)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)


def give_back_freed_memory() -> None:
    """Return the free pages of every arena of this process's heap to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
