"""What both faces (the JSON API and the pages) share of HTTP; for now, decoding forms into shapes."""
