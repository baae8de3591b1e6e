"""The kinds of attachment Showcase can show, keyed by kind, loaded from entry points.

Every kind, built-in or not, is a ``Handler`` registered under the ``showcase.attachments``
entry point group; Showcase declares its own (PDF, HTML deck, notebook, image, link,
recording, hosted video, transcript) in its
``pyproject.toml`` exactly as a third-party package would declare another::

    [project.entry-points."showcase.attachments"]
    csv = "showcase_csv:CsvTable"

The registry also gives the content validator its table of suffixes and roles, so that a
talk may attach any file a registered kind handles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from showcase.attachments.handler import Handler
from showcase.kinds import KindTable
from showcase.version import DISTRIBUTION

ENTRY_POINT_GROUP = "showcase.attachments"

#: The built-in handlers, as ``pyproject.toml`` declares them. Used only when Showcase runs
#: without its installed metadata (from a source tree), so that it still shows its own kinds.
BUILTIN_ENTRY_POINTS = {
    "pdf": "showcase.attachments.handlers.pdf:PdfHandler",
    "html": "showcase.attachments.handlers.deck:DeckHandler",
    "notebook": "showcase.attachments.handlers.notebook:NotebookHandler",
    "image": "showcase.attachments.handlers.image:ImageHandler",
    "link": "showcase.attachments.handlers.link:LinkHandler",
    "recording": "showcase.attachments.handlers.recording:RecordingHandler",
    "hosted": "showcase.attachments.handlers.hosted:HostedHandler",
    "transcript": "showcase.attachments.handlers.transcript:TranscriptHandler",
}
_OWN_DISTRIBUTION = DISTRIBUTION


class RegistryError(ValueError):
    """A handler that cannot be registered (no kind, or a kind that is taken)."""


class Registry:
    """Kind handlers by kind name, in registration order (the first one wins a suffix)."""

    def __init__(self, handlers: Iterable[Handler] = ()) -> None:
        self._handlers: dict[str, Handler] = {}
        #: Handlers that could not be loaded or registered, phrased for the site's owner.
        self.problems: list[str] = []
        for handler in handlers:
            self.register(handler)

    def register(self, handler: Handler | type[Handler]) -> Handler:
        """Add a handler (an instance, or a class that takes no arguments)."""
        instance = handler() if isinstance(handler, type) else handler
        if not isinstance(instance, Handler):
            raise RegistryError(f"{instance!r} is not a showcase.attachments.Handler")
        kind = instance.kind
        if not kind:
            raise RegistryError(f"{type(instance).__name__} does not name its kind")
        if kind in self._handlers:
            taken = type(self._handlers[kind]).__name__
            raise RegistryError(f"kind `{kind}` is already handled by {taken}")
        self._handlers[kind] = instance
        return instance

    def get(self, kind: str) -> Handler | None:
        return self._handlers.get(kind)

    def __contains__(self, kind: object) -> bool:
        return kind in self._handlers

    def __iter__(self) -> Iterator[Handler]:
        return iter(self._handlers.values())

    def __len__(self) -> int:
        return len(self._handlers)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self._handlers)

    def kind_table(self) -> KindTable:
        """Suffixes and roles of every registered kind, for validating the content."""
        return KindTable(handler.spec() for handler in self)

    # Loading ------------------------------------------------------------------------

    @classmethod
    def from_entry_points(cls, group: str = ENTRY_POINT_GROUP) -> Registry:
        """Every handler registered under ``group``: Showcase's own first, then the others
        by name. A handler that fails to load is left out and described in ``problems``."""
        registry = cls()
        found = sorted(entry_points(group=group), key=_load_order)
        names = {ep.name for ep in found}
        if group == ENTRY_POINT_GROUP and not names & set(BUILTIN_ENTRY_POINTS):
            # Not installed (a bare source tree): the built-ins as pyproject.toml lists them.
            found = [
                EntryPoint(name, value, group) for name, value in BUILTIN_ENTRY_POINTS.items()
            ] + found
        for ep in found:
            registry._load(ep)
        return registry

    def _load(self, ep: EntryPoint) -> None:
        origin = f"entry point `{ep.name} = {ep.value}`"
        if ep.dist is not None:
            origin += f" of {ep.dist.name}"
        try:
            self.register(ep.load())
        except RegistryError as exc:
            self.problems.append(f"{origin} is ignored: {exc}")
        except Exception as exc:  # a broken plugin must not stop the site
            self.problems.append(f"{origin} could not be loaded: {type(exc).__name__}: {exc}")


def _load_order(ep: EntryPoint) -> tuple[int, str]:
    own = ep.dist is not None and ep.dist.name == _OWN_DISTRIBUTION
    return (0 if own else 1, ep.name)


@cache
def default_registry() -> Registry:
    """The handlers installed in this Python environment, loaded once per process."""
    return Registry.from_entry_points()


def default_kind_table() -> KindTable:
    """The kinds of the installed handlers, for the content validator."""
    return default_registry().kind_table()
