"""No file of the content folder takes the place of a file the site writes itself.

The core withholds what it can see (``showcase.site.sources``: the folders the site alone
writes, Showcase's pages and files, the files MkDocs writes). Only the build sees the
theme, and MkDocs prefers a file of ``docs_dir`` to a theme file with the same path, so
``content/assets/javascripts/bundle.*.min.js`` would replace Material's script on every
page; and MkDocs writes files in turn, so a page whose output is a folder where another
file goes (``feed.xml.md``) ends the build in a traceback. Here, with every file of the
build known, a content file that shadows a theme file is dropped and the theme's file
put back, and one whose place clashes with another file's is dropped, each with a
warning that names both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from showcase.site.sources import Destinations

#: What MkDocs and Showcase write that no ``File`` stands for: the compressed sitemap, and
#: the folder of the site's search, whole.
WRITTEN_LATER = ("sitemap.xml.gz", "search")


def restore_theme_files(files: Files, config: MkDocsConfig) -> list[tuple[str, str]]:
    """Drop each content file at the path of a file the theme publishes, and put the
    theme's file back; each file dropped, with a warning that says so."""
    own = [file for file in files if file.src_dir == config.docs_dir]
    theme = theme_files(config, [file.src_uri for file in own])
    warnings = []
    for file in own:
        replacement = theme.get_file_from_path(file.src_uri)
        if replacement is None:
            continue
        files.remove(file)
        files.append(replacement)
        warnings.append((file.src_uri, shadow_warning(file.src_uri)))
    return warnings


def theme_files(config: MkDocsConfig, srcs: Iterable[str]) -> Files:
    """The files the theme publishes at one of the paths ``srcs``."""
    wanted = [src for src in srcs if _in_theme(src, config)]
    if not wanted:
        return Files([])
    # What MkDocs takes from the theme when nothing in docs_dir is in the way.
    theme = Files([])
    theme.add_files_from_theme(config.theme.get_env(), config)
    return Files([file for src in wanted if (file := theme.get_file_from_path(src)) is not None])


def shadow_warning(src: str) -> str:
    return (
        f"{src} is not published: it has the path of the theme's own file, which the site "
        "publishes instead (a theme file is changed in the theme's `custom_dir`, not in the "
        "content folder)"
    )


def drop_clashes(files: Files, config: MkDocsConfig) -> list[str]:
    """Drop each content file whose place in the site clashes with a file the site
    writes itself or with an earlier content file (in the order of their paths): the
    same file, or a file where the other needs a folder. What was dropped, as warnings."""
    site = Destinations(fold_case=True)
    for name in (*config.theme.static_templates, *config.extra_templates, *WRITTEN_LATER):
        site.take(name, f"`{name}`, which the build writes")
    own = []
    for file in files:
        if file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
            continue
        if file.src_dir == config.docs_dir:
            own.append(file)
        else:
            site.take(file.dest_uri, _owner(file, config))
    content = Destinations()
    warnings = []
    for file in sorted(own, key=lambda found: found.src_uri):
        owner = site.clash(file.dest_uri) or content.clash(file.dest_uri)
        if owner is None:
            content.take(file.dest_uri, f"`{file.src_uri}` of the content folder")
            continue
        files.remove(file)
        warnings.append(
            f"{file.src_uri} is not published: its place in the site, `{file.dest_uri}`, "
            f"is taken by {owner} (the same file, or a file where the other needs a "
            "folder); rename it"
        )
    return warnings


def _in_theme(src_uri: str, config: MkDocsConfig) -> bool:
    return any(os.path.isfile(os.path.join(folder, src_uri)) for folder in config.theme.dirs)


def _owner(file: File, config: MkDocsConfig) -> str:
    if file.generated_by:
        return f"`{file.src_uri}`, which the `{file.generated_by}` plugin makes"
    if file.src_dir in config.theme.dirs:
        return f"the theme's `{file.src_uri}`"
    return f"`{file.src_uri}`"
