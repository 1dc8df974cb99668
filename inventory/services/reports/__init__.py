"""Finance reports: each a query over the ledger, the cost layers and their takes, and a builder of a
`inventory.reports.Report`. `trail` holds the queries they share."""
