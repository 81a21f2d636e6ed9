//! The demo data's sample case: the demo applicant's application for a new certificate with the
//! living subsidy, already accepted, assessed and published long enough ago that the objection
//! window has closed — so a newcomer can issue it as the demo county clerk and then grant the
//! subsidy as the demo civil-affairs officer in one sitting. Built from the form's own answers.

use chrono::{Days, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::applications::Submission;
use super::schema::{accounts, application_items, applications, item_events};
use super::uploads::NewUpload;
use super::{calendar, demo, drafts::Draft, offices, people};
use crate::domain::Calendar;
use crate::domain::LinkedService;
use crate::domain::Role;
use crate::domain::answers::Answers;
use crate::domain::application::OpenItem;
use crate::domain::application::ReferenceNumber;
use crate::domain::item::{ItemKind, ItemStatus};
use crate::domain::matter::MatterKind;
use crate::domain::policy::HUNAN;
use crate::domain::publication::{DEFAULT_DAYS_SHOWN_AFTER_WINDOW, PublicationDates};
use crate::domain::service_flow::ServiceState;
use crate::domain::workflow::{self, ItemState};
use crate::storage::Storage;

/// The demo applicant's ID photo (a grey silhouette, 90 × 120), so the certificate issued from the
/// sample case shows a photo as a real one does.
const PHOTO: &[u8] = include_bytes!("demo_photo.png");

/// 10:00 in Beijing, as UTC: when the demo's steps happened.
const TEN_AM_BEIJING: chrono::NaiveTime = match chrono::NaiveTime::from_hms_opt(2, 0, 0) {
    Some(t) => t,
    None => panic!("a valid time"),
};

/// Creates the sample case unless the demo applicant already has an application; its photo is
/// kept in `storage`.
pub async fn load(
    conn: &mut AsyncPgConnection,
    storage: &Storage,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let Some((applicant, account_id, name)) = applicant_without_case(conn).await? else {
        return Ok(());
    };
    let county = "430102";
    let Some((clerk_office, hospital)) = county_offices(conn, county).await? else {
        return Ok(());
    };
    let photo = store_photo(conn, storage, account_id).await?;
    let answers = sample_answers(&applicant.phone, &name, county);
    let answers = serde_json::to_value(&answers)?;
    let cal = calendar::load(conn).await?;
    // Submitted about five weeks ago; published 11 working days ago: the window of 10 is over and
    // the issue is due within 13 (000 §三(二)), so the newcomer finds it due, not overdue.
    let submitted = today - Days::new(35);
    let published = (1..=60)
        .map(|n| today - Days::new(n))
        .find(|d| cal.is_working_day(*d) && cal.between(*d, today).days >= 11)
        .unwrap_or(today - Days::new(30));
    let draft_id = Draft::create(conn, account_id, answers.clone()).await?;
    let person_id = people::upsert_person(conn, &applicant.id_number, &name).await?;
    let reference = move |serial: i64| {
        ReferenceNumber::new(submitted, county, serial)
            .as_str()
            .to_owned()
    };
    let (app_id, _, _) = Submission {
        draft_id,
        account_id,
        person_id,
        applying_as: "self",
        matter: Some("new"),
        handling_county: county,
        handling_township: Some("430102001"),
        approving_county: county,
        answers,
        first_deadline: HUNAN
            .limit(crate::domain::policy::Step::AcceptanceReview)
            .map(|l| l.due(&cal, submitted, 0).date)
            .unwrap_or(submitted),
        items: vec![
            OpenItem {
                code: MatterKind::New.code(),
                status: ItemStatus::Matter(ItemState::Submitted),
                deadline: None,
            },
            OpenItem {
                code: LinkedService::LivingSubsidy.code(),
                status: ItemStatus::Service(ServiceState::Waiting),
                deadline: None,
            },
        ],
        today: submitted,
        at: at(submitted),
        materials: vec![("photo".to_owned(), photo)],
        reference: &reference,
        message: serde_json::json!({ "name": name, "deadline": "" }),
        lang: "zh-CN",
        channel: crate::domain::channel::Channel::Online,
    }
    .submit(conn)
    .await?;
    let masked_id = crate::domain::IdNumber::parse(&applicant.id_number)?.masked_public();
    let sample = Published {
        application_id: app_id,
        on: published,
        submitted,
        county,
        clerk_office: clerk_office.id,
        hospital: hospital.id,
        masked_name: crate::domain::publication::mask_name(&name),
        masked_id,
    };
    sample.store(conn, &cal).await
}

/// The sample's answers: 肢体残疾 applied for by the person, with the living subsidy.
fn sample_answers(phone: &str, name: &str, county: &str) -> Answers {
    Answers {
        applying_as: "self".into(),
        held: "none".into(),
        matter: "new".into(),
        categories: vec!["4".into()],
        ethnicity: "01".into(),
        marital: "10".into(),
        education: "10".into(),
        phone: phone.to_owned(),
        hukou: [
            "43".into(),
            "4301".into(),
            county.into(),
            "430102001".into(),
        ],
        hukou_detail: "文艺路 1 号（演示）".into(),
        same_residence: "yes".into(),
        services: vec!["living_subsidy".into()],
        benefits: vec!["dibao".into()],
        bank_holder: name.to_owned(),
        bank_name: "中国农业银行长沙芙蓉支行（演示）".into(),
        bank_card: "6228480402564890018".into(),
        needs: vec!["none".into()],
        delivery: "township".into(),
        ..Answers::default()
    }
}

/// The demo applicant, their account and name, while they have no application yet.
async fn applicant_without_case(
    conn: &mut AsyncPgConnection,
) -> anyhow::Result<Option<(demo::DemoAccount, i64, String)>> {
    let Some(applicant) = demo::accounts()
        .into_iter()
        .find(|a| a.role == Role::Applicant)
    else {
        return Ok(None);
    };
    let Some((account_id, name)) = accounts::table
        .filter(accounts::id_number.eq(&applicant.id_number))
        .select((accounts::id, accounts::real_name))
        .first::<(i64, String)>(conn)
        .await
        .optional()?
    else {
        return Ok(None);
    };
    let has_one: bool = diesel::select(diesel::dsl::exists(
        applications::table.filter(applications::account_id.eq(account_id)),
    ))
    .get_result(conn)
    .await?;
    Ok((!has_one).then_some((applicant, account_id, name)))
}

/// The county's federation and its first designated institution.
async fn county_offices(
    conn: &mut AsyncPgConnection,
    county: &str,
) -> anyhow::Result<Option<(offices::Office, offices::Office)>> {
    let clerk_office = offices::page(conn, Some(county), 0, 50)
        .await?
        .into_iter()
        .find(|o| o.kind == crate::domain::office::OfficeKind::Federation);
    let hospital = offices::institutions_in(conn, county)
        .await?
        .into_iter()
        .next();
    Ok(clerk_office.zip(hospital))
}

/// The demo photo, stored as the applicant's upload.
async fn store_photo(
    conn: &mut AsyncPgConnection,
    storage: &Storage,
    account_id: i64,
) -> anyhow::Result<i64> {
    let sha256 = storage.put(PHOTO.to_vec()).await?;
    Ok(NewUpload {
        owner_account_id: account_id,
        sha256: &sha256,
        content_type: "image/png",
        byte_size: i32::try_from(PHOTO.len())?,
        original_name: "证件照（演示）.png",
    }
    .insert(conn)
    .await?)
}

/// The sample case as published: where and when, and who acted.
struct Published {
    application_id: i64,
    on: chrono::NaiveDate,
    submitted: chrono::NaiveDate,
    county: &'static str,
    clerk_office: i64,
    hospital: i64,
    masked_name: String,
    masked_id: String,
}

impl Published {
    /// Moves the sample's matter to published, with the conclusion, the announcement entry and
    /// the steps that led there.
    async fn store(&self, conn: &mut AsyncPgConnection, cal: &Calendar) -> anyhow::Result<()> {
        let published = self.on;
        let item: i64 = application_items::table
            .filter(application_items::application_id.eq(self.application_id))
            .filter(application_items::kind.eq(ItemKind::Matter))
            .select(application_items::id)
            .first(conn)
            .await?;
        let deadline = workflow::deadline(
            &HUNAN,
            cal,
            ItemState::Published,
            workflow::MatterFlow::Assessment,
            published,
            0,
        );
        diesel::update(application_items::table.find(item))
            .set((
                application_items::status.eq(ItemState::Published),
                application_items::state_since.eq(Some(published)),
                application_items::deadline.eq(deadline.map(|d| d.date)),
                application_items::institution_id.eq(Some(self.hospital)),
                application_items::conclusion_meets.eq(Some(true)),
                application_items::conclusion_category.eq(Some(4_i16)),
                application_items::conclusion_grade.eq(Some(2_i16)),
                application_items::conclusion_components
                    .eq(Some(serde_json::json!([{ "category": 4, "grade": 2 }]))),
                application_items::version.eq(3),
            ))
            .execute(conn)
            .await?;
        let shown = PublicationDates::new(&HUNAN, cal, published, DEFAULT_DAYS_SHOWN_AFTER_WINDOW);
        super::publications::insert(
            conn,
            &super::publications::NewPublication {
                item_id: item,
                province_code: "43".into(),
                city_code: "4301".into(),
                county_code: self.county.into(),
                masked_name: self.masked_name.clone(),
                masked_id: self.masked_id.clone(),
                category: 4,
                grade: 2,
                published_on: shown.published_on,
                objection_until: shown.objection_until,
                shown_until: shown.shown_until,
            },
        )
        .await?;
        self.steps(conn, item).await
    }

    /// The history: accepted the next day, assessed a week later, published.
    async fn steps(&self, conn: &mut AsyncPgConnection, item: i64) -> anyhow::Result<()> {
        use ItemState as S;
        let steps = [
            (
                self.submitted + Days::new(1),
                Role::CountyClerk,
                self.clerk_office,
                "accept",
                S::Submitted,
                S::Accepted,
            ),
            (
                self.submitted + Days::new(8),
                Role::Doctor,
                self.hospital,
                "record_conclusion",
                S::Accepted,
                S::Assessed { meets: true },
            ),
            (
                self.on,
                Role::CountyClerk,
                self.clerk_office,
                "publish_or_notify",
                S::Assessed { meets: true },
                S::Published,
            ),
        ];
        for (day, role, office, command, from, to) in steps {
            diesel::insert_into(item_events::table)
                .values((
                    item_events::item_id.eq(item),
                    item_events::at.eq(at(day)),
                    item_events::actor_role.eq(role.code()),
                    item_events::office_id.eq(Some(office)),
                    item_events::command.eq(command),
                    item_events::from_state.eq(Some(from)),
                    item_events::to_state.eq(to),
                ))
                .execute(conn)
                .await?;
        }
        Ok(())
    }
}

/// 10:00 in Beijing on `day`, as stored.
fn at(day: chrono::NaiveDate) -> chrono::DateTime<Utc> {
    day.and_time(TEN_AM_BEIJING).and_utc()
}
