"""{{ground_truth}}"""


def solve(values: list[int]) -> int:
    total = 0
    for value in values:
        total += value
    return total
