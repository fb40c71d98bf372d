import decimal
from decimal import Decimal, localcontext, getcontext, setcontext, Context
import contextvars

print(Decimal('1.1') + Decimal('2.2'))
print(Decimal(1) / Decimal(7))
with localcontext() as ctx:
    ctx.prec = 5
    print(Decimal(1) / Decimal(7))
print(Decimal(1) / Decimal(7))
print(getcontext().prec)

def in_copy():
    getcontext().prec = 3
    return Decimal(2).sqrt()

c = contextvars.copy_context()
print(c.run(in_copy))
print(Decimal(2).sqrt())
setcontext(Context(prec=10))
print(Decimal(1) / Decimal(3))
print(decimal.Decimal('3.14159').quantize(Decimal('0.01')))
