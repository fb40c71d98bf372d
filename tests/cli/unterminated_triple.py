x = """abc
foo
