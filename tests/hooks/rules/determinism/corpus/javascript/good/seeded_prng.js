// expect: none
function mulberry32(seed) {
  let a = seed >>> 0;
  return function random() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(42);
const roll = () => Math.floor(random() * 6) + 1;
const { createHash } = require('crypto');
const digest = (s) => createHash('sha256').update(s).digest('hex');

module.exports = { roll, digest };
