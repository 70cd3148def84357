# expect: DET205@3
def stable_order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: hash(name.encode()))
