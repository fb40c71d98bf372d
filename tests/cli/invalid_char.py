def f():
    a = "héllo" + €
