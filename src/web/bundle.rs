//! The bundle's overall limit in words (004 附件2 八: 13 working days without assessment,
//! publication and pension payment time), from an application's items and their histories.

use chrono::NaiveDate;

use crate::db::cases::Event;
use crate::domain::bundle_limit::{self, BundleClock, Stretch};
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::matter::LinkedService;
use crate::domain::policy::ProvincePolicy;
use crate::domain::working_days::Calendar;
use crate::i18n::Lang;

/// The stretches of every matter and service item: each event starts a state that lasts until
/// the item's next event (or `today`).
pub fn stretches(items: &[ItemSummary], events: &[Event], today: NaiveDate) -> Vec<Stretch> {
    let local = |e: &Event| crate::domain::working_days::local_date(e.at);
    let mut out = vec![];
    for item in items {
        let history: Vec<&Event> = events.iter().filter(|e| e.item_id == item.id).collect();
        for (i, e) in history.iter().enumerate() {
            let to = history.get(i + 1).map_or(today, |next| local(next));
            let counts = match ItemStatus::parse(item.kind(), &e.to_state) {
                Some(ItemStatus::Matter(state)) => bundle_limit::matter_counts(state),
                Some(ItemStatus::Service(state)) => LinkedService::from_code(&item.code)
                    .is_some_and(|s| bundle_limit::service_counts(s, state)),
                _ => false,
            };
            out.push(Stretch {
                from: local(e),
                to,
                counts,
            });
        }
    }
    out
}

/// The clock of the application, where its province sets a bundle limit.
pub fn clock(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    items: &[ItemSummary],
    events: &[Event],
    today: NaiveDate,
) -> Option<BundleClock> {
    policy.bundle_limit?;
    bundle_limit::bundle_clock(policy, calendar, &stretches(items, events, today))
}

/// “全程时限 13 个工作日（…）：已用 N 个工作日”, and whether it is broken.
pub fn text(lang: Lang, clock: &BundleClock) -> (String, bool) {
    (
        lang.t_args(
            "bundle-limit",
            &[
                ("days", clock.limit.days.to_string()),
                ("used", clock.used.to_string()),
                (
                    "source",
                    crate::web::sources::sources_text(lang, clock.limit.seed),
                ),
            ],
        ),
        clock.broken(),
    )
}
