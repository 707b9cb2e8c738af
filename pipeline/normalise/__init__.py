"""Normalising a Paper's printed words (``paper``): status codes, dates (``dates``), record
keys and flags (``flags``).

It runs in the reading worker, right after extraction, so stored Papers are normalised.
"""
