"""How a parse worker's memory is allocated and handed back, so that one large read does
not stay counted in the process under the next step's peak.

- Arrow's buffers come from glibc, not from Arrow's mimalloc, which keeps the pages it
  freed mapped for reuse.
- The worker's threads (imports, the read ahead, the bands' readers, the cleaning's
  two) share two arenas: glibc keeps the memory a thread freed in that thread's arena,
  so each thread would keep a read's worth of its own.
- A block of ``MAPPED_FROM`` or more is mapped on its own, so freeing it unmaps it.
  glibc's own threshold rises as such blocks are freed, up to 32 MB: after a large read
  every column of the cleaning would come from the heap and stay there.
- The heap is not shrunk as blocks are freed (fixing the threshold above would have it
  shrink on every free of 128 kB at its top, and grow again page by page: a fifth more
  time); its free pages are given back after a read instead (``malloc_trim``).

glibc only; elsewhere these do nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
from typing import Any

MAPPED_FROM = 4 << 20
_ARENAS = 2
_SHRINK_FROM = 1 << 30
# mallopt's parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


@cache
def _libc() -> Any:
    import ctypes  # here: the command line's own process imports this module, not ctypes

    with contextlib.suppress(OSError):
        libc = ctypes.CDLL(None)
        if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
            return libc
    return None


def prepare_worker() -> None:
    """Allocate as above from now on: called first thing in a parse worker."""
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"  # read when pyarrow first allocates
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # imported before the fork (the app's forkserver)
        arrow.set_memory_pool(arrow.system_memory_pool())
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, _ARENAS)
        libc.mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)
        libc.mallopt(_M_TRIM_THRESHOLD, _SHRINK_FROM)


def give_back_freed_memory() -> None:
    """Return the free pages of every arena of this process's heap to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
