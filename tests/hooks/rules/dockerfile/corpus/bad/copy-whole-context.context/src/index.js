module.exports = 0
