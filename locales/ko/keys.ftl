# 키 표: 아래쪽 안내, 도움말 줄, 도움말의 제목 (src/tui/keys.rs). 짧은 명사형으로 씁니다.

scope-typing = 입력하는 동안
scope-form-typing = 양식에 입력할 때
scope-confirm = 확인 질문
scope-conflict = 한 칸의 두 버전
scope-overlay = 읽기
scope-scrolling = 스크롤
scope-answer-choice = 선택지로 답하기
scope-answer-scale = 척도로 답하기
scope-answer-line = 숫자나 날짜로 답하기
scope-form = 양식에서
scope-consultations = 자문 목록
scope-consultation = 자문
scope-meeting = 회의
scope-items = 개선 과제
scope-screens = 화면
scope-list = 이동
scope-global = 어디서나

hint-answer = 답변
hint-assess = 평가
hint-attendees = 참석자
hint-back = 뒤로
hint-cancel = 취소
hint-change = 변경
hint-clear = 지우기
hint-close = 닫기
hint-dash = 현황
hint-edit = 편집
hint-end = 종료
hint-export = 내보내기
hint-filter = 필터
hint-help = 도움말
hint-history = 이력
hint-item = 과제
hint-items = 과제 목록
hint-keep-mine = 내 것
hint-keep-theirs = 상대 것
hint-mark = 표시
hint-meeting = 회의
hint-merge = 합치기
hint-move = 이동
hint-new = 새로
hint-next = 다음
hint-no = 아니요
hint-notes = 메모
hint-open = 열기
hint-pane = 창
hint-point = 점수
hint-quit = 끝내기
hint-save = 저장
hint-scroll = 스크롤
hint-search = 검색
hint-stage = 단계
hint-submit = 제출
hint-toggle = 전환
hint-why = 이유
hint-yes = 예

help-assess-needs-improvement = 평가: ! 개선 필요
help-assess-not-discussed-yet = 평가: · 아직 논의 전
help-assess-not-applicable = 평가: – 해당 없음
help-assess-satisfied = 평가: ✓ 충족
help-assess-risk-identified = 평가: ✗ 위험 확인
help-back-to-editing-mine-saving-asks = 내 것 편집으로 돌아가기 (저장할 때 다시 물어요)
help-back-to-the-questions-the-meeting = 질문으로 돌아가기 (회의는 계속돼요)
help-cancel = 취소
help-cancel-the-form-asks-first-if = 양식 취소 (입력한 내용이 있으면 먼저 물어요)
help-change-the-attendees-of-the-running = 진행 중이거나 마지막 회의의 참석자 바꾸기
help-change-the-item-status-owner-due = 과제 바꾸기: 상태, 담당자, 기한, 우선순위, 메모
help-change-who-attends-the-meeting = 회의 참석자 바꾸기
help-check-and-save-the-answer = 답을 확인하고 저장
help-clear-the-answer = 답 지우기
help-clear-the-filters = 필터 지우기
help-clear-what-was-typed = 입력한 내용 지우기
help-close = 닫기
help-close-or-go-back = 닫기 또는 뒤로
help-consultation-filter-its-key = 자문 필터 (자문 키)
help-consultations = 자문 목록
help-dashboard = 현황판
help-edit-the-chosen-field = 고른 칸 편집
help-edit-the-consultant-s-notes = 자문 의견 편집
help-edit-the-team-s-answer = 서비스 팀 답변 편집
help-edit-the-team-s-answer-in = 서비스 팀 답변 편집 (대화 창에서는 고른 칸)
help-end-the-meeting-then-offers-to = 회의 종료 (이어서 회의록 내보내기를 권해요)
help-end-the-running-meeting-wherever-meeting = 진행 중인 회의 종료 (● 회의 표시가 있는 곳 어디서나)
help-export-minutes-or-the-full-report = 회의록이나 전체 보고서를 파일로 내보내기
help-export-this-meeting-s-minutes = 이 회의의 회의록 내보내기
help-filter-by-key-name-or-team = 입력하는 대로 키, 이름, 팀으로 거르기
help-first-row = 첫 줄
help-help = 도움말
help-higher-point = 높은 점수
help-history-of-the-answer-assessment-and = 답변, 평가, 메모의 이력
help-items-from-a-consultation-its-items = 개선 과제 (자문 안에서는 그 자문의 과제)
help-keep-the-version-saved-elsewhere-drop = 다른 곳에서 저장한 것을 남기고 내 것은 버리기
help-keep-the-version-typed-here-over = 여기서 입력한 것을 상대 것 대신 남기기
help-last-row = 마지막 줄
help-leave-the-field-saving-it-in = 칸에서 나가며 저장 (양식에서는 먼저 묻고 취소)
help-leave-without-changing-the-answer = 답을 바꾸지 않고 나가기
help-lower-point = 낮은 점수
help-mark-the-option-several-choices-mark = 선택지 표시 (여러 개 선택: 하나씩 표시하거나 해제)
help-minimum-priority-any-low-medium-high = 최소 우선순위: 전체, 낮음, 보통, 높음, 긴급
help-move-down = 아래로
help-move-up = 위로
help-new-consultation = 새 자문
help-next-choice-or-option = 다음 선택지
help-next-field = 다음 칸
help-next-field-agenda-notes-decisions-next = 다음 칸: 안건, 메모, 결정 사항, 다음 할 일
help-next-option = 다음 선택지
help-next-pane-stages-questions-dialogue = 다음 창: 단계, 질문, 대화
help-next-stage = 다음 단계
help-no = 아니요
help-one-line-field-next-field-or = 한 줄 칸: 다음 칸 (마지막 칸이면 제출), 글 상자: 줄 바꿈
help-only-overdue-items-or-all = 기한 지난 과제만 또는 전체
help-open-the-consultation = 자문 열기
help-owner-filter = 담당자 필터
help-page-down = 다음 쪽
help-page-up = 이전 쪽
help-previous-choice-or-option = 이전 선택지
help-previous-field = 이전 칸
help-previous-option = 이전 선택지
help-previous-pane = 이전 창
help-previous-stage = 이전 단계
help-put-both-in-the-editor-theirs = 둘 다 편집기에 넣어 하나로 만들기 (상대 것이 먼저)
help-quit = 끝내기
help-quit-everything-is-already-saved = 끝내기 (모두 이미 저장돼 있어요)
help-quit-the-text-is-saved-first = 끝내기 (입력한 글을 먼저 저장해요)
help-raise-an-improvement-item-on-the = 이 질문에 개선 과제 올리기
help-reopen-the-selected-signed-off-stage = 승인한 단계 다시 열기
help-save-and-go-to-the-next = 저장하고 다음 칸으로
help-save-and-go-to-the-previous = 저장하고 이전 칸으로
help-save-now-in-a-form-submit = 지금 저장 (양식에서는 제출)
help-save-the-marked-options-one-choice = 표시한 선택지 저장 (하나 선택: 표시가 없으면 강조된 것)
help-save-the-point = 점수 저장
help-scroll-down = 아래로 스크롤
help-scroll-up-a-history-back-in = 위로 스크롤 (이력에서는 과거로)
help-search-key-title-and-detail-as = 입력하는 대로 키, 제목, 내용 검색
help-show-or-hide-this-help = 이 도움말 보이기/숨기기
help-sign-off-the-selected-stage = 고른 단계 승인
help-sort-priority-due-key-updated-owner = 정렬: 우선순위, 기한, 키, 최근 변경, 담당자
help-start-a-meeting-or-open-the = 회의 시작 (진행 중이면 열기)
help-status-filter-active-open-in-progress = 상태 필터: 진행 중인 것, 미착수, 진행 중, 해결, 위험 수용, 하지 않음, 전체
help-submit-the-form = 양식 제출
help-suspend-to-the-shell = 셸로 잠시 나가기
help-suspend-to-the-shell-fg-to = 셸로 잠시 나가기 (fg로 돌아와요)
help-switch-the-option-on-or-off = 선택지 켜기/끄기 (목록에서는 다음 선택지)
help-the-impact-level-its-score-the = 영향 등급: 점수, 그 근거가 된 답, 요구 사항
help-the-item-s-full-history = 과제의 전체 이력
help-the-point-with-that-number-for = 그 번호의 점수 (10 이상은 두 자리를 모두 입력)
help-the-question-in-full-why-it = 질문 전체: 왜 중요한지, 좋은 답은 무엇인지
help-undo-ctrl-r-redoes = 되돌리기 (Ctrl-R로 다시 하기)
help-yes = 예

## 도움말 상자

help-title = 도움말
confirm-title = 확인
help-walkthrough-title = 회의 진행하기
help-walkthrough =
    1. { $meeting }: 현재 단계에서 회의를 시작해요. 참석자와 안건을 적어요.
    2. { $up }/{ $down } 키로 질문을 골라요 ({ $pane } 키는 창을 옮겨요). { $why } 키는 질문이 왜 중요한지, 좋은 답은 무엇인지 보여 줘요.
    3. { $answer }: 서비스 팀 답변을 써요 (선택형은 { $choice_up } { $choice_toggle } { $choice_save }). { $notes }: 자문 의견을 써요. { $save } 키로 칸을 저장해요. { $level }: 영향 등급을 보여 줘요.
    4. { $assess } 키로 평가해요: ✓ 충족 ! 개선 필요 ✗ 위험 – 해당 없음.
    5. { $item }: 담당자와 기한을 정해 개선 과제를 올려요.
    6. { $next_stage }, { $prev_stage } 키로 단계를 옮기고, { $sign_off } 키로 고른 단계를 승인해요.
    7. { $meeting }: 회의 메모와 결정 사항을 보여 줘요. { $end }: 회의를 끝내고 회의록 내보내기를 권해요 ({ $export } 키는 언제든 회의록이나 보고서를 내보내요).
    터미널이 닫혀도 입력한 내용은 그때그때 저장돼요.
help-symbols-title = 기호
help-symbols =
    단계: ○ 시작 전  ◐ 진행 중  ● 승인 완료  » 현재
    질문: · 논의 전 ✓ 충족 ! 개선 필요
          ✗ 위험 확인 – 해당 없음  ⚑ 과제 있음
          { "*" } 필수인데 아직 답하지 않음

# 도움말의 범위, 필터의 Esc, 팀 동기화와 함께 더한 것.
scope-help = 도움말에서
hint-save-leave = 저장 후 나가기
hint-clear-filter = 해제
hint-page = 쪽
help-clear-the-filter = 필터 지우기
help-sync-now = 지금 팀 저장소와 동기화 (결과는 머리줄에)
help-scroll-up = 위로 스크롤
help-back-to-the-top = 맨 위로
help-close-the-help = 도움말 닫기
help-cycle-principle = 한 원칙에 해당하는 질문만 보기: 다음 원칙으로 (마지막 다음에는 다시 전체)
scope-past-meetings = 지난 회의
help-past-meetings = 지난 회의: 하나를 골라 전부 읽기 (참석자, 시간, 안건, 결정, 메모, 과제)
help-read-the-meeting = 회의를 전부 읽기
help-change-traits = 서비스 특성 바꾸기 (어떤 특성별 질문이 해당하는지), 바꾼 이력과 함께
help-view-field = 고른 칸을 전부 보기 (답변과 메모, 또는 회의의 칸), 스크롤할 수 있어요
