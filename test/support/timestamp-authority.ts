import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How the authority answers the next requests (faults included). */
export type AuthorityMode = 'grant' | 'garbage' | 'http-500' | 'reject' | 'other-digest';

export interface TimestampAuthority {
  url: string;
  /** The CA certificate that issued the TSA's certificate: what `openssl ts -verify -CAfile` needs. */
  caFile: string;
  /** The TSA's own certificate. */
  certFile: string;
  mode: AuthorityMode;
  requests: number;
  close(): Promise<void>;
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * A real RFC 3161 timestamp authority on loopback: OpenSSL's `openssl ts -reply` with a CA and a
 * TSA certificate made for the test (extended key usage timeStamping), behind a small HTTP server
 * that takes `application/timestamp-query` and answers `application/timestamp-reply`.
 */
export async function startTimestampAuthority(): Promise<TimestampAuthority> {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-tsa-'));
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, 'req', '-x509', ...curve, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Incident Console test TSA CA', '-days', '2');
  openssl(dir, 'req', ...curve, '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Incident Console test TSA');
  writeFileSync(join(dir, 'tsa.ext'), 'extendedKeyUsage = critical,timeStamping\nbasicConstraints = CA:FALSE\n');
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.crt',
    '-days',
    '2',
    '-extfile',
    'tsa.ext',
  );
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = test_tsa',
      '[ test_tsa ]',
      `serial = ${join(dir, 'serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${join(dir, 'tsa.crt')}`,
      `certs = ${join(dir, 'ca.crt')}`,
      `signer_key = ${join(dir, 'tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  const reply = (query: Buffer): Buffer => {
    writeFileSync(join(dir, 'request.tsq'), query);
    openssl(dir, 'ts', '-reply', '-config', 'tsa.cnf', '-queryfile', 'request.tsq', '-out', 'reply.tsr');
    return readFileSync(join(dir, 'reply.tsr'));
  };

  const authority: TimestampAuthority = {
    url: '',
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'tsa.crt'),
    mode: 'grant',
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => (rmSync(dir, { recursive: true, force: true }), resolve()))),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      authority.requests += 1;
      const query = Buffer.concat(chunks);
      const send = (status: number, body: Buffer) => {
        response.writeHead(status, { 'content-type': 'application/timestamp-reply' });
        response.end(body);
      };
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query')
        return send(400, Buffer.from('not a timestamp query'));
      if (authority.mode === 'http-500') return send(500, Buffer.from('internal error'));
      if (authority.mode === 'garbage') return send(200, Buffer.from('<html>captive portal</html>'));
      // PKIStatusInfo { status: rejection (2) }, no token: what an authority answers to a query it refuses.
      if (authority.mode === 'reject') return send(200, Buffer.from('3005300302010' + '2', 'hex'));
      if (authority.mode === 'other-digest') {
        openssl(dir, 'ts', '-query', '-digest', 'ab'.repeat(32), '-sha256', '-cert', '-out', 'other.tsq');
        return send(200, reply(readFileSync(join(dir, 'other.tsq'))));
      }
      send(200, reply(query));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  authority.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tsa`;
  return authority;
}
