from circattr import b

VALUE = 1
