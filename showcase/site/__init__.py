"""The site's pages, rendered from the model as Markdown with HTML blocks.

Nothing here knows MkDocs: a page is a source path, a title and Markdown text, which any
static site generator that reads Markdown can turn into HTML. The MkDocs plugin is one
such adapter (``showcase.mkdocs``).
"""

from pathlib import Path

#: The theme overrides the pages need (stylesheets, the slide viewer's script, a template
#: for Material that links them and the feed), shipped inside the package. An engine puts
#: the folder under the team's own overrides.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
