//! The materials (材料) an application may need, and how a province's list marks each (003
//! 附件1, 001 §二, 004 附件2 七): the vocabulary both the province profiles (`policy`) and the
//! list's rules (`materials`) speak.

/// A material (材料).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Material {
    /// 003 附件1 #1: the one application form, filled in online.
    ApplicationForm,
    /// 003 附件1 #2: resident ID card, both sides.
    IdCard,
    /// 003 附件1 #3: household register (户口本).
    HukouBook,
    /// 003 附件1 #4, 001 §二: residence proof / permit when residence and hukou differ.
    ResidencePermit,
    /// 003 附件1 #6, 004 附件2 七3: 2-inch white-background photo (not for cancellation).
    Photo,
    /// 003 附件1 #7: hukou transfer proof or the new hukou book (migration).
    MigrationProof,
    /// 003 附件1 #8: cancellation statement, filled in online.
    CancellationStatement,
    /// 003 附件1 #9, 004 附件2 七4: the guardian's ID card.
    GuardianId,
    /// 003 附件1 #10: proof of the guardian relationship (e.g. hukou book).
    GuardianRelationProof,
    /// 004 附件2 七4 2: the agent's ID when someone applies on the person's behalf.
    AgentId,
    /// Issue #4, 004 附件3 五(一): the person's signed authorization for a helper (帮代办).
    HelperAuthorization,
    /// 003 附件1 #11: bank card details for the subsidies (the guardian's for wards).
    BankCard,
    /// 001 §六, 004 附件2 七5: the old certificate, collected by the residence county (renewal,
    /// migration, cancellation, change).
    OldCertificate,
    /// 004 附件2 七6: proof of 低保 for the living subsidy (shared data).
    DibaoProof,
    /// 003 附件1 #5: the assessment result, provided by the institution after assessment.
    AssessmentResult,
}

impl Material {
    /// Every material, in the order of 003 附件1.
    pub const ALL: [Material; 15] = [
        Material::ApplicationForm,
        Material::IdCard,
        Material::HukouBook,
        Material::ResidencePermit,
        Material::Photo,
        Material::MigrationProof,
        Material::CancellationStatement,
        Material::GuardianId,
        Material::GuardianRelationProof,
        Material::AgentId,
        Material::HelperAuthorization,
        Material::BankCard,
        Material::OldCertificate,
        Material::DibaoProof,
        Material::AssessmentResult,
    ];

    /// Stable code (storage, locale keys).
    pub fn code(self) -> &'static str {
        match self {
            Material::ApplicationForm => "application_form",
            Material::IdCard => "id_card",
            Material::HukouBook => "hukou_book",
            Material::ResidencePermit => "residence_permit",
            Material::Photo => "photo",
            Material::MigrationProof => "migration_proof",
            Material::CancellationStatement => "cancellation_statement",
            Material::GuardianId => "guardian_id",
            Material::GuardianRelationProof => "guardian_relation_proof",
            Material::AgentId => "agent_id",
            Material::HelperAuthorization => "helper_authorization",
            Material::BankCard => "bank_card",
            Material::OldCertificate => "old_certificate",
            Material::DibaoProof => "dibao_proof",
            Material::AssessmentResult => "assessment_result",
        }
    }

    /// How it is provided (003 附件1 “材料提交方式”, 004 附件2 七 “类型”).
    pub fn provision(self) -> Provision {
        match self {
            Material::ApplicationForm | Material::CancellationStatement | Material::BankCard => {
                Provision::FilledInOnline
            }
            Material::AssessmentResult => Provision::FromInstitution,
            Material::OldCertificate => Provision::HandedIn,
            Material::DibaoProof => Provision::SharedData,
            _ => Provision::Upload,
        }
    }

    /// Seed clause.
    pub fn seed(self) -> &'static str {
        match self {
            Material::ApplicationForm => "003 附件1 #1",
            Material::IdCard => "003 附件1 #2; 004 附件2 七2",
            Material::HukouBook => "003 附件1 #3",
            Material::ResidencePermit => "003 附件1 #4; 001 §二",
            Material::Photo => "003 附件1 #6; 004 附件2 七3",
            Material::MigrationProof => "003 附件1 #7; 001 §四(三)",
            Material::CancellationStatement => "003 附件1 #8",
            Material::GuardianId => "003 附件1 #9; 004 附件2 七4",
            Material::GuardianRelationProof => "003 附件1 #10",
            Material::AgentId => "004 附件2 七4",
            // No seed asks for it: the proof of a claim to act for someone (trust), never required
            // as an application material.
            Material::HelperAuthorization => "",
            Material::BankCard => "003 附件1 #11",
            Material::OldCertificate => "001 §六; 004 附件2 七5",
            Material::DibaoProof => "004 附件2 七6",
            Material::AssessmentResult => "003 附件1 #5",
        }
    }
}

impl Material {
    /// Whether an earlier upload for the same person serves again (003 附件1 “或系统获取”; issue
    /// #17 item 6): documents about the person, not about one application. The applicant sees
    /// the date and replaces what has changed.
    pub fn reusable(self) -> bool {
        matches!(
            self,
            Material::IdCard
                | Material::HukouBook
                | Material::ResidencePermit
                | Material::Photo
                | Material::GuardianId
                | Material::GuardianRelationProof
                | Material::AgentId
        )
    }
}

/// How a province's list marks a material that is otherwise uploaded (“材料提交方式”, “类型”).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// Uploaded with the application (the default where the province says nothing else).
    Upload,
    /// 免提交 (004 附件2 七2, 七4, 七6): the office takes it from shared data; never asked for.
    Exempt(&'static str),
    /// 申报时提交（或系统获取）(003 附件1): uploaded, unless the system already holds it — the
    /// portal offers the person's earlier upload instead of asking again.
    UploadOrSystem(&'static str),
    /// One line with another material: 004 附件2 七2 “身份证或户口簿” asks for either, not both.
    OrWith(Material, &'static str),
}

/// How a material reaches the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provision {
    /// Uploaded as a scan or photo.
    Upload,
    /// Part of the online form.
    FilledInOnline,
    /// Sent by the assessing institution after assessment.
    FromInstitution,
    /// The original is handed in (or posted) and kept by the county.
    HandedIn,
    /// Taken from shared government data; never asked for.
    SharedData,
}

impl Provision {
    /// Stable code (locale keys).
    pub fn code(self) -> &'static str {
        match self {
            Provision::Upload => "upload",
            Provision::FilledInOnline => "online",
            Provision::FromInstitution => "institution",
            Provision::HandedIn => "handed_in",
            Provision::SharedData => "shared",
        }
    }
}
