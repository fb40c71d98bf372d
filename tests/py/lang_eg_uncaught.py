# An uncaught exception group: nested groups, notes, a chained context inside a member.
def fail(x):
    raise ValueError(x)


def collect():
    errors = []
    for i in range(2):
        try:
            fail(i)
        except ValueError as e:
            e.add_note(f"while handling item {i}")
            errors.append(e)
    try:
        {}["missing"]
    except KeyError:
        try:
            raise RuntimeError("during lookup")
        except RuntimeError as e:
            errors.append(e)
    inner = ExceptionGroup("inner", [TypeError("t"), OSError(2, "no such file")])
    errors.append(inner)
    eg = ExceptionGroup("many problems", errors)
    eg.add_note("group note\nwith two lines")
    raise eg


collect()
