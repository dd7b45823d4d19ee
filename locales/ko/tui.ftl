# 터미널 화면 (해요체).

tui-language = 한국어

## 머리줄과 가장 작은 터미널

header-items = · 개선 과제
header-dashboard = · 현황판
header-consultations = · 자문 목록
header-meeting = ● { $n }차 회의 · { $elapsed }
searching = 찾는 중…
too-small = 터미널이 너무 작아요 ({ $width }×{ $height }). chec는 적어도 { $min_width }×{ $min_height } 크기가 필요해요. 창을 키우거나 { $quit } 키를 눌러 끝내세요.

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
view-items-on = { $id } 질문의 개선 과제 ({ $n }개) — { $key } 키로 올리기
view-due = 기한 { $date }

## 양식

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
status-no-meeting = 진행 중인 회의가 없어요 ({ $key } 키로 시작해요)
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

## 개선 과제 화면

items-typing-search = 검색:
items-typing-owner = 담당자:
items-typing-consultation = 자문:
items-searching = 찾는 중…
items-counting = 세는 중…
items-filter-status = 상태: { $value }
items-filter-overdue-only = 기한 지난 과제만
items-filter-overdue-any = 기한: 전체
items-filter-priority = 우선순위 { $value } 이상
items-filter-priority-any = 우선순위: 전체
items-filter-sort = 정렬: { $value }
items-filter-search = 검색: { $value }
items-filter-owner = 담당자: { $value }
items-filter-consultation = 자문: { $value }
items-filter-active = 진행 중
items-filter-all = 전체
items-sort-priority = 우선순위
items-sort-due = 기한
items-sort-key = 키
items-sort-updated = 최근 변경
items-sort-owner = 담당자
items-count = { $n }개
items-count-more = { $n }개 이상
items-screen-none-match = 이 필터에 맞는 과제가 없어요. { $key } 키로 필터를 지워요.
items-detail-title = 과제 · { $keys }
items-detail-on = { $question } 질문
items-detail-risk = 위험도 { $l }×{ $i }={ $score }
items-detail-overdue = ⚠ { $date } (기한 지남)
items-detail-owner = 담당자
items-detail-due = 기한
items-detail-status = 상태
items-history-title = { $key } 변경 이력

## 현황판

dash-open-items = 진행 중 과제
dash-total = 합계
dash-overdue = 기한 지남
dash-by-principle = 원칙별
dash-none-open = 진행 중인 과제가 없어요.
dash-risk = 위험도 L×I (미평가 { $unrated }개)
dash-trend = 진행 중 과제, 최근 { $weeks }주의 주말 기준
dash-trend-none = 이 기간에는 진행 중인 과제가 없었어요.
dash-col-key = 키
dash-col-name = 이름
dash-col-stage = 단계
dash-col-progress = 진행
dash-col-open = 과제
dash-col-late = 지남
dash-services = 과제가 많은 순 · 서비스 { $n }개

## 단계 화면의 양식: 과제 올리기, 참석자, 승인, 다시 열기

form-risk-preview = 위험도: { $l } × { $i } = { $score } → { $priority }
form-risk-preview-chosen = 위험도: { $l } × { $i } = { $score } → { $priority } (직접 고른 우선순위 '{ $chosen }'이 우선해요)
form-due-past = ⚠ 기한({ $date })이 이미 지났어요
form-role-examples = 자문위원, 기획자, 개발자, 데이터 과학자, 법무
form-no-meeting-yet = 아직 회의가 없어요. { $key } 키로 시작해요
form-attendees-of = { $n }차 회의 참석자
form-already-signed-off = { $stage } 단계는 이미 승인됐어요 ({ $key } 키로 다시 열어요)
form-sign-off-title = { $stage } 단계 승인
form-sign-off-comment = 승인 의견
form-decision-undecided = 정하지 않음
form-decision-carry-over = 다음 단계로 넘기기
form-decision-accept = 위험 받아들이기 (이유 필요)
form-decision-reason = 이유
form-sign-off-assessed = { $stage }: 질문 { $total }개 가운데 { $assessed }개 평가함
form-sign-off-out-of-order = 순서를 건너뛰어요: 현재 단계는 그대로 { $current } 단계예요.
form-sign-off-no-pending = 해결되지 않은 높음·긴급 과제가 없어요.
form-sign-off-pending = 해결되지 않은 높음·긴급 과제가 { $n }개 있어요. 과제마다 다음 단계로 넘기거나 이유를 적고 위험을 받아들이세요.
form-sign-off-required = 답하지 않은 필수 질문: { $ids } (승인하면 예외로 기록돼요)
form-sign-off-level = 영향 수준 { $level }에서는 승인할 사람이 정해져 있어요: { $by }
form-not-signed-off = { $stage } 단계는 아직 승인되지 않았어요
form-reopen-title = { $stage } 단계 다시 열기
form-reopen-reason = 다시 여는 이유 (예: 모델 업데이트)
form-rate-both = 가능성과 영향을 둘 다 매기거나 둘 다 비워 두세요
form-wrong-form = 이 양식은 다른 화면의 것이에요
confirm-sign-off-anyway = { $warnings }. 그래도 승인할까요?
status-signed-off-all = { $stage } 단계를 승인했어요. 이제 모든 단계가 승인됐어요
status-signed-off-still = { $stage } 단계를 승인했어요. 현재 단계는 그대로 { $current } 단계예요
status-signed-off-now = { $stage } 단계를 승인했어요. 이제 현재 단계는 { $current } 단계예요
status-reopened = { $stage } 단계를 다시 열었어요
status-reopened-current = { $stage } 단계를 다시 열었어요. 지금 현재 단계예요
status-reopened-earlier = { $stage } 단계를 다시 열었어요. { $current } 단계가 먼저라 현재 단계는 그대로예요

## 질문 안내, 질문의 변경 이력, 영향 수준

guidance-why = 왜 중요한가요
guidance-good-answer = 좋은 답은 어떤 모습인가요
guidance-section = 부분: { $name }
guidance-stage = 단계: { $name }
guidance-principles = 원칙
guidance-traits = 서비스에 이런 특성이 있어 묻는 질문이에요
history-none = 이 질문에는 아직 기록이 없어요.
history-title = { $id } 질문의 변경 이력
history-assessment = 평가
history-was = 이전
history-now = 이후
level-label = 수준 { $level }
level-none = 이 질문지에는 영향 수준이 없어요.
level-heading = { $name } (수준 { $level }) · 점수 { $score }
level-score = 점수:
level-why = 이유: 점수가 된 답
level-none-yet = 아직 없어요
level-requires-answers = { $ids } 질문에 답하기
level-requires-stage = { $stage } 단계의 모든 질문에 답하기
level-requires-item = 개선 과제 올리기: { $item }
level-requires-sign-off = 승인할 사람: { $by }
level-requires = 이 수준에서 해야 할 일
level-unanswered = 답하지 않은 필수 질문: { $ids }
level-history = 변경 이력
level-change = { $old } → { $new } (점수 { $score }) · { $by }
level-title = 영향 수준

## 한 칸의 두 버전

conflict-announce = 저장하지 않았어요. 그사이 바뀌었으니 버전을 고르세요: { $field }
conflict-announce-by = 저장하지 않았어요. 그사이 { $by } 님이 바꿨으니 버전을 고르세요: { $field }
conflict-editing-mine = 내 버전을 편집해요. 저장하면 두 버전을 다시 보여 줘요
conflict-empty = (비어 있음)
conflict-kept-mine = { $field }: 내 버전을 남겼어요
conflict-kept-theirs = { $field }: 다른 버전을 남기고 내 버전은 버렸어요
conflict-merge = 두 버전을 편집기에 넣었어요 (다른 버전이 먼저). 하나로 고쳐서 저장하세요
conflict-mine-machine = 내 버전 (이 기기)
conflict-mine-typed = 내 버전 (여기서 입력)
conflict-not-saved = 저장하지 않았어요. 두 버전 모두 그대로 있어요: { $error }
conflict-not-settled = 정리하지 못했어요. 두 버전 모두 그대로 있어요: { $error }
conflict-team-kept-mine = { $field }: 이 기기의 버전을 남겼어요. 다음 동기화 때 팀에 알려요
conflict-team-kept-theirs = { $field }: 다른 버전을 남겼어요. 다음 동기화 때 팀에 알려요
conflict-team-both = { $field }: 두 버전을 모두 넣었어요. 다음 동기화 때 팀에 알려요
conflict-team-merge = { $field }: 두 버전을 모두 넣었어요 (다른 버전이 먼저). 하나로 고쳐서 저장하세요
conflict-team-wait = { $field }: 두 버전이 그대로 기다려요 (chec team conflicts로 볼 수 있어요)
conflict-theirs = 다른 버전
conflict-theirs-by = 다른 버전 — { $by }
conflict-theirs-by-at = 다른 버전 — { $by }, { $at }
conflict-title = 그사이에 바뀜: { $field }
conflict-title-team = 두 기기에서 바뀜: { $field }
conflict-under-editor = 방금 다른 사람이 이 칸을 저장했어요. 계속 쓰셔도 돼요. 저장하면 두 버전을 보여 주고 아무것도 덮어쓰지 않아요
field-of-question = { $id } 질문의 { $field }
field-of-meeting = 회의의 { $field }

## 상태 줄과 확인 질문

confirm-discard-form = 이 양식에 입력한 내용을 버릴까요?
confirm-quit-form = 이 양식에 입력한 내용을 버리고 끝낼까요?
confirm-resume-meeting = { $n }차 회의({ $started } 시작)가 열린 채로 남아 있어요. 이어서 할까요? ({ $no }: 마지막 활동 시각에 끝내기)
draft-response = { $id } { $field }
draft-meeting = 회의 { $field }
draft-form = 양식
status-recovered = chec가 멈추기 전에 입력한 내용을 되살렸어요: { $what }
status-recovered-conflict = chec가 멈추기 전에 입력한 내용과 더 새로운 버전이 만났어요: { $what }
status-recovered-form = 끝내지 못한 양식을 되살렸어요. { $save }: 제출, { $back }: 버리기
status-recover-drafts-failed = 임시 저장한 내용을 되살리지 못했어요: { $error }
status-recover-form-failed = 양식을 되살리지 못했어요: { $error }
status-team-conflicts = 팀의 두 기기에서 바뀐 칸이 { $n }개 있어요. 버전을 고르세요
status-catalog-errors = 질문지 파일 { $n }개를 불러오지 못했어요. chec questionnaire list로 확인하세요
status-opened = { $key } 자문을 열었어요. { $m } 키로 회의를 시작해요
status-draft-not-removed = 양식의 임시 저장본을 지우지 못했어요: { $error }
status-not-refreshed = { $message } (화면을 새로 고치지 못했어요: { $error })
status-not-saved = 저장하지 않았어요: { $error }
status-not-saved-kept = 저장하지 않았어요. 입력한 내용은 그대로 있어요: { $error }
status-conflict-not-kept = { $message }. 입력한 내용은 화면에 있지만 저장되지 않았어요: { $error }
status-answer-cleared = { $id }: 답을 지웠어요
status-meeting-resumed = 회의를 이어서 해요
status-meeting-not-ended = 회의를 끝내지 못했어요: { $error }
status-cannot-write-db = 데이터베이스에 쓸 수 없어요: { $error }
status-autosave-form-failed = 자동 저장하지 못했어요 (양식은 그대로 있어요): { $error }
status-autosave-text-failed = 자동 저장하지 못했어요 (입력한 내용은 그대로 있어요): { $error }
status-not-quitting = 끝내지 않았어요. 입력한 내용을 저장하지 못했어요: { $error }
status-no-team = 이 데이터베이스는 팀과 공유하지 않아요. chec team init REMOTE나 chec team join REMOTE로 시작하세요
status-syncing = 팀과 동기화하는 중…
status-sync-stopped = 동기화가 끝나기 전에 멈췄어요
status-sync-failed = 동기화하지 못했어요. 잃은 것은 없어요: { $error }
status-sync-not-imported = { $n }건을 가져오지 못했어요 (chec team status)
sync-report-offline = 오프라인 ({ $why }): 변경 { $n }건 대기
sync-report-synced = 동기화했어요: 보낸 변경 { $sent }건, 받은 변경 { $received }건
sync-report-conflicts = 확인할 충돌이 { $n }건 있어요 (chec team conflicts)
sync-report-renumbered = { $was } 과제의 새 키: { $is } (같은 때 다른 곳에서 과제가 올라왔어요)
sync-report-renamed = { $was } 자문의 새 키: { $is } (다른 자문이 먼저 그 키를 썼어요)
form-consultation-closed = 이 양식의 자문이 더는 열려 있지 않아요
export-no-such-meeting = 그런 회의가 없어요
item-form-status = 상태
item-form-owner = 담당자
item-form-due = 기한 (YYYY-MM-DD, 없으면 비워 두기)
item-form-priority = 우선순위
item-form-note = 메모 (해결, 위험 수용, 하지 않음으로 바꿀 때 필요)
item-form-unchanged = { $key }: 바뀐 내용이 없어요
item-form-conflict = { $error }. { $save }: 내 값으로 저장, { $back }: 다른 값 유지
form-due-error = 기한: { $error }
answer-editing = 답 — { $keys }
answer-title = 답 ({ $kind })

## 자문 화면 시작

tui-needs-terminal = 자문 화면은 터미널에서만 열려요. 스크립트에서는 하위 명령을 쓰세요 (chec --help 참고)
tui-no-signals = 시그널 처리기를 설치할 수 없어요
tui-cannot-read-terminal = 터미널을 읽을 수 없어요
tui-cannot-set-up = 터미널을 준비할 수 없어요
tui-not-saved-at-end = 편집 중인 내용을 저장하지 못했어요. 가능하면 임시 저장본으로 남겨 뒀어요
tui-create-database = { $path }에 chec 데이터베이스가 없어요.
    만들까요? [y/N]
tui-cannot-read-answer = 대답을 읽을 수 없어요
tui-not-created = { $path }: 데이터베이스를 만들지 않았어요
form-more-fields = 항목 { $n }개 더
form-no-options = (이 질문지에는 없어요)
