def pack_batches(sizes: list[int], max_tokens: int) -> list[list[int]]:
    if max_tokens < 1:
        raise ValueError("max_tokens must be >= 1")
    batches: list[list[int]] = []
    start = 0
    total = 0
    for index, size in enumerate(sizes):
        if not 0 <= size <= max_tokens:
            raise ValueError(f"request {index}: size {size} not in [0, {max_tokens}]")
        if index > start and total + size > max_tokens:
            batches.append(list(range(start, index)))
            start, total = index, 0
        total += size
    if start < len(sizes):
        batches.append(list(range(start, len(sizes))))
    return batches
