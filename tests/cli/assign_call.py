if x:
    y = f() = 3
