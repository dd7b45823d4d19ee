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
items-gate-failed = chec: 우선순위 { $priority } 이상인 진행 중 과제가 { $n }개 있어요:
items-gate-incomplete = chec: 임시 파일에 목록을 보관하지 못해 위 목록이 완전하지 않아요: { $error }

## 여러 명령이 함께 쓰는 오류와 메시지

error-prefix = chec: 오류:
no-consultation = { $key } 자문을 찾을 수 없어요
no-item = { $key } 과제를 찾을 수 없어요 (키는 CARE-3 같은 모양이에요)
no-question = { $key } 자문의 질문지({ $questionnaire })에는 { $question } 질문이 없어요
no-questionnaire = '{ $id }' 질문지를 찾을 수 없어요 (쓸 수 있는 질문지: { $ids })
not-loaded = 오류 때문에 불러오지 못했어요: { $error }
not-a-date = 날짜를 읽을 수 없어요: '{ $text }' (YYYY-MM-DD 형식으로 써 주세요)
cannot-write = { $path } 파일에 쓸 수 없어요
no-home = 기본 데이터베이스를 둘 홈 폴더를 찾을 수 없어요. --db PATH나 CHEC_DB로 알려 주세요

## chec new

new-created = { $key } ({ $name }) 자문을 만들었어요. 질문지: { $questionnaire } { $version }, 현재 단계: { $stage }

## chec list

list-col-key = 키
list-col-name = 이름
list-col-team = 팀
list-col-stage = 단계
list-col-progress = 진행
list-col-open = 미해결
list-col-overdue = 기한 지남
list-col-status = 상태
list-empty = 아직 자문이 없어요. 이렇게 시작해 보세요: chec new --key KEY --name NAME

## chec item

item-raised = { $key } 과제를 올렸어요 [{ $priority }] { $title }
item-changed = { $key }: { $status } · { $priority } · 담당자 { $owner } · 기한 { $due }
item-nothing-to-change = 바꿀 내용이 없어요. --status, --owner, --due, --priority, --likelihood/--impact, --title, --detail, --note 가운데 하나를 주세요
item-status = 상태
item-priority = 우선순위
item-risk = 위험도
item-risk-value = 가능성 { $l } × 영향 { $i } = { $score }
item-source = 원천
item-response = 대응
item-owner = 담당자
item-due = 기한
item-stage = 단계
item-question = 질문
item-principles = 원칙
item-raised-in = 제기한 자리
item-meeting-n = { $n }차 회의
item-resolution = 해결 내용:
item-history = 변경 이력:
item-in-meeting = { " " }({ $n }차 회의)

## chec export

export-no-meeting-n = { $key } 자문에는 { $n }차 회의가 없어요 (지금까지 { $count }번 열었어요)
export-no-meeting-yet = { $key } 자문은 아직 회의를 연 적이 없어요

## chec questionnaire

q-col-id = ID
q-col-version = 버전
q-col-stages = 단계
q-col-questions = 질문
q-col-title = 제목
q-col-source = 출처
q-replaces-shipped = { " " }(기본 질문지를 대신함)
q-own-folder = 직접 만든 질문지는 { $dir } 폴더에 두면 돼요
q-source = 출처: { $source }
q-principles = 원칙
q-traits = 서비스 특성 ('해당 특성만' 표시가 있는 질문은 그 특성이 있는 서비스에만 나와요)
q-stage = { $n }단계: { $name } ({ $id }) — 질문 { $count }개
q-answer = 답 형식
q-section = 부분
q-only-for = 해당 특성만
q-valid = 통과: { $file }: { $id } { $version } (단계 { $stages }개, 원칙 { $principles }개, 질문 { $questions }개, 언어: { $languages })
q-warning = 경고
q-failed = chec: 오류: 파일 { $total }개 가운데 { $failed }개가 검증을 통과하지 못했어요

## chec team, chec sync

team-init-done = 이제 이 데이터베이스의 자문을 { $remote } 저장소로 공유해요
    다른 사람은 이렇게 참여해요: chec team join { $remote }
team-joined = { $remote } 팀에 참여했어요
team-not-a-member-yet = { $name } 님은 아직 팀의 team.json에 없어요. 리더가 추가할 때까지(chec team member NAME --role R) 다른 사람들은 변경을 따로 보관해요
team-member-set = { $name } 님의 팀 역할: { $role } (chec sync로 공유해요)
team-role-consultant = 자문위원
team-role-developer = 개발자
team-role-lead = 리더
team-status-no-team = 이 데이터베이스는 팀과 공유하지 않아요 (chec team init REMOTE나 chec team join REMOTE로 시작해요).
team-status-waiting-for-team = 팀을 기다리는 기록된 변경: { $n }건
team-status-repository = 팀 저장소:
team-status-clone = 복제본:
team-status-machine = 이 기기:
team-status-device = 기기 { $device }
team-status-you = 나:
team-status-you-not-member = { $name } (team.json에 없어요. 다른 사람들은 변경을 따로 보관해요)
team-status-you-no-team-json = { $name } (팀에 team.json이 없어요. 누구나 모든 일을 할 수 있어요)
team-status-last-sync = 마지막 동기화:
team-status-never = 아직 없음
team-status-last-problem = 마지막 문제:
team-status-waiting = 보낼 변경:
team-status-changes = { $n }건
team-status-conflicts = 충돌:
team-status-conflicts-n = { $n }건 (chec team conflicts)
team-status-not-imported = 가져오지 못함:
team-no-conflicts = 충돌이 없어요.
team-conflict = #{ $n } { $consultation } · { $field } — 버전 { $versions }개
team-conflict-version = { $n }. { $by } (기기 { $device }), { $at }
team-conflict-empty = (비어 있음)
team-conflict-settle = 정리하려면: chec team resolve N --keep V (또는 --text "…")
team-no-conflict = #{ $n } 충돌이 없어요 (chec team conflicts에는 { $count }건이 있어요)
team-no-version = #{ $n } 충돌의 버전은 1부터 { $count }까지예요
team-say-which = 남길 버전(--keep V)이나 텍스트(--text T)를 알려 주세요
team-settled = { $consultation } 자문의 { $field } 충돌을 정리했어요. chec sync로 공유해요
team-dir-reads-only = --team-dir는 팀 저장소를 읽기만 해요. 바꾸려면 자기 데이터베이스에서 작업하고 chec sync로 공유하세요
man-not-a-folder = { $dir }: 폴더가 아니에요
man-cannot-write = { $dir }: 매뉴얼 페이지를 쓸 수 없어요
q-shipped = 기본 제공 ({ $file })
backup-done = { $db } 데이터베이스를 { $file } 파일로 백업했어요
config-cannot-read = { $path }: 읽을 수 없어요: { $error }
config-bad-lang = { $path }: lang: '{ $code }': chec가 쓰는 언어가 아니에요 ("ko"나 "en"을 쓰세요)
