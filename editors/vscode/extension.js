// Starts `sitelint server` for the Markdown, HTML and YAML files of the
// workspace; everything else (findings, quick fixes, completion, go to
// definition, hover) comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("sitelint");
  const command = config.get("path", "sitelint");
  client = new LanguageClient(
    "sitelint",
    "sitelint",
    { command, args: ["server"] },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" },
        { scheme: "file", language: "html" },
        { scheme: "file", language: "yaml" },
      ],
      initializationOptions: { debounceMs: config.get("debounceMs", 150) },
    }
  );
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
