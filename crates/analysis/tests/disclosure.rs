//! Disclosure data holds no personal data — checked against every appellant of the database, and
//! against planted appellants whose details would be easy to spot — and suppresses small cells.

use chrono::{DateTime, FixedOffset, NaiveDate};
use minyi_analysis::disclosure::disclosure;
use minyi_analysis::period::Period;
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::{DemoOptions, generate, seed_office};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn disclosure_carries_no_personal_data_and_suppresses_small_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let now = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-27T17:00:00+08:00").unwrap();
    generate(
        &mut store,
        &DemoOptions {
            appeals: 1200,
            seed: 9,
            now,
        },
        &mut |_, _| {},
    )
    .unwrap();
    let office = seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.clerk, now);
    // One letter: a channel cell of exactly one appeal, from an appellant easy to spot.
    let input = RegisterInput {
        appellant: Appellant {
            name: "欧阳明远".into(),
            phone: Some("13987654321".into()),
            address: Some("云江市青石巷17号".into()),
            id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
        channel: "letter".into(),
        category: "help".into(),
        subject: "欧阳明远申请困难补助".into(),
        content: "本人欧阳明远，住青石巷17号，电话13987654321，申请困难补助。".into(),
        received_at: "2026-11-20T10:00:00+08:00".into(),
        postmark_date: Some("2026-11-18".into()),
        ..Default::default()
    };
    register(&mut store, &ctx, &input).unwrap();

    let period = Period::new(d("2026-11-01"), d("2026-11-30")).unwrap();
    let today = d("2026-11-27");
    let out = disclosure(&store, period, today).unwrap();
    let json = serde_json::to_string(&out).unwrap();

    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT name, phone, address, id_number FROM appellants")
        .unwrap();
    let people: Vec<[Option<String>; 4]> = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(people.len() > 1000);
    for p in &people {
        for v in p.iter().flatten() {
            if v.chars().count() >= 2 {
                assert!(
                    !json.contains(v.as_str()),
                    "personal data {v:?} in the disclosure"
                );
            }
        }
    }
    for planted in ["欧阳明远", "青石巷", "13987654321", "困难补助"] {
        assert!(!json.contains(planted), "{planted} leaked");
    }

    assert_eq!(out.threshold, 5);
    let all = out
        .by_category
        .iter()
        .chain(&out.by_channel)
        .chain(&out.results)
        .chain(&out.satisfaction);
    for c in all {
        assert!(
            c.count.is_none_or(|n| n == 0 || n >= 5),
            "{} shows {:?}",
            c.label,
            c.count
        );
    }
    let letters = out.by_channel.iter().find(|c| c.label == "书信").unwrap();
    assert_eq!(letters.count, None, "a handful of letters is suppressed");
    let hidden = out.by_channel.iter().filter(|c| c.count.is_none()).count();
    assert!(
        hidden >= 2,
        "a lone hidden cell could be subtracted out of the total"
    );

    // A higher threshold hides more.
    minyi_core::testing::set_setting(&store, SettingKey::DisclosureThreshold, "300").unwrap();
    let strict = disclosure(&store, period, today).unwrap();
    assert_eq!(strict.total, None);
    assert!(
        strict
            .by_category
            .iter()
            .all(|c| c.count.is_none_or(|n| n == 0))
    );
    assert_eq!(strict.satisfaction_rate, None);
}
