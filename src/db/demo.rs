//! The demo data set: clearly marked accounts (an applicant, a helper, an administrator, and one
//! staff account per post in each demo county), loaded when `PORTAL_DEMO` is on.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::accounts::{CreateAccountError, NewAccount};
use super::schema::accounts;
use crate::domain::Role;
use crate::domain::id_number::check_char;
use crate::domain::matter::Department;
use crate::domain::office::OfficeKind;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-2026";

/// One demo login: role, name, ID number, mobile number, and for staff where they work.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// The role it holds.
    pub role: Role,
    /// Real name (fictional, marked 演示).
    pub name: String,
    /// A valid, fictional ID number.
    pub id_number: String,
    /// Mobile number.
    pub phone: String,
    /// Staff: the demo county and, for department officers, the department.
    pub post: Option<(&'static str, Option<Department>)>,
}

/// The demo counties, one per seed province (湖南 芙蓉区, 河南 金水区, 浙江 上城区): each gets a
/// disabled persons' federation, one designated assessment institution and an office of every
/// department.
pub const DEMO_COUNTIES: [(&str, &str); 3] = [
    ("430102", "长沙市芙蓉区"),
    ("410105", "郑州市金水区"),
    ("330102", "杭州市上城区"),
];

/// The staff posts of every demo county: clerk, doctor, hukou-county clerk, an officer of each
/// department (the federation's own officer handles employment help), and a member of the city's
/// final-assessment committee.
fn posts() -> Vec<(Role, Option<Department>, &'static str)> {
    let mut posts = vec![
        (Role::CountyClerk, None, "办证员"),
        (Role::Doctor, None, "评残医生"),
        (Role::HukouClerk, None, "户籍地审核员"),
    ];
    let names = ["就业服务", "民政", "人社", "医保", "市监"];
    posts.extend(
        Department::ALL
            .into_iter()
            .zip(names)
            .map(|(d, n)| (Role::DepartmentOfficer, Some(d), n)),
    );
    // 001 §三: the city's final-assessment expert committee decides review requests.
    posts.push((Role::ExpertCommittee, None, "所在市终评专家委员会委员"));
    posts
}

#[expect(
    clippy::expect_used,
    reason = "the demo's numbers are 17 digits written in this file"
)]
fn with_check(first17: String) -> String {
    let check = check_char(&first17).expect("17 digits") as char;
    format!("{first17}{check}")
}

/// The demo accounts: an applicant, a helper and an administrator, and in each demo county one
/// account per staff post.
pub fn accounts() -> Vec<DemoAccount> {
    let mut all: Vec<DemoAccount> = [
        (
            Role::Applicant,
            "张明（演示）",
            "43010219850512001",
            "13900000001",
        ),
        (
            Role::Helper,
            "王芳（演示）",
            "43010219800301002",
            "13900000002",
        ),
        (
            Role::Admin,
            "周静（演示）",
            "43010219700101007",
            "13900000007",
        ),
    ]
    .into_iter()
    .map(|(role, name, first17, phone)| DemoAccount {
        role,
        name: name.to_owned(),
        id_number: with_check(first17.to_owned()),
        phone: phone.to_owned(),
        post: None,
    })
    .collect();
    for (c, (county, county_name)) in DEMO_COUNTIES.into_iter().enumerate() {
        for (p, (role, department, title)) in posts().into_iter().enumerate() {
            let n = 100 + c * 10 + p;
            all.push(DemoAccount {
                role,
                name: format!("{county_name}{title}（演示）"),
                id_number: with_check(format!("{county}19800101{n:03}")),
                phone: format!("1390000{n:04}"),
                post: Some((county, department)),
            });
        }
    }
    // 000 §三(四): a township clerk with delegated acceptance in 芙蓉区文艺路街道.
    all.push(DemoAccount {
        role: Role::CountyClerk,
        name: "芙蓉区文艺路街道办证员（演示）".to_owned(),
        id_number: with_check("43010219800101199".to_owned()),
        phone: "13900000199".to_owned(),
        post: Some((DEMO_TOWNSHIP.0, None)),
    });
    all
}

/// The demo township whose clerk holds delegated acceptance authority.
pub const DEMO_TOWNSHIP: (&str, &str) = ("430102001", "长沙市芙蓉区文艺路街道");

/// Creates the demo offices (a federation, a designated hospital and one office per department in
/// each demo county) and gives every demo staff account its post.
pub async fn load_offices(conn: &mut AsyncPgConnection) -> anyhow::Result<()> {
    use super::offices::ensure;
    let mut office = std::collections::HashMap::new();
    for (code, name) in DEMO_COUNTIES {
        let federation = ensure(
            conn,
            OfficeKind::Federation,
            code,
            None,
            &format!("{name}残疾人联合会（演示）"),
        )
        .await?;
        office.insert((code, "federation"), federation);
        let hospital = ensure(
            conn,
            OfficeKind::Institution,
            code,
            None,
            &format!("{name}人民医院（演示·指定评残机构）"),
        )
        .await?;
        office.insert((code, "institution"), hospital);
        let city_name = name.split_inclusive('市').next().unwrap_or(name);
        let committee = ensure(
            conn,
            OfficeKind::Committee,
            &code[..4],
            None,
            &format!("{city_name}残疾评定终评专家委员会（演示）"),
        )
        .await?;
        office.insert((code, "committee"), committee);
        let departments = [
            (Department::CivilAffairs, "民政局"),
            (Department::HumanResources, "人力资源和社会保障局"),
            (Department::MedicalSecurity, "医疗保障局"),
            (Department::MarketRegulation, "市场监督管理局"),
        ];
        for (d, title) in departments {
            let id = ensure(
                conn,
                OfficeKind::Department,
                code,
                Some(d.code()),
                &format!("{name}{title}（演示）"),
            )
            .await?;
            office.insert((code, d.code()), id);
        }
    }
    let (township, township_name) = DEMO_TOWNSHIP;
    let id = ensure(
        conn,
        OfficeKind::Township,
        township,
        None,
        &format!("{township_name}残联（演示·受理权限下放）"),
    )
    .await?;
    office.insert((township, "township"), id);
    for ((county, key), id) in &office {
        super::offices::set_contacts(conn, *id, &demo_contacts(county, key)).await?;
    }
    for demo in accounts() {
        let Some((county, department)) = demo.post else {
            continue;
        };
        let key = match (demo.role, department) {
            _ if county == township => "township",
            (Role::Doctor, _) => "institution",
            (Role::ExpertCommittee, _) => "committee",
            (_, Some(d)) if d != Department::DisabledPersonsFederation => d.code(),
            _ => "federation",
        };
        let id: Option<i64> = accounts::table
            .filter(accounts::id_number.eq(&demo.id_number))
            .select(accounts::id)
            .first(conn)
            .await
            .optional()?;
        if let Some(id) = id {
            super::offices::assign(conn, id, demo.role.code(), office[&(county, key)]).await?;
        }
    }
    Ok(())
}

/// Demo contact details of a demo office (clearly not real: the numbers are zeros).
fn demo_contacts(division: &str, key: &str) -> crate::domain::office::OfficeContacts {
    let area = match &division[..2] {
        "43" => "0731",
        "41" => "0371",
        _ => "0571",
    };
    let n = match key {
        "federation" => 1,
        "institution" => 2,
        "township" => 3,
        _ => 4,
    };
    let institution = key == "institution";
    crate::domain::office::OfficeContacts {
        address: Some(format!("演示地址：{division} 政务服务中心 {n} 号楼 1 层")),
        phone: Some(format!("{area}-0000000{n}")),
        hours: Some("工作日 9:00–12:00，14:00–17:00（演示）".to_owned()),
        online: (key == "federation").then(|| "https://example.gov.cn/demo".to_owned()),
        accessibility: institution
            .then(|| "无台阶入口，有电梯和无障碍卫生间；可预约手语翻译（演示）".to_owned()),
    }
}

/// Inserts the demo accounts that are missing. Returns how many were added.
pub async fn load(
    conn: &mut AsyncPgConnection,
    password_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    let mut added = 0;
    for demo in accounts() {
        let exists: bool = diesel::select(diesel::dsl::exists(
            accounts::table.filter(accounts::id_number.eq(&demo.id_number)),
        ))
        .get_result(conn)
        .await?;
        if exists {
            continue;
        }
        let new = NewAccount {
            real_name: &demo.name,
            id_number: Some(&demo.id_number),
            phone: &demo.phone,
            email: None,
            password_hash,
            roles: vec![demo.role.code().to_owned()],
            is_demo: true,
            identity: crate::domain::identity::IdentityLevel::Verified.code(),
            identity_source: Some(crate::domain::identity::IdentitySource::Demo.code()),
            phone_confirmed_at: Some(now),
            oidc_subject: None,
            lang: "zh",
        };
        match new.insert(conn).await {
            Ok(_) => added += 1,
            Err(CreateAccountError::Db(e)) => return Err(e.into()),
            Err(_) => {}
        }
    }
    Ok(added)
}
