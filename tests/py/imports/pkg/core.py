def greet(n):
    return f"hello {n} from {__name__} in {__package__}"
