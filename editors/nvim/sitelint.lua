-- sitelint's language server in Neovim (0.7 or later), with the built-in
-- LSP client: every Markdown, HTML or YAML buffer inside a Jekyll site (a
-- folder with `_config.yml` at or above it) is attached to one
-- `sitelint server` per site. Load it from init.lua with
-- `dofile("/path/to/sitelint/editors/nvim/sitelint.lua")`, or copy it.
-- scripts/editor-e2e runs Neovim with exactly this file.
--
--   vim.g.sitelint_cmd           the command (default {"sitelint", "server"})
--   vim.g.sitelint_init_options  e.g. {debounceMs = 300}

local function site_root(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while true do
    if vim.fn.filereadable(dir .. "/_config.yml") == 1 then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local clients = {}

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "html", "yaml", "liquid" },
  callback = function(args)
    local name = vim.api.nvim_buf_get_name(args.buf)
    local root = name ~= "" and site_root(name)
    if not root then
      return
    end
    local id = clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({
        name = "sitelint",
        cmd = vim.g.sitelint_cmd or { "sitelint", "server" },
        root_dir = root,
        init_options = vim.g.sitelint_init_options,
      })
      clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
