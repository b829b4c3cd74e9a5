//! Hot spots find topics planted in generated data: a local place name (known only through the
//! office's user dictionary) mentioned by a known set of appeals, growing against the month
//! before, and a topic that is new this month; and on a constructed corpus, that words every
//! appeal uses do not outrank a distinctive phrase.

use chrono::{DateTime, FixedOffset, NaiveDate};
use minyi_analysis::hotspots::{HotspotQuery, hotspots};
use minyi_analysis::period::Period;
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::{DemoOptions, generate, seed_office};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Registers `n` appeals received on `day` whose text mentions `phrase`; returns their ids.
fn plant(store: &mut Store, ctx: &Ctx<'_>, n: usize, day: &str, phrase: &str) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let input = RegisterInput {
                appellant: Appellant {
                    name: "李四".into(),
                    phone: Some(format!("139{:08}", 10_000_000 + i)),
                    address: Some("云江市西湖区学院路88号".into()),
                    ..Default::default()
                },
                channel: if i % 2 == 0 { "hotline" } else { "wechat" }.into(),
                category: "complaint".into(),
                subject: format!("{phrase}（第{i}次来电）"),
                content: format!("{phrase}，已经持续一段时间，影响出行，请尽快处理。编号{i}"),
                received_at: format!("{day}T10:00:00+08:00"),
                ..Default::default()
            };
            register(store, ctx, &input).unwrap().appeal_id
        })
        .collect()
}

#[test]
fn planted_topics_are_found_with_their_appeals_and_growth() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let now = at("2026-11-27T17:00:00+08:00");
    generate(
        &mut store,
        &DemoOptions {
            appeals: 1500,
            seed: 5,
            now,
        },
        &mut |_, _| {},
    )
    .unwrap();
    let office = seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.clerk, now);
    let before = plant(&mut store, &ctx, 4, "2026-10-12", "青石巷路面积水");
    let planted = plant(&mut store, &ctx, 30, "2026-11-16", "青石巷路面积水");
    let new_topic = plant(&mut store, &ctx, 12, "2026-11-18", "电动自行车充电桩不足");
    minyi_core::testing::set_setting(&store, SettingKey::HotspotUserDictionary, "青石巷、望江门")
        .unwrap();

    let q = HotspotQuery {
        period: Period::new(d("2026-11-01"), d("2026-11-30")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        limit: Some(10),
    };
    let h = hotspots(&store, &q).unwrap();
    assert_eq!(
        h.previous_period,
        Period::new(d("2026-10-01"), d("2026-10-31")).unwrap()
    );
    let t = h
        .top
        .iter()
        .find(|t| t.word.contains("青石巷"))
        .unwrap_or_else(|| {
            let seen: Vec<_> = h.top.iter().map(|t| (&t.word, t.appeals)).collect();
            panic!("planted place name in the top 10: {seen:?}")
        });
    assert!(!t.subjects.is_empty() && t.subjects.len() <= 3);
    assert!(t.subjects.iter().all(|s| s.contains("青石巷路面积水")));
    assert_eq!(
        t.appeal_ids, planted,
        "exactly the planted appeals, oldest first"
    );
    assert_eq!((t.appeals, t.previous_appeals), (30, 4));
    assert_eq!(t.growth, Some(26.0 / 4.0));
    let channels: Vec<(&str, i64)> = t
        .by_channel
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(channels, [("wechat", 15), ("hotline", 15)]);
    assert!(h.top.windows(2).all(|w| w[0].score >= w[1].score));

    let charging = h
        .rising
        .iter()
        .find(|t| t.word.contains("自行车"))
        .unwrap_or_else(|| {
            let seen: Vec<_> = h
                .rising
                .iter()
                .map(|t| (&t.word, t.appeals, t.previous_appeals))
                .collect();
            panic!("new topic rises: {seen:?}")
        });
    assert_eq!(charging.growth, None);
    assert_eq!(charging.appeal_ids, new_topic);
    let first_old = h
        .rising
        .iter()
        .position(|t| t.growth.is_some())
        .unwrap_or(h.rising.len());
    assert!(
        h.rising[first_old..].iter().all(|t| t.growth.is_some()),
        "new topics first"
    );
    // Nothing of the appellants leaves as a topic.
    for t in h.top.iter().chain(&h.rising) {
        assert!(
            !t.word.contains("李四") && !t.word.chars().any(|c| c.is_ascii_digit()),
            "{}",
            t.word
        );
    }
    drop(before);

    // Without the dictionary entry the place name is not one word.
    minyi_core::testing::set_setting(&store, SettingKey::HotspotUserDictionary, "望江门").unwrap();
    let plain = hotspots(&store, &q).unwrap();
    assert!(plain.top.iter().all(|t| !t.word.starts_with("青石巷")));
}

/// Registers one appeal per `(subject, content)` on `day`.
fn register_all(store: &mut Store, ctx: &Ctx<'_>, day: &str, texts: &[(String, String)]) {
    for (i, (subject, content)) in texts.iter().enumerate() {
        let input = RegisterInput {
            appellant: Appellant {
                name: "王五".into(),
                phone: Some(format!("137{:08}", 20_000_000 + i)),
                ..Default::default()
            },
            channel: "hotline".into(),
            category: "complaint".into(),
            subject: subject.clone(),
            content: content.clone(),
            received_at: format!("{day}T09:30:00+08:00"),
            ..Default::default()
        };
        register(store, ctx, &input).unwrap();
    }
}

#[test]
fn common_words_do_not_outrank_a_distinctive_phrase_and_phrases_are_merged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let now = at("2026-11-27T17:00:00+08:00");
    let office = seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.clerk, now);
    // Every appeal, before and during the period, speaks of the old people and children of the
    // household; the problems vary.
    let problems = [
        "垃圾清运",
        "路灯损坏",
        "电梯故障",
        "供暖温度",
        "公交线路",
        "停车收费",
    ];
    let letter = |p: &str, k: usize| {
        (
            format!("关于{p}问题的反映（{k}）"),
            format!("家里有老人和孩子，{p}的事情拖了很久，老人身体不好，孩子上学也受影响。"),
        )
    };
    for (m, day) in ["2026-03-10", "2026-05-12", "2026-07-14", "2026-09-15"]
        .iter()
        .enumerate()
    {
        let texts: Vec<_> = (0..60)
            .map(|k| letter(problems[(k + m) % problems.len()], k))
            .collect();
        register_all(&mut store, &ctx, day, &texts);
    }
    // November: the same mix, and a burst of night-time construction noise.
    let mut texts: Vec<_> = (0..40)
        .map(|k| letter(problems[k % problems.len()], k))
        .collect();
    for k in 0..12 {
        texts.push((
            format!("夜间施工噪音扰民（{k}）"),
            format!("附近工地夜间施工噪音很大，老人和孩子晚上睡不着，第{k}次反映。"),
        ));
    }
    register_all(&mut store, &ctx, "2026-11-10", &texts);

    let h = hotspots(
        &store,
        &HotspotQuery {
            period: Period::new(d("2026-11-01"), d("2026-11-30")).unwrap(),
            category: None,
            channel: None,
            department_id: None,
            limit: Some(10),
        },
    )
    .unwrap();
    let words: Vec<&str> = h.top.iter().map(|t| t.word.as_str()).collect();
    assert!(h.background_appeals >= 200, "{}", h.background_appeals);
    // The phrase, merged from 施工 + 噪音 + 扰民, leads; its parts do not appear on their own.
    assert!(words[0].contains("施工噪音"), "{words:?}");
    for part in ["施工", "噪音", "扰民"] {
        assert!(!words.contains(&part), "{part} merged: {words:?}");
    }
    // Words every appeal uses are not topics however often they occur.
    for common in ["老人", "孩子", "身体"] {
        assert!(!words.contains(&common), "{common}: {words:?}");
    }
    let noise = &h.top[0];
    assert_eq!(noise.appeals, 12);
    assert_eq!(noise.previous_appeals, 0);
    assert_eq!(noise.subjects.len(), 3, "representative subjects");
    assert!(
        noise
            .subjects
            .iter()
            .all(|s| s.starts_with("夜间施工噪音扰民"))
    );
    assert!(noise.score > h.top[1].score);
    // The steady problems are there too, as phrases.
    assert!(words.contains(&"电梯故障"), "{words:?}");
}

#[test]
fn the_offices_own_districts_say_where_not_what() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.db")).unwrap();
    let now = at("2026-11-27T17:00:00+08:00");
    let office = seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.clerk, now);
    // One letter in fourteen says which district or street office the writer lives in, before
    // the period and during it, whatever the problem.
    let problems = ["垃圾清运", "路灯损坏", "电梯故障", "供暖温度"];
    let letter = |k: usize| {
        let p = problems[k % problems.len()];
        let place = match k % 14 {
            0 => "我家住在青石区，",
            7 => "我在望江街道住了多年，",
            _ => "",
        };
        (
            format!("关于{p}问题的反映（{k}）"),
            format!("{place}{p}的事情拖了很久，希望尽快解决。"),
        )
    };
    for day in ["2026-03-10", "2026-05-12", "2026-07-14", "2026-09-15"] {
        let texts: Vec<_> = (0..70).map(letter).collect();
        register_all(&mut store, &ctx, day, &texts);
    }
    let texts: Vec<_> = (0..70).map(letter).collect();
    register_all(&mut store, &ctx, "2026-11-10", &texts);
    minyi_core::testing::set_setting(
        &store,
        SettingKey::HotspotUserDictionary,
        "青石区、望江街道、青石巷",
    )
    .unwrap();

    let h = hotspots(
        &store,
        &HotspotQuery {
            period: Period::new(d("2026-11-01"), d("2026-11-30")).unwrap(),
            category: None,
            channel: None,
            department_id: None,
            limit: Some(10),
        },
    )
    .unwrap();
    let words: Vec<&str> = h
        .top
        .iter()
        .chain(&h.rising)
        .map(|t| t.word.as_str())
        .collect();
    assert!(words.contains(&"电梯故障"), "{words:?}");
    for place in ["青石区", "望江街道", "青石", "望江"] {
        assert!(
            words.iter().all(|w| !w.contains(place)),
            "{place}: {words:?}"
        );
    }
}
