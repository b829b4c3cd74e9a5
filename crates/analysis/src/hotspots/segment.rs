//! Chinese word segmentation for hot spots: jieba-rs with its shipped dictionary, the office's
//! own words (local place names and terms from the `hotspot.user_dictionary` setting) and our
//! stop-word list.
//!
//! Segmentation runs without jieba's HMM step: the HMM guesses new words from unknown character
//! runs, which mostly invents personal names out of the appellants' own text — exactly what a
//! topic list must not show. Unknown names fall apart into single characters instead, and single
//! characters, digits, Latin text (phone numbers, e-mail addresses, plate numbers) are never
//! topics: a topic is two or more Chinese characters.
//!
//! A topic is also a noun (or a verbal noun such as 施工): jieba's part-of-speech tags drop the
//! verbs, adverbs and pronouns that every letter uses (经过, 哪个, 总得) far more reliably than a
//! stop-word list could, and they drop the words the dictionary knows as personal names (nr).
//! The office's own words are tagged as proper nouns so that they always count — except its
//! districts, towns and street offices, which say where, not what (`is_administrative_area`).
//!
//! Beside single words, [`Segmenter::candidates`] offers the phrases of two or three adjacent
//! words that may name a problem (物业 + 收费, 施工 + 噪音 + 扰民): nouns and verbs only, at least
//! one noun, no stop word inside. Whether a phrase is kept is decided over the whole corpus
//! (`super` merges a phrase whose words mostly occur together), not here.

use jieba_rs::Jieba;
use std::borrow::Cow;
use std::collections::HashSet;

const STOP_WORDS: &str = include_str!("stopwords.txt");

/// The dictionary frequency given to the office's own words (that of a common word such as 问题).
const USER_WORD_FREQ: usize = 100_000;

pub struct Segmenter {
    jieba: Jieba,
    stop: HashSet<&'static str>,
}

/// Splits the setting's text into words: commas (either width), 顿号, semicolons, spaces, lines.
pub fn user_words(setting: &str) -> Vec<String> {
    setting
        .split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .map(str::trim)
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Whether one of the office's own words names an administrative area (a district, county, town,
/// township or street office: 青石区, 望江街道). Such a place is where a writer lives, mentioned
/// across every kind of problem; it is kept whole but tagged as a place name (ns), so it is no
/// topic, like jieba's own place names. A lane, road, estate or village (青石巷, 阳光小区) stays
/// a topic: a problem there is a local hot spot (青石巷积水).
fn is_administrative_area(w: &str) -> bool {
    const NOT_AREAS: [&str; 7] = ["小区", "社区", "园区", "景区", "校区", "厂区", "片区"];
    w.chars().count() >= 3
        && ["区", "县", "镇", "乡", "街道"]
            .iter()
            .any(|s| w.ends_with(s))
        && !NOT_AREAS.iter().any(|s| w.ends_with(s))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// Nouns of every kind and verbal nouns, but not personal names (nr, nrt, nrfg).
fn is_topic_tag(tag: &str) -> bool {
    (tag.starts_with('n') && !tag.starts_with("nr")) || tag == "vn"
}

impl Segmenter {
    /// A segmenter that also knows `words` (each kept whole when it occurs).
    pub fn new(words: &[String]) -> Self {
        let mut jieba = Jieba::new();
        for w in words {
            // jieba's suggested frequency only just beats the word's own split; beside a
            // neighbour that forms a word too (青石巷口 → 青石 / 巷口) it still loses. An office's
            // place name should stay whole wherever it occurs, so it counts like a common word.
            let freq = jieba.suggest_freq(w).max(USER_WORD_FREQ);
            let tag = if is_administrative_area(w) {
                "ns"
            } else {
                "nz"
            };
            jieba.add_word(w, Some(freq), Some(tag));
        }
        let stop = STOP_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Self { jieba, stop }
    }

    /// Adds the distinct candidate topics of `text` to `out`: its topic words (as [`Self::topics`])
    /// and the phrases of two or three adjacent nouns and verbs of two or more characters each,
    /// with at least one noun among them
    /// joined by `sep` (3–10 characters; a break at any stop word, punctuation, number or other kind of word).
    pub fn candidates<'t>(&'t self, text: &'t str, sep: char, out: &mut HashSet<Cow<'t, str>>) {
        // Per token: the word and whether it is a noun, or None where a phrase must break.
        let parts: Vec<Option<(&str, bool)>> = self
            .jieba
            .tag(text, false)
            .into_iter()
            .map(|t| {
                let w = t.word;
                if !w.chars().all(is_cjk) || self.stop.contains(w) {
                    return None;
                }
                let long = w.chars().nth(1).is_some();
                // Place names say where, not what (the office's own words are nz, not ns, unless they
                // name an administrative area).
                if t.tag == "ns" {
                    return None;
                }
                let noun = is_topic_tag(t.tag);
                if noun && long {
                    out.insert(Cow::Borrowed(w));
                }
                // Single characters glue anything to anything: verbs (是, 有, 去) and the
                // suffixes of place names (区, 路, 村) alike.
                ((noun || t.tag == "v") && long).then_some((w, noun))
            })
            .collect();
        for len in 2..=3 {
            for win in parts.windows(len) {
                let Some(words) = win.iter().copied().collect::<Option<Vec<_>>>() else {
                    continue;
                };
                if !words.iter().any(|(_, noun)| *noun) {
                    continue;
                }
                let chars: usize = words.iter().map(|(w, _)| w.chars().count()).sum();
                if (3..=10).contains(&chars) {
                    let mut p = String::with_capacity(chars * 3 + len);
                    for (i, (w, _)) in words.iter().enumerate() {
                        if i > 0 {
                            p.push(sep);
                        }
                        p.push_str(w);
                    }
                    out.insert(Cow::Owned(p));
                }
            }
        }
    }

    /// Adds the distinct topic words of `text` to `out`.
    pub fn topics<'t>(&'t self, text: &'t str, out: &mut HashSet<&'t str>) {
        for t in self.jieba.tag(text, false) {
            let w = t.word;
            if is_topic_tag(t.tag)
                && w.chars().nth(1).is_some()
                && w.chars().all(is_cjk)
                && !self.stop.contains(w)
            {
                out.insert(w);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &Segmenter, text: &str) -> Vec<String> {
        let mut set = HashSet::new();
        s.topics(text, &mut set);
        let mut v: Vec<String> = set.into_iter().map(str::to_string).collect();
        v.sort();
        v
    }

    #[test]
    fn topics_are_chinese_words_without_stop_words_or_numbers() {
        let s = Segmenter::new(&[]);
        let w = words(
            &s,
            "我们小区附近的垃圾站臭味严重，希望有关部门尽快处理。电话13812345678",
        );
        assert!(w.contains(&"垃圾站".to_string()), "{w:?}");
        assert!(w.contains(&"臭味".to_string()), "{w:?}");
        for stop in ["我们", "小区", "希望", "有关部门", "尽快", "处理", "严重"] {
            assert!(
                !w.contains(&stop.to_string()),
                "{stop} is a stop word: {w:?}"
            );
        }
        assert!(w.iter().all(|x| !x.chars().any(|c| c.is_ascii_digit())));
    }

    #[test]
    fn only_nouns_are_topics_and_names_are_not() {
        let s = Segmenter::new(&[]);
        let w = words(&s, "经过多次协商，物业总得给个说法，道路施工噪音还在继续");
        for noun in ["物业", "噪音", "施工", "道路"] {
            assert!(w.contains(&noun.to_string()), "{noun}: {w:?}");
        }
        for other in ["经过", "总得", "继续", "还在"] {
            assert!(!w.contains(&other.to_string()), "{other}: {w:?}");
        }
        assert!(
            is_topic_tag("ns") && is_topic_tag("vn") && !is_topic_tag("nr") && !is_topic_tag("v")
        );
    }

    #[test]
    fn the_user_dictionary_keeps_local_names_whole() {
        let text = "青石巷口积水";
        let plain = words(&Segmenter::new(&[]), text);
        assert!(!plain.contains(&"青石巷".to_string()), "{plain:?}");
        let local = Segmenter::new(&user_words("青石巷，云江、 x"));
        assert!(words(&local, text).contains(&"青石巷".to_string()));
        assert_eq!(
            user_words(" 青石巷，云江、x\n望江门;"),
            ["青石巷", "云江", "望江门"]
        );
    }
}
