//! The large-database generator shared by `examples/seed.rs` and the benchmarks.
//!
//! Every record goes through the same `Store` calls the application makes (consultations,
//! meetings, answers, assessments, items, item updates, sign-offs), each with its team event.
//! Only the disk syncs are skipped (`Store::for_bulk_load`) and each consultation's writes
//! are committed together (`Store::in_bulk`, each write a savepoint in it), and the clock is
//! simulated so that five years of history lie behind the anchor date. The same options
//! always give the same content; record ids (random UUIDv7 bits) differ from run to run.
//!
//! The first consultation, `BIG`, gets 1,000 items (fewer if fewer are asked for): the
//! benchmarks export its report. Owners come from a fixed pool with a skew, so a few people
//! own many items (`kim.minji` most, about 6 % of all), as in a real team.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, bail};
use chec::catalog::Catalog;
use chec::domain::QuestionRef;
use chec::domain::{
    Assessment, Attendee, Decision, ItemDecision, ItemStatus, ItemUpdate, NewConsultation, NewItem, NewMeeting,
    Priority, ResponseField, Risk, RiskResponse, RiskSource,
};
use chec::storage::Store;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_xorshift::XorShiftRng;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The database to create; it must not exist unless `force`.
    pub db: PathBuf,
    pub consultations: usize,
    pub items: usize,
    /// The same seed gives the same content.
    pub seed: u64,
    /// The last day of the history, which starts five years earlier.
    pub until: NaiveDate,
    /// Replace the database if it exists.
    pub force: bool,
}

/// What was generated.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub consultations: usize,
    pub items: usize,
    pub bytes: u64,
    pub seconds: f64,
}

const FAMILY: &[&str] = &["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh"];
const GIVEN: &[&str] = &[
    "minji", "jun", "seoyeon", "jiho", "hana", "doyun", "yuna", "siwoo", "eunji", "hyun", "sora", "taeyang", "jimin",
    "woojin", "nari", "dahye", "sungmin", "yejin", "hoon", "bora", "alex", "sam", "maria", "chen", "priya",
];
const TEAMS: &[&str] = &[
    "검색",
    "추천",
    "광고",
    "결제",
    "고객센터",
    "지도",
    "모빌리티",
    "헬스케어",
    "금융",
    "커머스",
    "콘텐츠",
    "보안",
    "Search Quality",
    "Trust & Safety",
    "Payments",
    "Growth",
    "ML Platform",
    "Voice",
    "Vision",
    "Ads Ranking",
];
const PRODUCTS: &[&str] = &[
    "상담 챗봇",
    "이상거래 탐지",
    "신용 평가 모델",
    "음성 비서",
    "얼굴 인증",
    "뉴스 추천",
    "채용 서류 심사",
    "의료 영상 판독 보조",
    "번역",
    "요약 서비스",
    "Fraud scoring API",
    "Smart reply",
    "Content moderation",
    "Route ETA model",
    "Image captioning",
    "Search ranking",
    "Churn predictor",
    "Voice transcription",
];
const ACTIONS: &[&str] = &[
    "학습 데이터 출처 문서화",
    "개인정보 비식별화 검증",
    "편향 평가 지표 추가",
    "사용자 고지 문구 개선",
    "이의 제기 절차 마련",
    "모델 카드 작성",
    "Add a fairness test for age groups",
    "Log model decisions for audit",
    "Explain the score to users",
    "Limit retention of voice samples",
    "Red-team the prompt filter",
    "Document the human review step",
    "Add an opt-out | 거부 경로",
    "Monitor drift after launch",
    "Review the labelling guidelines",
    "Measure false positives by region",
];
const DETAILS: &[&str] = &[
    "The team agreed to do this before the next stage.",
    "서비스 팀과 합의한 개선 사항입니다. 다음 회의에서 진행 상황을 확인합니다.",
    "Raised while discussing the data pipeline; owner to report back.",
    "법무팀 검토가 필요할 수 있음 (A|B 테스트 결과 포함).",
    "",
];
const ANSWERS: &[&str] = &[
    "학습 데이터는 내부 상담 로그에서 가져오며 개인정보는 마스킹합니다.",
    "We collect consent at sign-up and keep the records for three years.",
    "아직 결정되지 않았습니다. 다음 스프린트에서 검토 예정입니다.",
    "A human reviews every rejected application before the decision is sent.",
    "The model is evaluated monthly on a held-out set split by region | age.",
];

/// A deterministic walk through the calendar: each call moves the simulated clock on.
struct Clock {
    at: DateTime<Utc>,
    /// The store's clock, moved with this one.
    store: chec::clock::Clock,
}

impl Clock {
    fn set(&mut self, at: DateTime<Utc>) {
        self.at = at;
        self.store.set(at);
    }

    fn advance(&mut self, by: TimeDelta) {
        self.set(self.at + by);
    }
}

fn owners() -> Vec<String> {
    let mut all = Vec::new();
    for given in GIVEN {
        for family in FAMILY {
            all.push(format!("{family}.{given}"));
        }
    }
    all
}

/// Write the database `args` describe; `progress` hears how far it got every few seconds.
pub fn generate(args: &Options, mut progress: impl FnMut(&str)) -> anyhow::Result<Summary> {
    if args.consultations == 0 {
        bail!("--consultations must be at least 1");
    }
    if args.db.exists() {
        if !args.force {
            bail!("{} exists; pass --force to replace it", args.db.display());
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut path = args.db.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    let started = Instant::now();
    let mut store = Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    store.for_bulk_load()?;
    let catalog = Catalog::shipped();
    let questionnaires: Vec<_> = catalog.entries().iter().map(|e| e.questionnaire.clone()).collect();
    if questionnaires.is_empty() {
        bail!("no shipped questionnaire parsed");
    }
    let mut rng = XorShiftRng::seed_from_u64(args.seed);
    let owners = owners();
    let end = args.until.and_hms_opt(18, 0, 0).context("bad --until")?.and_utc();
    let begin = end - TimeDelta::days(5 * 365);

    // Items per consultation: BIG gets 1,000, the rest share the remainder unevenly.
    let big = args.items.min(1000).min(if args.consultations == 1 { args.items } else { args.items / 2 });
    let mut counts = vec![big];
    let rest = args.items - big;
    let others = args.consultations - 1;
    if others > 0 {
        let weights: Vec<f64> = (0..others).map(|_| rng.random_range(0.3..1.7)).collect();
        let total: f64 = weights.iter().sum();
        let mut given = 0;
        for (i, w) in weights.iter().enumerate() {
            let n = if i + 1 == others { rest - given } else { ((w / total) * rest as f64) as usize };
            counts.push(n);
            given += n;
        }
    } else {
        counts[0] = args.items;
    }

    let mut clock = Clock { at: begin, store: chec::clock::Clock::manual(begin, chec::clock::Zone::UTC) };
    store.set_clock(clock.store.clone());
    let mut raised = 0usize;
    let mut last_report = Instant::now();
    for (index, &item_count) in counts.iter().enumerate() {
        // One commit per consultation (each write still its own savepoint). With a commit
        // per write, most of the time went into SQLite's commits (writing the changed pages
        // to the log, and a walk over the page cache at each commit that grew with the
        // cache: 44 % of a profile at 30,000 items); now 1M items take about 20 minutes.
        store.in_bulk(|store| -> anyhow::Result<()> {
            let key = if index == 0 { "BIG".to_string() } else { format!("S{index:05}") };
            let questionnaire = if rng.random_bool(0.8) {
                &questionnaires[0]
            } else {
                questionnaires.last().unwrap_or(&questionnaires[0])
            };
            let traits: Vec<String> =
                questionnaire.traits.iter().filter(|_| rng.random_bool(0.5)).map(|t| t.id.clone()).collect();
            // Older consultations have gone further.
            let start = begin + TimeDelta::minutes(rng.random_range(0..(5 * 365 * 24 * 60 - 30 * 24 * 60)));
            clock.set(start);
            let new = NewConsultation {
                key: key.parse().map_err(|e| anyhow::anyhow!("{e}"))?,
                name: format!("{} {}", PRODUCTS.choose(&mut rng).unwrap_or(&"service"), index),
                team: TEAMS.choose(&mut rng).unwrap_or(&"team").to_string(),
                description: "Generated for benchmarks: a service under consultation.".into(),
                traits: traits.clone(),
            };
            let consultation = store.create_consultation(&new, questionnaire)?;
            let age_days = (end - start).num_days().max(1);
            let stages_reached =
                (((age_days as f64 / 365.0) * 1.2).ceil() as usize).clamp(1, questionnaire.stages.len());
            let per_stage = item_count / stages_reached;
            let mut left = item_count;
            let span = (end - start) / stages_reached as i32;

            for (position, stage) in questionnaire.stages.iter().take(stages_reached).enumerate() {
                clock.set(start + span * position as i32 + TimeDelta::hours(1));
                if position > 0 {
                    store.set_current_stage(&consultation, &stage.id)?;
                }
                let attendees = (0..3)
                    .map(|_| Attendee {
                        name: owners.choose(&mut rng).cloned().unwrap_or_default(),
                        role: ["PM", "ML engineer", "Data engineer", "Legal"]
                            .choose(&mut rng)
                            .unwrap_or(&"")
                            .to_string(),
                    })
                    .collect();
                let agenda = format!("{} 단계 검토 | {} review", stage.name.get("en").0, stage.id);
                let meeting =
                    store.start_meeting(&consultation, &NewMeeting { stage: stage.id.clone(), attendees, agenda })?;
                let questions: Vec<_> = questionnaire.questions_for(&stage.id, &traits).collect();
                for question in &questions {
                    clock.advance(TimeDelta::minutes(2));
                    let at = QuestionRef { id: &question.id, stage: &stage.id };
                    let answer = ANSWERS.choose(&mut rng).unwrap_or(&"");
                    store.replace_response_text(&consultation, at, ResponseField::Answer, answer, Some(&meeting.id))?;
                    let assessment = *[
                        Assessment::Satisfied,
                        Assessment::Satisfied,
                        Assessment::NeedsImprovement,
                        Assessment::RiskIdentified,
                        Assessment::NotApplicable,
                    ]
                    .choose(&mut rng)
                    .unwrap_or(&Assessment::Satisfied);
                    store.set_assessment(&consultation, at, assessment, Some(&meeting.id))?;
                    if rng.random_bool(0.3) {
                        store.replace_response_text(
                            &consultation,
                            at,
                            ResponseField::Notes,
                            "후속 확인 필요",
                            Some(&meeting.id),
                        )?;
                    }
                }
                let n = if position + 1 == stages_reached { left } else { per_stage };
                left -= n;
                let meeting_day = clock.at;
                for _ in 0..n {
                    clock.advance(TimeDelta::seconds(5));
                    let question = questions.choose(&mut rng);
                    let risk =
                        rng.random_bool(0.7).then(|| Risk::new(rng.random_range(1..=5), rng.random_range(1..=5)));
                    let owner = skewed(&mut rng, &owners);
                    let item = NewItem {
                        title: ACTIONS.choose(&mut rng).unwrap_or(&"Follow up").to_string(),
                        detail: DETAILS.choose(&mut rng).unwrap_or(&"").to_string(),
                        owner,
                        due: Some((meeting_day + TimeDelta::days(rng.random_range(14..120))).date_naive()),
                        priority: rng.random_bool(0.2).then(|| {
                            *[Priority::Low, Priority::Medium, Priority::High, Priority::Critical]
                                .choose(&mut rng)
                                .unwrap_or(&Priority::Medium)
                        }),
                        risk_source: risk
                            .as_ref()
                            .map(|_| if rng.random_bool(0.5) { RiskSource::Technical } else { RiskSource::Human }),
                        risk: risk.transpose().map_err(|e| anyhow::anyhow!("{e}"))?,
                        response: rng.random_bool(0.5).then_some(RiskResponse::Mitigate),
                        question_id: question.map(|q| q.id.clone()),
                        principles: question.map(|q| q.principles.clone()).unwrap_or_default(),
                        stage: stage.id.clone(),
                    };
                    let raised_item = store.raise_item(&consultation, &item, Some(&meeting.id))?;
                    raised += 1;
                    // What happened to it later, seen from the end of the history.
                    let later = clock.at + TimeDelta::days(rng.random_range(1..400));
                    if later < end {
                        let roll: f64 = rng.random();
                        let (status, note) = match roll {
                            r if r < 0.65 => (ItemStatus::Resolved, "완료했습니다 | done"),
                            r if r < 0.70 => (ItemStatus::Accepted, "Risk accepted by the service owner"),
                            r if r < 0.75 => (ItemStatus::WontDo, "No longer relevant after the redesign"),
                            r if r < 0.85 => (ItemStatus::InProgress, ""),
                            _ => (ItemStatus::Open, ""),
                        };
                        if status != ItemStatus::Open {
                            let saved = clock.at;
                            clock.set(later);
                            let update = ItemUpdate {
                                status: Some(status),
                                note: (!note.is_empty()).then(|| note.to_string()),
                                ..ItemUpdate::default()
                            };
                            store.update_item(&raised_item.key, &update, None)?;
                            clock.set(saved);
                        }
                    }
                    if last_report.elapsed().as_secs() >= 5 {
                        last_report = Instant::now();
                        progress(&format!(
                            "{raised}/{} items, {}/{} consultations, {:.0} s",
                            args.items,
                            index + 1,
                            args.consultations,
                            started.elapsed().as_secs_f64()
                        ));
                    }
                }
                clock.advance(TimeDelta::minutes(30));
                store.end_meeting(&meeting.id)?;
                if position + 1 < stages_reached {
                    let decisions: Vec<ItemDecision> = store
                        .active_items(&consultation, Priority::High)?
                        .into_iter()
                        .map(|i| ItemDecision {
                            item_key: i.key,
                            decision: Decision::CarryOver,
                            reason: "다음 단계에서 계속".into(),
                        })
                        .collect();
                    store.sign_off_stage(
                        &consultation,
                        &stage.id,
                        "Stage reviewed with the team.",
                        &decisions,
                        Some(&meeting.id),
                        &store.sign_off_warnings(&consultation, &stage.id)?,
                    )?;
                }
            }
            Ok(())
        })?;
    }
    drop(store);
    let bytes = std::fs::metadata(&args.db).map(|m| m.len()).unwrap_or(0);
    Ok(Summary { consultations: args.consultations, items: raised, bytes, seconds: started.elapsed().as_secs_f64() })
}

/// An owner, skewed so that the first few people own many items (`kim.minji` most, about 6 % of all items).
fn skewed(rng: &mut XorShiftRng, owners: &[String]) -> String {
    let u: f64 = rng.random();
    let index = ((u * u) * owners.len() as f64) as usize;
    owners[index.min(owners.len() - 1)].clone()
}
