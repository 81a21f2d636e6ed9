//! Alerts to staff (001 二, 002: staff log in every working day): the workbench's start page
//! counts new work and work due by the next working day, and each post with new or due work gets
//! one digest email a working day, through the real SMTP server on loopback.

use chrono::TimeZone;

use crate::helpers::{mail_subject, mail_text, start_smtp, texts};
use crate::workflow::world_delivering_only_when_woken;

#[tokio::test]
async fn staff_see_their_counts_and_get_one_digest_a_working_day() {
    // The digest job queues mail that this test delivers through SMTP itself.
    let w = world_delivering_only_when_woken().await;
    // The start page: the submitted case is new and open.
    let (_, queue) = w.clerk.get_html("/staff").await;
    let counts = texts(&queue, "#workload li");
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert!(counts[0].contains("在办 1 件"), "{counts:?}");
    assert!(counts[1].contains("新到 1 件"), "{counts:?}");
    let (_, other) = w.other_clerk.get_html("/staff").await;
    assert!(texts(&other, "#workload li")[0].contains("在办 0 件"));

    // The next working day at 09:00 Beijing: the digest goes to the posts with work, once.
    let mut conn = w.app.db().await;
    let calendar = portal::db::calendar::load(&mut conn).await.unwrap();
    let today = crate::helpers::today();
    let next = calendar.add(today, 1).date;
    let at = |hour| {
        chrono_tz::Asia::Shanghai
            .from_local_datetime(&next.and_hms_opt(hour, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let pool = crate::helpers::pool_on(&w.app.db_url, 2);
    let outbox = portal::delivery::Outbox::default();
    let base = "https://portal.example.cn";
    let send = |now| portal::jobs::digest::send(&pool, &outbox, base, now);
    assert_eq!(send(at(7)).await.unwrap(), 0, "not before 08:00");
    // Two instances at 09:00 at once (each with its own connections): one digest.
    let second = crate::helpers::pool_on(&w.app.db_url, 2);
    let (a, b) = tokio::join!(
        send(at(9)),
        portal::jobs::digest::send(&second, &outbox, base, at(9))
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        1,
        "the clerk only: nobody else has work, and once"
    );
    assert_eq!(send(at(10)).await.unwrap(), 0, "once a day");

    let (smtp_port, received) = start_smtp();
    let mut settings = portal::config::Settings::defaults();
    settings.smtp_host = Some("127.0.0.1".into());
    settings.smtp_port = smtp_port;
    settings.var_dir = w.app.var_dir.join("digest");
    let channels = portal::delivery::Channels {
        mailer: portal::email::Mailer::from_settings(&settings).unwrap(),
        sms: portal::delivery::Sms::from_settings(&settings).unwrap(),
        retry_base: std::time::Duration::from_secs(60),
    };
    let delivered = portal::delivery::deliver_due(&pool, &channels, crate::helpers::clock().now())
        .await
        .unwrap();
    assert!(delivered.sent >= 1, "{delivered:?}");
    let mails = received.lock().unwrap().clone();
    let digest: Vec<_> = mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t.contains("user101@example.cn")))
        .collect();
    assert_eq!(digest.len(), 1, "{mails:?}");
    assert!(
        mail_subject(digest[0]).contains("新到 1 件"),
        "{}",
        mail_subject(digest[0])
    );
    assert!(mail_text(digest[0]).contains("https://portal.example.cn/staff"));
    let sms_dir = w.app.var_dir.join("digest").join("sms");
    assert!(
        std::fs::read_dir(&sms_dir).map(|d| d.count()).unwrap_or(0) == 0,
        "email only"
    );
}
