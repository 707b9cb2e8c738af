"""Extractors: one module per kind of paper, each turning one file into a Paper.

``extract_path`` is the single entry point the pipeline calls (in a worker
process); it sniffs the file's real type from its bytes, checks the limits,
and hands the file to the extractor that claims it.
"""
