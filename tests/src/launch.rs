//! Starting the app for a fixture.

use crate::desktop::{Desktop, Launch};
use crate::fixture::Fixture;

impl Fixture {
    /// The app with this fixture's profile, in `lang`, with a fresh data
    /// directory.
    pub async fn launch(&self, name: &str, lang: &'static str) -> Desktop {
        Desktop::launch(name, Launch { profile: Some(self.profile.clone()), lang: Some(lang), ..Launch::default() })
            .await
    }

    /// The app again on an existing data directory (a restart).
    pub async fn relaunch(&self, name: &str, lang: &'static str, data_dir: std::path::PathBuf) -> Desktop {
        Desktop::launch(
            name,
            Launch {
                profile: Some(self.profile.clone()),
                lang: Some(lang),
                data_dir: Some(data_dir),
                ..Launch::default()
            },
        )
        .await
    }
}
