//! Dates as people read them. A deadline in a year whose official holiday notice is not loaded yet
//! was counted on weekends alone: it says so (working_days: such answers are flagged, never
//! silent).

use chrono::{Datelike, NaiveDate};

use crate::domain::Calendar;
use crate::i18n::Lang;

/// `YYYY-MM-DD`, with “provisional” and why when its year has no official notice yet.
pub fn deadline_text(lang: Lang, calendar: &Calendar, date: NaiveDate) -> String {
    let day = date.format("%Y-%m-%d").to_string();
    if calendar.is_official(date.year()) {
        day
    } else {
        let note = lang.t_args("deadline-provisional", &[("year", date.year().to_string())]);
        format!("{day} {note}")
    }
}
