"""The history: every paper read, in SQLite (``store``), and reviewer decisions (``reviews``)."""
