"""Reconciliation: editions of a series paired record by record, and what changed between them."""
