"""Answer shapes both faces share: the msgspec Create (bodies, forms) and Read (answers) structs, and
their converters from database rows and service results (`convert`)."""
