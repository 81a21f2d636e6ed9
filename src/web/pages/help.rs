//! `GET /help`: how to reach the offices of a county — its disabled persons' federation, the
//! township offices that accept applications, the designated assessment institutions and the
//! departments — with the 12345 hotline (004 附件3 五(一): 12345 热线服务和其他电话、网络和
//! 现场等咨询途径; 公布残疾等级评定机构名单). `GET /accessibility`: the accessibility
//! statement, with who to contact about a problem.

use actix_web::HttpRequest;
use askama::Template;

use crate::db::offices;
use crate::web::contacts::ContactCard;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// `templates/pages/help.html`.
#[derive(Template)]
#[template(path = "pages/help.html")]
pub struct HelpPage {
    page: Page,
    /// The counties to choose from (code, name).
    counties: Vec<(String, String)>,
    /// The county chosen (code), if any.
    county: String,
    /// Its name.
    county_name: String,
    /// Its offices.
    cards: Vec<ContactCard>,
}

/// The county asked for in `?county=` (six digits), if any.
pub fn county_of(req: &HttpRequest) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "county")
        .map(|(_, v)| v.into_owned())
        .filter(|v| v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()))
}

/// `GET /help?county=…`
pub async fn help(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let county = county_of(&req).unwrap_or_default();
    let mut conn = ctx.state.conn().await?;
    let counties = offices::counties_served(&mut conn).await?;
    let offices = if county.is_empty() {
        vec![]
    } else {
        offices::of_county(&mut conn, &county).await?
    };
    drop(conn);
    let county_name = counties
        .iter()
        .find(|(c, _)| *c == county)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    html(&HelpPage {
        cards: ContactCard::all(ctx.lang, &offices),
        counties,
        county,
        county_name,
        page: ctx.page("help-title"),
    })
}

/// `templates/pages/accessibility.html`.
#[derive(Template)]
#[template(path = "pages/accessibility.html")]
pub struct AccessibilityPage {
    page: Page,
}

/// `GET /accessibility`
pub async fn accessibility(mut ctx: Ctx) -> AppResult {
    html(&AccessibilityPage {
        page: ctx.page("accessibility-title"),
    })
}
