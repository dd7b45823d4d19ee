# 명령줄 메시지 (해요체).

wrote-file = { $path } 파일을 썼어요

## chec items

items-col-key = 키
items-col-title = 제목
items-col-owner = 담당자
items-col-due = 기한
items-col-priority = 우선순위
items-col-status = 상태
items-col-stage = 단계
