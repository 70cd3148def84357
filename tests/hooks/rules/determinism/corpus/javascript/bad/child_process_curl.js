// expect: DET302@5 DET302@6
const { execSync, spawn } = require('child_process');

function download(url, dest) {
  execSync(`curl -sSL ${url} -o ${dest}`);
  spawn('wget', ['-q', url]);
}

module.exports = { download };
