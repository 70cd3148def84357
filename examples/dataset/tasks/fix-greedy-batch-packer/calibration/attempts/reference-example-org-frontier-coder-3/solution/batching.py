def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    """Greedy, order-preserving batching of request sizes."""
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be positive, got {max_tokens}")
    batches: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i, size in enumerate(sizes):
        if size < 0:
            raise ValueError(f"size at index {i} is negative: {size}")
        if size > max_tokens:
            raise ValueError(f"size at index {i} ({size}) exceeds max_tokens ({max_tokens})")
        if used + size > max_tokens:  # cannot happen for an empty batch: size <= max_tokens
            batches.append(current)
            current, used = [], 0
        current.append(i)
        used += size
    if current:
        batches.append(current)
    return batches
