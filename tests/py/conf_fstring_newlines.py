# Source text given to compile()/eval() has its \r\n and \r line breaks translated (in
# string literals too), and an f-string ending right after '!' expects '}'.
for s in ["f'{3!'", "f'{3!r'", "f'{3!x}'", 'f"\\\r"', "f'''{\t\x0c\r\n}'''",
          "'a\r\nb'", "'''a\rb'''", "x = 1\r\ny = x + 1\r\n", "f'''{1\r\n+1}'''"]:
    try:
        mode = 'exec' if '=' in s else 'eval'
        code = compile(s, '<s>', mode)
        print(repr(eval(code)) if mode == 'eval' else 'exec ok')
    except SyntaxError as e:
        print(e.msg)
