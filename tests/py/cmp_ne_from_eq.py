class A:
    def __eq__(s,o): return True
print(A() != A(), A() == A())
class B:
    def __eq__(s,o): return NotImplemented
b=B(); print(b != b, b != B())
class C(int):
    def __eq__(s,o): return True
print(C(1) != C(2))
class D(A): pass
print(D() != 1, 1 != D())
from decimal import Decimal
print(Decimal('1.0') != Decimal('1'), Decimal('1.0') != 1)
from fractions import Fraction
print(Fraction(1,2) != 0.5)
