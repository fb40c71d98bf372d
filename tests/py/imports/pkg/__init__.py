from .core import greet
from . import sub
