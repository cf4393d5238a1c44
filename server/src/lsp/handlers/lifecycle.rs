//! `initialize` and `initialized`: the client's capabilities and folders, the position encoding,
//! the first settings, file watching and the first indexing.

use ls_types::*;

use crate::ide::change::Affected;
use crate::ide::layout;
use crate::ide::text::Encoding;
use crate::lsp::server::Backend;
use crate::lsp::{convert, workspace};

impl Backend {
    pub(crate) fn on_initialize(&self, params: InitializeParams) -> InitializeResult {
        *self.state.client_caps.write().unwrap_or_else(|p| p.into_inner()) = params.capabilities.clone();
        #[allow(deprecated)] // `rootUri` is deprecated in favour of folders, but clients still send only it.
        let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri).chain(params.root_uri.as_ref());
        for folder in folders.filter_map(convert::path) {
            self.state.add_root(layout::place(&folder).map_or(folder, |place| place.root));
        }
        *self.state.folders.lock().unwrap_or_else(|p| p.into_inner()) = workspace::initial_folders(&params);
        // Also without options: the repositories' .kep-ls.toml apply.
        self.apply_settings(params.initialization_options.as_ref().unwrap_or(&serde_json::Value::Null));
        let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        let encoding = if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.state.set_encoding(encoding);
        tracing::info!("initialize: position encoding {encoding:?}");
        InitializeResult {
            capabilities: crate::lsp::capabilities::server_capabilities(encoding),
            server_info: Some(ServerInfo { name: "kep-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..Default::default()
        }
    }

    pub(crate) fn on_initialized(&self) {
        tracing::info!("initialized");
        self.pull_configuration();
        if self.state.supports_watching() {
            workspace::register_watchers(self.client.clone());
        }
        let folders = self.state.folders();
        let backend = self.clone();
        workspace::index_folders(self.client.clone(), self.state.clone(), folders, move || {
            backend.schedule_diagnostics(&Affected::Everything)
        });
    }
}
