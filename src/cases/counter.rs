//! A clerk (or village helper) at a window starts the one form for the person in front of them
//! (001 附件三(一), 004 三(三)1 and 附件3 五(三)2): the person's record takes the name on the ID
//! card the clerk saw and how they want to be told, the form opens filled from what the system
//! holds about them ([`crate::domain::prefill`]), and the check in person and the records read
//! are audited — one transaction.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::CaseError;
use crate::db::audit;
use crate::db::drafts::Draft;
use crate::db::people::{self, CounterPerson};
use crate::domain::channel::{Channel, Present};
use crate::domain::prefill;

/// The staff member at the window.
#[derive(Debug, Clone, Copy)]
pub struct AtWindow {
    /// Their account (the form's owner).
    pub account_id: i64,
    /// Their office.
    pub office_id: i64,
    /// Counter (clerks) or helper (village helpers).
    pub channel: Channel,
}

/// Records `person` as identified at the window and opens their form; the draft's id.
pub async fn start(
    conn: &mut AsyncPgConnection,
    at: AtWindow,
    person: &CounterPerson<'_>,
    present: Present,
) -> Result<i64, CaseError> {
    let draft = conn
        .transaction::<_, CaseError, _>(async |conn| {
            let person_id = person.record(conn).await?;
            let known = people::known(conn, person_id).await?;
            let answers = serde_json::to_value(prefill::prefilled(&known, present))
                .map_err(|_| CaseError::Unreadable)?;
            let draft =
                Draft::create_assisted(conn, at.account_id, person_id, at.channel, answers).await?;
            audit::about_person(
                conn,
                at.account_id,
                Some(at.office_id),
                None,
                Some(person_id),
                "identity checked in person at the window (ID card seen); records read to \
                 prefill the form",
            )
            .await?;
            Ok(draft)
        })
        .await?;
    tracing::info!(
        clerk = at.account_id,
        draft,
        channel = at.channel.code(),
        "form started at the window"
    );
    Ok(draft)
}
