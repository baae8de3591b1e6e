"""The site's search: Pagefind indexes built from Showcase's model, in shards.

``build_search(documents, out, cache)`` turns one ``SearchDocument`` per page into a search
bundle (``out``, published under the site as ``search/``); the search box of Showcase's
theme (``showcase/theme/partials/header.html`` and ``assets/javascripts/search.js``) loads
it when a reader first uses it. Nothing here imports MkDocs.
"""

from showcase.search.bundle import (
    MANIFEST,
    SEARCH_FORMAT,
    SearchBuild,
    build_search,
    index_search,
)
from showcase.search.document import SearchDocument, Section
from showcase.search.indexer import SearchError

__all__ = [
    "MANIFEST",
    "SEARCH_FORMAT",
    "SearchBuild",
    "SearchDocument",
    "SearchError",
    "Section",
    "build_search",
    "index_search",
]
