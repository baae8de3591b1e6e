"""Compiled templates kept in memory for the next build of the same process.

``mkdocs serve`` builds again after every save, and each build makes new Jinja
environments (MkDocs' for the theme, Showcase's for its pages), which would compile every
template again. Set as an environment's ``bytecode_cache``, a ``CompiledTemplates`` hands
back what an earlier environment compiled, when the template's source and everything the
environment compiles with are the same.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Templates as Jinja compiled them, kept in memory between the builds of one process
    (``mkdocs serve``: each build makes new environments, which compile them all again).
    Jinja checks each against its template's source before using it. What it compiled
    also depends on the environment (its syntax, extensions and policies, and its filters
    and tests, which it may call while compiling): an environment that differs in any of
    these (``mkdocs.yml`` edited while serving) starts the cache afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        #: What the templates in ``code`` were compiled with (holding the filters and
        #: tests themselves, so that none is freed and another made in its place).
        self.settings: tuple[Any, ...] = ()

    def load_bytecode(self, bucket: Bucket) -> None:
        self._compiled_by(bucket.environment)
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled_by(bucket.environment)
        self.code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.code.clear()

    def _compiled_by(self, env: Environment) -> None:
        settings = (
            type(env),
            *(getattr(env, name, None) for name in COMPILE_SETTINGS),
            sorted(env.extensions),
            dict(env.policies),
            dict(env.filters),
            dict(env.tests),
        )
        if settings != self.settings:
            self.code.clear()
            self.settings = settings


#: What a Jinja environment compiles templates with, beside its extensions, policies,
#: filters and tests.
COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "finalize",
    "is_async",
    "sandboxed",
    "code_generator_class",
    "context_class",
    "newstyle_gettext",
)
