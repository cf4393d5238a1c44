-- Loaded at start-up. The server starts only for KEP files, once enabled: vim.lsp.enable("kep_ls")
-- on Neovim 0.11+ (lsp/kep_ls.lua), require("kep_ls").setup() on 0.8-0.10.
-- :KepNew is global: it works with no KEP buffer open (it starts the server on the repository
-- around the current directory). :KepPromote and :KepUpdateToc are buffer-local (on_attach).
if vim.fn.has("nvim-0.8") == 0 then
  vim.notify("kep-ls needs Neovim 0.8 or newer", vim.log.levels.WARN)
  return
end
vim.api.nvim_create_user_command("KepNew", function(args)
  require("kep_ls").new_kep(args.args)
end, { nargs = "+", desc = "Create a KEP (kep.yaml and README.md) from the template: <owning-sig> <title>" })
