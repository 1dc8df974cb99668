"""Persistence: SQLAlchemy tables, engines, the unit of work and Alembic migrations."""
