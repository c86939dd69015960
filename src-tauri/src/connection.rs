//! Where the bands live: "This computer" (the embedded database in the data directory) or
//! "A server" (`rehearsalhub-server` through `rehearsalhub-client`). The choice and the
//! last signed-in username are remembered in `<data dir>/connection.json`; the session
//! token itself only ever goes to the keychain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rehearsalhub_client::Client;
use rehearsalhub_core::{Api, BandId, Error, Hub};
use serde::{Deserialize, Serialize};

/// Where the app's bands live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// The embedded database in this computer's data directory.
    ThisComputer,
    /// A `rehearsalhub-server`, by its normalized address.
    Server {
        /// `http://host:port/`.
        url: String,
    },
}

/// What `connection.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The place chosen last.
    pub place: Place,
    /// Who signed in there last: with the place, the keychain entry of their session.
    pub username: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            place: Place::ThisComputer,
            username: None,
        }
    }
}

const FILE: &str = "connection.json";

impl Settings {
    /// The saved settings; a missing or unreadable file means "This computer", since
    /// losing the choice costs one click while refusing to start costs the whole app.
    pub fn load(data_dir: &Path) -> Self {
        match std::fs::read(data_dir.join(FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                eprintln!("rehearsalhub: ignoring an unreadable {FILE}: {e}");
                Settings::default()
            }),
            Err(_) => Settings::default(),
        }
    }

    /// Saves the settings whole or not at all (a temporary file renamed over the old one).
    pub fn save(&self, data_dir: &Path) -> Result<(), Error> {
        let bytes = serde_json::to_vec_pretty(self).map_err(Error::internal)?;
        let tmp = data_dir.join(format!(".{FILE}.tmp"));
        std::fs::write(&tmp, bytes).map_err(Error::internal)?;
        std::fs::rename(&tmp, data_dir.join(FILE)).map_err(Error::internal)
    }
}

/// The use cases at the chosen place.
#[derive(Debug, Clone)]
pub struct Connection {
    /// Where they run.
    pub place: Place,
    /// The use cases.
    pub api: Arc<dyn Api>,
    /// The server's client, in connected mode (its audio cache is per user).
    client: Option<Client>,
}

impl Connection {
    /// The embedded hub.
    pub fn local(hub: &Hub) -> Self {
        Connection {
            place: Place::ThisComputer,
            api: Arc::new(hub.clone()),
            client: None,
        }
    }

    /// A client of the server at `url`, not yet contacted. Fails on `server` when the
    /// address cannot be one.
    pub fn server(url: &str) -> Result<Self, Error> {
        let client = Client::new(url)?;
        Ok(Connection {
            place: Place::Server {
                url: client.server().to_owned(),
            },
            api: Arc::new(client.clone()),
            client: Some(client),
        })
    }

    /// The connection at `place`.
    pub fn open(place: &Place, hub: &Hub) -> Result<Self, Error> {
        match place {
            Place::ThisComputer => Ok(Self::local(hub)),
            Place::Server { url } => Self::server(url),
        }
    }

    /// Asks the server whether it and its database answer; "This computer" always does.
    pub async fn check(&self) -> Result<(), Error> {
        match &self.client {
            Some(c) => c.health().await,
            None => Ok(()),
        }
    }

    /// The same connection, downloading `username`'s audio to their own cache folder
    /// under `data_dir`, so two accounts on one computer never share downloads.
    pub fn for_user(&self, data_dir: &Path, username: &str) -> Self {
        match &self.client {
            None => self.clone(),
            Some(c) => {
                let client = c
                    .clone()
                    .with_cache_dir(cache_dir(data_dir, c.server(), username));
                Connection {
                    place: self.place.clone(),
                    api: Arc::new(client.clone()),
                    client: Some(client),
                }
            }
        }
    }

    /// Deletes the downloaded audio of a band the user is no longer in.
    pub fn forget_band(&self, band: BandId) {
        if let Some(c) = &self.client {
            c.forget_band(band);
        }
    }

    /// The part of the keychain account naming the place.
    pub fn keychain_place(&self, data_dir: &Path) -> String {
        match &self.place {
            Place::ThisComputer => format!("this-computer:{}", data_dir.display()),
            Place::Server { url } => url.clone(),
        }
    }
}

/// `<data dir>/cache/<scheme>_<host>_<port>/<username>`: readable, and one folder per
/// server and user. A username is already safe as a folder name (`a-z0-9_.-`, never `.` or
/// `..`); of the address, only `:` and `/` are replaced, so two servers never share one.
pub fn cache_dir(data_dir: &Path, server: &str, username: &str) -> PathBuf {
    let server: String = server
        .trim_end_matches('/')
        .replace("://", "_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join("cache").join(server).join(username)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn settings_round_trip_and_a_broken_file_means_this_computer() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).place, Place::ThisComputer);
        let s = Settings {
            place: Place::Server {
                url: "http://10.0.0.2:8080/".into(),
            },
            username: Some("ada".into()),
        };
        s.save(dir.path()).unwrap();
        let back = Settings::load(dir.path());
        assert_eq!(back.place, s.place);
        assert_eq!(back.username.as_deref(), Some("ada"));
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert_eq!(Settings::load(dir.path()).place, Place::ThisComputer);
    }

    #[test]
    fn a_bad_address_names_the_server_field_and_a_good_one_is_normalized() {
        match Connection::server("http://") {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "server"),
            other => panic!("expected invalid_input on server, got {other:?}"),
        }
        let c = Connection::server("127.0.0.1:9").unwrap();
        assert_eq!(
            c.place,
            Place::Server {
                url: "http://127.0.0.1:9/".into()
            }
        );
        assert_eq!(c.keychain_place(Path::new("/d")), "http://127.0.0.1:9/");
    }

    #[test]
    fn each_server_and_user_gets_its_own_cache_folder() {
        let d = Path::new("/data");
        assert_eq!(
            cache_dir(d, "http://127.0.0.1:8080/", "ada"),
            PathBuf::from("/data/cache/http_127.0.0.1_8080/ada")
        );
        let distinct = [
            cache_dir(d, "http://127.0.0.1:8080/", "a.b"),
            cache_dir(d, "http://127.0.0.1:8080/", "a-b"),
            cache_dir(d, "http://127.0.0.1:8080/", "a_b"),
            cache_dir(d, "https://127.0.0.1:8080/", "a.b"),
            cache_dir(d, "http://127.0.0.1:8081/", "a.b"),
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
