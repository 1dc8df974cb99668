"""The clinic's stock rules in plain Python: no framework, no database, no clock of its own."""
