-- kep-ls for Neovim: attaches the kep-ls language server to KEP files only (kep.yaml, Markdown under
-- keps/, PRR approval files), passes settings, turns on Neovim's LSP completion (so snippets expand),
-- and adds user commands for the server's commands.
-- Neovim 0.11+: `vim.lsp.enable("kep_ls")` is the whole set-up (the config is lsp/kep_ls.lua);
-- 0.8-0.10: `require("kep_ls").setup()` starts the server with vim.lsp.start.

local M = {}

M.defaults = {
  -- The server command; `kep-ls` must be on PATH, or give its full path.
  cmd = { "kep-ls" },
  -- The `kep` settings section (see the kep-ls README), e.g. { rules = { ["owning-sig-mismatch"] = "off" } }.
  settings = {},
}

M.config = vim.deepcopy(M.defaults)

-- `client:request` on 0.11+ (`client.request` is deprecated there and warns), `client.request` before.
local has_method_calls = vim.fn.has("nvim-0.11") == 1

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

--- The repository root above a directory: the nearest one that has a `keps/` directory.
function M.root_above(dir)
  local found = vim.fs.find("keps", { upward = true, type = "directory", path = dir })[1]
  return found and vim.fs.dirname(found) or nil
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

local function notify(message, level)
  vim.notify("kep-ls: " .. message, level or vim.log.levels.INFO)
end

local function request(client, method, params, handler, bufnr)
  if has_method_calls then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- The kep-ls client attached to a buffer (any kep-ls client when `bufnr` is false), if any.
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local filter = { name = "kep_ls" }
  if bufnr ~= false then
    filter.bufnr = bufnr or 0
  end
  for _, client in ipairs(get(filter)) do
    return client
  end
  return nil
end

local function relative(uri)
  return vim.fn.fnamemodify(vim.uri_to_fname(uri), ":.")
end

--- New files the server created through the editor are buffers: write them, so they exist with
--- their text on disk as they would from `kep-ls new` (nothing else is written).
local function write_new_files(uris)
  -- The server answers before the editor has applied its edit (it never waits on the editor):
  -- let the edit arrive first (vim.wait runs the event loop, so the applyEdit is handled).
  vim.wait(3000, function()
    for _, uri in ipairs(uris) do
      local bufnr = vim.uri_to_bufnr(uri)
      if not (vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].modified) then
        return false
      end
    end
    return true
  end, 10)
  for _, uri in ipairs(uris) do
    local bufnr = vim.uri_to_bufnr(uri)
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].modified then
      vim.api.nvim_buf_call(bufnr, function()
        vim.cmd("silent noautocmd write")
      end)
    end
  end
end

-- What each command's result says, in one line.
local summaries = {
  ["kep.newKep"] = function(result)
    write_new_files({ result.kepYaml, result.readme })
    vim.cmd("edit " .. vim.fn.fnameescape(vim.uri_to_fname(result.kepYaml)))
    return ("created KEP-%s: %s and README.md"):format(result.number, relative(result.kepYaml))
  end,
  ["kep.promote"] = function(result)
    write_new_files({ result.prr })
    local line = ("promoted to %s in %s; PRR file %s"):format(result.stage, result.milestone or "?", relative(result.prr))
    if type(result.notes) == "table" and #result.notes > 0 then
      line = line .. " (" .. table.concat(result.notes, "; ") .. ")"
    end
    return line
  end,
  ["kep.updateToc"] = function(result)
    return result.changed and "table of contents updated" or "table of contents already up to date"
  end,
}

--- Sends `workspace/executeCommand` for `bufnr` (its pending edits are sent first); the server
--- answers with `workspace/applyEdit`, then with the result, shown as a short message.
function M.execute(command, argument, bufnr, client)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  client = client or M.client(bufnr)
  if client == nil then
    notify("not attached to this buffer", vim.log.levels.WARN)
    return
  end
  request(client, "workspace/executeCommand", { command = command, arguments = { argument } }, function(err, result)
    if err then
      notify(err.message or tostring(err), vim.log.levels.ERROR)
    elseif result ~= nil and summaries[command] then
      notify(summaries[command](result))
    end
  end, bufnr)
end

--- The server configuration as vim.lsp.Config (what lsp/kep_ls.lua returns).
function M.lsp_config()
  return {
    cmd = M.config.cmd,
    filetypes = { "yaml", "markdown" },
    -- Attach only to KEP files: root_dir is called per buffer and says nothing for others.
    root_dir = function(bufnr, on_dir)
      local path = vim.api.nvim_buf_get_name(bufnr)
      if M.is_kep_file(path) then
        on_dir(M.root_dir(path))
      end
    end,
    settings = { kep = M.config.settings },
    on_attach = function(client, bufnr)
      M.on_attach(client, bufnr)
    end,
  }
end

--- Per buffer: the commands that act on it, and Neovim's LSP completion (0.11+), through which
--- snippets (a whole kep.yaml, a milestone map) expand when accepted with <C-y>.
function M.on_attach(client, bufnr)
  if vim.lsp.completion ~= nil and vim.lsp.completion.enable ~= nil then
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = false })
  end
  vim.api.nvim_buf_create_user_command(bufnr, "KepPromote", function(args)
    local stage, milestone = args.args:match("^(%S+)%s*(%S*)$")
    local argument = { uri = vim.uri_from_bufnr(bufnr), stage = stage }
    if milestone ~= nil and milestone ~= "" then
      argument.milestone = milestone
    end
    M.execute("kep.promote", argument, bufnr)
  end, {
    nargs = "+",
    complete = function()
      return { "alpha", "beta", "stable" }
    end,
    desc = "Promote this KEP: <stage> [milestone]",
  })
  vim.api.nvim_buf_create_user_command(bufnr, "KepUpdateToc", function()
    M.execute("kep.updateToc", { uri = vim.uri_from_bufnr(bufnr) }, bufnr)
  end, { desc = "Update the table of contents of this README" })
end

--- A kep-ls client for the repository around the current directory, started when none runs, so
--- that :KepNew works with no KEP buffer open.
local function client_for_cwd()
  local client = M.client(0) or M.client(false)
  if client ~= nil then
    return client
  end
  local root = M.root_above(vim.fn.getcwd())
  if root == nil then
    notify("no keps/ directory in or above " .. vim.fn.getcwd(), vim.log.levels.ERROR)
    return nil
  end
  local config
  if vim.lsp.config ~= nil and vim.lsp.config.kep_ls ~= nil then
    config = vim.deepcopy(vim.lsp.config.kep_ls)
  else
    config = M.lsp_config()
    config.init_options = M.config.settings
  end
  config.name = "kep_ls"
  config.root_dir = root
  local id
  if vim.fn.has("nvim-0.11") == 1 then
    id = vim.lsp.start(config, { attach = false })
  else
    id = vim.lsp.start_client(config)
  end
  client = id and vim.lsp.get_client_by_id(id)
  if client == nil then
    notify("could not start " .. table.concat(config.cmd or {}, " "), vim.log.levels.ERROR)
    return nil
  end
  vim.wait(10000, function()
    return client.initialized == true
  end, 20)
  return client
end

--- :KepNew <owning-sig> <title>
function M.new_kep(args)
  local sig, title = (args or ""):match("^(%S+)%s+(.+)$")
  if sig == nil then
    notify("usage: :KepNew <owning-sig> <title>", vim.log.levels.ERROR)
    return
  end
  local client = client_for_cwd()
  if client ~= nil then
    M.execute("kep.newKep", { sig = sig, title = title }, 0, client)
  end
end

--- Sets the plugin up: `require("kep_ls").setup({ cmd = {...}, settings = {...} })`. On 0.11+ the
--- same as `vim.lsp.config("kep_ls", {...})` then `vim.lsp.enable("kep_ls")`.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    vim.lsp.config("kep_ls", { cmd = M.config.cmd, settings = { kep = M.config.settings } })
    vim.lsp.enable("kep_ls")
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("kep_ls", { clear = true }),
    pattern = { "yaml", "markdown" },
    callback = function(event)
      local path = vim.api.nvim_buf_get_name(event.buf)
      if M.is_kep_file(path) then
        local config = M.lsp_config()
        config.name = "kep_ls"
        config.root_dir = M.root_dir(path)
        config.init_options = M.config.settings
        vim.lsp.start(config, { bufnr = event.buf })
      end
    end,
  })
end

return M
