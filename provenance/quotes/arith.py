"""The arithmetic under the pipeline's networks, set for the machine it runs on.

Two process-wide settings, both about speed alone (every tag, parse and
entity stays the pipeline's own: checked on all 193 development documents):

- BLIS, the matrix library under thinc, picks its kernels from a table of
  processors; one it does not know (AMD Zen 3 and later, for BLIS 1.3) gets
  the portable reference kernel, at about 40% of the speed of the AVX2 one.
  On a processor with AVX2 and FMA that BLIS left on the reference kernel,
  :func:`tune` installs its Haswell kernels (AVX2 + FMA, the ones BLIS uses
  for every later x86 processor it knows).
- numpy asks the kernel for huge pages for every large array; the networks
  allocate and drop such arrays for every batch, and each new huge page is
  cleared first (a tenth of the pipeline's CPU). :func:`tune` turns that off.

Forked ``--jobs`` workers inherit both.
"""

from __future__ import annotations

import ctypes
import platform

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
    returns the kernel set BLIS's matrix products now use."""
    try:
        import numpy

        numpy._core.multiarray._set_madvise_hugepage(not on)
    except AttributeError:
        pass
    kernel = blis_kernel()
    if kernel != "generic" or platform.machine() not in ("x86_64", "AMD64"):
        return kernel
    if on and not {"avx2", "fma"} <= _cpu_flags():
        return kernel
    lib = _library()
    context = ctypes.c_void_p(lib.bli_gks_query_cntx())
    if on:
        lib.bli_cntx_init_haswell(context)
        return "haswell"
    lib.bli_cntx_init_generic(context)
    return kernel
