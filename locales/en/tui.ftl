# The terminal interface.

tui-language = English
