for i in range(5):
    if i == 3:
        break
    if i == 1:
        continue
    print("i", i)
else:
    print("no break")
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)
x = 7
if x > 10:
    print("big")
elif x > 5:
    print("medium")
else:
    print("small")
print("yes" if x else "no", x > 5 and x < 10, 0 or "default", 1 < x < 10 < 100)
if (y := x * 2) > 10:
    print("walrus", y)
a, *b, c = range(6)
print(a, b, c)
(p, q), r = (1, 2), 3
print(p, q, r)
with open(__file__) as fh:
    print(fh.readline().strip())
