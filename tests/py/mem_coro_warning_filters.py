# The never-awaited warning goes through the warnings machinery: filters apply.
import warnings

async def job():
    pass

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    job()
    print(len(w), w[0].category.__name__, str(w[0].message))

warnings.simplefilter("ignore", RuntimeWarning)
job()
print("ignored")

warnings.resetwarnings()
warnings.simplefilter("error", RuntimeWarning)
import sys
def hook(u):
    print("unraisable:", u.exc_type.__name__, u.exc_value)
sys.unraisablehook = hook
job()
print("end")
