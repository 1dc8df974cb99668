"""The size of a data set and the shape derived from it (hot items, the FEFO item)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Bump when the generator changes what it writes, so cached data sets are made again.
GENERATOR_VERSION = 3  # 3: donors, grants, budget lines, cost layers and their takes

# The scan-out load and the FEFO measurement need items with a known shape; ids are assigned in
# this order so the benchmarks can find them without storing lists: hot items are 1..n_hot, the
# FEFO item is n_hot + 1, ordinary items follow.
MAX_HOT_ITEMS = 24
MAX_HOT_BATCHES = 30
MAX_FEFO_BATCHES = 300


@dataclass(frozen=True)
class Params:
    sites: int = 4
    items: int = 5_000
    batches: int = 100_000
    movements: int = 2_000_000
    years: int = 5
    seed: int = 20251123

    @property
    def n_hot(self) -> int:
        """Items the scan-out load issues from: big balances at every site, a few dozen batches each."""
        return max(1, min(MAX_HOT_ITEMS, self.items // 20))

    @property
    def hot_batches(self) -> int:
        """Batches per hot item (each held at every site)."""
        return max(2, min(MAX_HOT_BATCHES, self.batches // (10 * self.n_hot)))

    @property
    def fefo_item(self) -> int:
        return self.n_hot + 1

    @property
    def fefo_batches(self) -> int:
        """Batches of the FEFO item, all in stock at every site (some expired, which FEFO must skip)."""
        return max(2, min(MAX_FEFO_BATCHES, self.batches // 4))

    def key(self) -> str:
        """Names the cached data set: same key, same data."""
        return (
            f"v{GENERATOR_VERSION}-s{self.sites}-i{self.items}-b{self.batches}"
            f"-m{self.movements}-y{self.years}-r{self.seed}"
        )

    def check(self) -> None:
        if self.sites < 1 or self.items < self.n_hot + 2:
            raise ValueError("need at least one site and a few items")
        special = self.n_hot * self.hot_batches + self.fefo_batches
        if self.batches <= special:
            raise ValueError(f"need more than {special} batches for {self.n_hot} hot items and the FEFO item")
        # Every (site, batch) holding starts with a receipt; the rest of the budget is issues etc.
        if self.movements < 3 * self.batches:
            raise ValueError("need at least three movements per batch")

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


FULL = Params()
QUICK = Params(items=200, batches=2_000, movements=20_000)
