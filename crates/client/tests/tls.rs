//! `https://` servers: the client speaks TLS (rustls) and verifies the certificate against
//! the system's trust store, so a server behind a TLS proxy works and an impostor with a
//! certificate nobody trusts is refused before anything is sent.
//!
//! The trust store is read from `SSL_CERT_FILE`, which is process-wide, so the checks run
//! in a child process of this test binary with its own `SSL_CERT_FILE`, while this process
//! serves two TLS endpoints on loopback: one whose certificate the child trusts, one not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use rcgen::generate_simple_self_signed;
use rehearsalhub_client::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// Serves `GET /api/v1/health` (200, empty) over TLS with a certificate for `localhost`;
/// returns the port and the certificate's PEM.
async fn tls_health_server() -> (u16, String) {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let key = generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = key.cert.pem();
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(key.cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der())),
        )
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake (the impostor case) simply ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let ok = request.starts_with(b"GET /api/v1/health ");
                let answer: &[u8] = if ok {
                    b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                } else {
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                };
                let _ = tls.write_all(answer).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, pem)
}

#[tokio::test]
async fn https_works_and_a_certificate_nobody_trusts_is_refused() {
    let (trusted_port, trusted_pem) = tls_health_server().await;
    let (impostor_port, _) = tls_health_server().await;
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("trusted.pem");
    std::fs::write(&bundle, trusted_pem).unwrap();
    let out = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_checks_both_servers",
            "--ignored",
            "--nocapture",
        ])
        .env("SSL_CERT_FILE", &bundle)
        .env_remove("SSL_CERT_DIR")
        .env(
            "RH_TLS_TRUSTED",
            format!("https://localhost:{trusted_port}"),
        )
        .env(
            "RH_TLS_IMPOSTOR",
            format!("https://localhost:{impostor_port}"),
        )
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "the child ran no check: {text}");
}

/// Run by the test above, in a process whose trust store holds one of the two
/// certificates.
#[tokio::test]
#[ignore = "run by https_works_and_a_certificate_nobody_trusts_is_refused"]
async fn child_checks_both_servers() {
    let trusted = std::env::var("RH_TLS_TRUSTED").expect("run by the parent test");
    let impostor = std::env::var("RH_TLS_IMPOSTOR").expect("run by the parent test");
    let client = Client::new(&trusted).unwrap();
    assert!(!client.travels_in_clear());
    client
        .health()
        .await
        .expect("the trusted https server answers");
    let err = Client::new(&impostor)
        .unwrap()
        .health()
        .await
        .expect_err("a certificate nobody trusts was accepted");
    assert!(
        err.message().contains("certificate is not trusted"),
        "{}",
        err.message()
    );
}
