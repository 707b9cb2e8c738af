"""What a run writes: the tables as rows (``tables``), CSV files (``files``), the workbook
(``xlsx``) and the reviewer's report (``report``, with ``templates/``)."""
