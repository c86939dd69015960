//! `rehearsalhub-server`: see the library's documentation and `--help`.

use clap::Parser;
use std::time::Duration;

use rehearsalhub_server::{Config, Stopped, open_hub, serve};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    let config = Config::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rehearsalhub-server: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(start(config));
    // Whatever the grace period left running (a stalled download, a probe) is not waited
    // for: the process exits now.
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

async fn start(config: Config) -> std::process::ExitCode {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    // One JSON object per line for log collectors; the default reads well in a terminal.
    if std::env::var("RH_LOG_FORMAT").as_deref() == Ok("json") {
        logs.json().init();
    } else {
        logs.init();
    }
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rehearsalhub-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let (hub, bus) = open_hub(&config).await?;
    let listener = TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    // Tests and scripts wait for this exact line to learn the port.
    println!("listening on http://{addr}");
    let sweeper = hub.clone();
    tokio::spawn(async move {
        // At start-up, then hourly: an upload whose client went away after its audio was
        // stored but before its row was written leaves a file no version names.
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = sweeper.sweep_blobs().await {
                tracing::warn!(error = %e, "blob sweep failed");
            }
        }
    });
    match serve(listener, (hub, bus), &config, shutdown_signal()).await {
        Stopped::Drained => tracing::info!("stopped after finishing the requests in flight"),
        Stopped::GraceExpired => tracing::info!("stopped; the grace period ended first"),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
