// expect: DET101@3 DET101@5 DET301@9
function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function ping() {
  return globalThis.fetch('http://127.0.0.1:9/');
}

module.exports = { timed, ping };
