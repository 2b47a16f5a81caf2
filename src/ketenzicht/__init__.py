"""Ketenzicht: registration, workflow and steering for the regional approach to domestic
violence and child abuse."""
