# The questionnaire loader's diagnostics: `chec questionnaire validate FILE` and the problems
# of a file in the user's questionnaire folder. Each follows `file:line:column: `; field
# names, ids and paths inside a file (`questions[3].prompt`) are given as the file has them.

# Syntax (the file is not JSON).
qf-invalid-json = invalid JSON: { $error }
qf-json-empty = the file is empty
qf-json-trailing = trailing characters after the end of the JSON value
qf-json-found = found '{ $char }'
qf-json-found-end = found the end of the file
qf-json-found-control = found { $char }
qf-json-expected-value = expected a value, { $found }
qf-json-too-deep = lists and objects nested more than { $depth } deep
qf-json-ends-in-object = the file ends inside an object
qf-json-ends-in-list = the file ends inside a list
qf-json-ends-in-string = the file ends inside a string
qf-json-key-string = key must be a string
qf-json-expected-colon = expected ':' after the key "{ $key }", { $found }
qf-json-expected-comma-object = expected ',' or '{ "}" }', { $found }
qf-json-expected-comma-list = expected ',' or ']', { $found }
qf-json-control = { $char } inside a string: write line breaks and tabs as \n and \t
qf-json-surrogate = a lone surrogate in a \u escape is not a character
qf-json-bad-u = invalid \u escape
qf-json-hex = invalid \u escape: four hex digits needed
qf-json-bad-escape = invalid escape: { $found }
qf-json-digit = expected a digit, { $found }
qf-json-digit-fraction = expected a digit after the decimal point, { $found }
qf-json-digit-exponent = expected a digit in the exponent, { $found }

# Reading the file.
qf-cannot-read = cannot read: { $error }
qf-cannot-read-folder = cannot read folder: { $error }
qf-not-utf8 = not valid UTF-8
qf-already-defined = questionnaire id '{ $id }' is already defined in { $first }
qf-more-problems = { $n ->
    [one] and { $n } more problem: `chec questionnaire validate` on this file lists them all
   *[other] and { $n } more problems: `chec questionnaire validate` on this file lists them all
}

# Values of the wrong type: "expected X, found Y".
qf-expected = expected { $expected }, found { $found }
qf-want-object = an object
qf-want-string = a string
qf-want-list = a list
qf-want-bool = true or false
qf-want-integer = a whole number
qf-found-number = the number { $number }
qf-found-text = the text "{ $text }"
qf-found-list = a list
qf-found-object = an object

# Fields.
qf-field-twice = field `{ $name }` is given twice (first on line { $line })
qf-unknown-field = unknown field `{ $name }` (expected one of: { $allowed })
qf-missing = missing { $what }
qf-empty = { $what } must not be empty

# What a message names: kinds of things, "question 'q1'", "name of stage 's1'".
qf-kind-trait = trait
qf-kind-principle = principle
qf-kind-stage = stage
qf-kind-section = section
qf-kind-question = question
qf-kind-choice = choice
qf-kind-group = group
qf-kind-level = level
qf-kinds-trait = traits
qf-kinds-principle = principles
qf-kinds-level = levels
qf-label = { $kind } '{ $id }'
qf-label-nth = { $kind } #{ $n }
qf-what-id = { $kind } id
qf-what-questionnaire-id = questionnaire id
qf-what-version = version
qf-what-title = title
qf-what-name-of = name of { $label }
qf-what-title-of = title of { $label }
qf-what-stage-of = stage of { $label }
qf-what-prompt-of = prompt of { $label }
qf-what-label-of = label of { $choice } of { $label }
qf-none-defined = none defined
qf-in-all = , … ({ $n } in all)
qf-and = { " and " }

# Ids and languages.
qf-id-too-long = { $kind } id '{ $id }' is { $length } characters long; ids are at most { $max }
qf-id-bad-chars = { $kind } id '{ $id }' may not contain spaces or control characters
qf-duplicate-id = duplicate { $kind } id '{ $id }' (first defined on line { $line })
qf-duplicate-id-plain = duplicate { $kind } id '{ $id }'
qf-bad-questionnaire-id = questionnaire id '{ $id }' may use only a-z, 0-9, '-' and '_'
qf-not-a-tag = '{ $tag }' is not a language tag (e.g. ko, en, pt-BR)
qf-language-declared-twice = language '{ $tag }' is declared twice
qf-no-language = languages: declare at least one language, e.g. ["ko", "en"]
qf-unknown-language = { $here }: unknown language '{ $tag }' (languages: { $languages })
qf-language-twice = { $here }: language '{ $tag }' is given twice
qf-expected-text = { $here }: expected a text or an object of texts by language, found { $found }
qf-missing-translation = { $here }: missing translation: { $languages }

# The questionnaire as a whole.
qf-not-an-object = the file must hold one JSON object, a questionnaire, not a list
qf-format = format { $format } is not one this chec reads (1 or { $max }); a newer chec may read it
qf-needs-stage = a questionnaire needs at least one stage
qf-needs-question = a questionnaire needs at least one question

# Questions.
qf-unknown-stage = { $label }: unknown stage '{ $stage }' (stages: { $stages })
qf-not-a-section = { $label }: '{ $section }' is not a section of stage '{ $stage }' (its sections: { $sections })
qf-unknown-ref = { $label }: unknown { $kind } '{ $id }' ({ $kinds }: { $known })
qf-unknown-answer-kind = kind: unknown kind of answer '{ $kind }' (kinds: { $kinds })
qf-field-for-kinds = { $label }: `{ $name }` is for { $kinds } questions, and this one is a { $kind } question
qf-kind-needs-field = { $label }: a { $kind } question needs `{ $name }`
qf-two-choices = { $label }: a { $kind } question needs at least two choices
qf-duplicate-choice = { $label }: duplicate choice id '{ $id }' (first defined on line { $line })
qf-scale-bounds = { $label }: a scale needs `min` and `max`
qf-scale-range = { $label }: a scale runs from a smaller `min` to a larger `max`, { $points } points at most
qf-scale-label = { $label }: scale label '{ $point }' is not a point from { $min } to { $max }
qf-scale-labels = { $label }: scale labels are an object such as { "{" }"1": "never", "5": "always"{ "}" }
qf-number-range = { $label }: the smallest number, { $min }, is above the largest, { $max }

# Conditions (`show_if`).
qf-condition-keys = question (with equals, in, at_least, at_most or answered), trait, level, level_at_least, all, any, not
qf-condition-object = { $here }: a condition is an object with one of: { $keys }
qf-condition-one-test = { $here }: a condition on question '{ $id }' needs exactly one of equals, in, at_least, at_most, answered
qf-expected-choice = { $here }: expected a choice id or a number, found { $found }
qf-condition-one-key = { $here }: a condition has one of: { $keys }
qf-give-a-condition = { $here }: give at least one condition
qf-unknown-condition = { $here }: unknown condition `{ $name }` (conditions: { $keys })
qf-ref-unknown = { $label }: its condition names an unknown question '{ $id }'
qf-ref-itself = { $label }: its condition reads '{ $id }', itself; conditions read earlier questions only
qf-ref-later = { $label }: its condition reads '{ $id }', a later question; conditions read earlier questions only
qf-ref-not-numeric = { $label }: at_least and at_most are for scale and number questions; '{ $id }' is a { $kind } question
qf-ref-in-words = { $label }: '{ $id }' is answered in words; a condition on it can ask only whether it is answered
qf-ref-not-an-answer = { $label }: its condition names '{ $value }', not an answer '{ $id }' takes
qf-ref-not-a-choice = { $label }: its condition names '{ $value }', not a choice of '{ $id }' (choices: { $choices })

# Scoring.
qf-no-groups = scoring: name at least one group of points, e.g. { "{" }"id": "risk", "name": "Risk"{ "}" }
qf-score-unknown-group = scoring.score: unknown group '{ $id }'
qf-score-weights = scoring.score: an object of weights by group, e.g. { "{" }"risk": 1, "mitigation": -1{ "}" }
qf-no-levels = scoring: give at least one level
qf-level-needs-min = level '{ $id }': every level after the first needs `min`, the score it starts at
qf-level-order = level '{ $id }': levels go from the lowest to the highest; `min` must be above the previous level's
qf-points-need-scoring = { $here }: points need a `scoring` block that names their groups
qf-points-by-group = { $here }: with several groups, give points by group, e.g. { "{" }"{ $group }": 3{ "}" } (groups: { $groups })
qf-unknown-group = { $here }: unknown group '{ $id }' (groups: { $groups })
qf-expected-points = { $here }: expected points, a whole number or an object by group, found { $found }
qf-level-decides = { $label }: it is shown by the impact level and its choices carry points, so its answer would decide whether it is shown; take the points off or the level out of its condition
qf-level-requires-unknown = scoring: a level requires an unknown { $kind } '{ $id }'
