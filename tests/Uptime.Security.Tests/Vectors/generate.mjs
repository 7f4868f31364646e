// Writes personal_sign.json: EIP-191 personal_sign vectors produced by ethers.js v6, an implementation independent of
// Uptime.Security, so the tests compare our signer, recovery and hashing against it.
// Regenerate (needs Node.js; ethers is installed outside the repository):
//   mkdir -p /tmp/ethers-vec && cd /tmp/ethers-vec && npm init -y && npm install ethers@6
//   NODE_PATH=/tmp/ethers-vec/node_modules node --input-type=module < generate.mjs > personal_sign.json
// (run from this directory; NODE_PATH is not honoured by ES module imports, hence the createRequire below).
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH + "/");
const { Wallet, hashMessage, computeAddress, version } = require("ethers");

const privateKeys = [
  "0x0000000000000000000000000000000000000000000000000000000000000001",
  "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
  "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f",
  "0x00000000000000000000000000000000000000000000000000000000deadbeef",
  "0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
];

const registration = (address, location, nonce) =>
  `Uptime validator registration\naddress: ${address}\nlocation: ${location}\nnonce: ${nonce}`;

const messages = [
  "",
  "Some data",
  "héllo wörld — 日本語 🌍",
  "line one\r\nline two\n",
  registration(
    "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
    "US-East Virginia",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  ),
  "Uptime tick\nwebsiteId: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\nstatus: UP\nlatency: 123.45\n" +
    "timestamp: 2024-05-01T12:00:00.0000000Z\nerror: \ntickId: ",
  "0x48656c6c6f",
  "The quick brown fox jumps over the lazy dog. ".repeat(60),
];

const vectors = [];
for (const privateKey of privateKeys) {
  const wallet = new Wallet(privateKey);
  for (const message of messages) {
    vectors.push({
      privateKey,
      address: computeAddress(privateKey),
      message,
      signature: wallet.signMessageSync(message),
      hash: hashMessage(message),
    });
  }
}

process.stdout.write(JSON.stringify({ generator: `ethers ${version}`, vectors }, null, 2) + "\n");
