import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0] + "/imports")
import helper
import helper as h2
from helper import double, VALUE
import pkg
import pkg.sub
from pkg.sub import NAME
print(helper.VALUE, h2 is helper, double(VALUE))
print(pkg.greet("bob"))
print(NAME, pkg.sub.NAME == NAME)
try:
    import does_not_exist
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    from helper import nothing
except ImportError as e:
    print(type(e).__name__, e)
import keyword
print(keyword.iskeyword("for"), keyword.iskeyword("pyrs"))
