"""The benchmark (``python -m benchmarks.bench``) and the corpus it builds (``corpus``).

Not part of the installed package: it needs the repository's samples.
"""
