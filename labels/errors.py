"""The one exception type the service has to catch."""

from __future__ import annotations


class LabelError(ValueError):
    """Label data or print options that would not give a correct, scannable label.

    ``field`` names the offending LabelData field or render option ("gtin", "layout", ...);
    ``label_index`` is the position in the sequence passed to the renderer, when known.
    """

    def __init__(self, message: str, *, field: str | None = None, label_index: int | None = None) -> None:
        self.message = message
        self.field = field
        self.label_index = label_index
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = []
        if self.label_index is not None:
            where.append(f"label {self.label_index}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def at(self, label_index: int) -> LabelError:
        """The same error, tagged with the label's position."""
        return LabelError(self.message, field=self.field, label_index=label_index)
