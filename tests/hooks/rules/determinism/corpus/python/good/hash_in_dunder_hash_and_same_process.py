# expect: none
class User:
    def __init__(self, name: str, age: int):
        self.name = name
        self.age = age

    def __eq__(self, other):
        return (self.name, self.age) == (other.name, other.age)

    def __hash__(self):
        return hash((self.name, self.age))


def test_hash_consistent_with_eq():
    assert hash(User("a", 1)) == hash(User("a", 1))
    hash("check it is hashable")


def bucket(n: int, size: int) -> int:
    return hash(n) % size
