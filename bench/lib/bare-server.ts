/**
 * The practical ceiling for Node: a bare node:http server answering every request with the same
 * status, headers and body Gazette sent for the article. Run as
 * `node bare-server.js BODY_FILE HEADERS_JSON PORT`.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [bodyFile, headersFile, port] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = JSON.parse(readFileSync(headersFile, 'utf8')) as string[];
createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), '127.0.0.1');
