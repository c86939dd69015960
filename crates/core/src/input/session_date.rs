//! A rehearsal session's date (SPEC §5b): a calendar day, written `YYYY-MM-DD`.

use time::Date;

use crate::error::{Error, Result};

/// The day a band rehearsed. Any real calendar day from 1900 to 2999: a band may enter old
/// tapes, and a date is typed by a person, not read from a recorder's unset clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct SessionDate(Date);

impl SessionDate {
    /// Parses `YYYY-MM-DD` (surrounding space aside); anything else is `invalid_input`
    /// naming `date`.
    pub fn parse(raw: &str) -> Result<Self> {
        let s = raw.trim();
        let bad = || {
            Error::invalid(
                "date",
                "Write the rehearsal's date as YYYY-MM-DD, for example 2026-03-14.",
            )
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let date = crate::recorded::parse_date(b).ok_or_else(bad)?;
        if !(1900..=2999).contains(&date.year()) {
            return Err(bad());
        }
        Ok(SessionDate(date))
    }

    /// The day.
    pub fn date(self) -> Date {
        self.0
    }

    /// Written `YYYY-MM-DD`.
    pub fn as_str(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl From<Date> for SessionDate {
    fn from(d: Date) -> Self {
        SessionDate(d)
    }
}

super::boundary::text_serde!(SessionDate);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for SessionDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[12][0-9]{3}-[0-9]{2}-[0-9]{2}$"))
            .description(Some("The day of the rehearsal, YYYY-MM-DD."))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for SessionDate {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_and_written_the_same() {
        assert_eq!(
            SessionDate::parse(" 2026-03-14 ").unwrap().as_str(),
            "2026-03-14"
        );
        for bad in [
            "",
            "2026-3-14",
            "2026-02-30",
            "14.03.2026",
            "2026/03/14",
            "0999-01-01",
            "2026-03-14T10:00",
            "２０２６-03-14",
        ] {
            let e = SessionDate::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some("date"), "{bad}");
        }
        let d: SessionDate = serde_json::from_str("\"2024-02-29\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
    }
}
