"""Ketenzicht: registration, workflow and steering for the regional approach to domestic
violence and child abuse."""

from ketenzicht import _native

_native.guard()
