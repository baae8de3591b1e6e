"""A talk's recording: its transcript (read into cues, chapters and readable passages) and
the hosted video services whose player a talk page can load.

Both modules are pure: they take bytes and strings and give immutable values back, without
MkDocs, the site or the file system.
"""
