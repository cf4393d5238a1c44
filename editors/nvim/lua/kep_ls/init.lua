-- kep-ls for Neovim: attaches the kep-ls language server to KEP files only (kep.yaml, Markdown under
-- keps/, PRR approval files), passes settings, and adds user commands for the server's commands.
-- Neovim 0.11+ uses vim.lsp.config/vim.lsp.enable; 0.8-0.10 use vim.lsp.start.

local M = {}

M.defaults = {
  -- The server command; `kep-ls` must be on PATH, or give its full path.
  cmd = { "kep-ls" },
  -- The `kep` settings section (see the kep-ls README), e.g. { rules = { ["owning-sig-folder"] = "off" } }.
  settings = {},
}

M.config = vim.deepcopy(M.defaults)


--- The repository root of a KEP file: the directory that holds `keps/`, or nil when the file is
--- not below a `keps/` directory.
function M.root_dir(path)
  if path == nil or path == "" then
    return nil
  end
  local dir = vim.fs.dirname(path)
  while dir and dir ~= "" do
    if vim.fs.basename(dir) == "keps" then
      return vim.fs.dirname(dir)
    end
    local parent = vim.fs.dirname(dir)
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end

--- Whether a path is a file kep-ls handles: `kep.yaml` or `*.md` below `keps/`, or a PRR file
--- `keps/prod-readiness/**/*.yaml`.
function M.is_kep_file(path)
  local root = M.root_dir(path)
  if root == nil then
    return false
  end
  local rel = path:sub(#root + 2)
  if vim.fs.basename(path) == "kep.yaml" then
    return true
  end
  if rel:match("%.md$") then
    return true
  end
  return rel:match("^keps/prod%-readiness/.+%.ya?ml$") ~= nil
end

local function client_config(root)
  return {
    name = "kep_ls",
    cmd = M.config.cmd,
    root_dir = root,
    settings = { kep = M.config.settings },
    init_options = M.config.settings,
  }
end

--- The kep-ls client attached to a buffer, if any.
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ bufnr = bufnr or 0, name = "kep_ls" })) do
    return client
  end
  return nil
end

--- Sends `workspace/executeCommand`; the server answers with `workspace/applyEdit`.
function M.execute(command, argument)
  local client = M.client(0)
  if client == nil then
    vim.notify("kep-ls is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  client.request("workspace/executeCommand", { command = command, arguments = { argument } }, function(err, result)
    if err then
      vim.notify("kep-ls: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif result ~= nil then
      vim.notify("kep-ls: " .. vim.inspect(result), vim.log.levels.INFO)
    end
  end, 0)
end

local function create_commands()
  vim.api.nvim_create_user_command("KepNew", function(args)
    local sig, title = args.args:match("^(%S+)%s+(.+)$")
    if sig == nil then
      vim.notify("usage: :KepNew <owning-sig> <title>", vim.log.levels.ERROR)
      return
    end
    M.execute("kep.newKep", { sig = sig, title = title })
  end, { nargs = "+", desc = "Create a KEP (kep.yaml and README.md) from the template" })
  vim.api.nvim_create_user_command("KepPromote", function(args)
    local stage, milestone = args.args:match("^(%S+)%s*(%S*)$")
    local argument = { uri = vim.uri_from_bufnr(0), stage = stage }
    if milestone ~= nil and milestone ~= "" then
      argument.milestone = milestone
    end
    M.execute("kep.promote", argument)
  end, { nargs = "+", complete = function() return { "alpha", "beta", "stable" } end, desc = "Promote this KEP: <stage> [milestone]" })
  vim.api.nvim_create_user_command("KepUpdateToc", function()
    M.execute("kep.updateToc", { uri = vim.uri_from_bufnr(0) })
  end, { desc = "Update the table of contents of this README" })
end

--- Sets the plugin up: `require("kep_ls").setup({ cmd = {...}, settings = {...} })`.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  create_commands()
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    local config = client_config(nil)
    config.filetypes = { "yaml", "markdown" }
    -- Attach only to KEP files: root_dir is called per buffer and says nothing for others.
    config.root_dir = function(bufnr, on_dir)
      local path = vim.api.nvim_buf_get_name(bufnr)
      if M.is_kep_file(path) then
        on_dir(M.root_dir(path))
      end
    end
    vim.lsp.config("kep_ls", config)
    vim.lsp.enable("kep_ls")
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("kep_ls", { clear = true }),
    pattern = { "yaml", "markdown" },
    callback = function(event)
      local path = vim.api.nvim_buf_get_name(event.buf)
      if M.is_kep_file(path) then
        vim.lsp.start(client_config(M.root_dir(path)), { bufnr = event.buf })
      end
    end,
  })
end

return M
