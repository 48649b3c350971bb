"""timeline: keep a timeline of dated events in a TOML file."""

import zoneinfo
from importlib.util import find_spec
from pathlib import Path

__version__ = "0.1.0"


def _tzdata_folder() -> list[str]:
    """The zone files' folder in the installed tzdata package, or [] when there is none."""
    spec = find_spec("tzdata")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, "zoneinfo").absolute()
        if path.is_dir():
            return [str(path)]
    return []


# Time zones come from the tzdata package only, never the system's database nor
# PYTHONTZPATH: the package is one of our dependencies, so a command's answer depends on
# its release, not on the OS (Windows has none); `pip install -U tzdata` updates it and
# `timeline --version` shows it. The search path is the package's own
# folder (reading files there is cheaper than through importlib.resources), or empty, so
# that zoneinfo falls back to the package alone (a zipped install). This module is
# imported before the rest of timeline, so before timeline loads a zone; the cache is
# cleared for zones that a module imported earlier may have loaded from the system.
zoneinfo.reset_tzpath(to=_tzdata_folder())
zoneinfo.ZoneInfo.clear_cache()
