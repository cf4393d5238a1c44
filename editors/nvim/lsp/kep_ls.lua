-- The kep-ls server for Neovim 0.11+, in the vim.lsp.Config shape nvim-lspconfig uses:
-- `vim.lsp.enable("kep_ls")` is the whole set-up. Override with vim.lsp.config("kep_ls", {...}),
-- e.g. { cmd = { "/path/to/kep-ls" }, settings = { kep = { rules = { ["owning-sig-mismatch"] = "off" } } } }.
return require("kep_ls").lsp_config()
