class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} makes a sound"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Dog(Animal):
    def speak(self):
        return super().speak() + ": woof"

    @property
    def upper(self):
        return self.name.upper()

    @classmethod
    def create(cls, name):
        return cls(name)

    @staticmethod
    def legs():
        return 4


d = Dog.create("rex")
print(d, d.speak(), d.upper, Dog.legs(), d.kind, isinstance(d, Animal), issubclass(Dog, Animal))
print(Dog.__mro__, Dog.__name__, Dog.__qualname__, type(d) is Dog)


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

v = Vec(1, 2) + Vec(3, 4)
print(v, v == Vec(4, 6), len(v), v[0], list(v))
print(getattr(v, "x"), hasattr(v, "z"), v.__dict__)
setattr(v, "z", 5)
print(v.z, sorted(vars(v).items()))
