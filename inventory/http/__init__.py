"""What both faces share of HTTP (the JSON API in inventory/api, the pages in inventory/web), so that
neither imports the other: writes, problems, guards, login, downloads, dependencies, the edge, form
decoding, the answer shapes (`shapes/`) and the use cases both call. See docs/architecture.md."""
