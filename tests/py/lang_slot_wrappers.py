# Slot wrappers (wrapper_descriptor) and method-wrappers, as CPython 3.11 makes them.
import inspect
import pickle
import types

print(type(int.__add__), type((1).__add__), type(str.join), type([].append))
print(int.__add__, object.__init__, str.__getitem__, list.__iadd__)
# Types that define the dunder as an ordinary method keep a method_descriptor.
print(list.__getitem__, dict.__getitem__, dict.__contains__, set.__contains__)
print(int.__add__.__name__, int.__add__.__qualname__, int.__add__.__objclass__)
print(int.__add__.__text_signature__, repr(int.__add__.__doc__))
print(object.__init__.__text_signature__, repr(object.__init__.__doc__))
m = (1).__add__
print(repr(m).startswith("<method-wrapper '__add__' of int object at 0x"))
print(m.__name__, m.__qualname__, m.__self__, m.__objclass__, m.__text_signature__)
print(True.__add__.__qualname__, True.__add__.__objclass__)


class C:
    pass


print(C.__init__, C.__eq__, type(C().__init__), C().__eq__.__name__)
for call in [
    lambda: int.__add__("a", 1),
    lambda: int.__add__(),
    lambda: int.__add__.__get__("a"),
    lambda: object.__init__(),
    lambda: str.__len__(3),
]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
print(int.__add__(1, 2), m(2), int.__add__.__get__(3)(4), int.__add__.__get__(None, int))
lst = [1]
print(lst.append == lst.append, [].append == [].append, (1).__add__ == (1).__add__)
print(hash(lst.append) == hash(lst.append), (1).__add__ == (2).__add__)
print(inspect.signature(int.__add__), inspect.signature(m), inspect.signature(int.__pow__))
print(int.__add__.__reduce__()[1], (5).__add__.__reduce__()[1])
print(pickle.loads(pickle.dumps(int.__add__)) is int.__add__)
print(types.WrapperDescriptorType is type(object.__init__), types.MethodWrapperType is type(object().__str__))
print(callable(int.__add__), callable(m), inspect.isbuiltin(m), inspect.ismethoddescriptor(int.__add__))
