# A build of a large site by Jekyll's own code, for scripts/compare-built-site
# where a full `jekyll build` takes too long (ruby-lang: past 40 minutes on a
# loaded machine). Arguments: the source, the destination, and a file
# listing source paths (one a line).
#
# Jekyll reads the site and runs its generators (the site's own plugins and
# the gems `plugins:` names) exactly as `jekyll build` does; then every file
# the build would write is created, empty, at the path Jekyll gives it
# (`destination`), except the documents listed, which are rendered with
# their layouts and written in full. Files written by `post_write` hooks
# (which a partial build never reaches) are not there.
require "jekyll"
require "set"

source, dest, list = ARGV
wanted = File.readlines(list, chomp: true).reject(&:empty?).to_set
site = Jekyll::Site.new(Jekyll.configuration("source" => source, "destination" => dest, "quiet" => true))
site.reset
site.read
site.generate
payload = site.site_payload
written = 0
rendered = 0
site.each_site_file do |item|
  path = item.destination(dest)
  FileUtils.mkdir_p(File.dirname(path))
  rel = item.respond_to?(:relative_path) ? item.relative_path.to_s.sub(%r!\A/!, "") : ""
  if !item.is_a?(Jekyll::StaticFile) && wanted.include?(rel)
    item.output = Jekyll::Renderer.new(site, item, payload).run
    File.write(path, item.output)
    rendered += 1
  else
    FileUtils.touch(path)
  end
  written += 1
end
warn "jekyll_partial_build: #{written} files, #{rendered} rendered"
