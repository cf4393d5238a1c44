-- Headless end-to-end test of the kep-ls Neovim plugin against the real server, driven as a person
-- drives Neovim: stock options, keys typed in insert mode, the omnifunc (<C-x><C-o>) and <C-y>.
-- Checks: attach to KEP files only, :KepNew with no KEP buffer open, diagnostics, `status: imp`
-- completing to `implementable`, a KEP number completing to its path, the kep.yaml skeleton
-- expanding, go to definition, quick fixes (one renaming a key, one creating the PRR file),
-- :KepUpdateToc right after typing, no deprecation warning in :messages, and :checkhealth kep_ls.
-- Run by run.sh: nvim --headless --clean -c "luafile e2e.lua" with KEP_LS and KEP_WORKSPACE set.

local server = assert(os.getenv("KEP_LS"), "KEP_LS must name the kep-ls binary")
local workspace = assert(os.getenv("KEP_WORKSPACE"), "KEP_WORKSPACE must name the fixture workspace")
local seen = {}
local main -- the coroutine running the test

local function messages()
  return vim.api.nvim_exec2("messages", { output = true }).output
end

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  io.stderr:write("What Neovim saw:\n" .. vim.inspect(seen) .. "\n")
  io.stderr:write("Current buffer " .. vim.api.nvim_buf_get_name(0) .. ":\n")
  io.stderr:write(table.concat(vim.api.nvim_buf_get_lines(0, 0, 40, false), "\n") .. "\n")
  io.stderr:write(":messages:\n" .. messages() .. "\n")
  io.stderr:write("LSP log: " .. vim.lsp.get_log_path() .. "\n")
  vim.cmd("cquit 1")
end

local function check(ok, message)
  if not ok then
    fail(message)
  end
end

--- Lets Neovim run (typed keys, server answers) until `condition` holds, at most `ms`.
local function wait_until(condition, ms, what)
  local deadline = vim.uv.now() + (ms or 15000)
  while not condition() do
    if vim.uv.now() > deadline then
      fail("timed out waiting for " .. what)
    end
    vim.defer_fn(function()
      local ok, err = coroutine.resume(main)
      if not ok then
        fail(tostring(err))
      end
    end, 20)
    coroutine.yield()
  end
end

local function type_keys(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), "n", false)
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

local function line_of(bufnr, pattern)
  for line, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if text:find(pattern, 1, true) then
      return line
    end
  end
  fail("no line contains " .. pattern)
end

local function line(bufnr, lnum)
  return vim.api.nvim_buf_get_lines(bufnr, lnum - 1, lnum, false)[1]
end

--- On line `lnum`: puts `text` there, then as a person does: `A`, <C-x><C-o>, waits for the menu,
--- <C-y>, <Esc>. Returns the line afterwards.
local function complete_line(bufnr, lnum, text, what)
  vim.api.nvim_buf_set_lines(bufnr, lnum - 1, lnum, false, { text })
  vim.api.nvim_win_set_cursor(0, { lnum, 0 })
  type_keys("A<C-x><C-o>")
  -- A single match is inserted without a menu (Neovim's default 'completeopt').
  wait_until(function()
    return vim.fn.pumvisible() == 1 or line(bufnr, lnum) ~= text
  end, 10000, "the completion menu for " .. what)
  if vim.fn.pumvisible() == 1 then
    local words = {}
    for _, item in ipairs(vim.fn.complete_info({ "items" }).items) do
      table.insert(words, item.word)
    end
    seen["menu for " .. what] = words
    type_keys("<C-y><Esc>")
  else
    seen["single match for " .. what] = line(bufnr, lnum)
    type_keys("<Esc>")
  end
  wait_until(function()
    return vim.api.nvim_get_mode().mode == "n"
  end, 5000, "normal mode after " .. what)
  return line(bufnr, lnum)
end

local function lsp_request(bufnr, method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  seen[method] = responses
  for _, response in pairs(responses or {}) do
    if response.result ~= nil then
      return response.result
    end
  end
  return nil
end

local function test()
  vim.lsp.set_log_level("warn")
  local legacy = os.getenv("KEP_LS_LEGACY_PATH") == "1"
  if legacy then
    -- Take the plugin's Neovim 0.8-0.10 path (vim.lsp.start from a FileType autocommand) on this 0.11.
    vim.lsp.config = nil
    vim.lsp.enable = nil
    print("nvim e2e: the 0.8-0.10 path (setup and vim.lsp.start)")
    require("kep_ls").setup({ cmd = { server } })
  else
    -- The whole set-up on 0.11, as the README says (the binary's path given here).
    vim.lsp.config("kep_ls", { cmd = { server } })
    vim.lsp.enable("kep_ls")
  end
  local kep_ls = require("kep_ls")

  -- 0. A YAML file outside keps/ does not get kep-ls.
  vim.cmd("cd " .. vim.fn.fnameescape(workspace))
  vim.fn.writefile({ "a: 1" }, workspace .. "/notes.yaml")
  local other = open("notes.yaml")
  vim.wait(300)
  check(kep_ls.client(other) == nil, "kep_ls attached to a file outside keps/")

  -- 1. :KepNew with no KEP buffer open: the server starts on the current directory's repository,
  -- and both files are on disk.
  vim.cmd("KepNew sig-node Pod restart budget")
  local new_kep = workspace .. "/keps/sig-node/1006-pod-restart-budget/kep.yaml"
  wait_until(function()
    return vim.fn.filereadable(new_kep) == 1 and vim.fn.readfile(new_kep)[1] == "title: Pod restart budget"
  end, 15000, ":KepNew to write " .. new_kep)
  check(vim.fn.filereadable(workspace .. "/keps/sig-node/1006-pod-restart-budget/README.md") == 1, "no README.md")
  wait_until(function()
    return messages():find("kep%-ls: created KEP%-1006") ~= nil
  end, 5000, ":KepNew's short message")

  -- 2. Diagnostics: the faulty example KEP gets kep-ls's codes.
  local faulty = open("keps/sig-cli/1004-kubectl-explain-examples/kep.yaml")
  wait_until(function()
    return #vim.diagnostic.get(faulty) >= 2
  end, 15000, "diagnostics of the faulty KEP")
  seen.diagnostics = codes(faulty)
  check(vim.tbl_contains(seen.diagnostics, "unknown-key"), "unknown-key is missing")
  check(vim.tbl_contains(seen.diagnostics, "prr-file-missing"), "prr-file-missing is missing")
  check(kep_ls.client(faulty) ~= nil, "kep_ls is not attached")
  seen.omnifunc = vim.bo[faulty].omnifunc
  check(seen.omnifunc == "v:lua.vim.lsp.omnifunc", "Neovim did not set the LSP omnifunc")

  -- 3. Completion typed: `status: imp` <C-x><C-o> <C-y> becomes `status: implementable`.
  local status = line_of(faulty, "status: ")
  local done = complete_line(faulty, status, "status: imp", "status: imp")
  check(done == "status: implementable", "`status: imp` became `" .. tostring(done) .. "`")

  -- 4. A KEP number completes to the KEP's path.
  local referrer = open("keps/sig-apps/1002-job-retry-budget/kep.yaml")
  wait_until(function()
    return kep_ls.client(referrer) ~= nil
  end, 15000, "kep_ls to attach to the referrer")
  local entry = line_of(referrer, '"/keps/sig-node/1001-pod-readiness-hints"')
  vim.api.nvim_buf_set_lines(referrer, entry, entry, false, { "" })
  done = complete_line(referrer, entry + 1, "  - 1003", "a KEP number")
  check(done == "  - /keps/sig-storage/1003-volume-health-events", "`- 1003` became `" .. tostring(done) .. "`")

  -- 5. Go to definition of a see-also entry, as `gd`'s function does.
  vim.api.nvim_win_set_cursor(0, { entry, 10 })
  vim.lsp.buf.definition()
  wait_until(function()
    return vim.api.nvim_buf_get_name(0):match("1001%-pod%-readiness%-hints/README%.md$") ~= nil
  end, 10000, "go to definition to open the target README")

  -- 6. The kep.yaml skeleton in an empty kep.yaml expands (not its label), no placeholder left empty.
  local empty = open("keps/sig-node/1007-empty/kep.yaml")
  wait_until(function()
    return kep_ls.client(empty) ~= nil
  end, 15000, "kep_ls to attach to the empty kep.yaml")
  type_keys("i<C-x><C-o>")
  wait_until(function()
    return vim.fn.pumvisible() == 1
  end, 10000, "the completion menu in an empty kep.yaml")
  local selected = vim.fn.complete_info({ "selected", "items" })
  seen.skeleton_menu = selected
  type_keys("<C-y>")
  wait_until(function()
    return line(empty, 1) == "title: Title"
  end, 5000, "the skeleton to expand")
  type_keys("<Esc>")
  seen.skeleton = vim.api.nvim_buf_get_lines(empty, 0, -1, false)
  check(line_of(empty, "status: provisional") ~= nil, "the skeleton's status is empty")
  check(line_of(empty, "stage: alpha") ~= nil, "the skeleton's stage is empty")
  wait_until(function()
    return vim.api.nvim_get_mode().mode == "n"
  end, 5000, "normal mode after the skeleton")

  -- 7. Quick fixes: rename `see_also` to `see-also`; create the missing PRR file (on disk).
  vim.cmd("buffer " .. faulty)
  local key = line_of(faulty, "see_also:")
  vim.api.nvim_win_set_cursor(0, { key, 0 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title == "Rename to `see-also`"
    end,
  })
  wait_until(function()
    return line(faulty, key) == "see-also:"
  end, 10000, "the rename quick fix")
  wait_until(function()
    return not vim.tbl_contains(codes(faulty), "unknown-key")
  end, 15000, "unknown-key to clear after the fix")
  local prr = workspace .. "/keps/prod-readiness/sig-cli/1004.yaml"
  local missing
  for _, d in ipairs(vim.diagnostic.get(faulty)) do
    if d.code == "prr-file-missing" then
      missing = d
    end
  end
  check(missing ~= nil, "no prr-file-missing diagnostic")
  vim.api.nvim_win_set_cursor(0, { missing.lnum + 1, missing.col })
  seen.prr_diagnostic = missing
  seen.prr_actions = lsp_request(faulty, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(faulty) },
    range = { start = { line = missing.lnum, character = missing.col }, ["end"] = { line = missing.lnum, character = missing.col } },
    context = { diagnostics = { missing.user_data.lsp } },
  })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title:match("^Create ") ~= nil
    end,
  })
  wait_until(function()
    return vim.fn.filereadable(prr) == 1
  end, 10000, "the PRR quick fix to create " .. prr)

  -- 8. :KepUpdateToc right after typing a heading: the pending edit goes first.
  local readme = open("keps/sig-node/1001-pod-readiness-hints/README.md")
  wait_until(function()
    return kep_ls.client(readme) ~= nil
  end, 15000, "kep_ls to attach to the README")
  type_keys("Go## Added Later<Esc>")
  wait_until(function()
    return line(readme, vim.api.nvim_buf_line_count(readme)) == "## Added Later"
  end, 5000, "the typed heading")
  vim.cmd("KepUpdateToc")
  wait_until(function()
    return line_of(readme, "- [Release Signoff") ~= nil
      and table.concat(vim.api.nvim_buf_get_lines(readme, 0, 40, false), "\n"):find("%[Added Later%]%(#added%-later%)") ~= nil
  end, 10000, "the table of contents to list the typed heading")
  wait_until(function()
    return messages():find("kep%-ls: table of contents updated") ~= nil
  end, 5000, ":KepUpdateToc's short message")

  -- 9. Nothing deprecated was used.
  seen.messages = messages()
  check(not seen.messages:lower():find("deprecat"), "a deprecation warning in :messages")

  -- 10. :checkhealth kep_ls from the README: binary, version, root, client.
  vim.cmd("checkhealth kep_ls")
  seen.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  check(seen.health:find("OK binary: " .. server, 1, true) ~= nil, ":checkhealth kep_ls did not find the binary")
  check(seen.health:find("OK version: kep-ls", 1, true) ~= nil, ":checkhealth kep_ls shows no version")
  check(seen.health:find("attached to this buffer", 1, true) ~= nil, ":checkhealth kep_ls found no client")

  print("nvim e2e: KepNew, diagnostics, typed completion, snippet, definition, quick fixes, TOC, health: all passed")
  vim.cmd("qall!")
end

main = coroutine.create(function()
  local ok, err = pcall(test)
  if not ok then
    fail(tostring(err))
  end
end)
local ok, err = coroutine.resume(main)
if not ok then
  fail(tostring(err))
end
