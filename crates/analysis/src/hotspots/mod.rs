//! Hot spots (热点, §六): the problems the appeals of a period raise, ranked by how distinctive
//! they are for the period against the office's long-run background, and the fastest growing
//! ones against the previous period — each with the appeals behind it, the channels they came
//! through and two or three of their subjects.
//!
//! **Candidates.** A topic is a noun of the segmented subject and content, or a phrase of two or
//! three adjacent nouns and verbs ([`segment::Segmenter::candidates`]); an appeal counts once per
//! topic however often it repeats it. A phrase is kept when its words mostly occur together
//! (its appeals are at least [`COHESION`] of those of its rarest known word: 物业 + 收费 →
//! 物业收费), and a word or shorter phrase gives way to a longer kept phrase that covers most
//! ([`SUBSUMED`]) of its appeals — so the list shows 物业收费 and 夜间施工噪音, not 收费 and 施工.
//!
//! **Ranking.** The background is a deterministic sample (every k-th appeal, about
//! [`BACKGROUND_SAMPLE`] texts) of the same filter over the 365 days before the period. A topic's
//! score is TF-IDF-like: the period's appeals that mention it × ln((background + 1) ÷ (background
//! appeals mentioning it + 1)). Chosen over a smoothed log-odds ratio because on a steady office
//! (most months are like the last) a log-odds ranking is noise around zero, while this one still
//! names the period's main problems, and a problem new or surging in the period (rare in the
//! background) gets the largest weight. Single words that more than [`COMMON_SHARE`] of the background
//! mention (老人, 孩子, 身体: one appeal in twelve, more than any one problem of an office
//! holds) describe how people write, not what is wrong, and are left out, as are the adverbs and
//! other non-nouns the part-of-speech tags drop and the stop-word list.
//!
//! A phrase's score is multiplied by 1 +
//! [`SUBJECT_WEIGHT`] × the share of its appeals whose subject names it — this is how phrases are
//! preferred to single words: the subject line is where the clerk names the problem (关于某小区物业收费的
//! 投诉), while the words every letter's body uses around it (聊天记录, 合法权益, 办事流程) are
//! not in subjects. Place names (jieba's ns) are not topics on their own nor inside phrases:
//! they say where, not what (the office's own words in the user dictionary count, but for its districts,
//! towns and street offices: a problem at 青石巷 is a local hot spot, 青石区 is only where the writer lives).
//!
//! The period's, the previous period's and the background's texts are segmented on all cores
//! (segmentation is nearly all of the time), and nothing of the text leaves this module but the
//! topics and a few appeal subjects (which the same user sees in any list of appeals).

pub mod segment;

use crate::period::Period;
use crate::stats::CountRow;
use chrono::Duration;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Actor, Category, Channel};
use minyi_core::queries::stats::CohortFilter;
use minyi_core::queries::texts::for_each_text_sample;
use minyi_core::store::settings::SettingKey;
use minyi_core::{Result, Store};
use segment::{Segmenter, user_words};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What to analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HotspotQuery {
    pub period: Period,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub department_id: Option<i64>,
    /// How many topics each list holds (default 20).
    #[serde(default)]
    pub limit: Option<usize>,
}

/// One topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// The word or phrase.
    pub word: String,
    /// Appeals of the period that mention it.
    pub appeals: i64,
    pub previous_appeals: i64,
    /// (appeals − previous) ÷ previous; `None` for a topic new in this period.
    pub growth: Option<f64>,
    /// How distinctive it is for the period (see the module doc); the top list is ordered by it.
    pub score: f64,
    /// Two or three subjects of its appeals, those naming the topic first.
    pub subjects: Vec<String>,
    /// The channels those appeals came through (channels with none left out).
    pub by_channel: Vec<CountRow>,
    /// Every appeal of the period that mentions it, oldest first.
    pub appeal_ids: Vec<i64>,
}

/// The hot spots of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Hotspots {
    pub query: HotspotQuery,
    pub previous_period: Period,
    pub appeals: i64,
    pub previous_appeals: i64,
    /// The long-run background the top list is measured against (the 365 days before the
    /// period) and how many of its appeals were sampled.
    pub background_period: Period,
    pub background_appeals: i64,
    /// The most distinctive topics of the period.
    pub top: Vec<Topic>,
    /// The fastest growing topics among those mentioned by at least `rising_min_appeals`
    /// appeals; new topics first (largest first), then by growth.
    pub rising: Vec<Topic>,
    pub rising_min_appeals: i64,
}

/// A phrase's words must occur together in at least this share of the appeals of its rarest word.
pub const COHESION: f64 = 0.5;
/// A word or phrase gives way to a longer kept phrase that covers this share of its appeals.
pub const SUBSUMED: f64 = 0.6;
/// Topics mentioned by more than this share of the background are common words.
pub const COMMON_SHARE: f64 = 0.08;
/// A topic named in the subject of every one of its appeals weighs this much more (see the
/// module doc).
pub const SUBJECT_WEIGHT: f64 = 3.0;
/// About this many background texts are segmented.
pub const BACKGROUND_SAMPLE: usize = 12_000;
/// Below this many background texts the period itself joins the background.
const MIN_BACKGROUND: usize = 200;
/// Joins the words of a phrase inside this module (shown without it).
const SEP: char = '\u{1f}';

/// Hot spots for a signed-in user (the same rule as statistics).
pub fn hotspots_for(store: &Store, actor: &Actor, q: &HotspotQuery) -> Result<Hotspots> {
    authorize(actor, Action::ViewStatistics, None)?;
    hotspots(store, q)
}

struct Doc {
    id: i64,
    channel: usize,
    subject_len: usize,
    text: String,
}

#[derive(Default)]
struct Acc {
    ids: Vec<i64>,
    channels: [i64; 7],
}

fn cohort(store: &Store, q: &HotspotQuery, p: Period, every: i64) -> Result<Vec<Doc>> {
    let f = CohortFilter {
        from: p.from,
        to: p.to,
        category: q.category,
        channel: q.channel,
        department_id: q.department_id,
    };
    let mut docs = Vec::new();
    for_each_text_sample(store, &f, every, |t| {
        let mut text = String::with_capacity(t.subject.len() + t.content.len() + 1);
        text.push_str(t.subject);
        text.push('\n');
        text.push_str(t.content);
        docs.push(Doc {
            id: t.id,
            channel: Channel::ALL
                .iter()
                .position(|c| *c == t.channel)
                .unwrap_or(0),
            subject_len: t.subject.len(),
            text,
        });
    })?;
    Ok(docs)
}

type Counts<'d> = HashMap<Cow<'d, str>, Acc>;

/// Candidate topic → appeals, segmenting `docs` on every available core. Phrases are keyed with
/// their words joined by [`SEP`].
fn count<'d>(seg: &'d Segmenter, docs: &'d [Doc]) -> Counts<'d> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = docs.len().div_ceil(threads).max(1);
    let parts: Vec<Counts<'d>> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut map: Counts<'d> = HashMap::new();
                    let mut words = HashSet::new();
                    for d in part {
                        words.clear();
                        seg.candidates(&d.text, SEP, &mut words);
                        for w in words.drain() {
                            let a = map.entry(w).or_default();
                            a.ids.push(d.id);
                            a.channels[d.channel] += 1;
                        }
                    }
                    map
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut all: Counts<'d> = HashMap::new();
    for part in parts {
        for (w, a) in part {
            let t = all.entry(w).or_default();
            t.ids.extend(a.ids);
            for (x, y) in t.channels.iter_mut().zip(a.channels) {
                *x += y;
            }
        }
    }
    all
}

fn df(c: &Counts<'_>, w: &str) -> i64 {
    c.get(w).map_or(0, |a| a.ids.len() as i64)
}

/// Up to three distinct subjects of `ids` (sorted), those that name `word` first, spread over
/// the period (first, middle, last).
fn subjects(word: &str, ids: &[i64], docs: &HashMap<i64, &Doc>) -> Vec<String> {
    let subject = |id: &i64| docs.get(id).map(|d| &d.text[..d.subject_len]);
    let naming: Vec<&str> = ids
        .iter()
        .filter_map(subject)
        .filter(|s| s.contains(word))
        .collect();
    let others: Vec<&str> = ids
        .iter()
        .filter_map(subject)
        .filter(|s| !s.contains(word))
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(3);
    for pool in [naming, others] {
        let n = pool.len();
        let mut picks = vec![0, n / 2, n.saturating_sub(1)];
        picks.extend(0..n.min(12));
        for i in picks {
            if out.len() == 3 {
                return out;
            }
            if let Some(s) = pool.get(i).filter(|s| !out.iter().any(|o| o == *s)) {
                out.push((*s).to_string());
            }
        }
    }
    out
}

fn topic(word: &str, score: f64, acc: &Acc, previous: i64, docs: &HashMap<i64, &Doc>) -> Topic {
    let n = acc.ids.len() as i64;
    let mut ids = acc.ids.clone();
    ids.sort_unstable();
    Topic {
        word: word.to_string(),
        appeals: n,
        previous_appeals: previous,
        growth: (previous > 0).then(|| (n - previous) as f64 / previous as f64),
        score: (score * 10.0).round() / 10.0,
        subjects: subjects(word, &ids, docs),
        by_channel: Channel::ALL
            .iter()
            .zip(acc.channels)
            .filter(|(_, c)| *c > 0)
            .map(|(ch, c)| CountRow {
                key: ch.code().into(),
                label: ch.label().into(),
                count: c,
            })
            .collect(),
        appeal_ids: ids,
    }
}

/// A kept candidate: its key, the text shown, its appeals in the period and its score.
struct Kept<'a> {
    key: &'a str,
    word: String,
    acc: &'a Acc,
    score: f64,
}

/// The candidates of the period that may be shown (see the module doc), scored.
fn keep<'a>(
    now: &'a Counts<'_>,
    bg: &Counts<'_>,
    n_bg: usize,
    n_now: usize,
    use_now_as_bg: bool,
    docs: &HashMap<i64, &Doc>,
) -> Vec<Kept<'a>> {
    let min_support = (n_now as i64 / 1000).max(2);
    let bg_df = |w: &str| df(bg, w) + if use_now_as_bg { df(now, w) } else { 0 };
    let n_bg = n_bg + if use_now_as_bg { n_now } else { 0 };
    let mut kept: Vec<Kept<'a>> = Vec::new();
    for (key, acc) in now {
        let key: &str = key;
        let n = acc.ids.len() as i64;
        if n < min_support {
            continue;
        }
        let b = bg_df(key);
        let phrase = key.contains(SEP);
        if !phrase && b as f64 > COMMON_SHARE * n_bg as f64 {
            continue;
        }
        if phrase {
            // The rarest of its words that is a topic word itself (verbs are not counted).
            let rarest = key
                .split(SEP)
                .map(|w| df(now, w) + df(bg, w))
                .filter(|c| *c > 0)
                .min();
            let together = n + df(bg, key);
            if rarest.is_none_or(|r| (together as f64) < COHESION * r as f64) {
                continue;
            }
        }
        let idf = ((n_bg as f64 + 1.0) / (b as f64 + 1.0)).ln();
        let word = key.replace(SEP, "");
        let named = acc
            .ids
            .iter()
            .filter(|id| {
                docs.get(id)
                    .is_some_and(|d| d.text[..d.subject_len].contains(&word))
            })
            .count();
        // Phrases name a problem; a single word (or a place name) only contributes to one.
        let named_weight = phrase;
        let weight =
            1.0 + f64::from(u8::from(named_weight)) * SUBJECT_WEIGHT * named as f64 / n as f64;
        kept.push(Kept {
            key,
            word,
            acc,
            score: n as f64 * idf * weight,
        });
    }
    // Longer phrases first: each candidate gives way to a longer kept one covering it.
    kept.sort_by(|a, b| {
        b.word
            .chars()
            .count()
            .cmp(&a.word.chars().count())
            .then(a.word.cmp(&b.word))
    });
    let mut out: Vec<Kept<'a>> = Vec::with_capacity(kept.len());
    for k in kept {
        let n = k.acc.ids.len() as f64;
        let covered = out.iter().any(|p| {
            p.word.len() > k.word.len()
                && p.word.contains(&k.word)
                && p.acc.ids.len() as f64 >= SUBSUMED * n
        });
        // The same text kept twice (青石巷路 + 面积水 vs 青石巷 + 路面积水) shows once.
        if !covered && !out.iter().any(|p| p.word == k.word) {
            out.push(k);
        }
    }
    out
}

/// The hot spots of `q`, with the office's user dictionary from settings.
pub fn hotspots(store: &Store, q: &HotspotQuery) -> Result<Hotspots> {
    let words = user_words(&store.setting(SettingKey::HotspotUserDictionary)?);
    let seg = Segmenter::new(&words);
    let previous_period = q.period.previous();
    let background_period = Period {
        from: q.period.from - Duration::days(365),
        to: q.period.from - Duration::days(1),
    };
    let docs = cohort(store, q, q.period, 1)?;
    let prev_docs = cohort(store, q, previous_period, 1)?;
    // The background's size estimated from the period's (an office's volume changes slowly).
    let per_year = docs.len() as f64 * 365.0 / q.period.days().max(1) as f64;
    let every = (per_year / BACKGROUND_SAMPLE as f64).ceil().max(1.0) as i64;
    let bg_docs = cohort(store, q, background_period, every)?;
    let now = count(&seg, &docs);
    let before = count(&seg, &prev_docs);
    let bg = count(&seg, &bg_docs);
    let by_id: HashMap<i64, &Doc> = docs.iter().map(|d| (d.id, d)).collect();
    let limit = q.limit.unwrap_or(20).clamp(1, 200);

    let mut ranked = keep(
        &now,
        &bg,
        bg_docs.len(),
        docs.len(),
        bg_docs.len() < MIN_BACKGROUND,
        &by_id,
    );
    // Ties broken by the word so that the same data always gives the same list.
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
    let make = |k: &Kept<'_>| topic(&k.word, k.score, k.acc, df(&before, k.key), &by_id);
    let top = ranked.iter().take(limit).map(make).collect();

    // Growth means little for a topic two appeals mention: only topics of some weight compete.
    let rising_min_appeals = (docs.len() as i64 / 500).max(5);
    let mut rising: Vec<&Kept<'_>> = ranked
        .iter()
        .filter(|k| k.acc.ids.len() as i64 >= rising_min_appeals)
        .filter(|k| {
            let p = df(&before, k.key);
            p == 0 || k.acc.ids.len() as i64 > p
        })
        .collect();
    let growth = |k: &Kept<'_>| {
        let p = df(&before, k.key);
        (p > 0).then(|| (k.acc.ids.len() as i64 - p) as f64 / p as f64)
    };
    rising.sort_by(|a, b| match (growth(a), growth(b)) {
        (None, None) => b
            .acc
            .ids
            .len()
            .cmp(&a.acc.ids.len())
            .then(a.word.cmp(&b.word)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.word.cmp(&b.word)),
    });
    let rising = rising.into_iter().take(limit).map(make).collect();

    Ok(Hotspots {
        query: q.clone(),
        previous_period,
        appeals: docs.len() as i64,
        previous_appeals: prev_docs.len() as i64,
        background_period,
        background_appeals: bg_docs.len() as i64,
        top,
        rising,
        rising_min_appeals,
    })
}
