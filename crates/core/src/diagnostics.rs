//! The support bundle: a zip with the app version, the OS, the profile
//! without secrets, every connection's summary, the activity logs and the
//! last errors. Nothing in it is a token, a code or a secret; a final pass
//! blanks anything shaped like a JWT.

use std::io::Write;
use std::path::Path;

use serde_json::json;
use zip::write::SimpleFileOptions;

use crate::error::{Error, Result};
use crate::profile::TokenAuth;
use crate::service::FortnoxConnect;

/// Blanks JWT-shaped text (`eyJ….….…`), whatever the source.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("eyJ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let len =
            tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')).unwrap_or(tail.len());
        if tail[..len].matches('.').count() >= 2 {
            out.push_str("[redacted token]");
        } else {
            out.push_str(&tail[..len]);
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

impl FortnoxConnect {
    /// Writes the support bundle to `path` (replacing it). `app` names the
    /// program and its version.
    pub fn export_diagnostics(&self, path: &Path, app: &str) -> Result<()> {
        let storage = |source: std::io::Error| Error::Storage { path: path.to_path_buf(), source };
        let file =
            fortnox_platform::private::options().write(true).create(true).truncate(true).open(path).map_err(storage)?;
        self.write_diagnostics(file, path, app)
    }

    /// Writes the support bundle into `file` (at `path`, named in errors).
    pub fn write_diagnostics(&self, file: std::fs::File, path: &Path, app: &str) -> Result<()> {
        let storage = |source: std::io::Error| Error::Storage { path: path.to_path_buf(), source };
        let profile = self.profile();
        let token_auth = match &profile.token_auth {
            TokenAuth::ClientSecretEnv { var } => {
                format!("client secret from environment variable {var}")
            }
            TokenAuth::ClientSecretKeyring => "client secret from the keyring".to_string(),
            TokenAuth::Broker { url } => format!("token broker at {url}"),
        };
        let about = json!({
            "app": app,
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "created_at": time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "profile": {
                "name": profile.name,
                "vendor": profile.vendor,
                "client_id": profile.client_id,
                "auth_base": profile.endpoints.auth_base.as_str(),
                "api_base": profile.endpoints.api_base.as_str(),
                "redirect_embedded": profile.redirect.embedded.as_str(),
                "redirect_loopback": profile.redirect.loopback.as_ref().map(|u| u.as_str()),
                "token_auth": token_auth,
                "pkce": profile.pkce,
                "options": profile.options.iter().map(|o| json!({"id": o.id, "scopes": o.scopes})).collect::<Vec<_>>(),
            },
        });
        let connections = self.connections()?;
        let errors: Vec<_> = connections
            .iter()
            .filter_map(|c| c.last_error.as_ref().map(|e| json!({"connection": c.id, "error": e})))
            .collect();

        let mut zip = zip::ZipWriter::new(file);
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, text: String| -> std::io::Result<()> {
            zip.start_file(name, options).map_err(std::io::Error::other)?;
            zip.write_all(redact(&text).as_bytes())
        };
        let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
        add("about.json", pretty(&about)).map_err(storage)?;
        add("connections.json", pretty(&json!(connections))).map_err(storage)?;
        add("last-errors.json", pretty(&json!(errors))).map_err(storage)?;
        for connection in &connections {
            let lines: Vec<String> =
                self.activity(&connection.id).iter().filter_map(|e| serde_json::to_string(e).ok()).collect();
            add(&format!("activity/{}.jsonl", connection.id), lines.join("\n")).map_err(storage)?;
        }
        zip.finish().map_err(|e| storage(std::io::Error::other(e)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn jwts_are_blanked_and_other_text_kept() {
        let text = "token eyJhbGciOiJub25lIn0.eyJ0ZW5hbnRJZCI6MX0. and eyJust text";
        assert_eq!(redact(text), "token [redacted token] and eyJust text");
        assert_eq!(redact("plain"), "plain");
    }
}
