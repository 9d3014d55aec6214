"""Persistence: a crash-safe TinyDB storage and the repository functions over it."""

from tui_reader.store.repository import Store
from tui_reader.store.storage import DatabaseError, ReadOnlyDatabase

__all__ = ["DatabaseError", "ReadOnlyDatabase", "Store"]
