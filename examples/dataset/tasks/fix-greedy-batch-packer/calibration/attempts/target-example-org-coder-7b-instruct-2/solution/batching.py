def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    if not sizes:
        return []
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")

    batches = []
    current = []
    total = 0
    for index, size in enumerate(sizes):
        if size < 0 or size > max_tokens:
            raise ValueError(f"invalid size {size} at index {index}")
        if current and total + size > max_tokens:
            batches.append(current)
            current, total = [], 0
        current.append(index)
        total += size
    batches.append(current)
    return batches
