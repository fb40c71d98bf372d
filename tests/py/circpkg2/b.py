from .a import missing
thing = 1
