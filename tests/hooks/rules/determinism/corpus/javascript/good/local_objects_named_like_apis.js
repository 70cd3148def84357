// expect: none
const performance = { now: () => 0 };
const crypto = { randomUUID: () => 'fixed' };

class Timer {
  now() {
    return 42;
  }
}

function run(timer = new Timer()) {
  const fetch = (url) => ({ url });
  return [timer.now(), performance.now(), crypto.randomUUID(), fetch('x')];
}

module.exports = { run };
