print("Hello from pyrs")
