//! Headless Debian Chromium driven through `chromedriver` (WebDriver) with
//! fantoccini. The browser runs in Danish, with a fresh profile, and with every
//! background service that would reach the network switched off.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

/// Paths of the browser and its driver (`KILDE_CHROMIUM`, `KILDE_CHROMEDRIVER`
/// override Debian's), or why the browser tests cannot run.
pub fn find_browser() -> Result<(PathBuf, PathBuf), String> {
    let pick = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(default))
    };
    let chromium = pick("KILDE_CHROMIUM", "/usr/bin/chromium");
    let driver = pick("KILDE_CHROMEDRIVER", "/usr/bin/chromedriver");
    for path in [&chromium, &driver] {
        if !path.exists() {
            return Err(format!(
                "{} is missing (install Debian's chromium and chromium-driver, as .ci/run does)",
                path.display()
            ));
        }
    }
    Ok((chromium, driver))
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
    chromium: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    pub fn start(chromium: PathBuf, driver: PathBuf) -> Driver {
        // A port that was free a moment ago; chromedriver binds it next.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        Driver {
            child,
            port,
            _profile: tempfile::tempdir().expect("profile dir"),
            chromium,
        }
    }

    /// A new browser session, retried while chromedriver is still starting.
    pub async fn session(&self) -> Client {
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-extensions".to_string(),
            "--lang=da".to_string(),
            "--accept-lang=da".to_string(),
            "--window-size=1280,900".to_string(),
            format!("--user-data-dir={}", self._profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": self.chromium.display().to_string(),
                "args": args,
                "prefs": {"intl.accept_languages": "da"},
            }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        let started = Instant::now();
        loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return client,
                Err(e) if started.elapsed() < Duration::from_secs(60) => {
                    eprintln!("waiting for chromedriver: {e}");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("no browser session after 60 s: {e}"),
            }
        }
    }
}
