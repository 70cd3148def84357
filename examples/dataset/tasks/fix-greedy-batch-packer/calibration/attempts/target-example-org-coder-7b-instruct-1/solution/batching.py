def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    """Group the indices of `sizes` into consecutive batches whose total size is at most
    `max_tokens`, starting a new batch only when the next item does not fit."""
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be >= 1, got {max_tokens}")
    for index, size in enumerate(sizes):
        if size < 0 or size > max_tokens:
            raise ValueError(f"request {index} has invalid size {size}")

    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for index, size in enumerate(sizes):
        if current and total + size > max_tokens:
            batches.append(current)
            current = []
            total = 0
        current.append(index)
        total += size
    if current:
        batches.append(current)
    return batches
