//! The shipped questionnaires, parsed once per test binary. Unoptimised (as tests are built),
//! parsing the four files takes tens of milliseconds, and helpers ask for them at every
//! consultation and app they make: a copy of the parsed catalogue is far cheaper. Tests of the
//! loader itself call `Catalog::shipped()`.

use std::sync::OnceLock;

use chec::catalog::Catalog;
use chec::domain::Questionnaire;

/// `Catalog::shipped()`, parsed the first time it is asked for.
pub fn shipped() -> Catalog {
    static SHIPPED: OnceLock<Catalog> = OnceLock::new();
    SHIPPED.get_or_init(Catalog::shipped).clone()
}

/// The shipped questionnaire `id`.
pub fn questionnaire(id: &str) -> Questionnaire {
    shipped().get(id).unwrap_or_else(|| panic!("no shipped questionnaire {id}")).questionnaire.clone()
}
