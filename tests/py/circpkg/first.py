from . import second
VALUE = "first"
