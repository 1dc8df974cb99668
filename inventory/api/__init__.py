"""The JSON API face: controllers, shapes, guards, problems (docs/architecture.md)."""
