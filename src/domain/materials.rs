//! 一次告知: the full, de-duplicated list of materials a person needs for what they choose,
//! each with why it is needed, how it is provided, and whether the system already holds it
//! (免提交). Sources: 003 附件1, 001 §二, 004 附件2 七.

use std::collections::BTreeMap;

pub use super::material::{Material, Provision, Submission};
use super::matter::{CertificateMatter, LinkedService, MatterKind};
use super::policy::ProvincePolicy;

/// Why a material is on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Because {
    /// Every application.
    Always,
    /// The chosen certificate matter.
    Matter(MatterKind),
    /// A chosen linked service.
    Service(LinkedService),
    /// The person is under 18 (001 §四(一)1).
    Minor,
    /// Intellectual or mental category (001 §四(一)1).
    GuardianCategory,
    /// A guardian applies.
    GuardianApplying,
    /// A helper applies (帮代办).
    HelperApplying,
    /// Residence and hukou are in different places (001 §二).
    CrossRegion,
}

/// Who fills in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyingAs {
    /// The person themself.
    Themself,
    /// A guardian (监护人).
    Guardian,
    /// An authorized helper (村/社区帮代办).
    Helper,
}

/// Everything the list depends on.
#[derive(Debug, Clone)]
pub struct MaterialsRequest<'a> {
    /// The certificate matter, if any.
    pub matter: Option<&'a CertificateMatter>,
    /// The linked services chosen.
    pub services: &'a [LinkedService],
    /// The person is under 18.
    pub minor: bool,
    /// The disability involves (or the application asks for) an intellectual or mental category.
    pub guardian_category: bool,
    /// Residence and hukou counties differ.
    pub cross_region: bool,
    /// Who applies.
    pub applying_as: ApplyingAs,
    /// Filled in by a clerk at a window: the person (or guardian) signs the printed form with its
    /// commitment, which is then scanned in (001 附件三(一), 004 附件3 五(三)2 “由申请人签字确认”,
    /// 003 附件2 申请承诺 “申请人（签名）”).
    pub signed_on_paper: bool,
    /// The province whose list applies: the one of the county that accepts the application
    /// (001 §一(二): “经常居住地…提交材料”).
    pub policy: &'a ProvincePolicy,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredMaterial {
    /// The material.
    pub material: Material,
    /// Every choice or fact that needs it.
    pub because: Vec<Because>,
    /// How it is provided.
    pub provision: Provision,
    /// How the province marks it (免提交, 或系统获取), with the clause.
    pub submission: Submission,
    /// The material on the same line (“身份证或户口簿”): either one serves.
    pub or_with: Option<Material>,
}

impl RequiredMaterial {
    /// 免提交: taken from shared data, not asked for (004 附件2 七; shared-data provision).
    pub fn exempt(&self) -> bool {
        self.provision == Provision::SharedData || matches!(self.submission, Submission::Exempt(_))
    }

    /// 003 附件1 “申报时提交”: the person uploads this one (not filled in online, not from the
    /// institution, not handed in, not 免提交).
    pub fn to_upload(&self) -> bool {
        self.provision == Provision::Upload && !self.exempt()
    }
}

/// 一次告知 (000 §三(一), 003 附件1): the de-duplicated list, in the order of 003 附件1.
pub fn required(req: &MaterialsRequest<'_>) -> Vec<RequiredMaterial> {
    let mut need: BTreeMap<Material, Vec<Because>> = BTreeMap::new();
    let mut add = |m: Material, b: Because| {
        let reasons = need.entry(m).or_default();
        if !reasons.contains(&b) {
            reasons.push(b);
        }
    };
    add(Material::ApplicationForm, Because::Always);
    add(Material::IdCard, Because::Always);

    if let Some(matter) = req.matter {
        let kind = matter.kind();
        let b = Because::Matter(kind);
        add(Material::HukouBook, b);
        if kind != MatterKind::Cancellation {
            add(Material::Photo, b);
        }
        match kind {
            MatterKind::New | MatterKind::Change => add(Material::AssessmentResult, b),
            MatterKind::Migration => add(Material::MigrationProof, b),
            MatterKind::Cancellation => add(Material::CancellationStatement, b),
            MatterKind::Renewal | MatterKind::Replacement => {}
        }
        if super::old_card::is_collected(kind) {
            add(Material::OldCertificate, b);
        }
        if req.cross_region {
            add(Material::ResidencePermit, Because::CrossRegion);
        }
    }
    for &service in req.services {
        let b = Because::Service(service);
        if service.pays_into_bank_card() {
            add(Material::BankCard, b);
        }
        if service == LinkedService::LivingSubsidy {
            add(Material::DibaoProof, b);
        }
    }
    let ward = req.minor || req.guardian_category;
    if req.minor {
        add(Material::GuardianId, Because::Minor);
        add(Material::GuardianRelationProof, Because::Minor);
    }
    if req.guardian_category {
        add(Material::GuardianId, Because::GuardianCategory);
        add(Material::GuardianRelationProof, Because::GuardianCategory);
    }
    match req.applying_as {
        ApplyingAs::Guardian if !ward => {
            add(Material::GuardianId, Because::GuardianApplying);
            add(Material::GuardianRelationProof, Because::GuardianApplying);
        }
        // 004 附件2 七4 asks a helper only for “代办人身份证明材料”, and 004 二(三) forbids adding
        // materials: the person's signed authorization is not an application material (the
        // portal asks for it only to confirm a claim to act for someone, issue #16).
        ApplyingAs::Helper => {
            add(Material::AgentId, Because::HelperApplying);
        }
        _ => {}
    }
    // 004 附件2 七2: one line for “身份证或户口簿”; its reasons join the line it is on.
    let merged: Vec<(Material, Material)> = need
        .keys()
        .filter_map(|&m| match req.policy.submission(m) {
            Submission::OrWith(other, _) if need.contains_key(&other) => Some((m, other)),
            _ => None,
        })
        .collect();
    for (m, other) in &merged {
        for b in need.remove(m).unwrap_or_default() {
            let reasons = need.entry(*other).or_default();
            if !reasons.contains(&b) {
                reasons.push(b);
            }
        }
    }
    need.into_iter()
        .map(|(material, because)| RequiredMaterial {
            material,
            because,
            provision: if req.signed_on_paper && material == Material::ApplicationForm {
                Provision::Upload
            } else {
                material.provision()
            },
            submission: req.policy.submission(material),
            or_with: merged
                .iter()
                .find(|(_, other)| *other == material)
                .map(|(m, _)| *m),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::{Category, RenewalKind};
    use crate::domain::matter::CancellationReason;
    use crate::domain::policy::{HENAN, HUNAN, NATIONAL, ZHEJIANG};

    fn list(req: &MaterialsRequest<'_>) -> Vec<Material> {
        required(req).into_iter().map(|r| r.material).collect()
    }

    fn base<'a>(matter: Option<&'a CertificateMatter>) -> MaterialsRequest<'a> {
        MaterialsRequest {
            matter,
            services: &[],
            minor: false,
            guardian_category: false,
            cross_region: false,
            applying_as: ApplyingAs::Themself,
            signed_on_paper: false,
            policy: &NATIONAL,
        }
    }

    #[test]
    fn a_new_certificate_for_an_adult_applying_themself() {
        let m = CertificateMatter::New {
            categories: vec![Category::Physical],
        };
        use Material::*;
        assert_eq!(
            list(&base(Some(&m))),
            vec![ApplicationForm, IdCard, HukouBook, Photo, AssessmentResult]
        );
    }

    #[test]
    fn cancellation_needs_no_photo_but_a_statement_and_the_old_card() {
        let m = CertificateMatter::Cancellation {
            categories: vec![],
            reason: CancellationReason::Death,
        };
        let l = list(&base(Some(&m)));
        assert!(!l.contains(&Material::Photo));
        assert!(l.contains(&Material::CancellationStatement));
        assert!(l.contains(&Material::OldCertificate));
    }

    #[test]
    fn migration_and_renewal() {
        let m = CertificateMatter::Migration;
        let l = list(&base(Some(&m)));
        assert!(l.contains(&Material::MigrationProof) && l.contains(&Material::OldCertificate));
        // 001 §六: the old card is collected on renewal too.
        let r = CertificateMatter::Renewal(RenewalKind::Damaged);
        let l = list(&base(Some(&r)));
        assert!(l.contains(&Material::OldCertificate) && !l.contains(&Material::AssessmentResult));
        let l = list(&base(Some(&CertificateMatter::Replacement)));
        assert!(!l.contains(&Material::OldCertificate));
    }

    #[test]
    fn a_minor_with_an_intellectual_category_lists_guardian_proof_once_with_both_reasons() {
        let m = CertificateMatter::New {
            categories: vec![Category::Intellectual],
        };
        let mut req = base(Some(&m));
        req.minor = true;
        req.guardian_category = true;
        req.applying_as = ApplyingAs::Guardian;
        let all = required(&req);
        let guardian: Vec<_> = all
            .iter()
            .filter(|r| r.material == Material::GuardianId)
            .collect();
        assert_eq!(guardian.len(), 1);
        assert_eq!(
            guardian[0].because,
            vec![Because::Minor, Because::GuardianCategory]
        );
    }

    #[test]
    fn an_adult_intellectual_category_needs_a_guardian() {
        let m = CertificateMatter::New {
            categories: vec![Category::Intellectual],
        };
        let mut req = base(Some(&m));
        req.guardian_category = true;
        assert!(list(&req).contains(&Material::GuardianRelationProof));
    }

    #[test]
    fn subsidies_share_one_bank_card_and_dibao_proof_is_shared_data() {
        let services = [LinkedService::LivingSubsidy, LinkedService::NursingSubsidy];
        let mut req = base(None);
        req.services = &services;
        let all = required(&req);
        let card: Vec<_> = all
            .iter()
            .filter(|r| r.material == Material::BankCard)
            .collect();
        assert_eq!(card.len(), 1);
        assert_eq!(card[0].because.len(), 2);
        let dibao = all
            .iter()
            .find(|r| r.material == Material::DibaoProof)
            .unwrap();
        assert!(dibao.exempt());
        assert_eq!(dibao.provision, Provision::SharedData);
    }

    #[test]
    fn cross_region_and_helper() {
        let m = CertificateMatter::Replacement;
        let mut req = base(Some(&m));
        req.cross_region = true;
        req.applying_as = ApplyingAs::Helper;
        let all = required(&req);
        let get = |m: Material| all.iter().find(|r| r.material == m).cloned();
        assert!(get(Material::ResidencePermit).is_some());
        // 004 附件2 七4: the helper's own ID, and no authorization (004 二(三): nothing added).
        assert!(get(Material::HelperAuthorization).is_none());
        assert!(get(Material::AgentId).is_some());
        assert!(!get(Material::Photo).unwrap().exempt());
        assert_eq!(
            get(Material::ApplicationForm).unwrap().provision,
            Provision::FilledInOnline
        );
    }

    /// 免提交 per province (issue #17 item 6): 004 附件2 七2 “身份证或户口簿 免提交”, 七4
    /// “监护人（代办人）身份证或户口本 免提交”, 七6 “低保证明 免提交”; 003 附件1 “申报时提交
    /// （或系统获取）”; 002 and 001 mark nothing.
    #[test]
    fn what_each_province_does_not_ask_for() {
        use Material::*;
        let m = CertificateMatter::New {
            categories: vec![Category::Intellectual],
        };
        let services = [LinkedService::LivingSubsidy];
        // (policy, material, to upload, submission)
        let table: &[(&ProvincePolicy, Material, bool, Submission)] = &[
            (&HENAN, IdCard, false, Submission::Exempt("004 附件2 七2")),
            (
                &HENAN,
                GuardianId,
                false,
                Submission::Exempt("004 附件2 七4"),
            ),
            (
                &HENAN,
                DibaoProof,
                false,
                Submission::Exempt("004 附件2 七6"),
            ),
            // 七4 备注1: the proof of legal guardianship is still asked for.
            (&HENAN, GuardianRelationProof, true, Submission::Upload),
            (&HENAN, Photo, true, Submission::Upload),
            (
                &HUNAN,
                IdCard,
                true,
                Submission::UploadOrSystem("003 附件1 #2"),
            ),
            (
                &HUNAN,
                HukouBook,
                true,
                Submission::UploadOrSystem("003 附件1 #3"),
            ),
            (
                &HUNAN,
                Photo,
                true,
                Submission::UploadOrSystem("003 附件1 #6"),
            ),
            (
                &HUNAN,
                GuardianId,
                true,
                Submission::UploadOrSystem("003 附件1 #9"),
            ),
            (&ZHEJIANG, IdCard, true, Submission::Upload),
            (&ZHEJIANG, HukouBook, true, Submission::Upload),
            (&NATIONAL, GuardianId, true, Submission::Upload),
        ];
        for &(policy, material, upload, submission) in table {
            let mut req = base(Some(&m));
            req.guardian_category = true;
            req.applying_as = ApplyingAs::Guardian;
            req.services = &services;
            req.policy = policy;
            let all = required(&req);
            let line = all
                .iter()
                .find(|r| r.material == material)
                .unwrap_or_else(|| panic!("{} {material:?}", policy.profile.code()));
            assert_eq!(
                line.to_upload(),
                upload,
                "{} {material:?}",
                policy.profile.code()
            );
            assert_eq!(
                line.submission,
                submission,
                "{} {material:?}",
                policy.profile.code()
            );
        }
    }

    /// 004 附件2 七2 asks for the ID card *or* the hukou book: one line, with both reasons.
    #[test]
    fn henan_lists_id_card_or_hukou_book_once() {
        let m = CertificateMatter::Migration;
        let mut req = base(Some(&m));
        req.policy = &HENAN;
        let all = required(&req);
        assert!(all.iter().all(|r| r.material != Material::HukouBook));
        let id = all.iter().find(|r| r.material == Material::IdCard).unwrap();
        assert_eq!(id.or_with, Some(Material::HukouBook));
        assert!(id.exempt());
        assert_eq!(
            id.because,
            vec![Because::Always, Because::Matter(MatterKind::Migration)]
        );
        // Elsewhere both are asked for, each on its own line.
        req.policy = &ZHEJIANG;
        let all = required(&req);
        assert!(all.iter().any(|r| r.material == Material::HukouBook));
        assert!(all.iter().all(|r| r.or_with.is_none()));
    }

    #[test]
    fn documents_about_the_person_are_reusable_not_per_application_ones() {
        assert!(Material::Photo.reusable() && Material::IdCard.reusable());
        assert!(!Material::MigrationProof.reusable());
        assert!(!Material::AssessmentResult.reusable());
        assert!(!Material::OldCertificate.reusable());
    }

    #[test]
    fn every_material_has_a_code_and_a_seed() {
        let mut codes = std::collections::HashSet::new();
        // ALL lists every variant in the order `required` sorts by.
        let mut sorted = Material::ALL;
        sorted.sort();
        assert_eq!(sorted, Material::ALL);
        for m in Material::ALL {
            assert!(codes.insert(m.code()));
            // Every application material has its seed; the helper's authorization is none.
            assert_eq!(
                m.seed().is_empty(),
                m == Material::HelperAuthorization,
                "{m:?}"
            );
        }
    }

    #[test]
    fn at_a_window_the_signed_form_is_scanned_in() {
        let matter = CertificateMatter::New {
            categories: vec![Category::Physical],
        };
        let online = required(&base(Some(&matter)));
        let form = |list: &[RequiredMaterial]| {
            list.iter()
                .find(|r| r.material == Material::ApplicationForm)
                .map(RequiredMaterial::to_upload)
        };
        assert_eq!(form(&online), Some(false));
        let counter = required(&MaterialsRequest {
            signed_on_paper: true,
            ..base(Some(&matter))
        });
        assert_eq!(form(&counter), Some(true));
        assert_eq!(online.len(), counter.len());
    }
}
