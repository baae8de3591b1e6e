"""The site's pages, rendered from the model as Markdown with HTML blocks.

Nothing here knows MkDocs: a page is a source path, a title and Markdown text, which any
static site generator that reads Markdown can turn into HTML. The MkDocs plugin is one
such adapter (``showcase.mkdocs``).
"""
