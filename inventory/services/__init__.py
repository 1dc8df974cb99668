"""Use cases: each runs inside a unit of work and leaves committing to its caller."""
