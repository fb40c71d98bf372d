from .b import thing
