# 명령줄 메시지 (해요체).

wrote-file = { $path } 파일을 썼어요
