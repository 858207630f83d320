-- The steps of scripts/editor-e2e, run inside headless Neovim after
-- editors/nvim/sitelint.lua. Each failure prints what Neovim had and
-- exits with status 1.
vim.g.sitelint_cmd = { os.getenv("SITELINT_E2E_BIN"), "server" }
vim.g.sitelint_init_options = { debounceMs = 50 }
vim.cmd("filetype on")
local root = os.getenv("SITELINT_E2E_SITE")
local post = root .. "/_posts/2024-01-05-welcome.md"

local function say(msg)
  io.stdout:write("editor-e2e: " .. msg .. "\n")
end
local function fail(msg)
  io.stdout:write("editor-e2e: FAILED: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

vim.cmd("edit " .. post)
local buf = vim.api.nvim_get_current_buf()

local function codes()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, d.code .. "@" .. (d.lnum + 1))
  end
  table.sort(out)
  return table.concat(out, " ")
end
local function wait_for(want, what)
  if not vim.wait(30000, function() return codes() == want end, 20) then
    fail(what .. ": want diagnostics `" .. want .. "`, have `" .. codes() .. "`")
  end
  say(what .. ": " .. want)
end

-- 1. the post as it is on disk: the own-domain link on line 9
wait_for("LNK005@9", "on open")
local diag = vim.diagnostic.get(buf)[1]
if not diag.message:find("own domain", 1, true) then
  fail("message: " .. diag.message)
end

-- 2. type a broken link on a new last line (not saved)
local last = vim.api.nvim_buf_line_count(buf)
vim.api.nvim_buf_set_lines(buf, last, last, false, { "", "See [the board](/team/bord/)." })
wait_for("LNK001@11 LNK005@9", "after typing a broken link")
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == "LNK001" and d.message ~= "Link target `/team/bord/` does not exist" then
    fail("LNK001 message: " .. d.message)
  end
end

-- 3. the quick fix on line 9
vim.api.nvim_win_set_cursor(0, { 9, 30 })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000) or {}
local chosen, titles = nil, {}
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(titles, action.title)
    if action.title == "Replace with `/team/sam/`" then
      chosen = action
    end
  end
end
if not chosen then
  fail("no quick fix among: " .. table.concat(titles, " | "))
end
say("code actions: " .. table.concat(titles, " | "))
vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
local line9 = vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1]
if line9 ~= "Our treasurer is [Sam](/team/sam/)." then
  fail("line 9 after the fix: " .. line9)
end
wait_for("LNK001@11", "after the quick fix")

-- 4. completion after `](/team/`
last = vim.api.nvim_buf_line_count(buf)
vim.api.nvim_buf_set_lines(buf, last, last, false, { "Our chair: [Alex](/team/" })
vim.api.nvim_win_set_cursor(0, { last + 1, 24 })
local answers2 = vim.lsp.buf_request_sync(buf, "textDocument/completion",
  vim.lsp.util.make_position_params(), 30000) or {}
local items = {}
for _, answer in pairs(answers2) do
  local result = answer.result or {}
  for _, item in ipairs(result.items or result) do
    table.insert(items, item.label .. " (" .. (item.detail or "") .. ")")
  end
end
local got = table.concat(items, ", ")
local want = "/ (Home), /news/2024/01/05/welcome/ (Welcome), /team/alex/ (Alex Doe), /team/sam/ (Sam Roe)"
if got ~= want then
  fail("completion: want `" .. want .. "`, have `" .. got .. "`")
end
say("completion: " .. got)

-- 5. finish the link and save: the file on disk has the fix
vim.api.nvim_buf_set_lines(buf, last, last + 1, false, { "Our chair: [Alex](/team/alex/)." })
vim.cmd("write")
local saved = table.concat(vim.fn.readfile(post), "\n")
if not saved:find("[Sam](/team/sam/)", 1, true) or not saved:find("/team/alex/).", 1, true) then
  fail("saved file: " .. saved)
end
wait_for("LNK001@11", "after saving")
say("passed")
vim.cmd("qall!")
