"""The MkDocs plugin: a thin adapter that publishes the core's pages and exports."""
