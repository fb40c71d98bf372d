class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Color:
    RED = "red"
    BLUE = "blue"


def classify(v):
    match v:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(xx, 0) if xx > 10:
            return f"far on x axis at {xx}"
        case Point(a, b):
            return f"point {a},{b}"
        case [1, *middle, 9]:
            return f"one..nine with {middle}"
        case [(1 | 2) as small, [x, y]]:
            return f"nested {small} {x} {y}"
        case {"type": "user", "name": str() as name, **extra}:
            return f"user {name} extra={sorted(extra)}"
        case {"type": _}:
            return "typed mapping"
        case Color.RED | Color.BLUE:
            return "a color"
        case -1 | 1.5 | 2+3j:
            return "special number"
        case True | None:
            return "singleton"
        case str(s) if s.startswith("a"):
            return "a-string"
        case (x, y, z):
            return f"triple {x} {y} {z}"
        case _:
            return "other"


for v in [Point(0, 0), Point(0, 5), Point(11, 0), Point(3, 0), [1, 2, 3, 9], [1, 9], [2, [3, 4]],
          {"type": "user", "name": "ann", "age": 3}, {"type": "x"}, "red", -1, 1.5, 2+3j, True, None,
          "apple", "pear", (1, 2, 3), [4, 5, 6], 42]:
    print(classify(v))
