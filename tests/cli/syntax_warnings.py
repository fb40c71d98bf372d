x = "\d"
y = 1if 1 else 2
z = 0x1for
