// expect: DET301@6 DET301@10
const axios = require('axios');
const https = require('https');

async function load(id) {
  const { data } = await axios.get(`https://api.example.com/items/${id}`);
  return data;
}

const req = https.request({ host: 'example.com', path: '/' });
req.end();

module.exports = { load };
