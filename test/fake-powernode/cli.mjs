// `npm run fake-powernode [-- --port 3000 --access-ttl 900]`: the fake server on its own, to try the
// console without a real platform. Prints its URL and the test accounts.
import { parseArgs } from 'node:util';
import { startFakePowernode, TEST_PASSWORD, TEST_TOTP_SECRET, totp } from './server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'access-ttl': { type: 'string' } } });
const fake = await startFakePowernode({
  port: Number(values.port ?? 0),
  accessTtlSeconds: values['access-ttl'] ? Number(values['access-ttl']) : undefined,
  verbose: true,
});
console.log(`Fake Powernode listening: ${fake.url}`);
console.log(`Accounts (password "${TEST_PASSWORD}"): commander@example.test (no 2FA), oncall@example.test (2FA),`);
console.log('  viewer@example.test (lacks ai.kill_switch.manage), suspended@example.test');
console.log(`2FA secret ${TEST_TOTP_SECRET}; current code: GET ${fake.url}/__control/totp (now ${totp(TEST_TOTP_SECRET)})`);
const stop = () => fake.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
