"""The benchmark (``python -m benchmarks.bench``), the corpus it builds (``corpus``), the other
tools and the Dask route it compares with (``peers``), and the clocks both use (``timing``).

Not part of the installed package: it needs the repository's samples.
"""
