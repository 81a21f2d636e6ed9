//! The disability certificate (残疾人证): categories, grades, the 2nd-generation number, validity,
//! renewal, states and their transitions.

use std::fmt;

use chrono::{Months, NaiveDate};

use super::id_number::{IdNumber, IdNumberError};

/// GB/T 26341-2010 category (残疾类别) with its certificate code digit (管理办法 第五条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 视力残疾 — code 1.
    Visual,
    /// 听力残疾 — code 2.
    Hearing,
    /// 言语残疾 — code 3.
    Speech,
    /// 肢体残疾 — code 4.
    Physical,
    /// 智力残疾 — code 5.
    Intellectual,
    /// 精神残疾 — code 6.
    Mental,
    /// 多重残疾 — code 7 (two or more of the above; see [`Disability::Multiple`]).
    Multiple,
}

impl Category {
    /// The seven categories in code order.
    pub const ALL: [Category; 7] = [
        Category::Visual,
        Category::Hearing,
        Category::Speech,
        Category::Physical,
        Category::Intellectual,
        Category::Mental,
        Category::Multiple,
    ];

    /// 管理办法 第五条: the category code digit 1–7.
    pub fn code(self) -> u8 {
        match self {
            Category::Visual => 1,
            Category::Hearing => 2,
            Category::Speech => 3,
            Category::Physical => 4,
            Category::Intellectual => 5,
            Category::Mental => 6,
            Category::Multiple => 7,
        }
    }

    /// The category for a code digit.
    pub fn from_code(code: u8) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// 001 §四(一)1: intellectual and mental categories need a guardian's proof.
    pub fn needs_guardian(self) -> bool {
        matches!(self, Category::Intellectual | Category::Mental)
    }
}

/// GB/T 26341-2010 grade (残疾等级): 一级 (most severe) … 四级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// 一级 极重度 — code 1.
    One,
    /// 二级 重度 — code 2.
    Two,
    /// 三级 中度 — code 3.
    Three,
    /// 四级 轻度 — code 4.
    Four,
}

impl Grade {
    /// The four grades, most severe first.
    pub const ALL: [Grade; 4] = [Grade::One, Grade::Two, Grade::Three, Grade::Four];

    /// 管理办法 第五条: the grade code digit 1–4.
    pub fn code(self) -> u8 {
        match self {
            Grade::One => 1,
            Grade::Two => 2,
            Grade::Three => 3,
            Grade::Four => 4,
        }
    }

    /// The grade for a code digit.
    pub fn from_code(code: u8) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == code)
    }

    /// 003 附件3 一(二): grades 1 and 2 are “severe” (重度残疾人).
    pub fn is_severe(self) -> bool {
        matches!(self, Grade::One | Grade::Two)
    }
}

/// One assessed component: a single category (not `Multiple`) and its grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Component {
    /// A single category.
    pub category: Category,
    /// Its grade.
    pub grade: Grade,
}

/// What a certificate records: one category, or multiple disabilities with their components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disability {
    /// A single category and grade.
    Single(Component),
    /// 多重残疾: two or more distinct single categories (管理办法 第十三条).
    Multiple(Vec<Component>),
}

/// Why a disability record is inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DisabilityError {
    /// `Multiple` used as a component category.
    #[error("a component cannot itself be multiple")]
    NestedMultiple,
    /// Fewer than two distinct components.
    #[error("multiple disabilities need at least two different categories")]
    TooFewComponents,
    /// The same category twice.
    #[error("a category appears twice")]
    DuplicateCategory,
}

impl Disability {
    /// Builds the record from assessed components: one → single; two or more → multiple.
    pub fn from_components(mut components: Vec<Component>) -> Result<Self, DisabilityError> {
        if components.iter().any(|c| c.category == Category::Multiple) {
            return Err(DisabilityError::NestedMultiple);
        }
        components.sort_by_key(|c| c.category);
        if components
            .windows(2)
            .any(|w| w[0].category == w[1].category)
        {
            return Err(DisabilityError::DuplicateCategory);
        }
        match components.len() {
            0 => Err(DisabilityError::TooFewComponents),
            1 => Ok(Disability::Single(components[0])),
            _ => Ok(Disability::Multiple(components)),
        }
    }

    /// The category on the card: the single one, or 多重 (code 7).
    pub fn category(&self) -> Category {
        match self {
            Disability::Single(c) => c.category,
            Disability::Multiple(_) => Category::Multiple,
        }
    }

    /// 管理办法 第十三条: a multiple disability is graded by its most severe component.
    pub fn grade(&self) -> Grade {
        match self {
            Disability::Single(c) => c.grade,
            Disability::Multiple(cs) => cs.iter().map(|c| c.grade).min().unwrap_or(Grade::Four),
        }
    }

    /// The single categories involved (for guardian and eligibility rules).
    pub fn components(&self) -> Vec<Component> {
        match self {
            Disability::Single(c) => vec![*c],
            Disability::Multiple(cs) => cs.clone(),
        }
    }

    /// 001 §四(一)1: whether any component is intellectual or mental.
    pub fn involves_guardian_category(&self) -> bool {
        self.components()
            .iter()
            .any(|c| c.category.needs_guardian())
    }
}

/// A 2nd-generation certificate number (FACTS §3): 18-character ID number, category digit 1–7,
/// grade digit 1–4 — pattern `^\d{17}[\dX][1-7][1-4]$`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CertificateNumber {
    id: IdNumber,
    category: Category,
    grade: Grade,
}

/// Why a string is not a certificate number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificateNumberError {
    /// Not 20 characters.
    #[error("must be 20 characters")]
    Length,
    /// The first 18 are not a valid ID number.
    #[error("the ID part is not valid: {0}")]
    IdNumber(IdNumberError),
    /// Category digit not 1–7.
    #[error("the category digit must be 1–7")]
    Category,
    /// Grade digit not 1–4.
    #[error("the grade digit must be 1–4")]
    Grade,
}

impl CertificateNumber {
    /// FACTS §3: derives the number from the holder's ID and the recorded disability.
    pub fn derive(id: &IdNumber, disability: &Disability) -> Self {
        Self {
            id: id.clone(),
            category: disability.category(),
            grade: disability.grade(),
        }
    }

    /// FACTS §3: parses 20 characters, checking the ID part with GB 11643.
    pub fn parse(input: &str) -> Result<Self, CertificateNumberError> {
        let s = input.trim();
        if s.chars().count() != 20 || !s.is_ascii() {
            return Err(CertificateNumberError::Length);
        }
        let id = IdNumber::parse(&s[..18]).map_err(CertificateNumberError::IdNumber)?;
        let digit = |i: usize| s.as_bytes()[i].checked_sub(b'0').filter(|d| *d <= 9);
        let category = digit(18)
            .and_then(Category::from_code)
            .ok_or(CertificateNumberError::Category)?;
        let grade = digit(19)
            .and_then(Grade::from_code)
            .ok_or(CertificateNumberError::Grade)?;
        Ok(Self {
            id,
            category,
            grade,
        })
    }

    /// The 20 characters.
    pub fn as_string(&self) -> String {
        format!(
            "{}{}{}",
            self.id.as_str(),
            self.category.code(),
            self.grade.code()
        )
    }

    /// The holder's ID number.
    pub fn id_number(&self) -> &IdNumber {
        &self.id
    }

    /// The category digit's category.
    pub fn category(&self) -> Category {
        self.category
    }

    /// The grade digit's grade.
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// Masked like the ID number, category and grade kept.
    pub fn masked(&self) -> String {
        format!(
            "{}{}{}",
            self.id.masked(),
            self.category.code(),
            self.grade.code()
        )
    }
}

impl fmt::Debug for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CertificateNumber({})", self.masked())
    }
}

/// 管理办法 第十九条: a certificate is valid for 10 years.
pub const VALIDITY_YEARS: u32 = 10;
/// 001 §四(二)1: renewal by expiry may be requested once 9 full years have passed.
pub const RENEWAL_AFTER_YEARS: u32 = 9;

/// Adds whole years (29 February → 28 February in a common year).
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// 管理办法 第十九条: the last day of validity — the day before the 10th anniversary of issue.
pub fn expiry_date(issued: NaiveDate) -> NaiveDate {
    add_years(issued, VALIDITY_YEARS)
        .pred_opt()
        .unwrap_or(issued)
}

/// 001 §四(二)1: the first day renewal by expiry may be requested (9th anniversary of issue).
pub fn renewal_opens(issued: NaiveDate) -> NaiveDate {
    add_years(issued, RENEWAL_AFTER_YEARS)
}

/// 001 §四(二)1: whether renewal by expiry is allowed on `today`.
pub fn may_renew_by_expiry(issued: NaiveDate, today: NaiveDate) -> bool {
    today >= renewal_opens(issued)
}

/// The validity of a renewed card. Only 到期换证 starts anew, from the hukou county's issue date
/// (001 §四(二)1: “到期换发的新残疾人证，其有效期起始日期以户籍地残联核发日期为准”); 残损换新 keeps the
/// original dates (001 §四(二)2: “其有效期起始日期与原残疾人证一致”); 资料更新换证 (001 §四(二)3) only
/// updates details and no seed gives it a new validity, so it keeps the original dates too.
pub fn validity_after_renewal(
    original_issued: NaiveDate,
    kind: RenewalKind,
    new_issue: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let start = match kind {
        RenewalKind::Damaged | RenewalKind::DataUpdate => original_issued,
        RenewalKind::Expiry => new_issue,
    };
    (start, expiry_date(start))
}

/// 001 §四(二): the three kinds of renewal (换领).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenewalKind {
    /// 到期换证.
    Expiry,
    /// 残损换新 — keeps the original validity dates.
    Damaged,
    /// 资料更新换证 — details other than category and grade changed.
    DataUpdate,
}

/// 001 §四(二)1, §四(三): certificates issued before 2018 by visual inspection (目测) must be
/// reassessed on expiry renewal and after migration.
pub fn needs_reassessment(
    visually_assessed_before_2018: bool,
    matter: ReassessmentTrigger,
) -> bool {
    visually_assessed_before_2018
        && matches!(
            matter,
            ReassessmentTrigger::ExpiryRenewal | ReassessmentTrigger::Migration
        )
}

/// Matters on which [`needs_reassessment`] is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReassessmentTrigger {
    /// 到期换证.
    ExpiryRenewal,
    /// 迁移.
    Migration,
    /// Any other matter.
    Other,
}

/// DOMAIN “The certificate”: the states a certificate can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateStatus {
    /// 有效.
    Valid,
    /// 冻结 — hukou moved more than 6 months ago without migrating the certificate (001 §四(三)).
    Frozen,
    /// 注销.
    Cancelled,
    /// 已迁出 — replaced by the certificate of the new hukou county.
    MigratedOut,
    /// 过期 — past its expiry date without renewal.
    Expired,
}

/// What moves a certificate from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusEvent {
    /// 001 §四(三): hukou moved > 6 months ago, certificate not migrated.
    Freeze,
    /// The migration was completed after a freeze.
    Unfreeze,
    /// 001 §四(五), §四(三): cancellation (request, recovery, death, or > 1 year un-migrated).
    Cancel,
    /// 001 §四(三): migration completed; the old certificate leaves.
    MigrateOut,
    /// The expiry date passed.
    Expire,
    /// 001 §四(二)1: renewal by expiry issued a new validity period.
    Renew,
}

/// A transition that the rules do not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} certificate cannot take {event:?}")]
pub struct IllegalTransition {
    /// State before.
    pub from: CertificateStatus,
    /// The event refused.
    pub event: StatusEvent,
}

impl CertificateStatus {
    /// Stable code (storage).
    pub fn code(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Frozen => "frozen",
            CertificateStatus::Cancelled => "cancelled",
            CertificateStatus::MigratedOut => "migrated_out",
            CertificateStatus::Expired => "expired",
        }
    }

    /// Every status.
    pub const ALL: [CertificateStatus; 5] = [
        CertificateStatus::Valid,
        CertificateStatus::Frozen,
        CertificateStatus::Cancelled,
        CertificateStatus::MigratedOut,
        CertificateStatus::Expired,
    ];

    /// From its code.
    pub fn from_code(code: &str) -> Option<CertificateStatus> {
        CertificateStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The status as of `today`: a valid certificate past its last day (`expires_on`) is
    /// expired, before the nightly sweep records it (DOMAIN “The certificate”: 有效期 10 years,
    /// 001 §四(二)1).
    pub fn as_of(self, expires_on: NaiveDate, today: NaiveDate) -> CertificateStatus {
        if self == CertificateStatus::Valid && today > expires_on {
            CertificateStatus::Expired
        } else {
            self
        }
    }

    /// DOMAIN “The certificate”: the allowed transitions. Cancelled and migrated-out are final.
    pub fn apply(self, event: StatusEvent) -> Result<CertificateStatus, IllegalTransition> {
        use CertificateStatus as S;
        use StatusEvent as E;
        let to = match (self, event) {
            (S::Valid, E::Freeze) => S::Frozen,
            (S::Frozen, E::Unfreeze) => S::Valid,
            (S::Valid | S::Frozen | S::Expired, E::Cancel) => S::Cancelled,
            (S::Valid | S::Frozen, E::MigrateOut) => S::MigratedOut,
            (S::Valid | S::Frozen, E::Expire) => S::Expired,
            (S::Valid | S::Expired, E::Renew) => S::Valid,
            (from, event) => return Err(IllegalTransition { from, event }),
        };
        Ok(to)
    }

    /// 004 附件3 (四)2: subsidies are refused while the certificate is expired, cancelled, frozen
    /// or migrated out.
    pub fn supports_subsidies(self) -> bool {
        self == CertificateStatus::Valid
    }
}

/// 001 §四(三): the certificate of an un-migrated hukou move may be frozen from this day (6 months).
pub fn freeze_from(hukou_moved: NaiveDate) -> NaiveDate {
    hukou_moved
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX)
}

/// 001 §四(三): … and cancelled from this day (1 year).
pub fn cancel_from(hukou_moved: NaiveDate) -> NaiveDate {
    add_years(hukou_moved, 1)
}

/// What an un-migrated hukou move means for the certificate on `today` (001 §四(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnmigratedMove {
    /// Less than 6 months: nothing yet.
    Fine,
    /// More than 6 months: to be frozen.
    Freeze,
    /// More than a year: to be cancelled.
    Cancel,
}

/// 001 §四(三): “超过半年 … 冻结”, “超过一年 … 注销” — the day after the anniversary counts as over.
pub fn unmigrated_move(hukou_moved: NaiveDate, today: NaiveDate) -> UnmigratedMove {
    if today > cancel_from(hukou_moved) {
        UnmigratedMove::Cancel
    } else if today > freeze_from(hukou_moved) {
        UnmigratedMove::Freeze
    } else {
        UnmigratedMove::Fine
    }
}

/// Days before a freeze or a cancellation for an un-migrated move that the holder is told (the
/// seeds set the steps, not a warning; the portal warns a month ahead).
pub const MOVE_NOTICE_DAYS: u64 = 30;

/// The next step for a certificate whose hukou moved without migrating it (001 §四(三)), each
/// freeze and cancellation preceded by a notice. Freezing and cancelling are only proposed: the
/// issuing federation does them “经核实后” (after checking), see [`confirm_move_step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveStep {
    /// Tell the holder the certificate will be frozen.
    NoticeFreeze,
    /// Propose freezing it (“超过半年…经核实后可…标注为冻结状态”).
    Freeze,
    /// Tell the holder the frozen certificate will be cancelled.
    NoticeCancel,
    /// Propose cancelling it (“超过一年…经核实后可注销”).
    Cancel,
}

impl MoveStep {
    /// Stable code of a proposed step (storage, locale keys): `freeze` or `cancel`.
    pub fn proposal_code(self) -> Option<&'static str> {
        match self {
            MoveStep::Freeze => Some("freeze"),
            MoveStep::Cancel => Some("cancel"),
            _ => None,
        }
    }

    /// The proposed step of a code.
    pub fn from_proposal_code(code: &str) -> Option<MoveStep> {
        match code {
            "freeze" => Some(MoveStep::Freeze),
            "cancel" => Some(MoveStep::Cancel),
            _ => None,
        }
    }
}

/// Why a clerk's confirmation of a proposed step cannot be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveStepError {
    /// Only freezing and cancelling are confirmed.
    #[error("not a step to confirm")]
    NotAStep,
    /// The step is not (or no longer) due: too early, or the status moved on.
    #[error("the step is not due")]
    NotDue,
}

/// 001 §四(三) “原发证残联经核实后可…”: a clerk of the issuing federation confirms a proposed step,
/// checked again on the day — the move must still be old enough and the certificate in the status
/// the step starts from. Returns the status it takes.
pub fn confirm_move_step(
    step: MoveStep,
    moved: NaiveDate,
    today: NaiveDate,
    status: CertificateStatus,
) -> Result<CertificateStatus, MoveStepError> {
    let due = unmigrated_move(moved, today);
    match (step, status, due) {
        (
            MoveStep::Freeze,
            CertificateStatus::Valid,
            UnmigratedMove::Freeze | UnmigratedMove::Cancel,
        ) => Ok(CertificateStatus::Frozen),
        (MoveStep::Cancel, CertificateStatus::Frozen, UnmigratedMove::Cancel) => {
            Ok(CertificateStatus::Cancelled)
        }
        (MoveStep::Freeze | MoveStep::Cancel, _, _) => Err(MoveStepError::NotDue),
        _ => Err(MoveStepError::NotAStep),
    }
}

/// 001 §四(三): what is due on `today` for a move on `moved`, given the certificate's status and
/// the notices already sent (a step never comes before its notice).
pub fn unmigrated_step(
    moved: NaiveDate,
    today: NaiveDate,
    status: CertificateStatus,
    freeze_noticed: bool,
    cancel_noticed: bool,
) -> Option<MoveStep> {
    let warn = |from: NaiveDate| today + chrono::Days::new(MOVE_NOTICE_DAYS) > from;
    match (status, unmigrated_move(moved, today)) {
        (CertificateStatus::Valid, UnmigratedMove::Freeze | UnmigratedMove::Cancel) => {
            Some(if freeze_noticed {
                MoveStep::Freeze
            } else {
                MoveStep::NoticeFreeze
            })
        }
        (CertificateStatus::Valid, UnmigratedMove::Fine)
            if !freeze_noticed && warn(freeze_from(moved)) =>
        {
            Some(MoveStep::NoticeFreeze)
        }
        (CertificateStatus::Frozen, UnmigratedMove::Cancel) => Some(if cancel_noticed {
            MoveStep::Cancel
        } else {
            MoveStep::NoticeCancel
        }),
        (CertificateStatus::Frozen, _) if !cancel_noticed && warn(cancel_from(moved)) => {
            Some(MoveStep::NoticeCancel)
        }
        _ => None,
    }
}

/// Days before expiry that the holder is reminded to renew.
pub const EXPIRY_REMINDER_DAYS: u64 = 90;

/// Reminders a valid certificate is due on `today`: renewal open (001 §四(二)1, 9 years after the
/// validity began) and expiry close (90 days before the last valid day), each sent once.
pub fn reminders_due(
    valid_from: NaiveDate,
    expires_on: NaiveDate,
    today: NaiveDate,
    renewal_reminded: bool,
    expiry_reminded: bool,
) -> (bool, bool) {
    (
        !renewal_reminded && may_renew_by_expiry(valid_from, today) && today <= expires_on,
        !expiry_reminded
            && today + chrono::Days::new(EXPIRY_REMINDER_DAYS) >= expires_on
            && today <= expires_on,
    )
}

/// 001 §四(一)1, 004 附件2 六1 (管理办法 第二十四条): no new application within one year after
/// cancellation; this is the first day one is possible.
pub fn new_application_possible_from(cancelled: NaiveDate) -> NaiveDate {
    add_years(cancelled, 1)
}

/// Whether a new application is allowed on `today` after a cancellation on `cancelled`.
pub fn may_apply_after_cancellation(cancelled: NaiveDate, today: NaiveDate) -> bool {
    today >= new_application_possible_from(cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;

    /// 001 §四(三): “超过半年…经核实后可在系统中标注为冻结状态”, “超过一年…经核实后可注销” — the
    /// clerk's confirmation is checked against the day and the status.
    #[test]
    fn a_clerk_confirms_a_proposed_step_only_while_it_is_due() {
        use CertificateStatus::*;
        let moved = d(2025, 1, 10);
        for (step, today, status, result) in [
            (MoveStep::Freeze, d(2025, 7, 11), Valid, Ok(Frozen)),
            (
                MoveStep::Freeze,
                d(2025, 7, 10),
                Valid,
                Err(MoveStepError::NotDue),
            ),
            (MoveStep::Freeze, d(2026, 3, 1), Valid, Ok(Frozen)),
            (
                MoveStep::Freeze,
                d(2025, 8, 1),
                Frozen,
                Err(MoveStepError::NotDue),
            ),
            (MoveStep::Cancel, d(2026, 1, 11), Frozen, Ok(Cancelled)),
            (
                MoveStep::Cancel,
                d(2026, 1, 10),
                Frozen,
                Err(MoveStepError::NotDue),
            ),
            (
                MoveStep::Cancel,
                d(2026, 2, 1),
                Valid,
                Err(MoveStepError::NotDue),
            ),
            (
                MoveStep::NoticeFreeze,
                d(2026, 2, 1),
                Valid,
                Err(MoveStepError::NotAStep),
            ),
        ] {
            assert_eq!(
                confirm_move_step(step, moved, today, status),
                result,
                "{step:?} {today} {status:?}"
            );
        }
        for step in [MoveStep::Freeze, MoveStep::Cancel] {
            let code = step.proposal_code().unwrap();
            assert_eq!(MoveStep::from_proposal_code(code), Some(step));
        }
        assert_eq!(MoveStep::NoticeCancel.proposal_code(), None);
    }

    fn comp(category: Category, grade: Grade) -> Component {
        Component { category, grade }
    }

    #[test]
    fn an_unmigrated_move_is_noticed_then_frozen_then_noticed_then_cancelled() {
        use CertificateStatus::{Frozen, Valid};
        let moved = d(2026, 1, 15);
        let step = |today, status, f, c| unmigrated_step(moved, today, status, f, c);
        assert_eq!(step(d(2026, 6, 1), Valid, false, false), None, "too early");
        // The freeze is due after 15 July; its notice a month before.
        assert_eq!(
            step(d(2026, 6, 16), Valid, false, false),
            Some(MoveStep::NoticeFreeze)
        );
        assert_eq!(
            step(d(2026, 6, 16), Valid, true, false),
            None,
            "noticed, not due"
        );
        assert_eq!(
            step(d(2026, 7, 15), Valid, true, false),
            None,
            "the day itself"
        );
        assert_eq!(
            step(d(2026, 7, 16), Valid, true, false),
            Some(MoveStep::Freeze)
        );
        assert_eq!(
            step(d(2026, 7, 16), Valid, false, false),
            Some(MoveStep::NoticeFreeze),
            "never frozen without a notice"
        );
        assert_eq!(step(d(2026, 12, 1), Frozen, true, false), None);
        assert_eq!(
            step(d(2026, 12, 17), Frozen, true, false),
            Some(MoveStep::NoticeCancel)
        );
        assert_eq!(
            step(d(2027, 1, 16), Frozen, true, true),
            Some(MoveStep::Cancel)
        );
        assert_eq!(
            step(d(2027, 1, 16), Frozen, true, false),
            Some(MoveStep::NoticeCancel)
        );
        assert_eq!(
            step(d(2027, 2, 1), CertificateStatus::Cancelled, true, true),
            None
        );
    }

    #[test]
    fn renewal_and_expiry_reminders_come_once_at_their_time() {
        let (from, to) = (d(2017, 3, 1), d(2027, 2, 28));
        assert_eq!(
            reminders_due(from, to, d(2026, 2, 28), false, false),
            (false, false)
        );
        assert_eq!(
            reminders_due(from, to, d(2026, 3, 1), false, false),
            (true, false)
        );
        assert_eq!(
            reminders_due(from, to, d(2026, 11, 30), true, false),
            (false, true)
        );
        assert_eq!(
            reminders_due(from, to, d(2026, 12, 1), true, true),
            (false, false)
        );
        assert_eq!(
            reminders_due(from, to, d(2027, 3, 1), false, false),
            (false, false),
            "expired"
        );
    }

    #[test]
    fn codes_round_trip_and_severity() {
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(c.code() as usize, i + 1);
            assert_eq!(Category::from_code(c.code()), Some(*c));
        }
        assert_eq!(Category::from_code(0), None);
        assert_eq!(Category::from_code(8), None);
        assert_eq!(Category::Physical.code(), 4);
        for (i, g) in Grade::ALL.iter().enumerate() {
            assert_eq!(g.code() as usize, i + 1);
            assert_eq!(Grade::from_code(g.code()), Some(*g));
        }
        assert_eq!(Grade::from_code(5), None);
        assert!(Grade::Two.is_severe() && !Grade::Three.is_severe());
    }

    #[test]
    fn multiple_takes_the_most_severe_grade() {
        let d = Disability::from_components(vec![
            comp(Category::Hearing, Grade::Three),
            comp(Category::Visual, Grade::Two),
            comp(Category::Physical, Grade::Four),
        ])
        .unwrap();
        assert_eq!(d.category(), Category::Multiple);
        assert_eq!(d.grade(), Grade::Two);
        assert_eq!(d.components()[0].category, Category::Visual);
        let single =
            Disability::from_components(vec![comp(Category::Mental, Grade::Three)]).unwrap();
        assert_eq!(single.category(), Category::Mental);
        assert!(single.involves_guardian_category());
    }

    #[test]
    fn inconsistent_components_are_refused() {
        assert_eq!(
            Disability::from_components(vec![]),
            Err(DisabilityError::TooFewComponents)
        );
        assert_eq!(
            Disability::from_components(vec![comp(Category::Multiple, Grade::One)]),
            Err(DisabilityError::NestedMultiple)
        );
        assert_eq!(
            Disability::from_components(vec![
                comp(Category::Visual, Grade::One),
                comp(Category::Visual, Grade::Two)
            ]),
            Err(DisabilityError::DuplicateCategory)
        );
    }

    #[test]
    fn numbers_derive_and_parse() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let disability = Disability::from_components(vec![
            comp(Category::Hearing, Grade::Three),
            comp(Category::Speech, Grade::One),
        ])
        .unwrap();
        let n = CertificateNumber::derive(&id, &disability);
        assert_eq!(n.as_string(), "11010519491231002X71");
        assert_eq!(CertificateNumber::parse("11010519491231002x71").unwrap(), n);
        // The published example: ID + physical (4) + grade 3.
        let example = CertificateNumber::parse("36012119701121001343").unwrap();
        assert_eq!(
            (example.category(), example.grade()),
            (Category::Physical, Grade::Three)
        );
        assert_eq!(n.masked(), "1101**********002X71");
    }

    #[test]
    fn bad_numbers_are_refused() {
        use CertificateNumberError as E;
        assert_eq!(
            CertificateNumber::parse("11010519491231002X7"),
            Err(E::Length)
        );
        assert_eq!(
            CertificateNumber::parse("11010519491231002X81"),
            Err(E::Category)
        );
        assert_eq!(
            CertificateNumber::parse("11010519491231002X01"),
            Err(E::Category)
        );
        assert_eq!(
            CertificateNumber::parse("11010519491231002X75"),
            Err(E::Grade)
        );
        assert_eq!(
            CertificateNumber::parse("11010519491231002X7X"),
            Err(E::Grade)
        );
        assert_eq!(
            CertificateNumber::parse("11010519491231003X71"),
            Err(E::IdNumber(IdNumberError::Checksum))
        );
        assert_eq!(
            CertificateNumber::parse("一二三四五六七八九十一二三四五六七八九十"),
            Err(E::Length)
        );
    }

    #[test]
    fn validity_and_renewal_window() {
        let issued = d(2016, 3, 15);
        assert_eq!(expiry_date(issued), d(2026, 3, 14));
        assert_eq!(renewal_opens(issued), d(2025, 3, 15));
        assert!(!may_renew_by_expiry(issued, d(2025, 3, 14)));
        assert!(
            may_renew_by_expiry(issued, d(2025, 3, 15)),
            "exactly 9 years"
        );
        // Leap day issue.
        assert_eq!(renewal_opens(d(2016, 2, 29)), d(2025, 2, 28));
        assert_eq!(expiry_date(d(2016, 2, 29)), d(2026, 2, 27));
    }

    #[test]
    fn only_an_expiry_renewal_starts_a_new_validity() {
        // 001 §四(二)1–3: 到期换证 from the new issue date; 残损换新 keeps the original dates;
        // 资料更新换证 has no seed basis for a new validity and keeps them too.
        let issued = d(2020, 5, 1);
        let cases = [
            (
                RenewalKind::Damaged,
                d(2024, 1, 2),
                (issued, d(2030, 4, 30)),
            ),
            (
                RenewalKind::DataUpdate,
                d(2024, 1, 2),
                (issued, d(2030, 4, 30)),
            ),
            (
                RenewalKind::Expiry,
                d(2029, 6, 1),
                (d(2029, 6, 1), d(2039, 5, 31)),
            ),
        ];
        for (kind, on, want) in cases {
            assert_eq!(validity_after_renewal(issued, kind, on), want, "{kind:?}");
        }
    }

    #[test]
    fn pre_2018_visual_assessment_forces_reassessment_on_renewal_and_migration_only() {
        assert!(needs_reassessment(true, ReassessmentTrigger::ExpiryRenewal));
        assert!(needs_reassessment(true, ReassessmentTrigger::Migration));
        assert!(!needs_reassessment(true, ReassessmentTrigger::Other));
        assert!(!needs_reassessment(false, ReassessmentTrigger::Migration));
    }

    /// A valid certificate is expired from the day after its last day; other statuses stay.
    #[test]
    fn a_valid_certificate_reads_as_expired_after_its_last_day() {
        use CertificateStatus::*;
        let last = d(2026, 5, 31);
        for (status, today, shown) in [
            (Valid, d(2026, 5, 31), Valid),
            (Valid, d(2026, 6, 1), Expired),
            (Frozen, d(2026, 6, 1), Frozen),
            (Cancelled, d(2026, 6, 1), Cancelled),
        ] {
            assert_eq!(status.as_of(last, today), shown, "{status:?} on {today}");
        }
    }

    #[test]
    fn status_transitions() {
        use CertificateStatus as S;
        use StatusEvent as E;
        let all_states = [
            S::Valid,
            S::Frozen,
            S::Cancelled,
            S::MigratedOut,
            S::Expired,
        ];
        let all_events = [
            E::Freeze,
            E::Unfreeze,
            E::Cancel,
            E::MigrateOut,
            E::Expire,
            E::Renew,
        ];
        let allowed = [
            (S::Valid, E::Freeze, S::Frozen),
            (S::Frozen, E::Unfreeze, S::Valid),
            (S::Valid, E::Cancel, S::Cancelled),
            (S::Frozen, E::Cancel, S::Cancelled),
            (S::Expired, E::Cancel, S::Cancelled),
            (S::Valid, E::MigrateOut, S::MigratedOut),
            (S::Frozen, E::MigrateOut, S::MigratedOut),
            (S::Valid, E::Expire, S::Expired),
            (S::Frozen, E::Expire, S::Expired),
            (S::Valid, E::Renew, S::Valid),
            (S::Expired, E::Renew, S::Valid),
        ];
        for from in all_states {
            for event in all_events {
                let expected = allowed
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(from.apply(event), Ok(to), "{from:?} {event:?}"),
                    None => assert_eq!(
                        from.apply(event),
                        Err(IllegalTransition { from, event }),
                        "{from:?} {event:?}"
                    ),
                }
            }
        }
        assert!(S::Valid.supports_subsidies());
        for s in [S::Frozen, S::Cancelled, S::MigratedOut, S::Expired] {
            assert!(!s.supports_subsidies());
        }
    }

    #[test]
    fn unmigrated_hukou_moves_freeze_then_cancel() {
        let moved = d(2025, 8, 31);
        assert_eq!(freeze_from(moved), d(2026, 2, 28));
        assert_eq!(unmigrated_move(moved, d(2026, 2, 28)), UnmigratedMove::Fine);
        assert_eq!(
            unmigrated_move(moved, d(2026, 3, 1)),
            UnmigratedMove::Freeze
        );
        assert_eq!(
            unmigrated_move(moved, d(2026, 8, 31)),
            UnmigratedMove::Freeze
        );
        assert_eq!(
            unmigrated_move(moved, d(2026, 9, 1)),
            UnmigratedMove::Cancel
        );
    }

    #[test]
    fn a_new_application_waits_one_year_after_cancellation() {
        let cancelled = d(2025, 11, 22);
        assert_eq!(new_application_possible_from(cancelled), d(2026, 11, 22));
        assert!(!may_apply_after_cancellation(cancelled, d(2026, 11, 21)));
        assert!(
            may_apply_after_cancellation(cancelled, d(2026, 11, 22)),
            "exactly one year ago"
        );
        assert_eq!(
            new_application_possible_from(d(2024, 2, 29)),
            d(2025, 2, 28)
        );
    }
}
