// expect: none
const { execFileSync, execSync } = require('child_process');

function lint(file) {
  execFileSync('node', ['--check', file]);
  return execSync('git diff --stat HEAD').toString();
}

module.exports = { lint };
