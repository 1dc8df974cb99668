"""Every report's builder, one module per report, named in the clinic's words: a query over the ledger
(and, for money, the cost layers and their takes) and a function returning an `inventory.reports.Report`,
which `inventory.reports` renders and `web/report_view` shows. `trail` holds the finance queries they
share."""
