def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    """Greedy in-order packing; see the task for the contract."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for index, size in enumerate(sizes):
        if size < 0:
            raise ValueError(f"negative size at index {index}")
        if size > max_tokens:
            raise ValueError(f"size {size} at index {index} exceeds max_tokens={max_tokens}")
        if total + size <= max_tokens:
            current.append(index)
            total += size
        else:
            batches.append(current)
            current = [index]
            total = size
    if current:
        batches.append(current)
    return batches
