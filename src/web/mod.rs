//! The web layer: routes, extractors, handlers grouped by area. Handlers are thin:
//! parse → domain → db → render.

pub mod account;
pub mod account_cache;
pub mod admin;
pub mod annual_review;
pub mod apply;
pub mod assets;
pub mod bidi;
pub mod bundle;
pub mod calendar_cache;
pub mod card_renders;
pub mod case_text;
pub mod certificate_pdf;
pub mod certificate_present;
pub mod certificates;
pub mod client;
pub mod conclusion_reads;
pub mod contacts;
pub mod ctx;
pub mod dates;
pub mod error;
pub mod flights;
pub mod form;
pub mod inbox;
pub mod lang_parts;
pub mod middleware;
pub mod notes;
pub mod notify;
pub mod pages;
pub mod pdf_tags;
pub mod people;
pub mod public;
pub mod render;
pub mod session_store;
pub mod sources;
pub mod staff;
pub mod state;
pub mod upload;

use actix_web::web;

/// Registers every route, area by area. A path answers only its methods; others get 405.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(public_routes)
        .configure(apply_routes)
        .configure(certificates_routes)
        .configure(staff_routes)
        .configure(admin_routes)
        .configure(pages_routes)
        .configure(account_routes);
}

/// The public pages (评残公示, the lookup, verification), under the heaviest load: first, because
/// the router tries paths in order and every dynamic path it passes costs a regex match.
fn public_routes(cfg: &mut web::ServiceConfig) {
    use pages::home;
    cfg.service(web::resource("/").get(home::home))
        .service(web::resource("/publications").get(public::publications::list))
        .service(
            web::resource("/publications/lookup")
                .get(public::lookup::show)
                .post(public::lookup::submit),
        )
        .service(web::resource("/publications/lookup/code").post(public::lookup::code))
        .service(
            web::resource("/verify")
                .get(public::verify::show)
                .post(public::verify::typed),
        )
        .service(web::resource("/.well-known/certificate-keys.json").get(public::verify::keys))
        .service(web::resource("/publications/{county}/feed.atom").get(public::feed::show))
        .service(
            web::resource("/publications/entries/{id}/objection")
                .get(public::objection::show)
                .post(public::objection::submit),
        );
}

/// The guide, the one form and the applicant's applications (more specific paths first).
fn apply_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/guide").get(apply::guide::show))
        .service(
            web::resource("/apply")
                .get(apply::tasks::start)
                .post(apply::tasks::create),
        )
        .service(web::resource("/apply/{id}").get(apply::tasks::show))
        .service(web::resource("/apply/{id}/check").get(apply::check::show))
        .service(web::resource("/apply/{id}/summary").get(apply::summary::show))
        .service(web::resource("/apply/{id}/submit").post(apply::check::submit))
        .service(web::resource("/apply/{id}/materials").get(apply::materials::show))
        .service(web::resource("/apply/{id}/materials/{material}").post(apply::materials::upload))
        .service(
            web::resource("/apply/{id}/materials/{material}/remove").post(apply::materials::remove),
        )
        .service(
            web::resource("/apply/{id}/{section}")
                .get(apply::question::show)
                .post(apply::question::submit),
        )
        .service(web::resource("/applications").get(apply::applications::list))
        .service(web::resource("/applications/{id}").get(apply::applications::show))
        .service(web::resource("/applications/{id}/withdraw").post(apply::applications::withdraw))
        .service(
            web::resource("/applications/{id}/appointment")
                .post(apply::appointment::move_appointment),
        )
        .service(web::resource("/applications/{id}/resubmit").post(apply::correction::resubmit))
        .service(
            web::resource("/applications/{id}/review")
                .get(apply::review::show)
                .post(apply::review::submit),
        )
        .service(web::resource("/applications/{id}/review/withdraw").post(apply::review::withdraw))
        .service(web::resource("/applications/{id}/services").post(apply::services::add))
        .service(web::resource("/applications/{id}/items/{item}/rating").post(apply::rating::rate))
        .service(
            web::resource("/applications/{id}/materials/{material}")
                .post(apply::correction::replace_material),
        )
        .service(web::resource("/divisions/{code}").get(apply::divisions::children));
}

/// The electronic certificate and its downloads.
fn certificates_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/certificates").get(certificates::list))
        .service(web::resource("/certificates/sw.js").get(certificate_present::worker))
        .service(web::resource("/certificates/{id}").get(certificates::show))
        .service(web::resource("/certificates/{id}/show").get(certificate_present::show))
        .service(web::resource("/certificates/{id}/photo").get(certificates::photo))
        .service(
            web::resource("/certificates/{id}/annual-review")
                .get(annual_review::show)
                .post(annual_review::submit),
        )
        .service(web::resource("/certificates/{id}/card.svg").get(certificates::svg))
        .service(web::resource("/certificates/{id}/card.pdf").get(certificate_pdf::pdf));
}

/// The staff workbench.
fn staff_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/staff").get(staff::queue::show))
        .service(
            web::resource("/staff/items/{id}")
                .get(staff::item::show)
                .post(staff::item::act),
        )
        .service(web::resource("/staff/items/{id}/files/{upload}").get(staff::item::file))
        .service(web::resource("/staff/items/{id}/conclusion").post(staff::item::conclude))
        .service(web::resource("/staff/items/{id}/card").post(staff::card::sent))
        .service(web::resource("/staff/items/{id}/bank-card").post(staff::case_file::reveal))
        .service(web::resource("/staff/items/{id}/hukou-moved").post(staff::card::hukou_moved))
        .service(web::resource("/staff/items/{id}/old-card").post(staff::old_card::record))
        .service(web::resource("/staff/items/{id}/attended").post(staff::attendance::record))
        .service(
            web::resource("/staff/counter")
                .get(staff::counter::show)
                .post(staff::counter::start),
        )
        .service(
            web::resource("/staff/counter/applications/{id}/review")
                .get(staff::counter_review::show)
                .post(staff::counter_review::submit),
        )
        .service(
            web::resource("/staff/identity")
                .get(staff::identity::show)
                .post(staff::identity::submit),
        )
        .service(
            web::resource("/staff/sessions")
                .get(staff::sessions::show)
                .post(staff::sessions::add),
        )
        .service(web::resource("/staff/sessions/assign").post(staff::sessions::assign))
        .service(web::resource("/staff/sessions/limits").post(staff::sessions::limits))
        .service(web::resource("/staff/claims").get(staff::claims::list))
        .service(web::resource("/staff/proposals").get(staff::proposals::list))
        .service(web::resource("/staff/proposals/{id}").post(staff::proposals::decide))
        .service(
            web::resource("/staff/claims/{id}")
                .get(staff::claims::show)
                .post(staff::claims::decide),
        )
        .service(web::resource("/staff/claims/{id}/proof").get(staff::claims::proof))
        .service(
            web::resource("/staff/objections/{id}")
                .get(staff::objections::show)
                .post(staff::objections::handle),
        );
}

/// Administration.
fn admin_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin").get(admin::index))
        .service(
            web::resource("/admin/calendar")
                .get(admin::calendar::show)
                .post(admin::calendar::add),
        )
        .service(
            web::resource("/admin/accounts")
                .get(admin::accounts::show)
                .post(admin::accounts::submit),
        )
        .service(
            web::resource("/admin/offices")
                .get(admin::offices::show)
                .post(admin::offices::add),
        )
        .service(
            web::resource("/admin/offices/{id}")
                .get(admin::office::show)
                .post(admin::office::save),
        )
        .service(
            web::resource("/admin/staff")
                .get(admin::staff::show)
                .post(admin::staff::appoint),
        )
        .service(web::resource("/admin/staff/dismiss").post(admin::staff::dismiss))
        .service(web::resource("/admin/policies").get(admin::policies::show))
        .service(web::resource("/admin/ratings").get(admin::ratings::show));
}

/// The inbox, people one acts for, uploads, health and preferences.
fn pages_routes(cfg: &mut web::ServiceConfig) {
    use pages::{health, help, preferences};
    cfg.service(web::resource("/inbox").get(inbox::list))
        .service(web::resource("/inbox/{id}").get(inbox::show))
        .service(web::resource("/people").get(people::list::list))
        .service(
            web::resource("/people/new")
                .get(people::add::show)
                .post(people::add::submit),
        )
        .service(web::resource("/people/{id}").get(people::list::show))
        .service(web::resource("/people/{id}/remove").post(people::list::remove))
        .service(web::resource("/people/{id}/confirm").post(people::list::confirm))
        .service(web::resource("/people/{id}/code").post(people::list::resend))
        .service(web::resource("/people/claims/{id}").post(people::list::decide))
        .service(web::resource("/uploads/{id}").get(upload::show))
        .service(web::resource("/help").get(help::help))
        .service(web::resource("/accessibility").get(help::accessibility))
        .service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/preferences/language").get(preferences::language))
        .service(web::resource("/preferences/display").get(preferences::display))
        .service(web::resource("/session/extend").post(preferences::extend));
}

/// Registration, sign-in and the account.
fn account_routes(cfg: &mut web::ServiceConfig) {
    use account::{dashboard, government, login, notices, password, register, reset};
    cfg.service(
        web::resource("/register")
            .get(register::show)
            .post(register::submit),
    )
    .service(
        web::resource("/register/confirm")
            .get(register::show_confirm)
            .post(register::confirm),
    )
    .service(web::resource("/register/resend").post(register::resend))
    .service(web::resource("/login/government").get(government::start))
    .service(web::resource("/login/government/callback").get(government::callback))
    .service(web::resource("/login").get(login::show).post(login::submit))
    .service(web::resource("/logout").post(login::logout))
    .service(web::resource("/account").get(dashboard::show))
    .service(
        web::resource("/account/notices")
            .get(notices::show)
            .post(notices::submit),
    )
    .service(
        web::resource("/account/password")
            .get(password::show)
            .post(password::submit),
    )
    .service(
        web::resource("/password/forgot")
            .get(reset::show)
            .post(reset::submit),
    )
    .service(
        web::resource("/password/reset/{token}")
            .get(reset::show_reset)
            .post(reset::submit_reset),
    );
}

/// The default service: an unknown path is a (localised) 404.
pub async fn not_found() -> actix_web::HttpResponse {
    actix_web::HttpResponse::NotFound().finish()
}
