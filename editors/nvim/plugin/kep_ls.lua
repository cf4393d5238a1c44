-- Loaded by Neovim's plugin manager; nothing happens until require("kep_ls").setup() is called.
if vim.fn.has("nvim-0.8") == 0 then
  vim.notify("kep-ls needs Neovim 0.8 or newer", vim.log.levels.WARN)
end
