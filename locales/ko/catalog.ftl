# 질문지 파일을 읽다 찾은 문제: `chec questionnaire validate FILE`과 사용자 질문지 폴더에 있는
# 파일의 문제. 모두 `파일:줄:칸: ` 뒤에 나오고, 파일 안의 필드 이름, id, 경로
# (`questions[3].prompt`)는 파일에 쓰인 그대로 보여요. 인자 뒤에 조사를 붙이지 않아요.

# 문법 (파일이 JSON이 아님).
qf-invalid-json = JSON 문법이 틀렸어요: { $error }
qf-json-empty = 파일이 비어 있어요
qf-json-trailing = JSON 값이 끝난 뒤에 다른 글자가 더 있어요
qf-json-found = 지금 글자: '{ $char }'
qf-json-found-end = 지금 위치: 파일의 끝
qf-json-found-control = 지금 글자: { $char }
qf-json-expected-value = 여기에는 값이 와야 해요 ({ $found })
qf-json-too-deep = 목록과 객체가 { $depth }단계보다 깊게 중첩됐어요
qf-json-ends-in-object = 객체가 닫히기 전에 파일이 끝나요
qf-json-ends-in-list = 목록이 닫히기 전에 파일이 끝나요
qf-json-ends-in-string = 문자열이 닫히기 전에 파일이 끝나요
qf-json-key-string = 키는 문자열이어야 해요
qf-json-expected-colon = 키 "{ $key }" 뒤에는 콜론(:)이 와야 해요 ({ $found })
qf-json-expected-comma-object = 여기에는 쉼표(,)나 닫는 중괄호({ "}" })가 와야 해요 ({ $found })
qf-json-expected-comma-list = 여기에는 쉼표(,)나 닫는 대괄호(])가 와야 해요 ({ $found })
qf-json-control = 문자열 안에 쓸 수 없는 글자예요: { $char } (줄바꿈과 탭은 \n, \t로 쓰세요)
qf-json-surrogate = \u 이스케이프의 짝 없는 서러게이트는 글자가 아니에요
qf-json-bad-u = \u 이스케이프가 잘못됐어요
qf-json-hex = \u 이스케이프가 잘못됐어요: 16진수 네 자리가 필요해요
qf-json-bad-escape = 이스케이프가 잘못됐어요 ({ $found })
qf-json-digit = 여기에는 숫자가 와야 해요 ({ $found })
qf-json-digit-fraction = 소수점 뒤에는 숫자가 와야 해요 ({ $found })
qf-json-digit-exponent = 지수에는 숫자가 와야 해요 ({ $found })

# 파일 읽기.
qf-cannot-read = 읽을 수 없어요: { $error }
qf-cannot-read-folder = 폴더를 읽을 수 없어요: { $error }
qf-not-utf8 = UTF-8 텍스트가 아니에요
qf-already-defined = 같은 질문지 id가 이미 다른 파일에 있어요: '{ $id }' ({ $first })
qf-more-problems = 문제가 { $n }개 더 있어요: 이 파일에 `chec questionnaire validate`를 실행하면 모두 볼 수 있어요

# 값의 종류가 틀림.
qf-expected = 여기에는 { $expected } 써야 해요 (지금 값: { $found })
qf-want-object = 객체를
qf-want-string = 문자열을
qf-want-list = 목록을
qf-want-bool = true나 false를
qf-want-integer = 정수를
qf-found-number = 숫자 { $number }
qf-found-text = 텍스트 "{ $text }"
qf-found-list = 목록
qf-found-object = 객체

# 필드.
qf-field-twice = `{ $name }` 필드가 두 번 있어요 (처음은 { $line }번째 줄)
qf-unknown-field = 모르는 필드예요: `{ $name }` (쓸 수 있는 필드: { $allowed })
qf-missing = 빠진 항목이 있어요: { $what }
qf-empty = 비어 있으면 안 돼요: { $what }

# 메시지가 가리키는 것: 종류, "질문 'q1'", "단계 's1'의 이름".
qf-kind-trait = 특성
qf-kind-principle = 원칙
qf-kind-stage = 단계
qf-kind-section = 섹션
qf-kind-question = 질문
qf-kind-choice = 선택지
qf-kind-group = 점수 그룹
qf-kind-level = 수준
qf-kinds-trait = 특성
qf-kinds-principle = 원칙
qf-kinds-level = 수준
qf-label = { $kind } '{ $id }'
qf-label-nth = { $n }번째 { $kind }
qf-what-id = { $kind } id
qf-what-questionnaire-id = 질문지 id
qf-what-version = 버전
qf-what-title = 제목
qf-what-name-of = { $label }의 이름
qf-what-title-of = { $label }의 제목
qf-what-stage-of = { $label }의 단계
qf-what-prompt-of = { $label }의 질문 내용
qf-what-label-of = { $label }, { $choice }의 라벨
qf-none-defined = 정의된 것이 없어요
qf-in-all = , … (모두 { $n }개)
qf-and = { ", " }

# id와 언어.
qf-id-too-long = { $kind } id가 너무 길어요: '{ $id }', { $length }자 (id는 { $max }자까지)
qf-id-bad-chars = { $kind } id '{ $id }'에 공백이나 제어 문자가 있어요
qf-duplicate-id = 같은 { $kind } id가 또 있어요: '{ $id }' (처음 정의한 곳: { $line }번째 줄)
qf-duplicate-id-plain = 같은 { $kind } id가 또 있어요: '{ $id }'
qf-bad-questionnaire-id = 질문지 id '{ $id }'에는 a-z, 0-9, '-', '_'만 쓸 수 있어요
qf-not-a-tag = 언어 태그가 아니에요: '{ $tag }' (예: ko, en, pt-BR)
qf-language-declared-twice = 같은 언어를 두 번 선언했어요: '{ $tag }'
qf-no-language = languages: 언어를 하나 이상 선언하세요. 예: ["ko", "en"]
qf-unknown-language = { $here }: 선언하지 않은 언어예요: '{ $tag }' (선언한 언어: { $languages })
qf-language-twice = { $here }: 같은 언어가 두 번 있어요: '{ $tag }'
qf-expected-text = { $here }: 텍스트나 언어별 텍스트 객체를 써야 해요 (지금 값: { $found })
qf-missing-translation = { $here }: 번역이 빠졌어요: { $languages }

# 질문지 전체.
qf-not-an-object = 파일에는 JSON 객체 하나(질문지)가 있어야 해요. 목록은 안 돼요
qf-format = format { $format }: 이 chec이 읽는 형식이 아니에요 (1 또는 { $max }). 더 새로운 chec은 읽을 수도 있어요
qf-needs-stage = 질문지에는 단계가 하나 이상 있어야 해요
qf-needs-question = 질문지에는 질문이 하나 이상 있어야 해요

# 질문.
qf-unknown-stage = { $label }: 없는 단계예요: '{ $stage }' (있는 단계: { $stages })
qf-not-a-section = { $label }: 단계 '{ $stage }'에 없는 섹션이에요: '{ $section }' (그 단계의 섹션: { $sections })
qf-unknown-ref = { $label }: { $kind } 목록에 없는 id예요: '{ $id }' (있는 { $kinds }: { $known })
qf-unknown-answer-kind = kind: 모르는 답 종류예요: '{ $kind }' (답 종류: { $kinds })
qf-field-for-kinds = { $label }: `{ $name }` 필드는 { $kinds } 질문에만 쓸 수 있는데, 이 질문은 { $kind } 질문이에요
qf-kind-needs-field = { $label }: { $kind } 질문에는 `{ $name }` 필드가 있어야 해요
qf-two-choices = { $label }: { $kind } 질문에는 선택지가 두 개 이상 있어야 해요
qf-duplicate-choice = { $label }: 같은 선택지 id가 또 있어요: '{ $id }' (처음 정의한 곳: { $line }번째 줄)
qf-scale-bounds = { $label }: 척도에는 `min`과 `max`가 있어야 해요
qf-scale-range = { $label }: 척도는 더 작은 `min`에서 더 큰 `max`까지이고, 점수는 { $points }개까지예요
qf-scale-label = { $label }: 척도 라벨 '{ $point }': { $min }부터 { $max }까지의 점수가 아니에요
qf-scale-labels = { $label }: 척도 라벨은 { "{" }"1": "전혀", "5": "항상"{ "}" } 같은 객체로 써요
qf-number-range = { $label }: 가장 작은 수({ $min })가 가장 큰 수({ $max })보다 커요

# 조건 (`show_if`).
qf-condition-keys = question (equals, in, at_least, at_most, answered 중 하나와 함께), trait, level, level_at_least, all, any, not
qf-condition-object = { $here }: 조건은 다음 중 하나를 가진 객체예요: { $keys }
qf-condition-one-test = { $here }: 질문 '{ $id }'에 대한 조건에는 equals, in, at_least, at_most, answered 중 정확히 하나가 있어야 해요
qf-expected-choice = { $here }: 선택지 id나 숫자를 써야 해요 (지금 값: { $found })
qf-condition-one-key = { $here }: 조건에는 다음 중 하나만 있어요: { $keys }
qf-give-a-condition = { $here }: 조건을 하나 이상 쓰세요
qf-unknown-condition = { $here }: 모르는 조건이에요: `{ $name }` (쓸 수 있는 조건: { $keys })
qf-ref-unknown = { $label }: 조건에 없는 질문이 있어요: '{ $id }'
qf-ref-itself = { $label }: 조건이 자기 자신('{ $id }')을 읽어요. 조건은 앞에 나온 질문만 읽을 수 있어요
qf-ref-later = { $label }: 조건이 뒤에 나오는 질문을 읽어요: '{ $id }'. 조건은 앞에 나온 질문만 읽을 수 있어요
qf-ref-not-numeric = { $label }: at_least와 at_most는 scale, number 질문에만 써요 ('{ $id }' 질문의 kind: { $kind })
qf-ref-in-words = { $label }: '{ $id }' 질문은 글로 답하는 질문이라, 조건으로는 답했는지만 물을 수 있어요
qf-ref-not-an-answer = { $label }: 조건에 쓴 값 '{ $value }': '{ $id }' 질문의 답이 될 수 없어요
qf-ref-not-a-choice = { $label }: 조건에 쓴 값 '{ $value }': '{ $id }' 질문의 선택지가 아니에요 (선택지: { $choices })

# 점수.
qf-no-groups = scoring: 점수 그룹을 하나 이상 정하세요. 예: { "{" }"id": "risk", "name": "위험"{ "}" }
qf-score-unknown-group = scoring.score: 없는 점수 그룹이에요: '{ $id }'
qf-score-weights = scoring.score: 점수 그룹별 가중치 객체를 써요. 예: { "{" }"risk": 1, "mitigation": -1{ "}" }
qf-no-levels = scoring: 수준을 하나 이상 정하세요
qf-level-needs-min = 수준 '{ $id }': 첫 수준 뒤의 모든 수준에는 시작 점수인 `min`이 있어야 해요
qf-level-order = 수준 '{ $id }': 수준은 낮은 것부터 높은 것 순서로 써요. `min`은 앞 수준의 `min`보다 커야 해요
qf-points-need-scoring = { $here }: 점수를 쓰려면 점수 그룹을 정하는 `scoring` 블록이 있어야 해요
qf-points-by-group = { $here }: 점수 그룹이 여러 개면 그룹별로 점수를 써요. 예: { "{" }"{ $group }": 3{ "}" } (점수 그룹: { $groups })
qf-unknown-group = { $here }: 없는 점수 그룹이에요: '{ $id }' (점수 그룹: { $groups })
qf-expected-points = { $here }: 점수는 정수나 그룹별 객체로 써야 해요 (지금 값: { $found })
qf-level-decides = { $label }: 영향 수준에 따라 보이는 질문인데 선택지에 점수가 있어서, 답이 자기가 보일지를 정하게 돼요. 점수를 빼거나 조건에서 수준을 빼세요
qf-level-requires-unknown = scoring: 수준이 요구하는 { $kind } '{ $id }': 질문지에 없어요
