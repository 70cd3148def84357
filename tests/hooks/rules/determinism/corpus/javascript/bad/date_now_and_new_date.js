// expect: DET101@5 DET101@9
'use strict';

function stamp(record) {
  return { ...record, at: Date.now() };
}

function today() {
  const d = new Date();
  return d.toISOString().slice(0, 10);
}

module.exports = { stamp, today };
