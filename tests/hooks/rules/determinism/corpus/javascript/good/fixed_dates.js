// expect: none
const EPOCH = new Date(0);
const LAUNCH = new Date('2020-01-01T00:00:00Z');
const PARTS = new Date(2020, 0, 1);

function daysBetween(a, b) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86400000);
}

function isDate(x) {
  return x instanceof Date && typeof Date.UTC === 'function';
}

module.exports = { EPOCH, LAUNCH, PARTS, daysBetween, isDate };
