-- Headless end-to-end test of the kep-ls Neovim plugin against the real server:
-- diagnostics, completion, go-to-definition and a quick fix on a copy of examples/.
-- Run by run.sh: nvim --headless --clean -c "luafile e2e.lua" with KEP_LS and KEP_WORKSPACE set.

local server = assert(os.getenv("KEP_LS"), "KEP_LS must name the kep-ls binary")
local workspace = assert(os.getenv("KEP_WORKSPACE"), "KEP_WORKSPACE must name the fixture workspace")
local seen = {}

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  io.stderr:write("What Neovim saw:\n" .. vim.inspect(seen) .. "\n")
  io.stderr:write("LSP log: " .. vim.lsp.get_log_path() .. "\n")
  vim.cmd("cquit 1")
end

local function check(ok, message)
  if not ok then
    fail(message)
  end
end

local function open(rel)
  vim.cmd("edit " .. vim.fn.fnameescape(workspace .. "/" .. rel))
  return vim.api.nvim_get_current_buf()
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, d.code)
  end
  table.sort(out)
  return out
end

local function request(bufnr, method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  seen[method] = responses
  for _, response in pairs(responses or {}) do
    if response.result ~= nil then
      return response.result
    end
  end
  return nil
end

local function position_of(bufnr, pattern)
  for line, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = text:find(pattern, 1, true)
    if col then
      return { line = line - 1, character = col - 1 }, text
    end
  end
  fail("no line contains " .. pattern)
end

vim.lsp.set_log_level("warn")
if os.getenv("KEP_LS_LEGACY_PATH") == "1" then
  -- Take the plugin's Neovim 0.8-0.10 path (vim.lsp.start from a FileType autocommand) on this 0.11.
  vim.lsp.config = nil
  vim.lsp.enable = nil
  check(vim.lsp.config == nil and vim.lsp.enable == nil, "could not hide vim.lsp.config/enable")
  print("nvim e2e: the 0.8-0.10 path (vim.lsp.start)")
end
require("kep_ls").setup({ cmd = { server } })

-- 0. A YAML file outside keps/ does not get kep-ls.
vim.fn.writefile({ "a: 1" }, workspace .. "/notes.yaml")
local other = open("notes.yaml")
vim.wait(500)
check(require("kep_ls").client(other) == nil, "kep_ls attached to a file outside keps/")

-- 1. Diagnostics: the faulty example KEP gets kep-ls's codes.
local faulty = open("keps/sig-cli/1004-kubectl-explain-examples/kep.yaml")
check(vim.wait(15000, function() return #vim.diagnostic.get(faulty) >= 2 end, 50), "no diagnostics for the faulty KEP")
seen.diagnostics = codes(faulty)
check(vim.tbl_contains(seen.diagnostics, "unknown-key"), "unknown-key is missing")
check(vim.tbl_contains(seen.diagnostics, "prr-file-missing"), "prr-file-missing is missing")
local client = require("kep_ls").client(faulty)
check(client ~= nil, "kep_ls is not attached")

-- 2. Completion after `status: `.
local status = position_of(faulty, "status: ")
vim.api.nvim_buf_set_lines(faulty, status.line, status.line + 1, false, { "status: " })
local completion = request(faulty, "textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(faulty) },
  position = { line = status.line, character = 8 },
})
local labels = {}
for _, item in ipairs((completion and (completion.items or completion)) or {}) do
  table.insert(labels, item.label)
end
seen.completion = labels
check(vim.tbl_contains(labels, "implementable"), "completion after `status: ` lacks implementable")
-- Neovim declares list defaults, so the shared edit range comes once, in itemDefaults; its own
-- conversion to complete-items must give `implementable` that range.
local default_range = completion.itemDefaults and completion.itemDefaults.editRange
check(default_range ~= nil, "no itemDefaults.editRange for a client that declares them")
local edit_of = {}
for _, candidate in ipairs(vim.lsp.completion._lsp_to_complete_items(completion, "", client.id)) do
  edit_of[candidate.word] = candidate.user_data.nvim.lsp.completion_item.textEdit
end
seen.completion_edits = edit_of
check(edit_of.implementable ~= nil, "Neovim made no complete-item `implementable`")
check(vim.deep_equal(edit_of.implementable.range, default_range), "`implementable` lacks the default edit range")
vim.api.nvim_buf_set_lines(faulty, status.line, status.line + 1, false, { "status: implementable" })

-- 3. Definition of a see-also entry.
local referrer = open("keps/sig-apps/1002-job-retry-budget/kep.yaml")
check(vim.wait(15000, function() return require("kep_ls").client(referrer) ~= nil end, 50), "kep_ls did not attach to the referrer")
local entry = position_of(referrer, "/keps/sig-node/1001-pod-readiness-hints")
local definition = request(referrer, "textDocument/definition", {
  textDocument = { uri = vim.uri_from_bufnr(referrer) },
  position = { line = entry.line, character = entry.character + 3 },
})
local target = definition and (definition[1] or definition)
local target_uri = target and (target.uri or target.targetUri)
check(target_uri ~= nil and target_uri:match("1001%-pod%-readiness%-hints/README%.md$") ~= nil, "definition did not lead to the target README")

-- 4. A quick fix: rename `see_also` to `see-also`, then its diagnostic clears.
vim.cmd("buffer " .. faulty)
local key = position_of(faulty, "see_also:")
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(faulty)) do
  if d.code == "unknown-key" then
    table.insert(diagnostics, d.user_data and d.user_data.lsp or d)
  end
end
local actions = request(faulty, "textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(faulty) },
  range = { start = key, ["end"] = key },
  context = { diagnostics = diagnostics, only = { "quickfix" } },
})
local fix
for _, action in ipairs(actions or {}) do
  if action.title == "Rename to `see-also`" then
    fix = action
  end
end
check(fix ~= nil and fix.edit ~= nil, "no `Rename to see-also` quick fix")
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
check(vim.api.nvim_buf_get_lines(faulty, key.line, key.line + 1, false)[1] == "see-also:", "the quick fix did not rename the key")
check(vim.wait(15000, function() return not vim.tbl_contains(codes(faulty), "unknown-key") end, 50), "unknown-key did not clear after the fix")

print("nvim e2e: diagnostics, completion, definition and quick fix all passed")
vim.cmd("qall!")
