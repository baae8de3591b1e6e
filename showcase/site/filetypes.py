"""The kinds of file from the content folder that the site publishes as they are.

A file published as it is gets the site's own address, and whatever the web server makes
of it runs there: an HTML, XHTML, SVG or XML file opened on its own runs its script, and
which suffixes a server serves as such documents depends on its MIME map (``.xht``,
``.xpdl``, ``.rng``...). So this is an allowlist of kinds a browser only shows, plays or
downloads, not a list of the ones known to run: a kind that is not here is left out
(``check`` says so, with the file's path), unless the archive trusts its authors.
Markdown files are pages, not files: the site converts and sanitises them.
"""

from __future__ import annotations

import re

#: Each kind a talk or the archive may publish as it is, by what ``check`` calls it.
#: No HTML, SVG or XML (they run script), no script or stylesheet (``.js``, ``.mjs``,
#: ``.wasm``, ``.css``), nothing a web server may run itself (``.php``, ``.cgi``...).
PUBLISHED_KINDS: dict[str, frozenset[str]] = {
    "PDF": frozenset({".pdf"}),
    "pictures (not SVG)": frozenset(
        {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".tif", ".tiff"}
    ),
    "notebooks": frozenset({".ipynb"}),
    "text and data": frozenset(
        {
            *(".txt", ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".geojson", ".yaml"),
            *(".yml", ".toml", ".ini", ".cfg", ".log", ".bib", ".tex", ".rst", ".diff"),
            *(".patch", ".parquet", ".feather", ".arrow", ".avro", ".orc", ".npy", ".npz"),
            *(".h5", ".hdf5", ".nc", ".sqlite", ".db", ".duckdb", ".pkl", ".pickle"),
            *(".joblib", ".rds", ".rdata", ".dta", ".sav"),
        }
    ),
    "source files": frozenset(
        {
            *(".py", ".pyi", ".r", ".rmd", ".qmd", ".jl", ".sql", ".sh", ".bash", ".ps1"),
            *(".scala", ".java", ".kt", ".go", ".rs", ".c", ".h", ".cc", ".cpp", ".hpp"),
            *(".cs", ".rb", ".swift", ".lua", ".hs", ".ml", ".ex", ".exs", ".erl"),
            *(".clj", ".dart", ".proto", ".graphql", ".tf", ".hcl", ".dockerfile"),
        }
    ),
    "audio, video and captions": frozenset(
        {
            *(".mp4", ".m4v", ".webm", ".mov", ".m4a", ".mp3", ".ogg", ".oga", ".ogv"),
            *(".opus", ".wav", ".flac", ".vtt", ".srt"),
        }
    ),
    "archives": frozenset({".zip", ".tar", ".tgz", ".7z"}),
    "office documents": frozenset(
        {
            *(".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt", ".pptx"),
            *(".odp", ".key", ".numbers", ".pages", ".epub"),
        }
    ),
}
#: Suffixes of compressed files. A web server may send ``x.svg.gz`` as an SVG with a
#: ``Content-Encoding``, which the browser unpacks and renders, so a compressed file is
#: judged by the suffix before: ``data.csv.gz`` and ``model.tar.gz`` are published,
#: ``figure.svg.gz`` and a bare ``x.gz`` are not.
COMPRESSED = frozenset({".gz", ".bz2", ".xz", ".zst", ".br", ".z", ".lz", ".lzma"})
#: Suffixes MkDocs reads as Markdown pages (``mkdocs.utils.markdown_extensions``).
PAGE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
#: Suffixes of files that run script when a browser opens them on their own, for the
#: message that explains why one is left out.
_DOCUMENT = re.compile(r"\.(?:x?html?|xht|shtml|mht(?:ml)?|svgz?|xml|xslt?)$", re.IGNORECASE)
_PUBLISHED = frozenset().union(*PUBLISHED_KINDS.values())
#: What a file name may not hold: a backslash (browsers and Windows read it as a folder
#: separator, and it names another file in a link), control characters, and the
#: bidirectional controls that make a name read differently from what it is
#: (``report\u202egnp.exe``).
_UNSAFE_NAME = re.compile("[\\\\\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def suffix(name: str) -> str:
    """The lowercase suffix of the last part of ``name`` (``.pdf``), or ``""``."""
    base = name.rpartition("/")[2]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def is_page(name: str) -> bool:
    """Whether MkDocs reads the file ``name`` as a Markdown page."""
    return suffix(name) in PAGE_SUFFIXES


def is_published_kind(name: str) -> bool:
    """Whether the file ``name`` is of a kind the site publishes as it is (see
    ``PUBLISHED_KINDS``); a Markdown page is not a file and is not one."""
    found = suffix(name)
    if found in COMPRESSED:
        return suffix(name.rpartition("/")[2][: -len(found)]) in _PUBLISHED
    return found in _PUBLISHED


def opens_as_document(name: str) -> bool:
    """Whether a browser would render the file ``name`` as a page that can run script
    (HTML, XHTML, SVG, XML): what the message for a left-out file explains."""
    return _DOCUMENT.search(name.rpartition("/")[2]) is not None


def name_problem(name: str) -> str | None:
    """Why the file or folder name ``name`` cannot be published, or ``None``."""
    found = _UNSAFE_NAME.search(name)
    if found is None:
        return None
    char = found.group()
    if char == "\\":
        return (
            "holds a backslash (`\\`), which browsers and Windows read as a folder "
            "separator; rename it"
        )
    if char in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return (
            f"holds the bidirectional control U+{ord(char):04X}, which makes the name read "
            "differently from what it is; rename it"
        )
    return f"holds the control character U+{ord(char):04X}; rename it"


def kinds_listed() -> str:
    """The published kinds, for a message."""
    return ", ".join(PUBLISHED_KINDS)
