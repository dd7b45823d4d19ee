# 터미널 화면 (해요체).

tui-language = 한국어

## 머리줄과 가장 작은 터미널

header-items = · 개선 과제
header-dashboard = · 현황판
header-consultations = · 자문 목록
header-meeting = ● { $n }차 회의 · { $elapsed }
searching = 찾는 중…
too-small = 터미널이 너무 작아요 ({ $width }×{ $height }). chec는 적어도 { $min_width }×{ $min_height } 크기가 필요해요. 창을 키우거나 { $quit }를 눌러 끝내세요.

## 자문 목록

list-filter = 필터:
list-filter-searching = (찾는 중… · { $clear })
list-filter-shown = ({ $n }개 표시 · { $clear })
list-searching = 찾는 중…
list-none-yet = 아직 자문이 없어요.
list-press = { "" }
list-to-open = 키를 눌러 AI 서비스의 자문을 시작하거나,
list-or-shell = 셸에서 이렇게 시작해요:
list-shell-example = chec new --key CARE --name "돌봄 챗봇"
list-no-match = 필터에 맞는 자문이 없어요.
screen-col-key = 키
screen-col-name = 이름
screen-col-team = 팀
screen-col-stage = 단계
screen-col-done = 평가
screen-col-open = 과제
screen-col-late = 지남

## 새 자문 양식

form-new-consultation = 새 자문
form-key = 키 (A-Z, 0-9로 2-10자, 과제는 KEY-1, KEY-2…가 돼요)
form-service-name = 서비스 이름
form-owning-team = 담당 팀
form-what-it-does = 서비스가 하는 일
form-questionnaire = 질문지
form-traits = 서비스 특성 (질문을 맞춰 줘요)

## 자문의 단계 화면

view-reopened = ◐ 다시 엶
view-signed-off = ● 승인 완료
view-signed-off-line = 승인 { $signed }: { $comment }
view-reopened-line = 다시 엶 { $when } · { $by }: { $reason }
view-meeting = 회의
view-questions = 질문 { $assessed }/{ $total }
view-no-questions = 이 단계에는 이 서비스의 특성에 해당하는 질문이 없어요.
view-no-questions-for = 이 단계에는 { $principle }에 해당하는 질문이 없어요. { $key }를 누르면 모두 다시 보여요.
view-dialogue = 대화
view-why = 이유: { $text }
view-good-answer = 좋은 답: { $text }
view-asked-because = 서비스에 이런 특성이 있어 묻는 질문이에요: { $traits }
view-editing = ✎ { $label } — { $keys }
view-empty = (비어 있어요. { $key } 키를 눌러 쓰세요)
view-team-answer = 서비스 팀 답변
view-consultant-notes = 자문 의견
view-assessment = 평가:
view-items-on = { $id } 질문의 개선 과제 ({ $n }개) — { $key }로 올리기
view-due = 기한 { $date }

## 양식

form-footer = Tab 다음 칸 · Ctrl-S 제출 · Esc 취소
form-raise-title = { $id } 질문에 개선 과제 올리기
form-on-question = 질문 { $id } · 단계: { $stage }
form-principles = 원칙: { $names }
form-raised-in-meeting = { $n }차 회의에서 올림
form-title = 제목
form-detail = 내용
form-owner = 담당자
form-due = 기한 (YYYY-MM-DD)
form-priority = 우선순위
form-priority-derived = 가능성 × 영향으로 정함 (없으면 보통)
form-risk-source = 위험 원천
form-not-set = 정하지 않음
form-likelihood = 가능성
form-impact = 영향
form-not-rated = 매기지 않음
form-likelihood-words = 드묾, 낮음, 있을 수 있음, 높음, 거의 확실
form-impact-words = 경미, 보통, 상당, 큼, 심각
form-response = 대응
form-not-decided = 정하지 않음
form-start-meeting = 회의 시작
form-attendees = 참석자, 한 줄에 한 명씩: 이름, 역할
form-agenda = 안건
form-at-stage = 현재 단계: { $stage }
form-roles = 역할 예시: { $roles }
status-raised = { $key } 과제를 올렸어요 ({ $priority }): { $title }
status-attendees = { $n }차 회의: 참석자 { $count }명을 기록했어요
status-meeting-started = { $n }차 회의를 시작했어요. 이제부터 기록하는 내용은 이 회의에 연결돼요
status-wrote = { $path } 파일을 썼어요

## 회의 창과 단계 화면의 알림

meeting-end-question = { $n }차 회의를 지금 끝낼까요? 회의록은 끝낸 뒤에도 내보낼 수 있어요.
meeting-none-recorded = 기록 없음
meeting-title = ● { $n }차 회의
meeting-line = · { $stage } · 시작 { $when } · { $elapsed } 지남
meeting-attendees = 참석자:
status-saved-field = { $id } 질문의 { $field } 저장했어요
status-saved-meeting-field = { $n }차 회의의 { $field } 저장했어요
status-assessed = { $id }: { $symbol } { $assessment }
status-no-meeting = 진행 중인 회의가 없어요 ({ $key }로 시작해요)
status-choose-question = 먼저 질문을 고르세요

## 내보내기 양식

export-title = { $key } 내보내기
export-what = 내보낼 것
export-minutes-of = { $n }차 회의록
export-report-md = 전체 보고서 (Markdown)
export-report-json = 전체 보고서 (JSON)
export-file = 파일 (chec를 시작한 폴더 기준)
export-if-exists = 파일이 이미 있으면
export-replace = 덮어쓰기
export-language = 언어
export-folder = 폴더: { $dir }
export-renders = Markdown은 GitHub와 GitLab에서 그대로 보이고, 메일로 보내도 돼요.
export-name-minutes = { $n }차-회의록
export-name-report = 보고서
export-give-name = 파일 이름을 적어 주세요
export-exists = { $path } 파일이 이미 있어요. 다른 이름을 쓰거나 "덮어쓰기"를 고르세요
confirm-start-no-attendees = 참석자를 기록하지 않고 회의를 시작할까요? ({ $no }: 양식으로 돌아가기)
confirm-start-attendees = 참석자 { $n }명으로 회의를 시작할까요? { $names } ({ $no }: 양식으로 돌아가기)
confirm-sign-off-unanswered = 필수 질문 { $n }개에 아직 답하지 않았어요: { $ids }. 그래도 승인할까요? 승인 기록에 남아요. ({ $no }: 양식으로 돌아가기)
status-meeting-ended = 회의를 끝냈어요
confirm-export-minutes = { $n }차 회의를 끝냈어요. 회의록을 지금 내보낼까요?

## 머리줄의 팀 동기화 상태

sync-running = ⇅ 동기화 중…
sync-offline = ⇅ 오프라인 · { $n }건 대기
sync-waiting = ⇅ { $n }건 대기
sync-synced = ⇅ { $at } 동기화됨
sync-never = ⇅ 아직 동기화 전
sync-conflicts = ⚠ 충돌 { $n }건 · { $state }
more-lines = +{ $n }줄
past-meetings = 지난 회의
past-none = 이 자문에는 아직 끝난 회의가 없어요.
past-row = { $n }차 회의 · { $when } · { $stage } · { $who }
past-when = { $start }에 시작해서 { $end }에 끝났어요
past-minute-taker = 회의록 작성: { $name }
past-discussed = 논의한 질문
past-items = 제기한 개선 과제
traits-title = { $key }의 특성
traits-note = 특성에 따라 어떤 특성별 질문이 해당하는지 정해져요. 뺀 특성의 질문에 남긴 답은 그대로 두고, 특성을 다시 넣으면 다시 세요.
traits-changed-line = { $when } · { $by }: { $from } → { $to }
traits-none = (없음)
traits-none-declared = 이 질문지에는 특성이 없어요.
status-traits-unchanged = 특성이 그대로라서 바뀐 것이 없어요.
status-traits-changed = { $key }의 특성을 바꿨어요. 이제 해당하는 질문으로 단계를 세요
