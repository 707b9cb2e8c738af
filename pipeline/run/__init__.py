"""The run: which files an inbox holds, who reads them, and what a run writes.

- ``inbox``: the input files of a folder, and their hashes;
- ``runner``: the conductor of ``run`` and ``diff`` (read, add to the history, write outputs);
- ``watch``: the same, kept running on an inbox as papers land;
- ``executors``: where files are read (local worker processes or Dask), and which need no reading;
- ``isolation``: the pool of capped, timed worker processes; ``handle``: one of them, as
  the run sees it; ``parts``: the tasks of files read in parts, for both executors;
- ``worker`` and ``reading``: what runs inside a worker process;
- ``outcome``: a Paper or a Failure, the one result of every input;
- ``lock``: one run per output folder; ``state``: an unchanged rerun writes nothing;
- ``codebase``: the digest of installed code that keys stored papers and outputs.
"""
