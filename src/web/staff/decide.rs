//! Reading a staff member's form as a request of the use case (`cases::act`): the command it
//! gives, the sections reopened for correction, the doctor's conclusion, and the department's
//! answers. What the request then does is decided in `cases::act`.

pub use crate::cases::act::Refusal;
use crate::cases::act::Request;
use crate::db::cases::{Conclusion, ItemRow};
use crate::domain::certificate::{Component, Disability};
use crate::domain::item::ItemStatus;
use crate::domain::review::{ReviewCommand, ReviewState};
use crate::domain::section::Section;
use crate::domain::service_flow::{ServiceCommand, ServiceState};
use crate::domain::service_outcome::Contact;
use crate::domain::workflow::{Command, ItemState};
use crate::domain::{Category, Grade, LinkedService};
use crate::i18n::Lang;
use crate::web::error::AppError;
use crate::web::form::Fields;

/// Where an item stands, in its own workflow.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The certificate matter.
    Matter(ItemState),
    /// A linked service.
    Service(LinkedService, ServiceState),
    /// A review request (复核).
    Review(ReviewState),
}

/// The item's stage (404 for an unknown code).
pub fn stage_of(item: &ItemRow) -> Result<Stage, AppError> {
    match item.status {
        ItemStatus::Service(st) => LinkedService::from_code(&item.code)
            .map(|s| Stage::Service(s, st))
            .ok_or(AppError::NotFound),
        ItemStatus::Review(st) => Ok(Stage::Review(st)),
        ItemStatus::Matter(st) => Ok(Stage::Matter(st)),
    }
}

/// The doctor's “meets the standard” answer (`meets` = yes | no).
fn meets_of(f: &Fields) -> Result<bool, Refusal> {
    match f.get("meets").as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(Refusal::at("meets-yes", "staff-meets-missing")),
    }
}

/// Reads the command of a submitted action form.
pub fn command_of(f: &Fields) -> Result<Command, Refusal> {
    let text = |name: &str| f.get(name);
    Ok(match f.get("command").as_str() {
        "accept" => Command::Accept {
            institution: text("institution")
                .parse()
                .map_err(|_| Refusal::at("institution", "staff-institution-missing"))?,
        },
        "return_for_correction" => Command::ReturnForCorrection {
            items: text("items")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        "reject" => Command::Reject {
            reason: text("reason"),
        },
        "record_conclusion" => Command::RecordConclusion {
            meets: meets_of(f)?,
        },
        "mark_abandoned" => Command::MarkAbandoned,
        "publish_or_notify" => Command::PublishOrNotify { adult: true },
        "pass_to_hukou_county" => Command::PassToHukouCounty,
        "approve_and_issue" => Command::ApproveAndIssue,
        "return_outside_jurisdiction" => Command::ReturnOutsideJurisdiction {
            reason: text("reason"),
        },
        "issue" => Command::Issue,
        "close" => Command::Close,
        "confirm_delivery" => Command::ConfirmDelivery,
        "complete" => Command::Complete,
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// Reads the command of a submitted action form on a linked service.
pub fn service_command_of(f: &Fields) -> Result<ServiceCommand, Refusal> {
    Ok(match f.get("command").as_str() {
        "approve" => ServiceCommand::Approve {
            note: f.get("note"),
        },
        "refuse" => ServiceCommand::Refuse {
            reason: f.get("reason"),
        },
        "record_contact" => ServiceCommand::RecordContact {
            text: f.get("contact_note"),
        },
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// Reads the command of a submitted action form on a review request.
pub fn review_command_of(f: &Fields) -> Result<ReviewCommand, Refusal> {
    Ok(match f.get("command").as_str() {
        "forward_to_committee" => ReviewCommand::Forward {
            committee: f
                .get("committee")
                .parse()
                .map_err(|_| Refusal::at("committee", "staff-committee-missing"))?,
        },
        "schedule_reassessment" => ReviewCommand::Schedule {
            on: crate::domain::answers::parse_date(&f.get("on"))
                .ok_or_else(|| Refusal::at("on", "staff-appointment-on-invalid"))?,
            place: f.get("place").trim().to_owned(),
        },
        "record_final_conclusion" => ReviewCommand::RecordFinalConclusion {
            meets: meets_of(f)?,
        },
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// The conclusion of the doctor's form: a grade for each assessed category (one → that
/// category; two or more → 多重, graded by the most severe, 管理办法 第十三条), none when the
/// person does not meet the standard, and the signed scan. Errors are locale keys.
pub fn conclusion_of(
    fields: &Fields,
    meets: bool,
    scan: Option<i64>,
    material: &'static str,
) -> Result<Conclusion, Refusal> {
    // The form's first grade field (the first category's) is where a grade error points.
    let first_grade = format!("grade-{}", Category::Visual.code());
    let components: Vec<Component> = Category::ALL
        .into_iter()
        .filter(|c| *c != Category::Multiple)
        .filter_map(|category| {
            let grade = fields.get(&format!("grade-{}", category.code()));
            Some(Component {
                category,
                grade: Grade::from_code(grade.parse().ok()?)?,
            })
        })
        .collect();
    let category_grade = match (meets, components.is_empty()) {
        (true, _) => {
            let d = Disability::from_components(components.clone())
                .map_err(|_| Refusal::at(first_grade, "staff-conclusion-grades"))?;
            Some((i16::from(d.category().code()), i16::from(d.grade().code())))
        }
        (false, true) => None,
        (false, false) => return Err(Refusal::at(first_grade, "staff-conclusion-no-grades")),
    };
    // The signed form last: what the doctor chose is checked first and kept either way.
    let form_upload = scan.ok_or_else(|| Refusal::at("form_scan", "staff-conclusion-scan"))?;
    Ok(Conclusion {
        meets,
        category_grade,
        components: serde_json::Value::Array(
            components
                .iter()
                .map(|c| serde_json::json!({ "category": c.category.code(), "grade": c.grade.code() }))
                .collect(),
        ),
        form_upload,
        material,
    })
}

/// The request a submitted form makes of `item`: read by the item's stage, with the sections
/// reopened for correction named in the command's list (in `lang`, the applicant's page reads
/// them) and the conclusion with its signed scan.
pub fn request_of(
    lang: Lang,
    item: &ItemRow,
    fields: &Fields,
    scan: Option<i64>,
) -> Result<Result<Request, Refusal>, AppError> {
    Ok(match stage_of(item)? {
        Stage::Matter(_) => matter_request(lang, fields, scan),
        Stage::Service(..) => service_command_of(fields).map(|command| Request::Service {
            command,
            contact: Contact::from_code(&fields.get("contact")),
            answers: fields.first_values(),
        }),
        Stage::Review(_) => review_command_of(fields).and_then(|command| {
            let conclusion = match &command {
                ReviewCommand::RecordFinalConclusion { meets } => Some(conclusion_of(
                    fields,
                    *meets,
                    scan,
                    "final_assessment_result",
                )?),
                _ => None,
            };
            Ok(Request::Review {
                command,
                conclusion,
            })
        }),
    })
}

/// A request on the certificate matter.
fn matter_request(lang: Lang, fields: &Fields, scan: Option<i64>) -> Result<Request, Refusal> {
    let mut command = command_of(fields)?;
    // Sections reopened for the applicant to correct; each is named in the list too.
    let sections: Vec<&'static str> = Section::REOPENABLE
        .iter()
        .map(|s| s.code())
        .filter(|c| fields.all("sections").iter().any(|v| v == c))
        .collect();
    if let Command::ReturnForCorrection { items } = &mut command {
        for s in &sections {
            let title = lang.t(&format!("apply-{s}-title"));
            if !items.iter().any(|i| i.contains(&title)) {
                items.push(lang.t_args("staff-reopened-item", &[("section", title)]));
            }
        }
    }
    let conclusion = match &command {
        Command::RecordConclusion { meets } => {
            Some(conclusion_of(fields, *meets, scan, "assessment_result")?)
        }
        _ => None,
    };
    Ok(Request::Matter {
        command,
        sections,
        conclusion,
    })
}
