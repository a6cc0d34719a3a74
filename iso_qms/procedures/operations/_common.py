"""What the document-control operations share."""

from ...core.errors import EditConflict


def _check_version(obj, lock_version: int | None) -> None:
    if lock_version is not None and int(lock_version) != obj.lock_version:
        raise EditConflict()
