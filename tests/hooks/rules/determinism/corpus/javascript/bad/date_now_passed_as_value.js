// expect: DET101@2 DET101@7
function makeClock(now = Date.now) {
  return () => now();
}

const { now } = Date;
const started = now();

module.exports = { makeClock, started };
