//! The demo data set: one clearly marked account per role, loaded when `PORTAL_DEMO` is on.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::accounts::{CreateAccountError, NewAccount};
use super::schema::accounts;
use crate::domain::Role;
use crate::domain::id_number::check_char;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-2026";

/// One demo login: role, name, ID number, mobile number.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// The role it holds.
    pub role: Role,
    /// Real name (fictional).
    pub name: &'static str,
    /// A valid, fictional ID number.
    pub id_number: String,
    /// Mobile number.
    pub phone: &'static str,
}

/// The demo accounts, one per role.
pub fn accounts() -> Vec<DemoAccount> {
    let people: [(Role, &str, &str, &str); 7] = [
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
            Role::CountyClerk,
            "李强（演示）",
            "43010219790815003",
            "13900000003",
        ),
        (
            Role::Doctor,
            "赵敏（演示）",
            "43010219821120004",
            "13900000004",
        ),
        (
            Role::HukouClerk,
            "陈刚（演示）",
            "41010519750603005",
            "13900000005",
        ),
        (
            Role::DepartmentOfficer,
            "刘洋（演示）",
            "43010219880909006",
            "13900000006",
        ),
        (
            Role::Admin,
            "周静（演示）",
            "43010219700101007",
            "13900000007",
        ),
    ];
    people
        .into_iter()
        .map(|(role, name, first17, phone)| DemoAccount {
            role,
            name,
            id_number: format!(
                "{first17}{}",
                check_char(first17).expect("17 digits") as char
            ),
            phone,
        })
        .collect()
}

/// The demo counties, one per seed province (湖南 芙蓉区, 河南 金水区, 浙江 上城区): each gets a
/// disabled persons' federation, one designated assessment institution and a civil-affairs office.
pub const DEMO_COUNTIES: [(&str, &str); 3] = [
    ("430102", "长沙市芙蓉区"),
    ("410105", "郑州市金水区"),
    ("330102", "杭州市上城区"),
];

/// Creates the demo offices and gives the demo staff their jurisdiction: the county clerk, the
/// doctor and the department officer work in 芙蓉区; the hukou-county clerk in 金水区.
pub async fn load_offices(conn: &mut AsyncPgConnection) -> anyhow::Result<()> {
    let mut federation = std::collections::HashMap::new();
    let mut institution = std::collections::HashMap::new();
    let mut civil = std::collections::HashMap::new();
    for (code, name) in DEMO_COUNTIES {
        federation.insert(
            code,
            super::offices::ensure(
                conn,
                "federation",
                code,
                None,
                &format!("{name}残疾人联合会（演示）"),
            )
            .await?,
        );
        institution.insert(
            code,
            super::offices::ensure(
                conn,
                "institution",
                code,
                None,
                &format!("{name}人民医院（演示·指定评残机构）"),
            )
            .await?,
        );
        civil.insert(
            code,
            super::offices::ensure(
                conn,
                "department",
                code,
                Some("civil_affairs"),
                &format!("{name}民政局（演示）"),
            )
            .await?,
        );
    }
    for demo in accounts() {
        let office = match demo.role {
            Role::CountyClerk => federation["430102"],
            Role::Doctor => institution["430102"],
            Role::HukouClerk => federation["410105"],
            Role::DepartmentOfficer => civil["430102"],
            _ => continue,
        };
        let id: Option<i64> = accounts::table
            .filter(accounts::id_number.eq(&demo.id_number))
            .select(accounts::id)
            .first(conn)
            .await
            .optional()?;
        if let Some(id) = id {
            super::offices::assign(conn, id, demo.role.code(), office).await?;
        }
    }
    Ok(())
}

/// Inserts the demo accounts that are missing. Returns how many were added.
pub async fn load(conn: &mut AsyncPgConnection, password_hash: &str) -> anyhow::Result<usize> {
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
            real_name: demo.name,
            id_number: &demo.id_number,
            phone: demo.phone,
            email: None,
            password_hash,
            roles: vec![demo.role.code().to_owned()],
            is_demo: true,
        };
        match new.insert(conn).await {
            Ok(_) => added += 1,
            Err(CreateAccountError::Db(e)) => return Err(e.into()),
            Err(_) => {}
        }
    }
    Ok(added)
}
