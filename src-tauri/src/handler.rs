//! The one invoke handler: every command the webview calls, the core's use cases
//! (`crate::cases`) and the app's own (`crate::shell`), found by name, run with the app's
//! state, answered as JSON or as the core's error (`{code, message, field?}`). Which
//! commands the window may call at all is the capability `build.rs` generates from the
//! same lists, checked by Tauri before this runs.

use std::collections::HashMap;
use std::sync::Arc;

use rehearsalhub_core::Error;
use serde_json::Value;
use tauri::Manager;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};

use crate::cases::{self, Command};
use crate::shell::{self, Shell, VisitShell};
use crate::state::AppState;

/// Every command by name.
pub fn commands() -> HashMap<&'static str, Command> {
    struct Table(Vec<(&'static str, Command)>);
    impl VisitShell for Table {
        fn command<C: Shell>(&mut self) {
            self.0.push((C::NAME, |state, args| {
                Box::pin(async move {
                    let command: C = rehearsalhub_core::case::wire::parse_args(args)?;
                    let output = command.run(state).await?;
                    serde_json::to_value(output).map_err(Error::internal)
                })
            }));
        }
    }
    let mut table = Table(Vec::new());
    shell::each(&mut table);
    cases::commands(&mut table.0);
    table.0.into_iter().collect()
}

/// The invoke handler with every command.
pub fn handler() -> impl Fn(Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    let commands = commands();
    move |invoke| {
        let Some(command) = commands.get(invoke.message.command()).copied() else {
            return false;
        };
        let state = invoke
            .message
            .webview()
            .try_state::<Arc<AppState>>()
            .map(|s| s.inner().clone());
        let Some(state) = state else {
            let starting = Error::internal("a command before the app's state exists");
            invoke.resolver.reject(starting);
            return true;
        };
        // A command without arguments may come with none at all.
        let args = match invoke.message.payload() {
            InvokeBody::Json(Value::Null) | InvokeBody::Raw(_) => Value::Object(Default::default()),
            InvokeBody::Json(args) => args.clone(),
        };
        invoke
            .resolver
            .respond_async(async move { command(state, args).await.map_err(InvokeError::from) });
        true
    }
}
