"""Clinic inventory: pharmacy and supplies stock for the Danish Red Cross health clinic."""
