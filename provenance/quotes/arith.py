"""The arithmetic under the pipeline's networks, set for the machine it runs on.

Process-wide settings, all about speed alone (every tag, parse and
entity stays the pipeline's own: checked on all 193 development documents):

- BLIS, the matrix library under thinc, picks its kernels from a table of
  processors; one it does not know (AMD Zen 3 and later, for BLIS 1.3) gets
  the portable reference kernel, at about 40% of the speed of the AVX2 one.
  On a processor with AVX2 and FMA that BLIS left on the reference kernel,
  :func:`tune` installs its Haswell kernels (AVX2 + FMA, the ones BLIS uses
  for every later x86 processor it knows).
- BLIS 1.3 gives the AVX-512 processors it does not know (Sapphire Rapids
  and later, at least in a virtual machine) its Haswell kernels, though it
  carries the Skylake-X ones (:data:`WIDE`), about 1.7x as fast on the
  networks' large products. Those split a long inner dimension in blocks of
  384 where the Haswell ones use 256, which rounds a product over more
  than 256 terms (the 288-wide layers of the token-to-vector networks)
  differently; with the Haswell block length they give the same bits.
  On a processor with AVX-512, :func:`tune` checks that with that block
  length a few products over several blocks come out bit for bit as with
  the Haswell kernels, and :func:`widen` then runs the networks' batch
  layers on them (the parser's per-move products, too small to gain, stay
  on the Haswell kernels' small-matrix path).
- numpy asks the kernel for huge pages for every large array; the networks
  allocate and drop such arrays for every batch, and each new huge page is
  cleared first (a tenth of the pipeline's CPU). :func:`tune` turns that off.
- glibc's allocator hands arrays above a threshold (128 kB at first, raised
  as such arrays are freed) to the kernel as fresh mappings and gives the
  top of its heap back once 256 kB of it is free: arrays made and dropped
  every batch then come back as new pages the kernel clears first (a
  ``--jobs`` worker's small tasks spent 6% of their CPU in the kernel, a
  third of it once this is off). :func:`tune` keeps arrays of up to
  :data:`KEEP_BYTES` in the heap and its freed top up to :data:`TRIM_BYTES`.

Forked ``--jobs`` workers inherit all four.
"""

from __future__ import annotations

import ctypes
import platform
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_blis = None


def _library():
    global _blis
    if _blis is None:
        import blis.cy

        lib = ctypes.CDLL(blis.cy.__file__)
        lib.bli_gks_query_cntx.restype = ctypes.c_void_p
        lib.bli_arch_query_id.restype = ctypes.c_int
        lib.bli_arch_string.restype = ctypes.c_char_p
        _blis = lib
    return _blis


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def blis_kernel() -> str:
    """The name of the kernel set BLIS chose for this processor ('' when unknown)."""
    try:
        lib = _library()
        return lib.bli_arch_string(lib.bli_arch_query_id()).decode()
    except (ImportError, OSError, AttributeError):
        return ""


def tune(on: bool = True) -> str:
    """Set (or, with ``on=False``, undo) the settings above for this process;
    returns the kernel set BLIS's matrix products now use (outside the
    layers :func:`widen` wraps)."""
    global _kc
    try:
        import numpy

        numpy._core.multiarray._set_madvise_hugepage(not on)
    except AttributeError:
        pass
    _keep_freed_memory(on)
    kernel = blis_kernel()
    if kernel not in ("generic", "haswell") or platform.machine() not in ("x86_64", "AMD64"):
        return kernel
    flags = _cpu_flags()
    lib = _library()
    context = ctypes.c_void_p(lib.bli_gks_query_cntx())
    if not on:  # the kernels BLIS chose itself
        (lib.bli_cntx_init_generic if kernel == "generic" else lib.bli_cntx_init_haswell)(context)
        _kc = None
        return kernel
    if not {"avx2", "fma"} <= flags:
        return kernel
    lib.bli_cntx_init_haswell(context)
    if _kc is None and flags >= WIDE_FLAGS:
        _kc = _check_wide(lib, context)
    return "haswell"


#: Arrays up to this size come from glibc's heap, not from fresh mappings (glibc's ceiling).
KEEP_BYTES = 32 * 1024 * 1024
#: Free memory at the top of the heap kept for the next batch rather than given back.
TRIM_BYTES = 128 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def _keep_freed_memory(on: bool) -> bool:
    """Keep (or, with ``on=False``, stop keeping: glibc's starting values)
    freed memory for the next arrays instead of handing it back to the
    kernel; False where the C library is not glibc."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    keep, trim = (KEEP_BYTES, TRIM_BYTES) if on else (128 * 1024, 128 * 1024)
    return bool(mallopt(_M_MMAP_THRESHOLD, keep)) and bool(mallopt(_M_TRIM_THRESHOLD, trim))


#: BLIS's AVX-512 kernel set, and what the processor needs for it.
WIDE = "skx"
WIDE_FLAGS = {"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"}
#: Where the context's blocksizes sit: (MR, NR, KC) for float, as indices of
#: 64-bit words (BLIS 1.x: one blksz_t of 4 values and 4 maxima per blocksize,
#: in the order KR, MR, NR, MC, KC, NC); checked against known values first.
_MR, _NR, _KC, _KC_MAX = 8, 16, 32, 36
_kc: tuple[int, int] | None = None  # the Haswell kernels' inner block length, once the wide kernels passed the check
_depth = 0


def wide_kernels() -> bool:
    """Whether :func:`widen` has the AVX-512 kernels to use here."""
    return bool(_kc)


def _products() -> list:
    """A few products over one, two and three blocks of the inner dimension."""
    import blis.py
    import numpy

    rng = numpy.random.default_rng(7)
    out = []
    for m, k, n in ((64, 288, 96), (37, 600, 50), (5, 96, 106), (300, 800, 20), (2000, 96, 1024)):
        a = rng.standard_normal((m, k), dtype=numpy.float32)
        b = rng.standard_normal((n, k), dtype=numpy.float32)
        out.append(blis.py.gemm(a, b, trans2=True))
    return out


def _words(context) -> ctypes.Array:
    return (ctypes.c_int64 * 48).from_address(context.value)


def _set_wide(lib, context, kc: tuple[int, int]) -> None:
    lib.bli_cntx_init_skx(context)
    words = _words(context)
    if (words[_MR], words[_NR]) != (32, 12):
        raise ValueError("unexpected AVX-512 blocksizes")
    words[_KC], words[_KC_MAX] = kc


def _check_wide(lib, context) -> tuple[int, int] | None:
    """The Haswell kernels' inner block length (the Haswell context is in
    place) if the AVX-512 kernels, given it, compute the same products bit
    for bit; None otherwise. The Haswell kernels are in place after."""
    words = _words(context)
    if (words[_MR], words[_NR]) != (6, 16) or words[_KC] <= 0:  # not the layout this was written for
        return None
    kc = (int(words[_KC]), int(words[_KC_MAX]))
    try:
        before = _products()
        _set_wide(lib, context, kc)
        same = all((x == y).all() for x, y in zip(before, _products()))
    except (AttributeError, ImportError, OSError, ValueError):
        same = False
    lib.bli_cntx_init_haswell(context)
    return kc if same else None


@contextmanager
def wide() -> Iterator[None]:
    """The AVX-512 kernels for the products inside (when :func:`wide_kernels`
    and this process runs one thread), the Haswell ones again after."""
    global _depth
    if not _kc or (_depth == 0 and threading.active_count() > 1):
        # switching kernels is a write to BLIS's process-wide context: never
        # while another thread may be inside a product (a Dask worker with
        # several threads, a server)
        yield
        return
    lib = _library()
    context = ctypes.c_void_p(lib.bli_gks_query_cntx())
    if _depth == 0:
        _set_wide(lib, context, _kc)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            lib.bli_cntx_init_haswell(context)


def widen(model) -> bool:
    """Run a thinc layer's forward pass on the AVX-512 kernels (a no-op where
    :func:`wide_kernels` is false, or on a layer already widened). Meant for
    the large products of whole batches; small ones, such as the parser's
    per-move products, are faster on the Haswell kernels' small-matrix path."""
    if not _kc or getattr(model, "attrs", {}).get("wide"):
        return False
    inner = model._func

    def forward(layer, X, is_train):
        with wide():
            return inner(layer, X, is_train)

    model._func = forward
    model.attrs["wide"] = True
    return True
