"""Demo data: a realistic catalogue, four sites and a deterministic stock history to seed them."""
