#!/usr/bin/env node
// Opens a printed browser-mode URL as a browser would: trades the token for the cookie, loads the
// page, then every script and stylesheet it names. Exit 0 when all of them answer 200.
// Usage: node scripts/fetch-app-page.mjs 'http://127.0.0.1:PORT/?token=…'
const url = new URL(process.argv[2] ?? '');
const first = await fetch(url, { redirect: 'manual' });
const cookie = first.headers.get('set-cookie')?.split(';')[0];
if (first.status !== 303 || !cookie) fail(`the token URL answered ${first.status} without a session cookie`);

const get = (path) => fetch(new URL(path, url.origin), { headers: { cookie } });
const page = await get('/');
const html = await page.text();
if (page.status !== 200 || !/<html/i.test(html)) fail(`the page answered HTTP ${page.status}`);

const assets = [...html.matchAll(/(?:src|href)="\.?(\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
if (assets.length === 0) fail('the page names no script or stylesheet');
for (const asset of assets) {
  const answer = await get(asset);
  await answer.arrayBuffer();
  if (answer.status !== 200) fail(`${asset} answered HTTP ${answer.status}`);
}
console.log(`page: HTTP 200, ${assets.length} assets loaded (${assets.join(', ')})`);

function fail(message) {
  console.error(`page: ${message}`);
  process.exit(1);
}
