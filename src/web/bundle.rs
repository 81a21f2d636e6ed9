//! The bundle's overall limit in words (004 附件2 八: 13 working days without assessment,
//! publication and pension payment time), from an application's items and their histories.

use chrono::NaiveDate;

use crate::db::cases::Event;
use crate::domain::bundle_limit::{self, BundleClock, Stretch};
use crate::domain::matter::LinkedService;
use crate::domain::policy::ProvincePolicy;
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::ItemState;
use crate::domain::working_days::Calendar;
use crate::i18n::Lang;

/// An item as `cases::items_of` lists it: (id, kind, code, status, deadline).
pub type ItemLine = (i64, String, String, String, Option<NaiveDate>);

/// The stretches of every matter and service item: each event starts a state that lasts until
/// the item's next event (or `today`).
pub fn stretches(items: &[ItemLine], events: &[Event], today: NaiveDate) -> Vec<Stretch> {
    let local = |e: &Event| crate::domain::working_days::local_date(e.at);
    let mut out = vec![];
    for (id, kind, code, _, _) in items {
        let history: Vec<&Event> = events.iter().filter(|e| e.item_id == *id).collect();
        for (i, e) in history.iter().enumerate() {
            let to = history.get(i + 1).map_or(today, |next| local(next));
            let counts = match kind.as_str() {
                "matter" => {
                    ItemState::from_code(&e.to_state).is_some_and(bundle_limit::matter_counts)
                }
                "service" => match (
                    LinkedService::from_code(code),
                    ServiceState::from_code(&e.to_state),
                ) {
                    (Some(s), Some(state)) => bundle_limit::service_counts(s, state),
                    _ => false,
                },
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
    items: &[ItemLine],
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
                    crate::web::apply::guide::sources_text(lang, clock.limit.seed),
                ),
            ],
        ),
        clock.broken(),
    )
}
