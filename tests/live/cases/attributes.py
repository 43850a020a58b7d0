"""Attributes set, changed and removed, each by name; booleans set to ""; the key never shows."""
from pylive import html as h

before = h.div(id="x", title="old", hidden=True, class_=["a", "b"], key="k")
after = h.div(id="x", title="new", class_=["a", None, "c"], data_role="main", key="k")
ops = [[1, 1, "title", "new"], [1, 1, "class", "a c"], [1, 1, "data-role", "main"], [2, 1, "hidden"]]
