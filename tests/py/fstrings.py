x, y = 3, 4.5
name = "pyrs"
print(f"{x} + {y} = {x + y}")
print(f"{name!r} {name!s} {name!a} {name:>8} {name:<8}|")
print(f"{x:05d} {y:.3f} {y:10.2e} {255:x} {255:#o} {1234567:,} {0.25:.1%}")
print(f"{x=}, {y = }, {name=!r}")
width = 10
print(f"{name:{width}}|{x:{'>'}{width}}|")
print(f"{'nested ' + f'{x}'}", f"{{literal}}", f"{[i for i in range(3)]}")
