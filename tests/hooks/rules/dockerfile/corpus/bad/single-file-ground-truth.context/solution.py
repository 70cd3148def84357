def solve(): pass
