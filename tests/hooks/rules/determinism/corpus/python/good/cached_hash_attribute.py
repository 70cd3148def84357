# expect: none
class Token:
    def __init__(self, text: str):
        self.text = text
        self._hash = hash(text)

    def __hash__(self):
        return self._hash

    def __eq__(self, other):
        return isinstance(other, Token) and other.text == self.text
