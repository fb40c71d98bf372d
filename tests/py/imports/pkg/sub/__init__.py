from ..core import greet as g
NAME = "sub:" + g("x")
