// expect: DET101@3 DET101@5 DET301@9
function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function ping() {
  return globalThis.fetch('https://status.example.com/ping');
}

module.exports = { timed, ping };
