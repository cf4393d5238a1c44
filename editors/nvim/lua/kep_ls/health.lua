-- :checkhealth kep_ls: the binary, its version, the repository root of the current buffer, the
-- attached client and where the logs are.
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error = health.error or health.report_error
local info = health.info or health.report_info

function M.check()
  local kep_ls = require("kep_ls")
  start("kep-ls")
  local config = (vim.lsp.config ~= nil and vim.lsp.config.kep_ls) or kep_ls.config
  local cmd = type(config.cmd) == "table" and config.cmd or kep_ls.config.cmd
  local binary = cmd[1]
  if vim.fn.executable(binary) == 1 then
    ok("binary: " .. vim.fn.exepath(binary))
    local version = vim.fn.system({ binary, "--version" })
    if vim.v.shell_error == 0 then
      ok("version: " .. vim.trim(version))
    else
      warn("`" .. binary .. " --version` failed: " .. vim.trim(version))
    end
  else
    error("`" .. binary .. "` is not executable", {
      "install it: cargo install --path server (in a clone of kep-ls)",
      'or name it: vim.lsp.config("kep_ls", { cmd = { "/path/to/kep-ls" } })',
    })
  end

  -- :checkhealth runs in a buffer of its own (health://), by default in a new tab: the buffer it was called
  -- from is the one shown in the previous tab (or the previous window).
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.api.nvim_buf_get_name(bufnr):match("^health://") then
    local previous_tab = vim.fn.tabpagenr("#")
    local previous_win = vim.fn.win_getid(vim.fn.winnr("#"))
    if previous_tab > 0 and previous_tab ~= vim.fn.tabpagenr() then
      local tab = vim.api.nvim_list_tabpages()[previous_tab]
      bufnr = vim.api.nvim_win_get_buf(vim.api.nvim_tabpage_get_win(tab))
    elseif previous_win > 0 then
      bufnr = vim.api.nvim_win_get_buf(previous_win)
    end
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = kep_ls.root_dir(path)
  if root ~= nil then
    ok("repository root of this buffer: " .. root)
  else
    local above = kep_ls.root_above(vim.fn.getcwd())
    if above ~= nil then
      info("this buffer is not a KEP file; the current directory's repository root is " .. above)
    else
      warn("no keps/ directory around this buffer or the current directory")
    end
  end

  local client = kep_ls.client(bufnr)
  if client ~= nil then
    ok(("client %d attached to this buffer (root %s)"):format(client.id, client.root_dir or client.config.root_dir or "?"))
  elseif kep_ls.is_kep_file(path) then
    warn("no kep_ls client attached to this KEP file", {
      'Neovim 0.11+: vim.lsp.enable("kep_ls"); 0.8-0.10: require("kep_ls").setup()',
    })
  else
    info("no kep_ls client attached (this buffer is not a KEP file)")
  end

  info("Neovim's LSP log: " .. vim.lsp.get_log_path())
  info('the server logs to its stderr (in that log); for a file of its own: cmd = { "kep-ls", "--log-file", "/tmp/kep-ls.log" }')
end

return M
