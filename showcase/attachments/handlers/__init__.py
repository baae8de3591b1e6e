"""The built-in kinds: PDF, HTML slide deck, Jupyter notebook, image and hosted link.

Each is registered through the ``showcase.attachments`` entry point group in
``pyproject.toml``, exactly like a third-party kind. Heavy libraries (pypdfium2, nbconvert)
are imported when a file is rendered, so that loading the registry stays cheap.
"""
