"""Benchmarks of the core and the site; ``archive`` generates their content."""
