// expect: none
// Date.now() and Math.random() in comments never match.
function elapsed(clock, start) {
  return clock.now() - start;
}

function withFakeDate(Date) {
  return Date.now();
}

function pick(items, random) {
  return items[Math.floor(random() * items.length)];
}

const message = 'call Date.now() or fetch("http://x") yourself';

module.exports = { elapsed, withFakeDate, pick, message };
