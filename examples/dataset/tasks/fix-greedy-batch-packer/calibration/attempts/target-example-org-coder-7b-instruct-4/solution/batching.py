def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for index, size in enumerate(sizes):
        if max_tokens < 1:
            raise ValueError("max_tokens must be >= 1")
        if size < 0 or size > max_tokens:
            raise ValueError(f"bad request size {size}")
        if current and total + size > max_tokens:
            batches.append(current)
            current = []
            total = 0
        current.append(index)
        total += size
    if current:
        batches.append(current)
    return batches
