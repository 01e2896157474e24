//! Accessibility audits in the real webview: axe-core (from the UI's npm
//! packages) runs inside the app's WebKit page through WebDriver, against
//! WCAG 2.1 A/AA and axe's best practices. Serious and critical findings
//! are returned for the test to fail on; minor and moderate ones are
//! written to `artifacts/e2e/a11y-minor.txt` for the README's list.

use std::io::Write as _;

use crate::desktop::Desktop;
use crate::paths;

fn axe_source() -> String {
    let path = paths::workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (scripts/setup.sh installs the UI's packages)", path.display()))
}

/// Runs axe on the page as it is now; returns the serious and critical
/// violations, one line each ("rule (impact): target — help").
pub async fn audit(app: &Desktop, screen: &str) -> Vec<String> {
    let script = format!(
        "{}\n;const done = arguments[arguments.length - 1];
        axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }} }})
          .then((r) => done(r.violations.map((v) => ({{ id: v.id, impact: v.impact, help: v.help,
             targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }}))))
          .catch((e) => done([{{ id: 'axe-failed', impact: 'critical', help: String(e), targets: [] }}]));",
        axe_source()
    );
    let answer = app.driver.execute_async(&script, vec![]).await.expect("axe runs in the webview");
    let violations = answer.json().as_array().cloned().unwrap_or_default();
    let mut serious = Vec::new();
    let mut minor = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(paths::artifacts_dir().join("a11y-minor.txt"))
        .expect("artifacts writable");
    for v in violations {
        let impact = v["impact"].as_str().unwrap_or("unknown").to_string();
        let line = format!(
            "{screen}: {} ({impact}): {} — {}",
            v["id"].as_str().unwrap_or_default(),
            v["targets"]
                .as_array()
                .map(|t| t.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            v["help"].as_str().unwrap_or_default()
        );
        if impact == "serious" || impact == "critical" {
            serious.push(line);
        } else {
            let _ = writeln!(minor, "{line}");
        }
    }
    serious
}

impl Desktop {
    /// Audits the page in English and in Swedish (switching with the
    /// language buttons, then back), collecting serious findings.
    pub async fn audit_both_languages(&self, screen: &str, found: &mut Vec<String>) {
        found.extend(audit(self, &format!("{screen} (en)")).await);
        self.click("lang-sv").await;
        self.wait_css("html[lang=sv]").await;
        found.extend(audit(self, &format!("{screen} (sv)")).await);
        self.click("lang-en").await;
        self.wait_css("html[lang=en]").await;
    }
}
