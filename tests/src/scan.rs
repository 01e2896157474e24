//! Searching files for secrets in every form they could be written in:
//! UTF-8, UTF-16 (WebKit's storage), URL-encoded, and base64 (standard
//! and URL-safe, at any alignment inside a longer base64 text).

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// Every form of `secret` the scan looks for, each with its name.
pub fn encodings(secret: &str) -> Vec<(&'static str, Vec<u8>)> {
    let bytes = secret.as_bytes();
    let mut forms = vec![
        ("utf-8", bytes.to_vec()),
        ("utf-16le", secret.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("utf-16be", secret.encode_utf16().flat_map(u16::to_be_bytes).collect()),
    ];
    let url: String = url::form_urlencoded::byte_serialize(bytes).collect();
    if url != secret {
        forms.push(("url-encoded", url.into_bytes()));
    }
    // Inside a longer base64 text the secret starts at any of three
    // alignments; the whole 3-byte groups from there encode the same.
    for skip in 0..3 {
        let aligned = &bytes[skip.min(bytes.len())..];
        let whole = &aligned[..aligned.len() / 3 * 3];
        if whole.len() >= 12 {
            forms.push(("base64", STANDARD_NO_PAD.encode(whole).into_bytes()));
            forms.push(("base64url", URL_SAFE_NO_PAD.encode(whole).into_bytes()));
        }
    }
    forms
}

/// Every file under `dir` (symbolic links not followed).
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            out.extend(files(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

/// A secret found: which one (by its index), in which form, where.
#[derive(Debug)]
pub struct Found {
    pub secret: usize,
    pub form: &'static str,
    pub place: String,
}

/// Searches every haystack for every form of every secret.
pub fn search(secrets: &[String], haystacks: &[(String, Vec<u8>)]) -> Vec<Found> {
    let needles: Vec<(usize, &'static str, Vec<u8>)> = secrets
        .iter()
        .enumerate()
        .flat_map(|(i, s)| encodings(s).into_iter().map(move |(form, bytes)| (i, form, bytes)))
        .collect();
    let mut found = Vec::new();
    for (place, bytes) in haystacks {
        for (secret, form, needle) in &needles {
            if memchr::memmem::find(bytes, needle).is_some() {
                found.push(Found { secret: *secret, form, place: place.clone() });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_is_found_inside_other_text() {
        let secret = "tok+3fA9/zq81Lm0Xy72bN";
        let embedded_b64 = STANDARD_NO_PAD.encode(format!("xy{{\"t\":\"{secret}\"}}"));
        let utf16: Vec<u8> = format!("<<{secret}>>").encode_utf16().flat_map(u16::to_le_bytes).collect();
        let haystacks = vec![
            ("b64".to_string(), embedded_b64.into_bytes()),
            ("utf16".to_string(), utf16),
            ("url".to_string(), format!("a=1&t={}", secret.replace('+', "%2B").replace('/', "%2F")).into_bytes()),
            ("nothing".to_string(), b"no secrets here".to_vec()),
        ];
        let found = search(&[secret.to_string()], &haystacks);
        let places: Vec<&str> = found.iter().map(|f| f.place.as_str()).collect();
        assert!(places.contains(&"b64") && places.contains(&"utf16") && places.contains(&"url"), "{found:?}");
        assert!(!places.contains(&"nothing"));
    }
}
