# 내보내기: 회의록, 보고서, 과제 목록. 문서이므로 제목과 항목은 명사형으로, 문장은
# 합니다체로 씁니다.

## 기록된 값의 이름

assessment-not-discussed = 논의 전
assessment-satisfied = 충족
assessment-needs-improvement = 개선 필요
assessment-risk-identified = 위험 확인
assessment-not-applicable = 해당 없음
priority-low = 낮음
priority-medium = 보통
priority-high = 높음
priority-critical = 긴급
item-status-open = 미착수
item-status-in-progress = 진행 중
item-status-resolved = 해결
item-status-accepted = 위험 수용
item-status-wont-do = 하지 않음
stage-state-not-started = 시작 전
stage-state-in-progress = 진행 중
stage-state-signed-off = 승인 완료
consultation-status-active = 진행 중
consultation-status-on-hold = 보류
consultation-status-closed = 종료
decision-carry-over = 다음 단계로 이월
decision-accept = 위험 수용
risk-source-technical = 기술적
risk-source-human = 인적·윤리적
risk-response-mitigate = 완화
risk-response-avoid = 회피
risk-response-transfer = 전가
risk-response-accept = 수용
meeting-field-agenda = 안건
meeting-field-notes = 회의 메모
meeting-field-decisions = 결정 사항
meeting-field-next-steps = 다음 할 일
response-field-answer = 서비스 팀 답변
response-field-notes = 자문 의견
answer-kind-dialogue = 대화
answer-kind-choice = 하나 선택
answer-kind-choices = 여러 개 선택
answer-kind-scale = 척도
answer-kind-text = 글
answer-kind-number = 숫자
answer-kind-date = 날짜

## 과제의 변경 이력

item-field-title = 제목
item-field-detail = 내용
item-field-owner = 담당자
item-field-due = 기한
item-field-priority = 우선순위
item-field-status = 상태
item-field-likelihood = 가능성
item-field-impact = 영향
item-field-risk_source = 위험 원천
item-field-response = 대응
item-change-created = 등록
item-change-note = 메모
item-change-carried-over = { $stage } 단계 승인 때 이월
item-change = { $field }: { $old } → { $new }
sign-off-carried-over = 다음 단계로 이월
sign-off-risk-accepted = 위험 수용

## 공통

export-none-recorded = _기록 없음._
export-not-recorded = 기록 없음
export-none = 없음
export-still-running = (진행 중)
export-running = 진행 중
export-time-range = { $from } ~ { $to }
export-meeting-n = { $n }차 회의
export-in-meeting-n = , { $n }차 회의
export-paren-meeting-n = { " " }({ $n }차 회의)
export-outside-meeting = 회의 밖
export-overdue = { $date } (기한 지남)
export-by = { $when }, { $who }
export-minute-taker = **기록자:** { $who }
export-principles-line = *원칙: { $names }*
export-answer = 선택한 답
export-assessment = 평가
export-team-answer = 서비스 팀 답변
export-consultant-notes = 자문 의견

## 표 머리글

col-key = 키
col-title = 제목
col-question = 질문
col-owner = 담당자
col-due = 기한
col-priority = 우선순위
col-risk-l-i = 위험도 (가능성 × 영향)
col-risk = 위험도
col-status = 상태
col-raised-in = 제기한 자리
col-stage = 단계
col-name = 이름
col-role = 역할
col-id = ID
col-principles = 원칙
col-assessment = 평가
col-likelihood = 가능성
col-impact-n = 영향 { $n }
col-meeting = 회의
col-started = 시작
col-ended = 종료
col-attendees = 참석자
col-answer = 답
col-group = 묶음
col-points = 점수
col-when = 일시
col-from = 이전
col-to = 이후
col-score = 점수
col-by = 변경한 사람

## 회의록

minutes-title = 회의록: { $key } { $name }, { $seq }차 회의
minutes-service = **서비스:** { $service }
minutes-stage = **단계:** { $stage }
minutes-date = **일시:** { $range }
minutes-questionnaire = **질문지:** { $id } { $version }
minutes-attendees = 참석자
minutes-agenda = 안건
minutes-questions = 논의한 질문
minutes-notes = 회의 메모
minutes-decisions = 결정 사항
minutes-sign-off = 단계 승인
minutes-items-raised = 이번 회의에서 정한 개선 과제
minutes-open-items = 그 밖의 미완료 개선 과제
minutes-next-steps = 다음 할 일
minutes-item-on-question = **{ $key }** (질문 { $id }: { $prompt })
minutes-signed-off = { $stage } 단계 승인: { $when }, { $who } — { $comment }

## 보고서

report-title = 자문 보고서: { $key } { $name }
report-team = **팀:** { $team }
report-service = **서비스:** { $service }
report-traits = **서비스 특성:** { $traits }
report-questionnaire = **질문지:** { $id } { $version } ({ $title })
report-status = **상태:** { $status }, 현재 단계: { $stage }
report-progress = **진행:** 질문 { $total }개 중 { $assessed }개 평가
report-impact-level = **영향 등급:** { $id } ({ $name }), 점수 { $score }
report-items = **개선 과제:** { $raised }개 제기, { $open }개 미해결
report-stages = 단계
report-stage-progress = 질문 { $total }개 중 { $assessed }개를 평가했습니다.
report-not-started = 아직 시작하지 않았습니다.
report-sign-off = **승인 { $n }:** { $when }, { $who }{ $meeting } — { $comment }
report-unanswered-required = 필수 질문에 답하지 않은 채 승인했습니다: { $ids }
report-reopened = **다시 엶:** { $when }, { $who } — { $reason }
report-history = 변경 이력
report-field-written = { $field } 작성
report-field-changed = { $field } 수정, 이전 내용: { $old }
report-assessment-changed = 평가 { $old } → { $new }
report-risk-matrix = 위험 매트릭스
report-risk-matrix-intro = 미해결 과제를 가능성(행)과 영향(열)에 따라 센 표입니다.
report-unrated = 위험도를 매기지 않은 미해결 과제: { $n }개.
report-items-heading = 개선 과제
report-none-raised = _제기된 과제가 없습니다._
report-resolution = **해결 내용:** { $text }
report-meetings = 회의
report-none-held = _아직 연 회의가 없습니다._
report-meeting-heading = { $n }차 회의: { $stage }
report-held = **일시:** { $range }
report-attendees = **참석자:** { $names }
report-none-attendees = 기록 없음
report-meeting-field-agenda = 안건
report-meeting-field-notes = 회의 메모
report-meeting-field-decisions = 결정 사항
report-meeting-field-next-steps = 다음 할 일

## 보고서의 영향 등급

impact-heading = 영향 등급
impact-summary = **{ $name }** ({ $level } 등급), 점수 { $score } ({ $weights }).
impact-no-score = 아직 점수가 매겨진 답이 없습니다.
impact-questions-to-answer = 답해야 할 질문: { $ids }
impact-every-question-of = 모든 질문에 답해야 할 단계: { $stages }
impact-item-to-raise = 제기할 과제: { $item }
impact-sign-off-by = 승인할 사람: { $role }
impact-requires = 이 등급에서 필요한 것 (아래 등급의 요구 사항 포함):
impact-unanswered = 필수이지만 아직 답하지 않은 질문: { $ids }
impact-history = 등급 변경 이력:

## 과제 목록

items-overdue-as-of = { $today } 기준 기한이 지난 과제에 ⚠ 표시를 했습니다.
items-none-match = 조건에 맞는 과제가 없습니다.

## 시각을 쓰는 방식 (chrono 형식, 뒤에 시간대가 붙습니다)

export-time-format = %Y년 %-m월 %-d일 %H:%M
