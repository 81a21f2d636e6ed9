//! 评残公示: what the public announcement shows and for how long (000 §三(二): adults who meet the
//! standard are published, minors and those who do not are notified instead; 002: Zhejiang's
//! commitment replaces publication; DOMAIN “Privacy”: publish only what the announcement needs,
//! names and ID numbers masked).

use chrono::{Days, NaiveDate};

use super::policy::ProvincePolicy;
use super::workflow::objection_window_closes;
use super::working_days::Calendar;

/// Two-character surnames (复姓) kept whole when a name is masked.
const COMPOUND_SURNAMES: [&str; 24] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "万俟", "闻人", "澹台", "申屠", "呼延",
];

/// The separators of transcribed names (阿依古丽·买买提).
const DOTS: [char; 4] = ['·', '•', '．', '.'];

/// DOMAIN “Privacy”: a name as the announcement shows it — the surname and, for given names of
/// two or more characters, the last character; everything between masked (张*明, 张*, 欧阳*娜,
/// 阿***·***提 for names with a middle dot). A one-character name shows nothing of itself (*), and
/// a bracketed addition (a former name, a remark: 张三（曾用名）) is left out, so it never shows
/// its closing bracket in place of the name's last character.
pub fn mask_name(name: &str) -> String {
    let name = without_bracketed_suffix(name.trim());
    if name.chars().count() <= 1 {
        return "*".to_owned();
    }
    if name.contains(DOTS) {
        let chars: Vec<char> = name.chars().collect();
        let last = chars.len().saturating_sub(1);
        return chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if DOTS.contains(c) || i == 0 || i == last {
                    *c
                } else {
                    '*'
                }
            })
            .collect();
    }
    let surname_len = if COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) {
        2
    } else {
        1
    };
    let chars: Vec<char> = name.chars().collect();
    let given = chars.len().saturating_sub(surname_len);
    let surname: String = chars.iter().take(surname_len).collect();
    match given {
        0 => surname,
        1 => format!("{surname}*"),
        n => format!(
            "{surname}{}{}",
            "*".repeat(n - 1),
            chars.last().copied().unwrap_or('*')
        ),
    }
}

/// `name` without a trailing （…） or (…).
fn without_bracketed_suffix(name: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if name.ends_with(close)
            && let Some(start) = name.rfind(open)
        {
            return name[..start].trim_end();
        }
    }
    name
}

/// Days an entry stays in public view after its objection window closes (or, where the seeds set
/// no window, after publication starts), unless configured.
pub const DEFAULT_DAYS_SHOWN_AFTER_WINDOW: u64 = 30;

/// The dates of one announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationDates {
    /// Publication starts.
    pub published_on: NaiveDate,
    /// The last day to object or request a review, where the seeds set a window (Hunan: 10
    /// working days, 000 §三(二)); `None` where the county's own rules decide (001 §四(一)4,
    /// 004 附件3 五(四)1).
    pub objection_until: Option<NaiveDate>,
    /// The last day the entry is shown (data minimisation).
    pub shown_until: NaiveDate,
}

impl PublicationDates {
    /// The dates of an announcement starting on `published_on`.
    pub fn new(
        policy: &ProvincePolicy,
        calendar: &Calendar,
        published_on: NaiveDate,
        days_shown_after_window: u64,
    ) -> Self {
        let objection_until =
            objection_window_closes(policy, calendar, published_on).map(|d| d.date);
        PublicationDates {
            published_on,
            objection_until,
            shown_until: objection_until.unwrap_or(published_on)
                + Days::new(days_shown_after_window),
        }
    }

    /// Whether objections are still possible on `today`: until the window's last day, or while
    /// the entry is shown where the seeds set no window.
    pub fn window_open(&self, today: NaiveDate) -> bool {
        match self.objection_until {
            Some(last) => today <= last,
            None => self.shown(today),
        }
    }

    /// Whether the entry is shown on `today`.
    pub fn shown(&self, today: NaiveDate) -> bool {
        today >= self.published_on && today <= self.shown_until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::HUNAN;
    use crate::domain::test_support::d;

    #[test]
    fn names_keep_the_surname_and_the_last_character_only() {
        let cases = [
            ("张小明", "张*明"),
            ("张明", "张*"),
            ("王", "*"),
            ("", "*"),
            ("张小明（曾用名）", "张*明"),
            ("长沙市芙蓉区办证员（演示）", "长*******员"),
            ("Li (demo)", "L*"),
            ("欧阳娜娜", "欧阳*娜"),
            ("欧阳娜", "欧阳*"),
            ("司马相如", "司马*如"),
            ("李建国强", "李**强"),
            ("阿依古丽·买买提", "阿***·**提"),
            ("玛丽·居里", "玛*·*里"),
            ("  张明 ", "张*"),
        ];
        for (name, masked) in cases {
            assert_eq!(mask_name(name), masked, "{name}");
        }
    }

    #[test]
    fn the_window_closes_after_ten_working_days_and_the_entry_leaves_view_later() {
        let cal = Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).unwrap();
        // Published Wed 30 Sep 2026: National Day skipped, adjusted Saturday counted → Tue 20 Oct.
        let p = PublicationDates::new(&HUNAN, &cal, d(2026, 9, 30), 30);
        assert_eq!(p.objection_until, Some(d(2026, 10, 20)));
        assert!(p.window_open(d(2026, 10, 20)));
        assert!(!p.window_open(d(2026, 10, 21)));
        assert_eq!(p.shown_until, d(2026, 11, 19));
        assert!(p.shown(d(2026, 11, 19)));
        assert!(!p.shown(d(2026, 11, 20)));
        assert!(!p.shown(d(2026, 9, 29)), "not before it starts");
    }

    #[test]
    fn without_a_seeded_window_the_entry_is_open_while_shown() {
        // 004 附件3 五(四)1: “公示期满，依法核发” — no length in the seed.
        let cal = Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).unwrap();
        let p = PublicationDates::new(&crate::domain::policy::HENAN, &cal, d(2026, 9, 30), 30);
        assert_eq!(p.objection_until, None);
        assert_eq!(p.shown_until, d(2026, 10, 30));
        assert!(p.window_open(d(2026, 10, 30)));
        assert!(!p.window_open(d(2026, 10, 31)));
    }
}
