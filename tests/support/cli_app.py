"""An app served as `module:attr` by the CLI tests."""

import pylive as pl
from pylive import html as h

application = pl.App(pl.component(lambda: h.p("served by module:attr")), title="CLI app")
