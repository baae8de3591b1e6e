"""Attachments on the page: slides, notebooks and pictures, rendered once and cached.

The package is part of the core (it knows nothing of MkDocs): a registry of kind handlers
loaded from the ``showcase.attachments`` entry point group, a cache of derived files keyed
by the digest of their inputs, and a processor that runs both over an archive and answers
the site renderer's hooks (``talk_extras``, ``card_image``, ``person_image``).
"""

from showcase.attachments.cache import Cache, Entry, cache_key
from showcase.attachments.handler import (
    AttachmentError,
    AttachmentOptions,
    Handler,
    Passage,
    Rendering,
    RenderJob,
    View,
)
from showcase.attachments.processor import AttachmentProcessor, Published
from showcase.attachments.registry import (
    ENTRY_POINT_GROUP,
    Registry,
    RegistryError,
    default_kind_table,
    default_registry,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "AttachmentError",
    "AttachmentOptions",
    "AttachmentProcessor",
    "Cache",
    "Entry",
    "Handler",
    "Passage",
    "Published",
    "Registry",
    "RegistryError",
    "RenderJob",
    "Rendering",
    "View",
    "cache_key",
    "default_kind_table",
    "default_registry",
]
