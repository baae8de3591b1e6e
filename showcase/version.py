"""What Showcase is called as a distribution, and which version is installed."""

from __future__ import annotations

from importlib import metadata

#: The distribution a team installs (``pip install mkdocs-showcase``); the package, the
#: command and the MkDocs plugin are all called ``showcase``. (``showcase`` on the package
#: index is another project.)
DISTRIBUTION = "mkdocs-showcase"


def installed_version() -> str:
    """The installed version, or a note when Showcase runs from a source tree."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "(not installed)"
