def describe(x):
    match x:
        case 0:
            return "zero"
        case [a, b]:
            return f"pair {a} {b}"
        case [a, *rest]:
            return f"list starting {a} with {len(rest)} more"
        case {"k": v, **others}:
            return f"mapping k={v} others={others}"
        case str() as s if len(s) > 3:
            return f"long string {s}"
        case int(n) | float(n):
            return f"number {n}"
        case _:
            return "other"

for v in [0, [1, 2], [1, 2, 3], {"k": 1, "j": 2}, "hello", "hi", 5, 2.5, None]:
    print(describe(v))
