"""A component's lone output whose key changes is a new identity: replaced, not patched.

Found by the property test: only keys among siblings were compared, so `return Form(key=user)`
kept the old form's state when the user changed (changing a key is how state is reset).
"""
from pylive import html as h

before = h.p("x", key=1)
steps = [
    (h.p("x", key=2), [[7, 0, 0, '<p data-pl="2">x</p>']]),
    (h.p("y", key=2), [[0, 2, 0, "y"]]),
    (h.p("y"), [[7, 0, 0, '<p data-pl="3">y</p>']]),
]
