"""What the two NumPy peer scripts (numpy_peer.py, numpy_families.py) share: reading widenet's
little-endian float64 files, the memory check before a run, and the environment fields that
end their JSON line. Imported after each script has checked that NumPy is there."""
import os
import platform
import resource

import numpy as np


def read_floats(path, count, what, exact=True):
    """The doubles of a file widenet wrote: exactly count of them, or at least count."""
    v = np.fromfile(path, dtype="<f8")
    if v.size < count or (exact and v.size != count):
        raise SystemExit("%s: %s holds %d doubles, expected %s%d"
                         % (what, path, v.size, "" if exact else "at least ", count))
    return v


def available_bytes():
    """MemAvailable from /proc/meminfo, or None where there is none."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def blas_info():
    """The BLAS NumPy was built against, as "name version"."""
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older NumPy: no dict mode
        return "unknown"


def environment():
    """The fields every timing line ends with: versions, BLAS threads, peak RSS."""
    return {"numpy": np.__version__, "python": platform.python_version(), "blas": blas_info(),
            "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
