//! The consultation journey through the storage API: responses, drafts, meetings, items,
//! stages and the consultation list. Every test works on a fresh store (in memory, or a
//! temporary file where reopening matters) and checks what comes back from the call and
//! what reads back from the store afterwards.

use chec::domain::item::parse_due;
use chec::domain::{
    Attendee, Consultation, Decision, DraftTarget, Item, ItemDecision, ItemError, ItemStatus, Meeting, MeetingField,
    NewConsultation, NewItem, NewMeeting, Priority, Questionnaire, Risk, RiskResponse, RiskSource, SignOffError,
    SignOffWarning, StageState, StageStatus,
};
use chec::domain::{ResponseChange, ResponseField};
use chec::storage::{ConsultationSummary, Store, StoreError};

/// "한글" typed as decomposed jamo (as macOS and some IMEs produce it).
const HANGUL_JAMO: &str = "\u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af}";
const TODAY: &str = "2026-03-15";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn questionnaire() -> Questionnaire {
    crate::common::catalog::questionnaire("chec-default")
}

fn create(store: &mut Store, key: &str, name: &str, team: &str, traits: &[&str]) -> Consultation {
    let new = NewConsultation {
        key: key.parse().unwrap(),
        name: name.into(),
        team: team.into(),
        description: "상담 설명 | description".into(),
        traits: traits.iter().map(|t| t.to_string()).collect(),
    };
    store.create_consultation(&new, &questionnaire()).unwrap()
}

/// The care chatbot every test starts from: key CARE, no traits.
fn open_care(store: &mut Store) -> Consultation {
    create(store, "CARE", "돌봄 챗봇 | Care", "케어 AI팀", &[])
}

fn open_loan(store: &mut Store) -> Consultation {
    create(store, "LOAN", "대출 심사 | Loan", "Fintech 신용팀", &[])
}

/// What signing `stage` off asks the consultant to confirm, confirmed (nothing, for a stage
/// that cannot be signed off).
fn confirmed(store: &Store, c: &Consultation, stage: &str) -> Vec<SignOffWarning> {
    store.sign_off_warnings(c, stage).unwrap_or_default()
}

/// The consultation as stored now (stage moves change it).
fn reload(store: &Store, c: &Consultation) -> Consultation {
    store.consultation(&c.key).unwrap().unwrap()
}

fn new_item(title: &str) -> NewItem {
    NewItem { title: title.into(), stage: "planning".into(), ..NewItem::default() }
}

fn item_with_priority(title: &str, priority: Priority) -> NewItem {
    NewItem { priority: Some(priority), ..new_item(title) }
}

fn item_due(title: &str, due: &str) -> NewItem {
    NewItem { due: Some(parse_due(due).unwrap()), ..new_item(title) }
}

fn item_on_question(title: &str, question_id: &str) -> NewItem {
    NewItem { question_id: Some(question_id.into()), ..new_item(title) }
}

fn raise(store: &mut Store, c: &Consultation, new: &NewItem) -> Item {
    store.raise_item(c, new, None).unwrap()
}

fn keys(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.key.as_str()).collect()
}

fn new_meeting(stage: &str) -> NewMeeting {
    NewMeeting { stage: stage.into(), ..NewMeeting::default() }
}

fn attendee(name: &str, role: &str) -> Attendee {
    Attendee { name: name.into(), role: role.into() }
}

fn start(store: &mut Store, c: &Consultation) -> Meeting {
    store.start_meeting(c, &new_meeting("planning")).unwrap()
}

fn meeting(store: &Store, id: &str) -> Meeting {
    store.meeting(id).unwrap().unwrap()
}

fn answer_draft(question_id: &str) -> DraftTarget {
    DraftTarget::Response { question_id: question_id.into(), field: ResponseField::Answer }
}

fn notes_draft(question_id: &str) -> DraftTarget {
    DraftTarget::Response { question_id: question_id.into(), field: ResponseField::Notes }
}

fn meeting_draft(meeting: &Meeting, field: MeetingField) -> DraftTarget {
    DraftTarget::Meeting { meeting_id: meeting.id.clone(), field }
}

/// Drafts as `(target, body)` text pairs, sorted: drafts saved within one millisecond have
/// no defined order.
fn draft_texts(store: &Store, c: &Consultation) -> Vec<(String, String)> {
    let mut drafts: Vec<_> =
        store.drafts(c).unwrap().into_iter().map(|(target, body)| (target.to_string(), body)).collect();
    drafts.sort();
    drafts
}

/// History as `(field, old, new, meeting number)` tuples.
fn changes(history: &[ResponseChange]) -> Vec<(&str, &str, &str, Option<i64>)> {
    history.iter().map(|h| (h.field.as_str(), h.old_value.as_str(), h.new_value.as_str(), h.meeting_seq)).collect()
}

fn stages(store: &Store, c: &Consultation) -> Vec<StageStatus> {
    store.stage_statuses(c).unwrap()
}

fn stage(store: &Store, c: &Consultation, id: &str) -> StageStatus {
    stages(store, c).into_iter().find(|s| s.stage == id).unwrap_or_else(|| panic!("no stage {id}"))
}

fn states(store: &Store, c: &Consultation) -> Vec<StageState> {
    stages(store, c).iter().map(|s| s.state).collect()
}

fn summary(store: &Store, key: &str) -> ConsultationSummary {
    store
        .consultation_summaries(TODAY)
        .unwrap()
        .into_iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no summary for {key}"))
}

fn found(store: &Store, filter: &str) -> Vec<String> {
    store.find_consultations(TODAY, filter).unwrap().into_iter().map(|s| s.key).collect()
}

fn decide(item_key: &str, decision: Decision, reason: &str) -> ItemDecision {
    ItemDecision { item_key: item_key.into(), decision, reason: reason.into() }
}

fn sign_off_error<T: std::fmt::Debug>(result: Result<T, StoreError>) -> SignOffError {
    match result {
        Err(StoreError::SignOff(e)) => e,
        other => panic!("expected a sign-off error, got {other:?}"),
    }
}

fn is_timestamp(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

// ---------------------------------------------------------------------------------------
// 1. Responses
//
// `set_response_text` and `set_assessment` take a `QuestionRef` (the domain's: where a
// question sits).
// ---------------------------------------------------------------------------------------

mod responses {
    use super::*;
    use chec::domain::Assessment;
    use chec::domain::QuestionRef;

    fn question<'a>(q: &'a Questionnaire, id: &str) -> QuestionRef<'a> {
        let question = q.question(id).unwrap_or_else(|| panic!("no question {id}"));
        QuestionRef { id: &question.id, stage: &question.stage }
    }

    #[test]
    fn set_response_text_creates_the_response_then_updates_it_in_place() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let c = open_care(&mut store);
        let pln1 = question(&q, "PLN-01");

        let answer = ResponseField::Answer;
        assert!(store.replace_response_text(&c, pln1, answer, "첫 답변 | v1", None).unwrap());
        assert!(store.replace_response_text(&c, pln1, answer, "고친 답변 | v2", None).unwrap());
        assert!(store.replace_response_text(&c, pln1, ResponseField::Notes, "메모 | note", None).unwrap());

        let responses = store.responses(&c).unwrap();
        assert_eq!(responses.len(), 1, "one row per question");
        let r = &responses["PLN-01"];
        assert_eq!(r.stage, "planning");
        assert_eq!(r.answer, "고친 답변 | v2");
        assert_eq!(r.notes, "메모 | note");
        assert_eq!(r.assessment, Assessment::NotDiscussed);
        assert!(is_timestamp(&r.updated_at));
    }

    #[test]
    fn set_response_text_returns_false_and_records_nothing_when_the_text_is_unchanged() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let c = open_care(&mut store);
        let pln1 = question(&q, "PLN-01");
        let answer = ResponseField::Answer;

        assert!(store.replace_response_text(&c, pln1, answer, "한글 | 답", None).unwrap());
        assert!(!store.replace_response_text(&c, pln1, answer, "한글 | 답", None).unwrap());
        let same_as_jamo = format!("{HANGUL_JAMO} | 답");
        assert!(
            !store.replace_response_text(&c, pln1, answer, &same_as_jamo, None).unwrap(),
            "the same text typed as jamo is the same text"
        );
        assert!(
            !store.replace_response_text(&c, question(&q, "PLN-02"), answer, "", None).unwrap(),
            "an empty answer on an untouched question changes nothing"
        );

        assert_eq!(store.response_history(&c, "PLN-01").unwrap().len(), 1);
        assert!(store.response_history(&c, "PLN-02").unwrap().is_empty());
    }

    #[test]
    fn response_history_records_old_and_new_values_the_actor_and_the_meeting_number() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_actor("김민지");
        let q = questionnaire();
        let c = open_care(&mut store);
        let first = start(&mut store, &c);
        store.end_meeting(&first.id).unwrap();
        let second = start(&mut store, &c);
        let pln1 = question(&q, "PLN-01");

        store.replace_response_text(&c, pln1, ResponseField::Answer, "초안", None).unwrap();
        store.replace_response_text(&c, pln1, ResponseField::Answer, "확정 | final", Some(&second.id)).unwrap();
        store.replace_response_text(&c, pln1, ResponseField::Notes, "메모", Some(&second.id)).unwrap();

        let history = store.response_history(&c, "PLN-01").unwrap();
        assert_eq!(
            changes(&history),
            [("answer", "", "초안", None), ("answer", "초안", "확정 | final", Some(2)), ("notes", "", "메모", Some(2)),]
        );
        assert!(history.iter().all(|h| h.changed_by == "김민지"));
        assert!(history.iter().all(|h| is_timestamp(&h.changed_at)));
    }

    #[test]
    fn set_assessment_changes_only_the_assessment_and_records_it() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_actor("김민지");
        let q = questionnaire();
        let c = open_care(&mut store);
        let m = start(&mut store, &c);
        let pln3 = question(&q, "PLN-03");

        assert!(store.set_assessment(&c, pln3, Assessment::RiskIdentified, Some(&m.id)).unwrap());
        assert!(!store.set_assessment(&c, pln3, Assessment::RiskIdentified, None).unwrap());
        assert!(store.set_assessment(&c, pln3, Assessment::Satisfied, None).unwrap());

        let r = &store.responses(&c).unwrap()["PLN-03"];
        assert_eq!(r.assessment, Assessment::Satisfied);
        assert_eq!((r.answer.as_str(), r.notes.as_str()), ("", ""));
        let history = store.response_history(&c, "PLN-03").unwrap();
        assert_eq!(
            changes(&history),
            [
                ("assessment", "not-discussed", "risk-identified", Some(1)),
                ("assessment", "risk-identified", "satisfied", None),
            ]
        );
        assert!(history.iter().all(|h| h.changed_by == "김민지"));
    }

    #[test]
    fn decomposed_korean_and_crlf_are_stored_composed_with_lf() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let c = open_care(&mut store);
        let dat2 = question(&q, "DAT-02");

        store.replace_response_text(&c, dat2, ResponseField::Answer, HANGUL_JAMO, None).unwrap();
        let notes = format!("첫 줄 | a\r\n{HANGUL_JAMO}\r끝");
        store.replace_response_text(&c, dat2, ResponseField::Notes, &notes, None).unwrap();

        let r = &store.responses(&c).unwrap()["DAT-02"];
        assert_eq!(r.answer, "한글");
        assert_eq!(r.notes, "첫 줄 | a\n한글\n끝");
        assert_eq!(r.stage, "data");
        let history = store.response_history(&c, "DAT-02").unwrap();
        assert_eq!(history[0].new_value, "한글", "history is stored NFC too");
    }

    #[test]
    fn progress_counts_assessed_questions_for_their_own_stage_only() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let c = open_care(&mut store);
        let assess = |store: &mut Store, id: &str, a: Assessment| {
            store.set_assessment(&c, question(&q, id), a, None).unwrap();
        };
        assess(&mut store, "PLN-01", Assessment::Satisfied);
        assess(&mut store, "PLN-02", Assessment::NotApplicable);
        assess(&mut store, "PLN-04", Assessment::RiskIdentified);
        assess(&mut store, "PLN-04", Assessment::NotDiscussed);
        assess(&mut store, "DAT-01", Assessment::NeedsImprovement);
        // Answered but not assessed: not progress.
        store.replace_response_text(&c, question(&q, "PLN-03"), ResponseField::Answer, "답변", None).unwrap();

        let progress: Vec<(String, i64, i64)> =
            stages(&store, &c).into_iter().map(|s| (s.stage, s.assessed, s.questions)).collect();
        assert_eq!(
            progress,
            [
                ("planning".to_string(), 2, 6),
                ("data".to_string(), 1, 5),
                ("model".to_string(), 0, 6),
                ("pre-launch".to_string(), 0, 5),
                ("post-launch".to_string(), 0, 5),
            ]
        );
        let s = summary(&store, "CARE");
        assert_eq!((s.assessed, s.questions), (3, 27));
    }

    #[test]
    fn progress_of_one_consultation_does_not_count_another_ones_responses() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let care = open_care(&mut store);
        let loan = open_loan(&mut store);
        store.set_assessment(&care, question(&q, "PLN-01"), Assessment::Satisfied, None).unwrap();

        assert_eq!(stage(&store, &care, "planning").assessed, 1);
        assert_eq!(stage(&store, &loan, "planning").assessed, 0);
        assert_eq!(summary(&store, "LOAN").assessed, 0);
        assert!(store.responses(&loan).unwrap().is_empty());
    }

    #[test]
    fn committing_a_response_field_deletes_its_draft_in_the_same_call() {
        let mut store = Store::open_in_memory().unwrap();
        let q = questionnaire();
        let c = open_care(&mut store);
        store.save_draft(&c, &answer_draft("PLN-01"), "쓰는 중").unwrap();
        store.save_draft(&c, &notes_draft("PLN-01"), "메모 중").unwrap();
        store.save_draft(&c, &answer_draft("PLN-02"), "").unwrap();

        store.replace_response_text(&c, question(&q, "PLN-01"), ResponseField::Answer, "확정", None).unwrap();
        assert_eq!(
            draft_texts(&store, &c),
            [
                ("response:answer:PLN-02".to_string(), String::new()),
                ("response:notes:PLN-01".to_string(), "메모 중".to_string()),
            ],
            "only the committed field's draft goes"
        );

        let changed = store.replace_response_text(&c, question(&q, "PLN-02"), ResponseField::Answer, "", None).unwrap();
        assert!(!changed);
        assert_eq!(
            draft_texts(&store, &c),
            [("response:notes:PLN-01".to_string(), "메모 중".to_string())],
            "an unchanged commit still drops the draft"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 2. Drafts (and the text side of responses, through recovery)
// ---------------------------------------------------------------------------------------

#[test]
fn save_draft_keeps_one_row_per_target_with_the_latest_text() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);

    store.save_draft(&c, &answer_draft("PLN-01"), "하나").unwrap();
    store.save_draft(&c, &notes_draft("PLN-01"), "메모").unwrap();
    store.save_draft(&c, &meeting_draft(&m, MeetingField::Notes), "회의 | 1").unwrap();
    store.save_draft(&c, &answer_draft("PLN-01"), "둘 | two").unwrap();
    store.save_draft(&c, &meeting_draft(&m, MeetingField::Notes), HANGUL_JAMO).unwrap();

    assert_eq!(
        draft_texts(&store, &c),
        [
            (format!("meeting:notes:{}", m.id), "한글".to_string()),
            ("response:answer:PLN-01".to_string(), "둘 | two".to_string()),
            ("response:notes:PLN-01".to_string(), "메모".to_string()),
        ]
    );
    assert!(store.responses(&c).unwrap().is_empty(), "a draft is not an answer");
}

#[test]
fn drafts_belong_to_their_consultation() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);
    store.save_draft(&care, &answer_draft("PLN-01"), "돌봄").unwrap();
    store.save_draft(&loan, &answer_draft("PLN-01"), "대출").unwrap();

    assert_eq!(store.drafts(&care).unwrap(), [(answer_draft("PLN-01"), "돌봄".to_string())]);
    assert_eq!(store.drafts(&loan).unwrap(), [(answer_draft("PLN-01"), "대출".to_string())]);
}

#[test]
fn discard_draft_forgets_only_that_draft_and_commits_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    store.save_draft(&c, &answer_draft("PLN-01"), "버림").unwrap();
    store.save_draft(&c, &notes_draft("PLN-01"), "남김").unwrap();

    store.discard_draft(&c, &answer_draft("PLN-01")).unwrap();

    assert_eq!(store.drafts(&c).unwrap(), [(notes_draft("PLN-01"), "남김".to_string())]);
    assert!(store.responses(&c).unwrap().is_empty());
}

#[test]
fn committing_a_meeting_field_deletes_its_draft_in_the_same_call() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);
    store.save_draft(&c, &meeting_draft(&m, MeetingField::Notes), "적는 중").unwrap();
    store.save_draft(&c, &meeting_draft(&m, MeetingField::Decisions), "결정 중").unwrap();

    store.replace_meeting_text(&c, &m.id, MeetingField::Notes, "확정 노트 | final").unwrap();

    assert_eq!(meeting(&store, &m.id).notes, "확정 노트 | final");
    assert_eq!(store.drafts(&c).unwrap(), [(meeting_draft(&m, MeetingField::Decisions), "결정 중".to_string())]);
}

#[test]
fn recover_drafts_commits_response_and_meeting_drafts_into_their_fields() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("김민지");
    let q = questionnaire();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);
    store.save_draft(&c, &answer_draft("PLN-01"), "복구될 답 | A").unwrap();
    store.save_draft(&c, &notes_draft("DAT-02"), HANGUL_JAMO).unwrap();
    store.save_draft(&c, &meeting_draft(&m, MeetingField::Notes), "회의 메모 | 복구").unwrap();

    let mut recovered: Vec<String> =
        store.recover_drafts(&c, &q, Some(&m.id)).unwrap().recovered.iter().map(ToString::to_string).collect();
    recovered.sort();

    assert_eq!(
        recovered,
        [format!("meeting:notes:{}", m.id), "response:answer:PLN-01".to_string(), "response:notes:DAT-02".to_string(),]
    );
    assert!(store.drafts(&c).unwrap().is_empty(), "no draft is left");
    let responses = store.responses(&c).unwrap();
    assert_eq!(responses["PLN-01"].answer, "복구될 답 | A");
    assert_eq!(responses["PLN-01"].stage, "planning");
    assert_eq!(responses["DAT-02"].notes, "한글", "stored NFC");
    assert_eq!(responses["DAT-02"].stage, "data");
    assert_eq!(meeting(&store, &m.id).notes, "회의 메모 | 복구");

    let history = store.response_history(&c, "PLN-01").unwrap();
    assert_eq!(
        changes(&history),
        [("answer", "", "복구될 답 | A", Some(1))],
        "recovered text is recorded in the running meeting"
    );
    assert_eq!(history[0].changed_by, "김민지");
    assert!(is_timestamp(&history[0].changed_at));
}

#[test]
fn recovering_the_text_already_stored_adds_no_history() {
    let mut store = Store::open_in_memory().unwrap();
    let q = questionnaire();
    let c = open_care(&mut store);
    store.save_draft(&c, &answer_draft("PLN-01"), "같은 답 | same").unwrap();
    store.recover_drafts(&c, &q, None).unwrap();
    store.save_draft(&c, &answer_draft("PLN-01"), "같은 답 | same").unwrap();

    let recovered = store.recover_drafts(&c, &q, None).unwrap().recovered;

    assert_eq!(recovered, [answer_draft("PLN-01")]);
    assert!(store.drafts(&c).unwrap().is_empty());
    assert_eq!(changes(&store.response_history(&c, "PLN-01").unwrap()), [("answer", "", "같은 답 | same", None)]);
}

#[test]
fn a_later_recovered_answer_is_recorded_with_its_old_value() {
    let mut store = Store::open_in_memory().unwrap();
    let q = questionnaire();
    let c = open_care(&mut store);
    store.set_actor("김민지");
    store.save_draft(&c, &answer_draft("PLN-01"), "처음").unwrap();
    store.recover_drafts(&c, &q, None).unwrap();
    store.set_actor("이서연");
    store.save_draft(&c, &answer_draft("PLN-01"), "나중").unwrap();
    store.recover_drafts(&c, &q, None).unwrap();

    let history = store.response_history(&c, "PLN-01").unwrap();
    assert_eq!(changes(&history), [("answer", "", "처음", None), ("answer", "처음", "나중", None)]);
    let actors: Vec<&str> = history.iter().map(|h| h.changed_by.as_str()).collect();
    assert_eq!(actors, ["김민지", "이서연"]);
}

#[test]
fn recover_drafts_discards_drafts_for_questions_that_no_longer_exist() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let mut without_pln2 = questionnaire();
    without_pln2.questions.retain(|x| x.id != "PLN-02");
    store.save_draft(&c, &answer_draft("PLN-02"), "사라진 질문").unwrap();
    store.save_draft(&c, &notes_draft("GONE-99"), "없는 질문").unwrap();
    store.save_draft(&c, &answer_draft("PLN-01"), "남는 답").unwrap();

    let recovered = store.recover_drafts(&c, &without_pln2, None).unwrap().recovered;

    assert_eq!(recovered, [answer_draft("PLN-01")]);
    assert!(store.drafts(&c).unwrap().is_empty());
    let responses = store.responses(&c).unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["PLN-01"], "no response for a vanished question");
}

#[test]
fn drafts_left_by_a_crash_are_recovered_after_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let meeting_id = {
        let mut store = Store::open(&path).unwrap();
        let c = open_care(&mut store);
        let m = start(&mut store, &c);
        store.save_draft(&c, &answer_draft("PLN-01"), "끝나기 직전 | 답").unwrap();
        store.save_draft(&c, &meeting_draft(&m, MeetingField::NextSteps), "다음 회의").unwrap();
        m.id
        // The store is dropped here without committing anything: the "crash".
    };

    let mut store = Store::open(&path).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    assert_eq!(store.drafts(&c).unwrap().len(), 2);
    let running = store.running_meeting(&c).unwrap().unwrap();
    assert_eq!(running.id, meeting_id);
    let q = store.questionnaire_of(&c).unwrap();
    let recovered = store.recover_drafts(&c, &q, Some(&running.id)).unwrap().recovered;
    assert_eq!(recovered.len(), 2);
    drop(store);

    let store = Store::open(&path).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    assert!(store.drafts(&c).unwrap().is_empty());
    assert_eq!(store.responses(&c).unwrap()["PLN-01"].answer, "끝나기 직전 | 답");
    assert_eq!(meeting(&store, &meeting_id).next_steps, "다음 회의");
    assert_eq!(store.response_history(&c, "PLN-01").unwrap()[0].meeting_seq, Some(1));
}

// ---------------------------------------------------------------------------------------
// 3. Meetings
// ---------------------------------------------------------------------------------------

#[test]
fn meetings_are_numbered_from_one_per_consultation() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);

    let mut seqs = Vec::new();
    for _ in 0..3 {
        let m = start(&mut store, &care);
        seqs.push(m.seq);
        store.end_meeting(&m.id).unwrap();
    }
    let first_loan = start(&mut store, &loan);

    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(first_loan.seq, 1);
    assert_eq!(store.meetings(&loan).unwrap().len(), 1);
}

#[test]
fn a_second_meeting_cannot_start_while_one_runs_and_the_refusal_uses_no_number() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let first = start(&mut store, &c);

    let err = store.start_meeting(&c, &new_meeting("data")).unwrap_err();

    assert!(matches!(err, StoreError::MeetingRunning { ref key, seq: 1 } if key == "CARE"), "{err:?}");
    assert_eq!(err.to_string(), "meeting 1 of CARE is still running; end it first");
    assert_eq!(store.meetings(&c).unwrap().len(), 1);
    store.end_meeting(&first.id).unwrap();
    assert_eq!(start(&mut store, &c).seq, 2);
}

#[test]
fn a_meeting_left_running_by_a_crash_is_still_running_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let started = {
        let mut store = Store::open(&path).unwrap();
        let c = open_care(&mut store);
        let new = NewMeeting {
            stage: "planning".into(),
            attendees: vec![attendee("김민지", "consultant")],
            agenda: "기획 검토 | 1차".into(),
        };
        store.start_meeting(&c, &new).unwrap()
        // Dropped without end_meeting.
    };

    let mut store = Store::open(&path).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    let running = store.running_meeting(&c).unwrap();
    assert_eq!(running.as_ref(), Some(&started));

    let err = store.start_meeting(&c, &new_meeting("planning"));
    assert!(matches!(err, Err(StoreError::MeetingRunning { seq: 1, .. })));
    store.end_meeting(&started.id).unwrap();
    assert_eq!(store.running_meeting(&c).unwrap(), None);
    assert_eq!(start(&mut store, &c).seq, 2);
}

#[test]
fn a_second_instance_on_the_same_file_sees_the_running_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut first = Store::open(&path).unwrap();
    let c = open_care(&mut first);
    let mut second = Store::open(&path).unwrap();

    let m = start(&mut first, &c);

    assert_eq!(second.running_meeting(&c).unwrap().map(|r| r.id), Some(m.id));
    assert!(matches!(
        second.start_meeting(&c, &new_meeting("planning")),
        Err(StoreError::MeetingRunning { seq: 1, .. })
    ));
}

#[test]
fn start_meeting_records_the_stage_a_trimmed_agenda_and_attendees_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let people =
        vec![attendee("김민지", "consultant"), attendee("Lee", "developer"), attendee("박서준", "planner | PM")];
    let new =
        NewMeeting { stage: "data".into(), attendees: people.clone(), agenda: "  데이터 출처 | 동의 \n".into() };

    let m = store.start_meeting(&c, &new).unwrap();

    assert_eq!(m.seq, 1);
    assert_eq!(m.stage, "data");
    assert_eq!(m.agenda, "데이터 출처 | 동의");
    assert_eq!(m.attendees, people);
    assert!(m.is_running());
    assert!(is_timestamp(&m.started_at));
    assert_eq!((m.notes.as_str(), m.decisions.as_str()), ("", ""));
    assert_eq!(meeting(&store, &m.id), m, "reads back the same");
}

#[test]
fn set_meeting_text_commits_each_field() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);
    let text = |field: MeetingField| format!("{} | {}", field.label(), "한국어 기록");

    for &field in MeetingField::ALL {
        store.replace_meeting_text(&c, &m.id, field, &text(field)).unwrap();
    }

    let read = meeting(&store, &m.id);
    for &field in MeetingField::ALL {
        assert_eq!(read.text(field), text(field), "{field}");
    }
    assert_eq!(read.agenda, "agenda | 한국어 기록");
    assert_eq!(read.next_steps, "next steps | 한국어 기록");
}

#[test]
fn set_meeting_text_stores_decomposed_korean_composed() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);

    store.replace_meeting_text(&c, &m.id, MeetingField::Decisions, HANGUL_JAMO).unwrap();

    assert_eq!(meeting(&store, &m.id).decisions, "한글");
}

#[test]
fn set_attendees_replaces_the_attendees_in_the_given_order() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let new = NewMeeting {
        stage: "planning".into(),
        attendees: vec![attendee("김민지", "consultant"), attendee("Lee", "developer")],
        agenda: String::new(),
    };
    let m = store.start_meeting(&c, &new).unwrap();

    store
        .set_attendees(&m.id, &[attendee(HANGUL_JAMO, "external expert"), attendee("Lee", "developer | lead")])
        .unwrap();
    assert_eq!(
        meeting(&store, &m.id).attendees,
        [attendee("한글", "external expert"), attendee("Lee", "developer | lead")]
    );

    store.set_attendees(&m.id, &[]).unwrap();
    assert!(meeting(&store, &m.id).attendees.is_empty());
}

#[test]
fn end_meeting_sets_ended_at_once_and_no_meeting_runs_any_more() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let m = start(&mut store, &c);

    store.end_meeting(&m.id).unwrap();

    let ended = meeting(&store, &m.id);
    let ended_at = ended.ended_at.clone().expect("ended_at is set");
    assert!(is_timestamp(&ended_at));
    assert!(ended_at >= ended.started_at);
    assert!(!ended.is_running());
    assert_eq!(store.running_meeting(&c).unwrap(), None);

    std::thread::sleep(std::time::Duration::from_millis(5));
    store.end_meeting(&m.id).unwrap();
    assert_eq!(meeting(&store, &m.id).ended_at, Some(ended_at), "ending again keeps the first end time");
}

#[test]
fn meetings_lists_every_meeting_first_to_last_with_its_attendees() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let first = start(&mut store, &c);
    store.end_meeting(&first.id).unwrap();
    let second = store
        .start_meeting(
            &c,
            &NewMeeting {
                stage: "data".into(), attendees: vec![attendee("박서준", "planner")], agenda: "2차".into()
            },
        )
        .unwrap();

    let listed = store.meetings(&c).unwrap();

    let summary: Vec<(i64, &str, bool)> = listed.iter().map(|m| (m.seq, m.stage.as_str(), m.is_running())).collect();
    assert_eq!(summary, [(1, "planning", false), (2, "data", true)]);
    assert_eq!(listed[1], second);
    assert_eq!(listed[1].attendees, [attendee("박서준", "planner")]);
}

// ---------------------------------------------------------------------------------------
// 4. Items
// ---------------------------------------------------------------------------------------

#[test]
fn item_keys_count_up_per_consultation_independently() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);

    let raised = [
        raise(&mut store, &care, &new_item("첫째")),
        raise(&mut store, &care, &new_item("둘째")),
        raise(&mut store, &loan, &new_item("대출 첫째")),
        raise(&mut store, &care, &new_item("셋째")),
    ];

    assert_eq!(keys(&raised), ["CARE-1", "CARE-2", "LOAN-1", "CARE-3"]);
    assert_eq!(raised[2].consultation, "LOAN");
    assert_eq!(store.item("LOAN-1").unwrap().unwrap().title, "대출 첫째");
    assert_eq!(store.item("CARE-3").unwrap().unwrap().title, "셋째");
}

#[test]
fn an_item_keeps_its_fields_with_principles_in_the_given_order() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let new = NewItem {
        title: "  연령 확인 절차 | 보완  ".into(),
        detail: "\n미성년자 가입 차단 | 재검토\n".into(),
        owner: " 박서준 ".into(),
        due: Some(parse_due("2026-04-30").unwrap()),
        risk_source: Some(RiskSource::Human),
        response: Some(RiskResponse::Mitigate),
        question_id: Some("PLN-03".into()),
        principles: vec!["safety".into(), "privacy".into(), "human-centred".into()],
        ..new_item("")
    };

    let item = store.raise_item(&c, &new, None).unwrap();

    assert_eq!(item.key, "CARE-1");
    assert_eq!(item.title, "연령 확인 절차 | 보완");
    assert_eq!(item.detail, "미성년자 가입 차단 | 재검토");
    assert_eq!(item.owner, "박서준");
    assert_eq!(item.due_date.as_deref(), Some("2026-04-30"));
    assert_eq!(item.principles, ["safety", "privacy", "human-centred"]);
    assert_eq!(item.question_id.as_deref(), Some("PLN-03"));
    assert_eq!(item.stage, "planning");
    assert_eq!(item.risk_source, Some(RiskSource::Human));
    assert_eq!(item.response, Some(RiskResponse::Mitigate));
    assert_eq!(item.status, ItemStatus::Open);
    assert_eq!(item.resolution, "");
    assert_eq!(item.meeting, None);
    assert_eq!(store.item("CARE-1").unwrap(), Some(item));
}

#[test]
fn an_item_title_typed_as_jamo_is_stored_composed() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    let item = raise(&mut store, &c, &new_item(&format!("{HANGUL_JAMO} 안내 | 보완")));

    assert_eq!(item.title, "한글 안내 | 보완");
}

#[test]
fn priority_is_explicit_else_from_likelihood_times_impact_else_medium() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let with_risk = |title: &str, l: u8, i: u8| NewItem { risk: Some(Risk::new(l, i).unwrap()), ..new_item(title) };

    let explicit =
        raise(&mut store, &c, &NewItem { priority: Some(Priority::Low), ..with_risk("명시 | explicit", 5, 5) });
    let critical = raise(&mut store, &c, &with_risk("4×4", 4, 4));
    let high = raise(&mut store, &c, &with_risk("3×4", 3, 4));
    let low = raise(&mut store, &c, &with_risk("2×2", 2, 2));
    let default = raise(&mut store, &c, &new_item("기본"));

    assert_eq!(explicit.priority, Priority::Low, "explicit wins over the risk");
    assert_eq!((explicit.likelihood, explicit.impact), (Some(5), Some(5)));
    assert_eq!(critical.priority, Priority::Critical);
    assert_eq!((critical.likelihood, critical.impact), (Some(4), Some(4)));
    assert_eq!(high.priority, Priority::High);
    assert_eq!(low.priority, Priority::Low);
    assert_eq!(default.priority, Priority::Medium);
    assert_eq!((default.likelihood, default.impact), (None, None));
    assert_eq!(store.item("CARE-2").unwrap().unwrap().priority, Priority::Critical, "reads back the same");
}

#[test]
fn an_item_without_a_title_is_refused_and_uses_no_number() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    for title in ["", "   \n"] {
        let err = store.raise_item(&c, &new_item(title), None).unwrap_err();
        assert!(matches!(err, StoreError::Item(ItemError::EmptyTitle)), "{title:?}: {err:?}");
    }

    assert_eq!(store.item("CARE-1").unwrap(), None);
    assert_eq!(raise(&mut store, &c, &new_item("첫 항목")).key, "CARE-1");
    assert_eq!(store.item("CARE-2").unwrap(), None);
    assert_eq!(summary(&store, "CARE").open_items, 1);
}

#[test]
fn a_due_date_the_database_cannot_hold_is_refused_as_a_bad_date() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    for typed in ["+10000-01-01", "-0001-01-01"] {
        let outcome = parse_due(typed).map_err(StoreError::from).and_then(|due| {
            let new = NewItem { due: Some(due), ..new_item("먼 미래 | far") };
            store.raise_item(&c, &new, None)
        });
        assert!(matches!(outcome, Err(StoreError::Item(ItemError::BadDate(_)))), "{typed}: {outcome:?}");
    }
    assert_eq!(raise(&mut store, &c, &new_item("다음")).key, "CARE-1");
}

#[test]
fn an_item_is_found_by_its_key_and_unknown_keys_find_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    raise(&mut store, &c, &new_item("하나"));
    raise(&mut store, &c, &new_item("둘 | two"));

    assert_eq!(store.item("CARE-2").unwrap().unwrap().title, "둘 | two");
    assert_eq!(store.item(" CARE-2 ").unwrap().unwrap().key, "CARE-2");
    for unknown in ["NOPE-1", "CARE-3", "CARE-0", "CARE", "CARE-x", ""] {
        assert_eq!(store.item(unknown).unwrap(), None, "{unknown:?}");
    }
}

#[test]
fn items_are_listed_and_counted_by_question() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);
    raise(&mut store, &care, &item_on_question("하나", "PLN-01"));
    raise(&mut store, &care, &item_on_question("둘", "PLN-03"));
    raise(&mut store, &care, &item_on_question("셋", "PLN-01"));
    raise(&mut store, &care, &new_item("질문 없음"));
    raise(&mut store, &loan, &item_on_question("대출", "PLN-01"));

    let on_pln1 = store.items_for_question(&care, "PLN-01").unwrap();
    assert_eq!(keys(&on_pln1), ["CARE-1", "CARE-3"]);
    assert!(store.items_for_question(&care, "PLN-02").unwrap().is_empty());

    let mut counts: Vec<(String, i64)> = store.item_counts_by_question(&care).unwrap().into_iter().collect();
    counts.sort();
    assert_eq!(counts, [("PLN-01".to_string(), 2), ("PLN-03".to_string(), 1)]);
}

#[test]
fn active_items_lists_open_items_at_or_above_a_priority_most_urgent_first() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);
    for (title, p) in [
        ("높음 1", Priority::High),
        ("낮음", Priority::Low),
        ("심각", Priority::Critical),
        ("높음 2", Priority::High),
        ("보통", Priority::Medium),
    ] {
        raise(&mut store, &care, &item_with_priority(title, p));
    }
    raise(&mut store, &loan, &item_with_priority("다른 상담", Priority::Critical));

    let high = store.active_items(&care, Priority::High).unwrap();
    assert_eq!(keys(&high), ["CARE-3", "CARE-1", "CARE-4"]);
    let all = store.active_items(&care, Priority::Low).unwrap();
    assert_eq!(keys(&all), ["CARE-3", "CARE-1", "CARE-4", "CARE-5", "CARE-2"]);
}

#[test]
fn an_item_raised_in_a_meeting_records_the_meeting_number() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let first = start(&mut store, &c);
    store.end_meeting(&first.id).unwrap();
    let second = start(&mut store, &c);

    let in_meeting = store.raise_item(&c, &new_item("회의 중 | 합의"), Some(&second.id)).unwrap();
    let outside = raise(&mut store, &c, &new_item("회의 밖"));

    assert_eq!(in_meeting.meeting, Some(2));
    assert_eq!(outside.meeting, None);
    assert_eq!(store.item("CARE-1").unwrap().unwrap().meeting, Some(2));
}

// ---------------------------------------------------------------------------------------
// 5. Stages
// ---------------------------------------------------------------------------------------

#[test]
fn a_new_consultation_starts_its_first_stage_and_counts_questions_by_traits() {
    let mut store = Store::open_in_memory().unwrap();
    let plain = open_care(&mut store);
    let generative = create(&mut store, "GEN", "생성형 상담 | Gen", "Gen팀", &["generative", "minors"]);

    let rail: Vec<(String, i64, StageState, i64, i64)> =
        stages(&store, &plain).into_iter().map(|s| (s.stage, s.position, s.state, s.questions, s.assessed)).collect();
    use StageState::{InProgress, NotStarted};
    assert_eq!(
        rail,
        [
            ("planning".to_string(), 0, InProgress, 6, 0),
            ("data".to_string(), 1, NotStarted, 5, 0),
            ("model".to_string(), 2, NotStarted, 6, 0),
            ("pre-launch".to_string(), 3, NotStarted, 5, 0),
            ("post-launch".to_string(), 4, NotStarted, 5, 0),
        ]
    );
    assert!(stages(&store, &plain).iter().all(|s| s.sign_off.is_none()));
    assert_eq!(stage(&store, &plain, "planning").name, "Planning & design");

    // The shipped file has one generative question per stage and minors questions in the
    // last two stages.
    let counts: Vec<i64> = stages(&store, &generative).iter().map(|s| s.questions).collect();
    assert_eq!(counts, [7, 6, 7, 7, 7]);
    assert_eq!(summary(&store, "CARE").questions, 27);
    assert_eq!(summary(&store, "GEN").questions, 34);
    assert_eq!(summary(&store, "GEN").current_stage_name, "Planning & design");
}

#[test]
fn set_current_stage_moves_the_consultation_and_starts_a_waiting_stage() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    store.set_current_stage(&c, "model").unwrap();

    assert_eq!(reload(&store, &c).current_stage, "model");
    use StageState::{InProgress, NotStarted};
    assert_eq!(states(&store, &c), [InProgress, NotStarted, InProgress, NotStarted, NotStarted]);
    assert_eq!(summary(&store, "CARE").current_stage_name, "Model development");

    let err = store.set_current_stage(&c, "nope").unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(reload(&store, &c).current_stage, "model", "unchanged");
}

#[test]
fn sign_off_needs_a_comment() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    let err =
        sign_off_error(store.sign_off_stage(&c, "planning", "  \n", &[], None, &confirmed(&store, &c, "planning")));

    assert_eq!(err, SignOffError::EmptyComment);
    let planning = stage(&store, &c, "planning");
    assert_eq!(planning.state, StageState::InProgress);
    assert_eq!(planning.sign_off, None);
}

#[test]
fn sign_off_is_refused_while_a_high_or_critical_item_is_undecided() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    raise(&mut store, &c, &item_with_priority("높음", Priority::High));
    raise(&mut store, &c, &item_with_priority("보통", Priority::Medium));
    raise(&mut store, &c, &item_with_priority("심각", Priority::Critical));

    let err =
        sign_off_error(store.sign_off_stage(&c, "planning", "완료", &[], None, &confirmed(&store, &c, "planning")));
    assert_eq!(
        err,
        SignOffError::Undecided("CARE-3, CARE-1".into()),
        "lists the undecided keys, most urgent first; medium items need no decision"
    );

    let only_one = [decide("CARE-3", Decision::CarryOver, "")];
    let err = sign_off_error(store.sign_off_stage(
        &c,
        "planning",
        "완료",
        &only_one,
        None,
        &confirmed(&store, &c, "planning"),
    ));
    assert_eq!(err, SignOffError::Undecided("CARE-1".into()));

    assert_eq!(stage(&store, &c, "planning").state, StageState::InProgress);
    assert_eq!(reload(&store, &c).current_stage, "planning");
}

#[test]
fn accepting_a_risk_at_sign_off_needs_a_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    raise(&mut store, &c, &item_with_priority("높음", Priority::High));

    let decisions = [decide("CARE-1", Decision::Accept, "  ")];
    let err = sign_off_error(store.sign_off_stage(
        &c,
        "planning",
        "완료",
        &decisions,
        None,
        &confirmed(&store, &c, "planning"),
    ));

    assert_eq!(err, SignOffError::AcceptNeedsReason("CARE-1".into()));
    assert_eq!(store.item("CARE-1").unwrap().unwrap().status, ItemStatus::Open);
    assert_eq!(stage(&store, &c, "planning").state, StageState::InProgress);
}

#[test]
fn signing_off_records_the_sign_off_advances_the_stage_and_applies_the_decisions() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("김민지");
    let c = open_care(&mut store);
    raise(&mut store, &c, &item_with_priority("수용할 위험", Priority::High));
    raise(&mut store, &c, &item_with_priority("넘길 위험", Priority::Critical));
    raise(&mut store, &c, &item_with_priority("보통", Priority::Medium));
    let reason = "서비스 범위상 수용 | 법무 검토 완료";
    let decisions = [decide("CARE-1", Decision::Accept, reason), decide("CARE-2", Decision::CarryOver, "")];

    store
        .sign_off_stage(
            &c,
            "planning",
            "  기획 단계 완료 | 다음: 데이터 ",
            &decisions,
            None,
            &confirmed(&store, &c, "planning"),
        )
        .unwrap();

    let planning = stage(&store, &c, "planning");
    assert_eq!(planning.state, StageState::SignedOff);
    let sign_off = planning.sign_off.expect("a sign-off");
    assert_eq!(sign_off.comment, "기획 단계 완료 | 다음: 데이터");
    assert_eq!(sign_off.signed_by, "김민지");
    assert!(is_timestamp(&sign_off.signed_at));
    assert_eq!((sign_off.reopened_at, sign_off.reopened_by, sign_off.reopen_reason), (None, None, None));
    assert_eq!(reload(&store, &c).current_stage, "data");
    use StageState::{InProgress, NotStarted, SignedOff};
    assert_eq!(states(&store, &c), [SignedOff, InProgress, NotStarted, NotStarted, NotStarted]);

    let accepted = store.item("CARE-1").unwrap().unwrap();
    assert_eq!(accepted.status, ItemStatus::Accepted);
    assert!(accepted.resolution.contains(reason), "resolution: {}", accepted.resolution);
    let carried = store.item("CARE-2").unwrap().unwrap();
    assert_eq!(carried.status, ItemStatus::Open);
    assert_eq!(carried.resolution, "");
    assert_eq!(store.item("CARE-3").unwrap().unwrap().status, ItemStatus::Open);
    assert_eq!(keys(&store.active_items(&c, Priority::High).unwrap()), ["CARE-2"]);
}

/// One row of the item history table, which has no read API yet.
struct ItemHistoryRow {
    old_value: Option<String>,
    new_value: Option<String>,
    note: String,
    changed_by: String,
    meeting_id: Option<String>,
}

#[test]
fn sign_off_decisions_are_kept_in_the_item_history_and_sign_off_record() {
    // The item history and the sign-off's decisions have no read API yet: read the file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    store.set_actor("김민지");
    let c = open_care(&mut store);
    let m = start(&mut store, &c);
    raise(&mut store, &c, &item_with_priority("수용", Priority::High));
    raise(&mut store, &c, &item_with_priority("이월", Priority::High));
    let decisions =
        [decide("CARE-1", Decision::Accept, "영향 낮음 | low"), decide("CARE-2", Decision::CarryOver, "다음 단계에서")];
    store.sign_off_stage(&c, "planning", "완료", &decisions, Some(&m.id), &confirmed(&store, &c, "planning")).unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let fields: Vec<String> = conn
        .prepare(
            "SELECT h.field FROM item_history h JOIN items i ON i.id = h.item_id
              WHERE i.seq = 1 ORDER BY h.changed_at, h.id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(fields, ["created", "status"]);
    let change = conn
        .query_row(
            "SELECT h.old_value, h.new_value, h.note, h.changed_by, h.meeting_id
               FROM item_history h JOIN items i ON i.id = h.item_id
              WHERE i.seq = 1 AND h.field = 'status'",
            [],
            |r| {
                Ok(ItemHistoryRow {
                    old_value: r.get(0)?,
                    new_value: r.get(1)?,
                    note: r.get(2)?,
                    changed_by: r.get(3)?,
                    meeting_id: r.get(4)?,
                })
            },
        )
        .unwrap();
    assert_eq!(change.old_value.as_deref(), Some("open"));
    assert_eq!(change.new_value.as_deref(), Some("accepted"));
    assert!(change.note.contains("영향 낮음 | low"), "{}", change.note);
    assert_eq!(change.changed_by, "김민지");
    assert_eq!(change.meeting_id.as_deref(), Some(m.id.as_str()));
    let carried_changes: i64 = conn
        .query_row("SELECT count(*) FROM item_history h JOIN items i ON i.id = h.item_id WHERE i.seq = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(carried_changes, 1, "a carried-over item only has its creation");

    let recorded: Vec<(i64, String, String)> = conn
        .prepare(
            "SELECT i.seq, d.decision, d.reason FROM sign_off_items d JOIN items i ON i.id = d.item_id
              ORDER BY i.seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        recorded,
        [
            (1, "accept".to_string(), "영향 낮음 | low".to_string()),
            (2, "carry-over".to_string(), "다음 단계에서".to_string()),
        ]
    );
    let sign_off_meeting: Option<String> =
        conn.query_row("SELECT meeting_id FROM sign_offs", [], |r| r.get(0)).unwrap();
    assert_eq!(sign_off_meeting, Some(m.id));
}

#[test]
fn a_signed_off_stage_cannot_be_signed_off_again() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    store.sign_off_stage(&c, "planning", "첫 서명", &[], None, &confirmed(&store, &c, "planning")).unwrap();

    let err =
        sign_off_error(store.sign_off_stage(&c, "planning", "두 번째", &[], None, &confirmed(&store, &c, "planning")));

    assert_eq!(err, SignOffError::AlreadySignedOff("Planning & design".into()));
    let planning = stage(&store, &c, "planning");
    assert_eq!(planning.sign_off.unwrap().comment, "첫 서명");
    assert_eq!(reload(&store, &c).current_stage, "data");
}

#[test]
fn reopening_a_stage_needs_a_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    store.sign_off_stage(&c, "planning", "완료", &[], None, &confirmed(&store, &c, "planning")).unwrap();

    let err = sign_off_error(store.reopen_stage(&c, "planning", " "));

    assert_eq!(err, SignOffError::EmptyReason);
    assert_eq!(stage(&store, &c, "planning").state, StageState::SignedOff);
    assert_eq!(reload(&store, &c).current_stage, "data");
}

#[test]
fn only_a_signed_off_stage_can_be_reopened() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);

    let err = sign_off_error(store.reopen_stage(&c, "model", "재검토"));

    assert_eq!(err, SignOffError::NotSignedOff("Model development".into()));
    assert_eq!(reload(&store, &c).current_stage, "planning");
}

#[test]
fn reopening_makes_the_stage_current_and_in_progress_and_shows_who_and_why() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("김민지");
    let c = open_care(&mut store);
    store.sign_off_stage(&c, "planning", "기획 완료", &[], None, &confirmed(&store, &c, "planning")).unwrap();
    store.set_actor("이서연");

    let reason = "모델 업데이트로 재상담 | v2";
    store.reopen_stage(&c, "planning", reason).unwrap();

    assert_eq!(reload(&store, &c).current_stage, "planning");
    let planning = stage(&store, &c, "planning");
    assert_eq!(planning.state, StageState::InProgress);
    let sign_off = planning.sign_off.expect("the sign-off is still shown");
    assert_eq!(sign_off.comment, "기획 완료");
    assert_eq!(sign_off.signed_by, "김민지");
    assert_eq!(sign_off.reopened_by.as_deref(), Some("이서연"));
    assert_eq!(sign_off.reopen_reason.as_deref(), Some(reason));
    assert!(sign_off.reopened_at.as_deref().is_some_and(is_timestamp));
}

#[test]
fn a_reopened_stage_can_be_signed_off_again_and_the_new_sign_off_shows() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    store.sign_off_stage(&c, "planning", "첫 서명", &[], None, &confirmed(&store, &c, "planning")).unwrap();
    store.reopen_stage(&c, "planning", "재상담").unwrap();
    let c = reload(&store, &c);

    store.sign_off_stage(&c, "planning", "두 번째 서명 | 2", &[], None, &confirmed(&store, &c, "planning")).unwrap();

    let planning = stage(&store, &c, "planning");
    assert_eq!(planning.state, StageState::SignedOff);
    let sign_off = planning.sign_off.unwrap();
    assert_eq!(sign_off.comment, "두 번째 서명 | 2");
    assert_eq!(sign_off.reopened_by, None);
    assert_eq!(reload(&store, &c).current_stage, "data");
}

#[test]
fn signing_off_every_stage_in_turn_leaves_the_last_one_current() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let order = ["planning", "data", "model", "pre-launch", "post-launch"];

    for (i, id) in order.iter().enumerate() {
        let c = reload(&store, &c);
        assert_eq!(c.current_stage, *id);
        store.sign_off_stage(&c, id, &format!("{id} 완료"), &[], None, &confirmed(&store, &c, id)).unwrap();
        let expected_next = order.get(i + 1).unwrap_or(&"post-launch");
        assert_eq!(reload(&store, &c).current_stage, *expected_next);
    }

    assert!(states(&store, &c).iter().all(|s| *s == StageState::SignedOff));
    assert_eq!(summary(&store, "CARE").current_stage_name, "Launch & post-launch monitoring");
}

#[test]
fn sign_off_advances_from_the_stored_current_stage_not_the_callers_copy() {
    let mut store = Store::open_in_memory().unwrap();
    let loaded = open_care(&mut store); // current stage: planning
    store.sign_off_stage(&loaded, "planning", "기획 완료", &[], None, &confirmed(&store, &loaded, "planning")).unwrap();
    assert_eq!(reload(&store, &loaded).current_stage, "data");

    // The screen (or a second instance) still holds the copy loaded before: data is now the
    // stored current stage, and signing it off must move on to model.
    store.sign_off_stage(&loaded, "data", "데이터 완료", &[], None, &confirmed(&store, &loaded, "data")).unwrap();

    assert_eq!(stage(&store, &loaded, "data").state, StageState::SignedOff);
    assert_eq!(reload(&store, &loaded).current_stage, "model");
    assert_eq!(stage(&store, &loaded, "model").state, StageState::InProgress);
}

/// Assess every applicable question of `stage` as satisfied.
fn assess_all(store: &mut Store, c: &Consultation, stage: &str) {
    let q = questionnaire();
    for question in q.questions_for(stage, &c.traits) {
        let at = chec::domain::QuestionRef { id: &question.id, stage };
        store.set_assessment(c, at, chec::domain::Assessment::Satisfied, None).unwrap();
    }
}

#[test]
fn signing_off_a_later_stage_or_with_questions_unassessed_is_refused_until_confirmed() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    let questions = stage(&store, &c, "model").questions;
    store
        .set_assessment(
            &c,
            chec::domain::QuestionRef { id: "MOD-01", stage: "model" },
            chec::domain::Assessment::Satisfied,
            None,
        )
        .unwrap();

    let err = sign_off_error(store.sign_off_stage(&c, "model", "먼저 | early", &[], None, &[]));

    let warnings = vec![
        SignOffWarning::OutOfOrder { stage: "Model development".into(), current: "Planning & design".into() },
        SignOffWarning::Unassessed { stage: "Model development".into(), count: questions - 1, questions },
    ];
    assert_eq!(err, SignOffError::Unconfirmed(warnings.clone()));
    assert_eq!(
        err.to_string(),
        format!(
            "not signed off: Planning & design comes before Model development and is not signed off; {} of the \
             {questions} questions of Model development are not assessed; confirm to sign it off anyway",
            questions - 1
        )
    );
    assert_eq!(stage(&store, &c, "model").state, StageState::NotStarted, "nothing written");
    assert_eq!(store.sign_off_warnings(&c, "model").unwrap(), warnings, "the same question, asked before");

    let only_order = &warnings[..1];
    let err = sign_off_error(store.sign_off_stage(&c, "model", "먼저", &[], None, only_order));
    assert_eq!(err, SignOffError::Unconfirmed(warnings[1..].to_vec()), "the unassessed questions still ask");

    let moved = store.sign_off_stage(&c, "model", "먼저 | early", &[], None, &warnings).unwrap();
    assert_eq!(stage(&store, &c, "model").state, StageState::SignedOff);
    assert_eq!(reload(&store, &c).current_stage, "planning", "the open earlier stage stays current");
    assert_eq!(
        moved.signed_off_message(),
        "Signed off Model development; Planning & design is still the current stage"
    );
}

#[test]
fn a_fully_assessed_current_stage_signs_off_without_a_question() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    assess_all(&mut store, &c, "planning");

    assert_eq!(store.sign_off_warnings(&c, "planning").unwrap(), []);
    let moved = store.sign_off_stage(&c, "planning", "완료", &[], None, &[]).unwrap();

    assert_eq!(
        moved.signed_off_message(),
        "Signed off Planning & design; the current stage is now Data collection & processing"
    );
    assert_eq!(reload(&store, &c).current_stage, "data");
}

#[test]
fn reopening_a_later_stage_never_skips_an_earlier_open_one() {
    let mut store = Store::open_in_memory().unwrap();
    let c = open_care(&mut store);
    store.sign_off_stage(&c, "planning", "기획", &[], None, &confirmed(&store, &c, "planning")).unwrap();
    store.sign_off_stage(&c, "data", "데이터", &[], None, &confirmed(&store, &c, "data")).unwrap();
    assert_eq!(reload(&store, &c).current_stage, "model");

    let moved = store.reopen_stage(&c, "planning", "모델 교체 | new model").unwrap();
    assert_eq!(moved.reopened_message(), "Reopened Planning & design; it is the current stage");
    assert_eq!(reload(&store, &c).current_stage, "planning");

    let moved = store.reopen_stage(&c, "data", "데이터도 | data too").unwrap();
    assert_eq!(reload(&store, &c).current_stage, "planning", "planning is open and comes first");
    assert_eq!(
        moved.reopened_message(),
        "Reopened Data collection & processing; Planning & design comes first and stays the current stage"
    );
    use StageState::{InProgress, NotStarted};
    assert_eq!(states(&store, &c), [InProgress, InProgress, InProgress, NotStarted, NotStarted]);

    // Signing planning off again moves on to data, the earliest stage still open.
    let moved = store.sign_off_stage(&c, "planning", "다시", &[], None, &confirmed(&store, &c, "planning")).unwrap();
    assert_eq!(reload(&store, &c).current_stage, "data");
    assert_eq!(
        moved.signed_off_message(),
        "Signed off Planning & design; the current stage is now Data collection & processing"
    );
}

#[test]
fn every_sign_off_round_its_reopening_and_its_decisions_read_back_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("김민지");
    // The test's clock: the rounds are an hour apart, however fast the store writes.
    let clock = crate::common::clock::clock_on("2026-11-22");
    store.set_clock(clock.clone());
    let c = open_care(&mut store);
    let m = start(&mut store, &c);
    raise(&mut store, &c, &item_with_priority("수용 | accept", Priority::High));
    raise(&mut store, &c, &item_with_priority("이월 | carry", Priority::Critical));
    let first =
        [decide("CARE-1", Decision::Accept, "영향 낮음 | low"), decide("CARE-2", Decision::CarryOver, "다음 단계")];
    store
        .sign_off_stage(&c, "planning", "첫 서명 | first", &first, Some(&m.id), &confirmed(&store, &c, "planning"))
        .unwrap();
    store.end_meeting(&m.id).unwrap();
    clock.advance(chrono::TimeDelta::hours(1));
    store.set_actor("이서연");
    store.reopen_stage(&c, "planning", "모델 교체 | new model").unwrap();
    let again = [decide("CARE-2", Decision::CarryOver, "아직 | still open")];
    store.sign_off_stage(&c, "planning", "두 번째 | second", &again, None, &confirmed(&store, &c, "planning")).unwrap();

    let rounds = store.sign_offs(&c).unwrap();
    assert_eq!(rounds.len(), 2);
    let (r1, r2) = (&rounds[0], &rounds[1]);
    assert_eq!((r1.stage.as_str(), r1.sign_off.comment.as_str()), ("planning", "첫 서명 | first"));
    assert_eq!((r1.sign_off.signed_by.as_str(), r1.meeting), ("김민지", Some(1)));
    assert_eq!(r1.sign_off.reopened_by.as_deref(), Some("이서연"));
    assert_eq!(r1.sign_off.reopen_reason.as_deref(), Some("모델 교체 | new model"));
    let decided: Vec<(&str, &str, Decision, &str)> =
        r1.decisions.iter().map(|d| (d.item.as_str(), d.title.as_str(), d.decision, d.reason.as_str())).collect();
    assert_eq!(
        decided,
        [
            ("CARE-1", "수용 | accept", Decision::Accept, "영향 낮음 | low"),
            ("CARE-2", "이월 | carry", Decision::CarryOver, "다음 단계"),
        ]
    );
    assert_eq!(
        (r2.sign_off.comment.as_str(), r2.sign_off.signed_by.as_str(), r2.meeting),
        ("두 번째 | second", "이서연", None)
    );
    assert_eq!(r2.sign_off.reopen_reason, None);
    assert_eq!(r2.decisions.len(), 1);
    assert!(r1.sign_off.signed_at < r2.sign_off.signed_at);

    // The item's own history says it was carried over, where, why, by whom, in which meeting.
    let carried = store.item("CARE-2").unwrap().unwrap();
    let history = store.item_history(&carried).unwrap();
    let said: Vec<(String, &str, &str, Option<i64>)> =
        history.iter().map(|h| (h.summary(), h.note.as_str(), h.changed_by.as_str(), h.meeting)).collect();
    assert_eq!(
        said,
        [
            ("created".to_string(), "", "김민지", None),
            ("carried over at sign-off of Planning & design".to_string(), "다음 단계", "김민지", Some(1)),
            ("carried over at sign-off of Planning & design".to_string(), "아직 | still open", "이서연", None),
        ]
    );
    let accepted = store.item("CARE-1").unwrap().unwrap();
    let last = store.item_history(&accepted).unwrap().pop().unwrap();
    assert_eq!(last.summary(), "status: open → accepted");
    assert_eq!(last.note, "risk accepted at sign-off of Planning & design: 영향 낮음 | low");
    // And the consultation-wide histories (the report's) say the same, for every item: the
    // meetings, the carry-overs and the order read as one item's history reads them.
    let histories = store.item_histories(&c).unwrap();
    assert_eq!(histories[&carried.id], history);
    for item in store.items_of(&c).unwrap() {
        assert_eq!(
            histories.get(&item.id).cloned().unwrap_or_default(),
            store.item_history(&item).unwrap(),
            "{}",
            item.key
        );
    }
}

// ---------------------------------------------------------------------------------------
// 6. Finding consultations
// ---------------------------------------------------------------------------------------

fn three_consultations(store: &mut Store) {
    open_care(store);
    open_loan(store);
    create(store, "HR2", "채용 추천 | Hiring", "People Analytics", &[]);
}

#[test]
fn find_consultations_matches_key_name_or_team_ignoring_ascii_case() {
    let mut store = Store::open_in_memory().unwrap();
    three_consultations(&mut store);

    assert_eq!(found(&store, "care"), ["CARE"], "key and name, any case");
    assert_eq!(found(&store, "hr2"), ["HR2"], "key");
    assert_eq!(found(&store, "돌봄"), ["CARE"], "Korean name");
    assert_eq!(found(&store, "| LOAN"), ["LOAN"], "name with a pipe");
    assert_eq!(found(&store, "신용팀"), ["LOAN"], "Korean team");
    assert_eq!(found(&store, "PEOPLE analytics"), ["HR2"], "team, any case");
    assert_eq!(found(&store, "  채용  "), ["HR2"], "surrounding blanks ignored");
    assert!(found(&store, "없는 상담").is_empty());
}

#[test]
fn find_consultations_with_an_empty_filter_lists_every_consultation_by_key() {
    let mut store = Store::open_in_memory().unwrap();
    three_consultations(&mut store);

    assert_eq!(found(&store, ""), ["CARE", "HR2", "LOAN"]);
    assert_eq!(found(&store, "   "), ["CARE", "HR2", "LOAN"]);
    let all: Vec<String> = store.consultation_summaries(TODAY).unwrap().into_iter().map(|s| s.key).collect();
    assert_eq!(all, ["CARE", "HR2", "LOAN"]);
}

#[test]
fn a_filter_typed_as_jamo_finds_a_name_with_composed_syllables() {
    let mut store = Store::open_in_memory().unwrap();
    open_care(&mut store);
    create(&mut store, "HANGUL", "한글 안내 챗봇 | Hangul", "교육팀", &[]);

    assert_eq!(found(&store, HANGUL_JAMO), ["HANGUL"]);
    assert_eq!(found(&store, "한글"), ["HANGUL"]);
}

#[test]
fn a_name_typed_as_jamo_is_stored_composed_and_found() {
    let mut store = Store::open_in_memory().unwrap();
    let name = format!("{HANGUL_JAMO} 안내 | Hangul");
    let team = format!("{HANGUL_JAMO}팀");
    let c = create(&mut store, "HANGUL", &name, &team, &[]);

    assert_eq!(c.name, "한글 안내 | Hangul");
    assert_eq!(c.team, "한글팀");
    assert_eq!(found(&store, "한글"), ["HANGUL"]);
    assert_eq!(found(&store, HANGUL_JAMO), ["HANGUL"]);
}

#[test]
fn summaries_count_open_items_and_items_overdue_before_today() {
    let mut store = Store::open_in_memory().unwrap();
    let care = open_care(&mut store);
    let loan = open_loan(&mut store);
    raise(&mut store, &care, &NewItem { priority: Some(Priority::High), ..item_due("어제 마감", "2026-03-14") });
    raise(&mut store, &care, &item_due("오늘 마감", TODAY));
    raise(&mut store, &care, &item_due("내일 마감", "2026-03-16"));
    raise(&mut store, &care, &new_item("마감 없음"));
    raise(&mut store, &care, &item_due("오래 지남", "2025-12-31"));
    raise(&mut store, &loan, &item_due("대출 지남", "2026-03-01"));

    let s = summary(&store, "CARE");
    assert_eq!((s.open_items, s.overdue_items), (5, 2));
    assert_eq!(summary(&store, "LOAN").overdue_items, 1);
    let later = store.find_consultations("2026-03-17", "CARE").unwrap();
    assert_eq!(later[0].overdue_items, 4, "today decides what is overdue");

    // An accepted risk is no longer open, so no longer overdue.
    let accept = [decide("CARE-1", Decision::Accept, "수용 | accepted")];
    store.sign_off_stage(&care, "planning", "완료", &accept, None, &confirmed(&store, &care, "planning")).unwrap();
    let s = summary(&store, "CARE");
    assert_eq!((s.open_items, s.overdue_items), (4, 1));
}

// ---------------------------------------------------------------------------------------
// Text that shows nothing counts as empty
// ---------------------------------------------------------------------------------------

mod invisible_text {
    use super::*;
    use chec::domain::ItemUpdate;
    use chec::domain::consultation::NewConsultationError;

    /// Texts that show nothing once cleaned: escape sequences, controls, invisible
    /// characters (zero-width space, word joiner, BOM, Hangul filler), spaces.
    const INVISIBLE: [&str; 6] = [
        "\u{1b}[31m\u{1b}[0m",
        "\u{1b}]8;;http://x\u{7}\u{1b}]8;;\u{7}",
        " \u{200b}\u{2060}\u{feff} ",
        "\u{3164}\u{115f}",
        "\u{9b}2J\u{85}\u{202e}",
        "\t\u{7}\u{0}",
    ];

    #[test]
    fn a_title_or_name_that_shows_nothing_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let care = open_care(&mut store);
        raise(&mut store, &care, &new_item("보이는 제목"));
        for text in INVISIBLE {
            let err = store.raise_item(&care, &new_item(text), None).unwrap_err();
            assert!(matches!(err, StoreError::Item(ItemError::EmptyTitle)), "{text:?}: {err}");
            let update = ItemUpdate { title: Some(text.into()), ..ItemUpdate::default() };
            let err = store.update_item("CARE-1", &update, None).unwrap_err();
            assert!(matches!(err, StoreError::Item(ItemError::EmptyTitle)), "{text:?}: {err}");
            let update =
                ItemUpdate { status: Some(ItemStatus::Resolved), note: Some(text.into()), ..ItemUpdate::default() };
            let err = store.update_item("CARE-1", &update, None).unwrap_err();
            assert!(matches!(err, StoreError::Item(ItemError::NoteRequired(_))), "{text:?}: {err}");
            let mut new = NewConsultation {
                key: "LOAN".parse().unwrap(),
                name: text.into(),
                team: String::new(),
                description: String::new(),
                traits: vec![],
            };
            assert_eq!(new.validate(&questionnaire()), Err(NewConsultationError::EmptyName), "{text:?}");
            let err = sign_off_error(store.sign_off_stage(
                &care,
                "planning",
                text,
                &[],
                None,
                &confirmed(&store, &care, "planning"),
            ));
            assert_eq!(err, SignOffError::EmptyComment, "{text:?}");
        }
        assert_eq!(store.item("CARE-1").unwrap().unwrap().title, "보이는 제목", "nothing changed");
        assert_eq!(store.item("CARE-1").unwrap().unwrap().status, ItemStatus::Open);
    }

    #[test]
    fn a_reason_that_shows_nothing_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let care = open_care(&mut store);
        raise(&mut store, &care, &item_with_priority("중요", Priority::High));
        for text in INVISIBLE {
            let accept = [decide("CARE-1", Decision::Accept, text)];
            let err = sign_off_error(store.sign_off_stage(
                &care,
                "planning",
                "완료",
                &accept,
                None,
                &confirmed(&store, &care, "planning"),
            ));
            assert_eq!(err, SignOffError::AcceptNeedsReason("CARE-1".into()), "{text:?}");
        }
        store
            .sign_off_stage(
                &care,
                "planning",
                "완료",
                &[decide("CARE-1", Decision::CarryOver, "")],
                None,
                &confirmed(&store, &care, "planning"),
            )
            .unwrap();
        for text in INVISIBLE {
            let err = sign_off_error(store.reopen_stage(&care, "planning", text));
            assert_eq!(err, SignOffError::EmptyReason, "{text:?}");
        }
    }

    #[test]
    fn an_owner_or_detail_that_shows_nothing_is_stored_empty() {
        let mut store = Store::open_in_memory().unwrap();
        let care = open_care(&mut store);
        for text in INVISIBLE {
            let new = NewItem { owner: text.into(), detail: text.into(), ..new_item("제목") };
            let item = raise(&mut store, &care, &new);
            assert_eq!((item.owner.as_str(), item.detail.as_str()), ("", ""), "{text:?}");
            let update = ItemUpdate {
                owner: Some(format!("{text}이서연")),
                detail: Some("상세".into()),
                ..ItemUpdate::default()
            };
            store.update_item(&item.key, &update, None).unwrap();
            let update = ItemUpdate { owner: Some(text.into()), detail: Some(text.into()), ..ItemUpdate::default() };
            let item = store.update_item(&item.key, &update, None).unwrap();
            assert_eq!((item.owner.as_str(), item.detail.as_str()), ("", ""), "{text:?}");
        }
        let attendees = chec::domain::meeting::parse_attendees(&format!("{}\n김민지, consultant", INVISIBLE[0]));
        assert_eq!(attendees, [attendee("김민지", "consultant")]);
    }
}
