//! Where the bands live: "This computer" (the embedded database in the data directory) or
//! "A server" (`rehearsalhub-server` through `rehearsalhub-client`). The choice and the
//! last signed-in username are remembered in `<data dir>/connection.json`; the session
//! token itself only ever goes to the keychain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rehearsalhub_client::Client;
use rehearsalhub_core::{Api, BandId, Error, Hub, Username};
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
    /// Parsed as a username when the file is read (it names a cache folder).
    pub username: Option<Username>,
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

    /// The server's client, in connected mode.
    pub fn client(&self) -> Option<Client> {
        self.client.clone()
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
    pub fn for_user(&self, data_dir: &Path, username: &Username) -> Result<Self, Error> {
        match &self.client {
            None => Ok(self.clone()),
            Some(c) => {
                let client = c.clone().with_cache_in(
                    cache_root(data_dir),
                    cache_dir(data_dir, c.server(), username),
                )?;
                Ok(Connection {
                    place: self.place.clone(),
                    api: Arc::new(client.clone()),
                    client: Some(client),
                })
            }
        }
    }

    /// What to tell the user before a password goes to this place, when it would travel
    /// unencrypted over networks other than their own (plain `http://` to a public host).
    pub fn unencrypted_warning(&self) -> Option<String> {
        let client = self.client.as_ref().filter(|c| c.travels_in_clear())?;
        let url = url_host(client.server());
        Some(format!(
            "{url} is reached over plain http:// across the internet: your password and \
             everything you send would travel unencrypted, readable on the way. Ask whoever \
             runs the server for an https:// address."
        ))
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

/// `host:port` of a normalized server address, for messages.
fn url_host(server: &str) -> String {
    server
        .split_once("://")
        .map_or(server, |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned()
}

/// The folder every download lives under; the client never writes or deletes outside it.
pub fn cache_root(data_dir: &Path) -> PathBuf {
    data_dir.join("cache")
}

/// `<data dir>/cache/<scheme>_<host>_<port>-<hash>/u-<username>`: readable, and one folder
/// per server and user. Both names are built from parsed values only, character by
/// character, so neither can hold a separator or be `.` or `..`: of the address, everything
/// but `a-z0-9.-` becomes `_` (it always starts with the scheme), and the first 8 hex digits
/// of the address's SHA-256 keep two addresses that read alike (`http://a_1/`,
/// `http://a:1/`) apart; the username (already `a-z0-9_.-`) gets `.` written `%2E`, since
/// some systems drop a name's trailing dots, and a `u-` before it, since some reserve names
/// such as `con` or `nul`.
pub fn cache_dir(data_dir: &Path, server: &str, username: &Username) -> PathBuf {
    let readable: String = server
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
    let hash = rehearsalhub_core::secret::sha256_hex(server.as_bytes());
    let server = format!("{readable}-{}", &hash[..8]);
    let user = format!("u-{}", username.as_str().replace('.', "%2E"));
    cache_root(data_dir).join(server).join(user)
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
            username: Some(Username::parse("ada").unwrap()),
        };
        s.save(dir.path()).unwrap();
        let back = Settings::load(dir.path());
        assert_eq!(back.place, s.place);
        assert_eq!(back.username, s.username);
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

    fn user(name: &str) -> Username {
        Username::parse(name).unwrap()
    }

    #[test]
    fn a_password_over_plain_http_to_the_internet_is_warned_about() {
        let warned = Connection::server("http://band.example.org:8080").unwrap();
        let w = warned.unencrypted_warning().unwrap();
        assert!(w.contains("band.example.org:8080"), "{w}");
        assert!(w.contains("unencrypted"), "{w}");
        for fine in [
            "http://192.168.1.20:8080",
            "https://band.example.org",
            "127.0.0.1:9",
        ] {
            assert_eq!(
                Connection::server(fine).unwrap().unencrypted_warning(),
                None,
                "{fine}"
            );
        }
    }

    #[test]
    fn each_server_and_user_gets_its_own_cache_folder() {
        let d = Path::new("/data");
        let ada = cache_dir(d, "http://127.0.0.1:8080/", &user("ada"));
        let rest = ada
            .strip_prefix("/data/cache")
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(rest.starts_with("http_127.0.0.1_8080-"), "{rest}");
        assert!(rest.ends_with("/u-ada"), "{rest}");
        let distinct = [
            cache_dir(d, "http://a_1/", &user("ada")),
            cache_dir(d, "http://a:1/", &user("ada")),
            cache_dir(d, "http://127.0.0.1:8080/", &user("a.b")),
            cache_dir(d, "http://127.0.0.1:8080/", &user("a-b")),
            cache_dir(d, "http://127.0.0.1:8080/", &user("a_b")),
            cache_dir(d, "https://127.0.0.1:8080/", &user("a.b")),
            cache_dir(d, "http://127.0.0.1:8081/", &user("a.b")),
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn cache_folders_stay_under_the_cache_root_whatever_the_names() {
        let d = Path::new("/data");
        for name in ["...", "..x", "a..", "abc"] {
            let dir = cache_dir(d, "http://h:1/", &user(name));
            let rest = dir.strip_prefix(cache_root(d)).unwrap();
            assert_eq!(rest.components().count(), 2, "{name}");
            assert!(
                rest.components()
                    .all(|c| matches!(c, std::path::Component::Normal(n)
                        if !n.to_string_lossy().starts_with('.') && !n.to_string_lossy().ends_with('.'))),
                "{name}: {}",
                dir.display()
            );
        }
    }

    #[test]
    fn a_saved_username_that_is_not_one_means_no_saved_session() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            br#"{"place":{"kind":"server","url":"http://10.0.0.2:8080/"},"username":"/home/me/Pictures"}"#,
        )
        .unwrap();
        let back = Settings::load(dir.path());
        assert_eq!(back.username, None);
    }
}
