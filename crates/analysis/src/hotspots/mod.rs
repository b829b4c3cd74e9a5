//! Hot spots (热点, §六): the topics most mentioned by the appeals received in a period, ranked by
//! the number of appeals that mention them and by growth against the previous period, each with
//! the appeals behind it and the channels they came through.
//!
//! A topic is a word of the segmented subject and content ([`segment`]); an appeal counts once
//! per topic however often it repeats the word. The period's and the comparison period's texts
//! are segmented on all cores (segmentation is nearly all of the time), and nothing of the text
//! leaves this module but the topic words.

pub mod segment;

use crate::period::Period;
use crate::stats::CountRow;
use minyi_core::access::{Action, authorize};
use minyi_core::model::{Actor, Category, Channel};
use minyi_core::queries::stats::CohortFilter;
use minyi_core::queries::texts::for_each_text;
use minyi_core::store::settings::SettingKey;
use minyi_core::{Result, Store};
use segment::{Segmenter, user_words};
use serde::{Deserialize, Serialize};
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
    pub word: String,
    /// Appeals of the period that mention it.
    pub appeals: i64,
    pub previous_appeals: i64,
    /// (appeals − previous) ÷ previous; `None` for a topic new in this period.
    pub growth: Option<f64>,
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
    /// The most mentioned topics.
    pub top: Vec<Topic>,
    /// The fastest growing topics among those mentioned by at least `rising_min_appeals`
    /// appeals; new topics first (largest first), then by growth.
    pub rising: Vec<Topic>,
    pub rising_min_appeals: i64,
}

/// Hot spots for a signed-in user (the same rule as statistics).
pub fn hotspots_for(store: &Store, actor: &Actor, q: &HotspotQuery) -> Result<Hotspots> {
    authorize(actor, Action::ViewStatistics, None)?;
    hotspots(store, q)
}

struct Doc {
    id: i64,
    channel: usize,
    text: String,
}

#[derive(Default)]
struct Acc {
    ids: Vec<i64>,
    channels: [i64; 7],
}

fn cohort(store: &Store, q: &HotspotQuery, p: Period) -> Result<Vec<Doc>> {
    let f = CohortFilter {
        from: p.from,
        to: p.to,
        category: q.category,
        channel: q.channel,
        department_id: q.department_id,
    };
    let mut docs = Vec::new();
    for_each_text(store, &f, |t| {
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
            text,
        });
    })?;
    Ok(docs)
}

/// Topic → appeals, segmenting `docs` on every available core.
fn count<'d>(seg: &'d Segmenter, docs: &'d [Doc]) -> HashMap<&'d str, Acc> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = docs.len().div_ceil(threads).max(1);
    let parts: Vec<HashMap<&'d str, Acc>> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut map: HashMap<&'d str, Acc> = HashMap::new();
                    let mut words = HashSet::new();
                    for d in part {
                        words.clear();
                        seg.topics(&d.text, &mut words);
                        for w in &words {
                            let a = map.entry(*w).or_default();
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
    let mut all: HashMap<&'d str, Acc> = HashMap::new();
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

fn topic(word: &str, acc: &Acc, previous: i64) -> Topic {
    let n = acc.ids.len() as i64;
    let mut ids = acc.ids.clone();
    ids.sort_unstable();
    Topic {
        word: word.to_string(),
        appeals: n,
        previous_appeals: previous,
        growth: (previous > 0).then(|| (n - previous) as f64 / previous as f64),
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

/// The hot spots of `q`, with the office's user dictionary from settings.
pub fn hotspots(store: &Store, q: &HotspotQuery) -> Result<Hotspots> {
    let words = user_words(&store.setting(SettingKey::HotspotUserDictionary)?);
    let seg = Segmenter::new(&words);
    let previous_period = q.period.previous();
    let docs = cohort(store, q, q.period)?;
    let prev_docs = cohort(store, q, previous_period)?;
    let now = count(&seg, &docs);
    let before = count(&seg, &prev_docs);
    let prev_of = |w: &str| before.get(w).map_or(0, |a| a.ids.len() as i64);
    let limit = q.limit.unwrap_or(20).clamp(1, 200);

    let mut ranked: Vec<(&str, &Acc)> = now.iter().map(|(w, a)| (*w, a)).collect();
    // Ties broken by the word so that the same data always gives the same list.
    ranked.sort_by(|a, b| b.1.ids.len().cmp(&a.1.ids.len()).then(a.0.cmp(b.0)));
    let top = ranked
        .iter()
        .take(limit)
        .map(|(w, a)| topic(w, a, prev_of(w)))
        .collect();

    // Growth means little for a word two appeals mention: only topics of some weight compete.
    let rising_min_appeals = (docs.len() as i64 / 500).max(5);
    let mut rising: Vec<Topic> = ranked
        .iter()
        .filter(|(_, a)| a.ids.len() as i64 >= rising_min_appeals)
        .map(|(w, a)| topic(w, a, prev_of(w)))
        .filter(|t| t.growth.is_none_or(|g| g > 0.0))
        .collect();
    rising.sort_by(|a, b| match (a.growth, b.growth) {
        (None, None) => b.appeals.cmp(&a.appeals).then(a.word.cmp(&b.word)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.word.cmp(&b.word)),
    });
    rising.truncate(limit);

    Ok(Hotspots {
        query: q.clone(),
        previous_period,
        appeals: docs.len() as i64,
        previous_appeals: prev_docs.len() as i64,
        top,
        rising,
        rising_min_appeals,
    })
}
