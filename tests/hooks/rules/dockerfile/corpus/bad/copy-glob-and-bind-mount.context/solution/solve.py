def solve(): return 1
