//! Every shipped questionnaire speaks Korean and English, with no text missing a translation.

use chec::catalog;
use chec::domain::Questionnaire;

fn texts(q: &Questionnaire) -> Vec<&chec::domain::Text> {
    let mut out = vec![&q.title, &q.description];
    out.extend(q.principles.iter().flat_map(|p| [&p.name, &p.description]));
    out.extend(q.stages.iter().flat_map(|s| [&s.name, &s.description]));
    out.extend(q.traits.iter().flat_map(|t| [&t.name, &t.description]));
    out.extend(q.questions.iter().flat_map(|x| [&x.prompt, &x.guidance.why, &x.guidance.good_answer]));
    out
}

#[test]
fn each_shipped_questionnaire_validates_in_both_languages_with_no_missing_translation() {
    for (name, text) in catalog::SHIPPED {
        let checked = catalog::check(name, text);
        let q = checked.questionnaire.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(checked.warnings.is_empty(), "{name}: {:?}", checked.warnings);
        for lang in ["ko", "en"] {
            assert!(q.languages.iter().any(|l| l == lang), "{name} does not declare {lang}");
            for text in texts(&q) {
                assert!(!text.get(lang).1, "{name}: {text:?} lacks {lang}");
            }
        }
    }
}

#[test]
fn chec_default_names_navers_principles_in_korean() {
    let q = catalog::Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
    let names: Vec<&str> = q.principles.iter().map(|p| p.name.get("ko").0).collect();
    assert_eq!(
        names,
        [
            "사람을 위한 AI 개발",
            "다양성의 존중",
            "합리적인 설명과 편리성의 조화",
            "안전을 고려한 서비스 설계",
            "프라이버시 보호와 정보 보안"
        ]
    );
    assert!(q.principles.iter().all(|p| !p.name.get("ko").1));
}

#[test]
fn the_national_standard_has_its_three_principles_and_ten_requirements_korean_first() {
    let q = catalog::Catalog::shipped().get("kr-ai-ethics-standard").unwrap().questionnaire.clone();
    assert_eq!(q.languages, ["ko", "en"]);
    let names: Vec<&str> = q.principles.iter().map(|p| p.name.get("ko").0).collect();
    assert_eq!(
        names,
        [
            "인간 존엄성 원칙",
            "사회의 공공선 원칙",
            "기술의 합목적성 원칙",
            "인권 보장",
            "프라이버시 보호",
            "다양성 존중",
            "침해금지",
            "공공성",
            "연대성",
            "데이터 관리",
            "책임성",
            "안전성",
            "투명성"
        ]
    );
    // Every principle is asked about, and every stage has questions.
    for p in &q.principles {
        assert!(q.questions.iter().any(|x| x.principles.contains(&p.id)), "{} has no question", p.id);
    }
    for s in &q.stages {
        assert!(q.questions.iter().filter(|x| x.stage == s.id).count() >= 3, "{} has few questions", s.id);
    }
}
