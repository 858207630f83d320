# Render Markdown documents with kramdown as Jekyll 4 configures it, for
# scripts/kramdown-conformance. Arguments: the site root and a JSON-lines
# file naming the documents (`path`). Prints one JSON line per document:
# {"path", "html"} (or {"path", "error"}).
require "date"
require "json"
require "yaml"
require "kramdown"
require "kramdown-parser-gfm"

root, list = ARGV
config = begin
  YAML.safe_load(File.read(File.join(root, "_config.yml")), permitted_classes: [Date, Time], aliases: true) || {}
rescue StandardError => e
  # (an unreadable configuration is Jekyll's defaults, said so)
  warn "kramdown_render: #{root}/_config.yml: #{e.message}; using Jekyll's defaults"
  {}
end
# Jekyll 4's defaults (jekyll/configuration.rb), then the site's options
options = {
  "auto_ids" => true, "toc_levels" => (1..6).to_a, "entity_output" => "as_char",
  "smart_quotes" => "lsquo,rsquo,ldquo,rdquo", "input" => "GFM", "hard_wrap" => false,
  "guess_lang" => true, "footnote_nr" => 1, "show_warnings" => false,
}.merge(config["kramdown"].is_a?(Hash) ? config["kramdown"] : {})
input = options.delete("input") || "GFM"
input = "GFM" if input.to_s.casecmp?("gfm")
opts = {}
options.each { |k, v| opts[k.to_sym] = v }
opts[:syntax_highlighter] = nil
opts.delete(:syntax_highlighter_opts)

File.foreach(list) do |line|
  path = JSON.parse(line)["path"]
  text = File.read(File.join(root, path), encoding: "UTF-8")
  text = text.sub(/\A\uFEFF/, "")
  if text =~ /\A---[ \t]*\r?\n/
    # the body starts after the closing `---` or `...` line
    if (m = text.match(/\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\z)/m))
      text = m.post_match
    end
  end
  begin
    html = Kramdown::Document.new(text, opts.merge(input: input)).to_html
    puts JSON.generate({ "path" => path, "html" => html })
  rescue StandardError => e
    puts JSON.generate({ "path" => path, "error" => e.message })
  end
end
