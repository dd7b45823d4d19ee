# 터미널 화면 (해요체).

tui-language = 한국어
