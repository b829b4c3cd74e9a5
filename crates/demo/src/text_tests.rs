//! Tests of the demo text generator: determinism, shapes of phones and ID numbers, the length
//! distribution, and topics that can be planted and found.

use super::*;

const CATS: [TextCategory; 5] = [
    TextCategory::Consultation,
    TextCategory::Complaint,
    TextCategory::Suggestion,
    TextCategory::Help,
    TextCategory::Other,
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn same_seed_same_output() {
    let run = |seed| {
        let mut r = Rng::new(seed);
        let mut v = Vec::new();
        for c in CATS {
            let a = appeal_text(&mut r, c);
            v.extend([a.subject, a.content, a.topic.to_string()]);
            v.push(answer_text(&mut r, c));
        }
        v.extend([
            person_name(&mut r),
            mobile_phone(&mut r),
            landline_phone(&mut r),
        ]);
        v.extend([
            address(&mut r),
            id_number(&mut r),
            email(&mut r),
            organisation(&mut r),
        ]);
        v.push(short_reason(&mut r));
        v
    };
    assert_eq!(run(99), run(99));
    assert_ne!(run(99), run(100));
}

#[test]
fn mobile_and_landline_shape() {
    let mut r = Rng::new(5);
    for _ in 0..10_000 {
        let m = mobile_phone(&mut r);
        let b = m.as_bytes();
        assert_eq!(b.len(), 11, "{m}");
        assert!(b.iter().all(u8::is_ascii_digit), "{m}");
        assert_eq!(b[0], b'1', "{m}");
        assert!((b'3'..=b'9').contains(&b[1]), "{m}");

        let l = landline_phone(&mut r);
        let (code, num) = l.split_once('-').expect("dash");
        assert!(
            (3..=4).contains(&code.len()) && code.starts_with('0'),
            "{l}"
        );
        assert!((7..=8).contains(&num.len()), "{l}");
        assert!(
            code.bytes().chain(num.bytes()).all(|b| b.is_ascii_digit()),
            "{l}"
        );
        assert!(!num.starts_with('0') && !num.starts_with('1'), "{l}");
    }
}

#[test]
fn id_numbers_are_valid() {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let mut r = Rng::new(6);
    for _ in 0..10_000 {
        let id = id_number(&mut r);
        let c: Vec<char> = id.chars().collect();
        assert_eq!(c.len(), 18, "{id}");
        assert!(c[..17].iter().all(char::is_ascii_digit), "{id}");
        let sum: u32 = c[..17]
            .iter()
            .zip(W)
            .map(|(d, w)| d.to_digit(10).unwrap() * w)
            .sum();
        assert_eq!(c[17], CODES[(sum % 11) as usize], "bad check char: {id}");
        let year: u32 = id[6..10].parse().unwrap();
        let month: u32 = id[10..12].parse().unwrap();
        let day: u32 = id[12..14].parse().unwrap();
        assert!((1940..=2006).contains(&year), "{id}");
        assert!((1..=12).contains(&month), "{id}");
        // Within 1940..=2006 the Gregorian rule reduces to "divisible by 4"
        // (2000 is a leap year); a bit test keeps this MSRV-1.85 friendly.
        let leap = year & 3 == 0;
        let dim = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        assert!(day >= 1 && day <= dim[month as usize - 1], "{id}");
        assert_ne!(&id[14..17], "000", "{id}");
    }
}

#[test]
fn names_are_nonempty_short_and_sometimes_rare() {
    let mut r = Rng::new(7);
    let mut rare = 0;
    let mut compound = 0;
    for _ in 0..10_000 {
        let n = person_name(&mut r);
        assert!((2..=3).contains(&chars(&n)), "{n}");
        rare += usize::from(t::RARE_CHARS.iter().any(|c| n.contains(c)));
        compound += usize::from(t::COMPOUND_SURNAMES.iter().any(|c| n.starts_with(c)));
    }
    assert!((1..150).contains(&rare), "rare names: {rare}");
    assert!(compound >= 1, "no compound surnames");
}

#[test]
fn addresses_emails_organisations() {
    let mut r = Rng::new(8);
    for _ in 0..5_000 {
        let a = address(&mut r);
        assert!(district_names().iter().any(|d| a.starts_with(d)), "{a}");
        assert!(a.contains("街道") && a.ends_with('室'), "{a}");

        let e = email(&mut r);
        assert!(e.is_ascii(), "{e}");
        let (local, domain) = e.split_once('@').expect("@");
        assert!(!local.is_empty(), "{e}");
        assert!(t::EMAIL_DOMAINS.contains(&domain), "{e}");

        let o = organisation(&mut r);
        assert!((5..=40).contains(&chars(&o)), "{o}");
    }
    assert!((8..=10).contains(&district_names().len()));
    assert!(t::STREETS.iter().all(|s| (3..=5).contains(&s.len())));
    assert!(t::ROADS.len() + t::COMMUNITIES.len() >= 30);
}

#[test]
fn topics_are_well_formed() {
    let ts = topics();
    assert!(ts.len() >= 30);
    for (i, k) in ts.iter().enumerate() {
        assert!((2..=4).contains(&chars(k)), "{k}");
        assert!(!ts[..i].contains(k), "duplicate {k}");
        // No keyword may contain another one, or finding one is ambiguous.
        assert!(ts.iter().all(|o| o == k || !k.contains(o)), "{k}");
    }
}

/// Expands every template with every topic and checks slots and keywords.
#[test]
fn templates_are_consistent() {
    let mut r = Rng::new(9);
    let ts = topics();
    let foreign = |text: &str, own: &str| ts.iter().find(|&&k| k != own && text.contains(k));
    for tpl in t::SUBJECTS.iter().chain(&t::MAINS).flat_map(|l| l.iter()) {
        assert!(tpl.contains("{topic}"), "{tpl}");
    }
    for topic in &t::TOPICS {
        let phrases = [
            topic.quals,
            topic.issues,
            topic.asks,
            topic.ideas,
            topic.questions,
        ];
        for p in phrases.iter().flat_map(|l| l.iter()).chain([&topic.party]) {
            assert_eq!(foreign(p, topic.kw), None, "{p}");
        }
    }
    let lists: Vec<&[&str]> = [
        t::GREETINGS,
        t::INTROS,
        t::COMMON_DETAILS,
        t::LOCAL_DETAILS,
        t::PERSONAL_DETAILS,
        t::PARA_LEADS,
        t::CLOSINGS,
        t::CONTACTS,
        t::ANSWER_OPENINGS,
        t::ANSWER_CLOSINGS,
        t::REASONS,
        t::SINCE,
        t::DURATIONS,
        t::SHORT_DURATIONS,
        t::FREQUENCIES,
        t::TIMES_OF_DAY,
        t::LOCAL_IMPACTS,
        t::PERSONAL_IMPACTS,
        t::CHANNELS,
        t::ROADS,
        t::COMMUNITIES,
        t::SCHOOLS,
        &t::DISTRICTS,
    ]
    .into_iter()
    .chain(t::STREETS)
    .chain(t::SUBJECTS)
    .chain(t::MAINS)
    .chain(t::CAT_DETAILS)
    .chain(t::ASKS)
    .chain(
        t::ANSWERS
            .iter()
            .flat_map(|a| [a.leads, a.outcomes, a.extras]),
    )
    .collect();
    let mut count = 0;
    for _ in 0..50 {
        let ctx = Ctx::new(&mut r);
        for tpl in lists.iter().flat_map(|l| l.iter()) {
            let mut out = String::new();
            // Unknown slots trip a debug assertion inside `expand`.
            expand(&mut out, tpl, &ctx, &mut r);
            assert!(!out.contains('{') && !out.contains('}'), "{tpl}");
            let text = out.replace(ctx.topic.kw, "");
            assert_eq!(foreign(&text, ctx.topic.kw), None, "{out}");
            count += 1;
        }
    }
    assert!(count / 50 >= 40 + 50, "too few templates");
}

#[test]
fn appeal_topic_subject_and_category_fit() {
    let mut r = Rng::new(10);
    let ts = topics();
    let mut seen = std::collections::HashSet::new();
    for i in 0..5_000 {
        let cat = CATS[i % 5];
        let a = appeal_text(&mut r, cat);
        seen.insert(a.topic);
        assert!(ts.contains(&a.topic));
        assert!(a.subject.contains(a.topic), "{}", a.subject);
        assert!(a.content.contains(a.topic), "{}", a.content);
        assert!((8..=30).contains(&chars(&a.subject)), "{}", a.subject);
        assert!(!a.subject.contains('\n'));
        for k in ts.iter().filter(|&&k| k != a.topic) {
            assert!(
                !a.subject.contains(k) && !a.content.contains(k),
                "{k}: {a:?}"
            );
        }
    }
    assert_eq!(seen.len(), ts.len(), "every topic is used");
    // Category wording.
    let mut r = Rng::new(11);
    let has = |c: TextCategory, words: &[&str], r: &mut Rng| {
        (0..200)
            .filter(|_| {
                let a = appeal_text(r, c);
                words
                    .iter()
                    .any(|w| a.content.contains(w) || a.subject.contains(w))
            })
            .count()
    };
    assert_eq!(
        has(
            TextCategory::Complaint,
            &["投诉", "要求", "恳请", "希望", "督促"],
            &mut r
        ),
        200
    );
    assert_eq!(
        has(
            TextCategory::Help,
            &["求助", "恳请", "援手", "想办法"],
            &mut r
        ),
        200
    );
    assert_eq!(has(TextCategory::Suggestion, &["建议"], &mut r), 200);
    assert_eq!(
        has(
            TextCategory::Consultation,
            &["请问", "咨询", "请教"],
            &mut r
        ),
        200
    );
}

#[test]
fn content_length_distribution() {
    let mut r = Rng::new(12);
    let mut buckets = [0u32; 3];
    for i in 0..10_000 {
        let a = appeal_text(&mut r, CATS[i % 5]);
        let n = chars(&a.content);
        assert!((50..=3000).contains(&n), "length {n}");
        buckets[match n {
            ..=300 => 0,
            301..=1000 => 1,
            _ => 2,
        }] += 1;
        if n > 300 {
            assert!(a.content.contains('\n'), "long text without paragraphs");
        }
        // Never the same sentence twice in a row.
        let mut prev = "";
        for s in a
            .content
            .split(['。', '！', '？', '\n'])
            .filter(|s| !s.is_empty())
        {
            assert_ne!(s, prev, "repeated sentence in {}", a.content);
            prev = s;
        }
    }
    assert!((7_500..=8_500).contains(&buckets[0]), "{buckets:?}");
    assert!((1_300..=2_100).contains(&buckets[1]), "{buckets:?}");
    assert!((150..=450).contains(&buckets[2]), "{buckets:?}");
}

#[test]
fn answers_and_reasons_lengths() {
    let mut r = Rng::new(13);
    for i in 0..10_000 {
        let a = answer_text(&mut r, CATS[i % 5]);
        assert!((40..=300).contains(&chars(&a)), "{a}");
        let s = short_reason(&mut r);
        assert!((10..=60).contains(&chars(&s)), "{s}");
        assert!(!s.contains('{') && !a.contains('{'));
    }
}

/// `cargo test --release -- --ignored --nocapture bench_million`
#[test]
#[ignore]
fn bench_million_appeals() {
    let start = std::time::Instant::now();
    let mut r = Rng::new(2024);
    let mut total = 0usize;
    for i in 0..1_000_000 {
        total += appeal_text(&mut r, CATS[i % 5]).content.len();
    }
    let el = start.elapsed();
    eprintln!("1,000,000 appeal_text calls: {el:?} ({total} content bytes)");
    assert!(el.as_secs() < 20);
}
