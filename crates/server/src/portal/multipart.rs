//! The portal form's `multipart/form-data` body, read whole (its size is bounded by the submit
//! route's body limit): text fields by name, and files with their names. A small reader of our
//! own rather than a dependency: the form is ours, and a body it cannot read is refused.

/// A form's parts: `(name, file name if a file, bytes)`.
pub type Parts = Vec<(String, Option<String>, Vec<u8>)>;

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, rest) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    rest.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A parameter (`name="…"`) of a Content-Disposition header.
fn param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of `body`, or `None` when it is not a well-formed multipart body.
pub fn parse(body: &[u8], boundary: &str) -> Option<Parts> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Some(parts);
        }
        at = at
            .checked_add(2)
            .filter(|_| body[at..].starts_with(b"\r\n"))?;
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = std::str::from_utf8(&body[at..head_end]).ok()?;
        let disposition = head
            .split("\r\n")
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(v)
            })?
            .to_string();
        let name = param(&disposition, "name")?;
        let file_name = param(&disposition, "filename");
        let data_start = head_end + 4;
        let mut end_marker = b"\r\n".to_vec();
        end_marker.extend_from_slice(&delimiter);
        let data_end = find(body, &end_marker, data_start)?;
        parts.push((name, file_name, body[data_start..data_end].to_vec()));
        at = data_end + end_marker.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\n\xe8\xb7\xaf\xe7\x81\xaf\r\n--XY\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\r\n--XY--\r\n";
        let b = boundary("multipart/form-data; boundary=XY").unwrap();
        let parts = parse(body, &b).unwrap();
        assert_eq!(
            parts[0],
            ("subject".into(), None, "路灯".as_bytes().to_vec())
        );
        assert_eq!(parts[1].1.as_deref(), Some("a.png"));
        assert_eq!(parts[1].2, b"\x89PNG\r\n");
        assert!(parse(b"--XY\r\nbroken", "XY").is_none());
        assert!(boundary("application/x-www-form-urlencoded").is_none());
    }
}
