//! Line breaking for Chinese text with 避头尾 (kinsoku) rules.
//!
//! Chinese may break between any two characters, except that no line may start with closing
//! punctuation (，。、；：？！）》」 …) and no line may end with opening punctuation （《「“ …);
//! when the natural break would do that, the last unit moves down to the next line. Runs of Latin
//! letters and digits (words, numbers, registration numbers such as 20261127-0007) are kept whole
//! unless a single run is wider than the line. The breaker only measures through a closure, so it
//! is tested without a font.

/// Characters that must not start a line.
const NO_START: &str = "，。、；：？！）》」』”’】〕］〉｝,.;:?!)]}%…‥·～—";
/// Characters that must not end a line.
const NO_END: &str = "（《「『“‘【〔［〈｛([{";

fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

/// Whether `c` belongs to an unbreakable Latin/number run.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_./@:#+%&'".contains(c) && c != ' '
}

/// One unbreakable piece of a line: byte range and width.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    width: f32,
    space: bool,
}

fn units<E>(text: &str, measure: &mut impl FnMut(char) -> Result<f32, E>) -> Result<Vec<Unit>, E> {
    let mut out: Vec<Unit> = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = measure(c)?;
        let end = i + c.len_utf8();
        let is_word = c.is_ascii_alphanumeric() || (in_word && word_char(c));
        match out.last_mut() {
            Some(u) if is_word && in_word => {
                u.end = end;
                u.width += w;
            }
            _ => out.push(Unit {
                start: i,
                end,
                width: w,
                space: c == ' ',
            }),
        }
        in_word = is_word;
    }
    Ok(out)
}

/// Breaks one paragraph (no newlines) into lines no wider than `max` (except a single glyph wider
/// than the line). `measure` gives a character's advance width.
pub fn break_paragraph<E>(
    text: &str,
    max: f32,
    mut measure: impl FnMut(char) -> Result<f32, E>,
) -> Result<Vec<String>, E> {
    let mut all = units(text, &mut measure)?;
    // Split runs wider than a line into single characters.
    if all.iter().any(|u| u.width > max) {
        let mut split = Vec::with_capacity(all.len());
        for u in all {
            if u.width > max {
                for (i, c) in text[u.start..u.end].char_indices() {
                    let s = u.start + i;
                    let width = measure(c)?;
                    split.push(Unit {
                        start: s,
                        end: s + c.len_utf8(),
                        width,
                        space: false,
                    });
                }
            } else {
                split.push(u);
            }
        }
        all = split;
    }
    let first = |u: &Unit| text[u.start..].chars().next().unwrap_or(' ');
    let last = |u: &Unit| text[..u.end].chars().next_back().unwrap_or(' ');
    let mut lines = Vec::new();
    let mut start = 0;
    while start < all.len() {
        // Spaces never start a wrapped line.
        while start < all.len() && all[start].space && !lines.is_empty() {
            start += 1;
        }
        if start >= all.len() {
            break;
        }
        let mut width = 0.0;
        let mut end = start;
        while end < all.len() && (end == start || width + all[end].width <= max) {
            width += all[end].width;
            end += 1;
        }
        if end < all.len() {
            // 避头尾: move units down while the break is forbidden.
            let mut b = end;
            while b > start + 1 && (no_start(first(&all[b])) || no_end(last(&all[b - 1]))) {
                b -= 1;
            }
            if b > start + 1 || !(no_start(first(&all[b])) || no_end(last(&all[b - 1]))) {
                end = b;
            }
        }
        let line = text[all[start].start..all[end - 1].end].trim_end();
        lines.push(line.to_string());
        start = end;
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    Ok(lines)
}

/// Breaks text that may contain newlines; each newline starts a new line.
pub fn break_text<E>(
    text: &str,
    max: f32,
    mut measure: impl FnMut(char) -> Result<f32, E>,
) -> Result<Vec<String>, E> {
    let mut lines = Vec::new();
    for para in text.replace("\r\n", "\n").replace('\t', " ").split('\n') {
        lines.extend(break_paragraph(para, max, &mut measure)?);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    /// CJK and full-width punctuation 1.0 wide, ASCII 0.5.
    fn m(c: char) -> Result<f32, Infallible> {
        Ok(if c.is_ascii() { 0.5 } else { 1.0 })
    }

    fn lines(text: &str, max: f32) -> Vec<String> {
        break_paragraph(text, max, m).unwrap()
    }

    #[test]
    fn plain_chinese_fills_each_line() {
        assert_eq!(lines("一二三四五六七", 3.0), ["一二三", "四五六", "七"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // The natural break would put "，" first on line 2; "三" moves down with it.
        assert_eq!(lines("一二三，四五六", 3.0), ["一二", "三，四", "五六"]);
        for p in ["。", "、", "；", "：", "？", "！", "）", "》", "」"] {
            let text = format!("甲乙丙{p}丁");
            for l in lines(&text, 3.0) {
                assert!(!l.starts_with(p), "{text:?} → {l:?}");
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        assert_eq!(lines("一二（三四）五", 3.0), ["一二", "（三", "四）五"]);
        for p in ["（", "《", "「", "“"] {
            let text = format!("甲乙{p}丙丁");
            for l in lines(&text, 3.0) {
                assert!(!l.ends_with(p), "{text:?} → {l:?}");
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        // "20261127-0007" is 6.5 wide; it goes to the next line whole.
        assert_eq!(
            lines("登记号20261127-0007已受理", 7.0),
            ["登记号", "20261127-0007", "已受理"]
        );
        assert_eq!(lines("hello world foo", 3.0), ["hello", "world", "foo"]);
    }

    #[test]
    fn a_run_wider_than_the_line_is_split() {
        let l = lines("abcdefghij", 2.0);
        assert_eq!(l, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn nothing_is_lost() {
        let text = "市民反映，（某小区）“噪音”扰民问题：已于2026年11月27日转交ABC公司处理！请于3个工作日内答复。".repeat(5);
        for max in [2.0, 3.0, 5.5, 10.0] {
            let joined: String = lines(&text, max).concat();
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn newlines_start_new_lines() {
        let l = break_text("一\n\n二", 5.0, m).unwrap();
        assert_eq!(l, ["一", "", "二"]);
    }
}
