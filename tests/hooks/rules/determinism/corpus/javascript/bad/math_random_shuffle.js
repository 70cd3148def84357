// expect: DET201@4
function shuffle(items) {
  const copy = items.slice();
  copy.sort(() => Math.random() - 0.5);
  return copy;
}

module.exports = { shuffle };
