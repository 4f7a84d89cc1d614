/**
 * Realistic, synthetic secrets as they turn up in command output and pasted notes. Every value is
 * made here from a seeded generator (right prefix, length and alphabet, never a real credential),
 * so the corpus is the same on every run. `secrets` are the distinctive parts: none of their
 * bytes may survive scrubbing (see `leakedFragments`).
 */
export interface CorpusItem {
  kind: string;
  text: string;
  secrets: string[];
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = `${ALNUM}+/`;
const BASE64URL = `${ALNUM}-_`;
const HEX = '0123456789abcdef';

/** mulberry32: small, seedable, good enough to look random. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seedCounter = 1;
/** A random-looking string of `length` characters from `alphabet`, different at every call. */
function fake(length: number, alphabet = ALNUM): string {
  const next = generator(0x5eed + seedCounter++ * 7919);
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

function base64Lines(bytes: number, width = 64): string[] {
  const body = fake(Math.ceil((bytes * 4) / 3));
  const lines: string[] = [];
  for (let at = 0; at < body.length; at += width) lines.push(body.slice(at, at + width).replace(/[^A-Za-z0-9]/g, 'Q'));
  return lines;
}

function pemBlock(label: string, bytes: number): { block: string; body: string[] } {
  const body = base64Lines(bytes);
  return { block: [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n'), body };
}

function jwt(): { token: string; secret: string } {
  const header = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
  const payload = `eyJ${fake(120, BASE64URL)}`;
  const signature = fake(86, BASE64URL);
  return { token: `${header}.${payload}.${signature}`, secret: `${payload.slice(3)}.${signature}` };
}

function item(kind: string, text: string, ...secrets: string[]): CorpusItem {
  return { kind, text, secrets };
}

function build(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const add = (kind: string, make: (value: string) => string, value: string) => items.push(item(kind, make(value), value));

  // Cloud: AWS with and without labels, Azure, GCP.
  const awsId = `AKIA${fake(16, UPPER_DIGITS)}`;
  const awsSecret = fake(40, BASE64);
  items.push(item('AWS access key id (labelled)', `aws_access_key_id = ${awsId}`, awsId.slice(4)));
  items.push(item('AWS secret access key (labelled)', `aws_secret_access_key = ${awsSecret}`, awsSecret));
  const looseId = `ASIA${fake(16, UPPER_DIGITS)}`;
  const looseSecret = fake(40, BASE64);
  items.push(
    item('AWS key pair without labels (credentials.csv)', `deploy-bot,,${looseId},${looseSecret},https://console.aws.example/`, looseId.slice(4), looseSecret),
  );
  const loneSecret = fake(40, BASE64);
  items.push(item('AWS secret alone on a line', `  ${loneSecret}`, loneSecret));
  const sessionToken = `IQoJb3JpZ2luX2Vj${fake(300, BASE64)}`;
  items.push(item('AWS session token', `export AWS_SESSION_TOKEN=${sessionToken}`, sessionToken.slice(16)));
  const accountKey = `${fake(86, BASE64)}==`;
  items.push(
    item(
      'Azure storage connection string',
      `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=pnbackups;AccountKey=${accountKey};EndpointSuffix=core.windows.net"`,
      accountKey.slice(0, 86),
    ),
  );
  const sasSignature = fake(43, ALNUM);
  items.push(
    item(
      'Azure SAS URL',
      `https://pnbackups.blob.core.windows.net/db?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-03-16T09:00:00Z&sig=${sasSignature}%3D`,
      sasSignature,
    ),
  );
  const gcpKey = pemBlock('PRIVATE KEY', 1190);
  const gcpJson = JSON.stringify(
    {
      type: 'service_account',
      project_id: 'powernode-prod',
      private_key_id: fake(40, HEX),
      private_key: `${gcpKey.block}\n`,
      client_email: 'backup-writer@powernode-prod.iam.gserviceaccount.example',
      client_id: '104857600000000000000',
      token_uri: 'https://oauth2.googleapis.example/token',
    },
    null,
    2,
  );
  items.push(item('GCP service-account JSON', gcpJson, ...gcpKey.body));
  add('GCP API key', (value) => `maps key=AIza${value} loaded`, fake(35, BASE64URL));

  // Source hosting and chat.
  add('GitHub personal access token', (value) => `remote: https://github.example/powernode  token ghp_${value}`, fake(36));
  add('GitHub OAuth token', (value) => `GITHUB_TOKEN=gho_${value}`, fake(36));
  add('GitHub fine-grained token', (value) => `Using github_pat_${value} for the release job`, `${fake(22)}_${fake(59)}`);
  add('GitLab token', (value) => `glab auth login --token glpat-${value}`, fake(20, BASE64URL));
  add('Slack bot token', (value) => `SLACK_BOT_TOKEN: xoxb-${value}`, `${fake(12, '0123456789')}-${fake(13, '0123456789')}-${fake(24)}`);
  add(
    'Slack user token',
    (value) => `posting as xoxp-${value}`,
    `${fake(12, '0123456789')}-${fake(12, '0123456789')}-${fake(13, '0123456789')}-${fake(32, HEX)}`,
  );
  add('Slack webhook', (value) => `alert sink: https://hooks.slack.com/services/${value}`, `T${fake(10, UPPER_DIGITS)}/B${fake(10, UPPER_DIGITS)}/${fake(24)}`);

  // Payment and AI providers, package registries, mail.
  add('Stripe secret key', (value) => `Stripe::StripeError using key sk_live_${value}`, fake(99));
  add('Stripe restricted key', (value) => `STRIPE_RESTRICTED_KEY=rk_live_${value}`, fake(99));
  add('OpenAI key', (value) => `openai.api_key = "sk-${value}"`, `${fake(20)}T3BlbkFJ${fake(20)}`);
  add('OpenAI project key', (value) => `OPENAI_API_KEY=sk-proj-${value}`, fake(156, BASE64URL));
  add('Anthropic key', (value) => `x-api-key: sk-ant-api03-${value}AA`, fake(93, BASE64URL));
  add('npm token', (value) => `//registry.npmjs.example/:_authToken=npm_${value}`, fake(36));
  add('SendGrid key', (value) => `SENDGRID_API_KEY='SG.${value}'`, `${fake(22, BASE64URL)}.${fake(43, BASE64URL)}`);
  add('Vault token', (value) => `vault login hvs.${value}`, fake(90, BASE64URL));
  add('Docker Hub token', (value) => `echo dckr_pat_${value} | docker login -u powernode --password-stdin`, fake(27, BASE64URL));

  // JWTs: alone in a log line and in an Authorization header.
  const loose = jwt();
  items.push(item('JWT in a log line', `I, [2026-03-15T09:29:28.123Z] session restored from ${loose.token} for user 42`, loose.secret));
  const header = jwt();
  items.push(item('JWT in an Authorization header', `> Authorization: Bearer ${header.token}`, header.secret));

  // Private key blocks.
  const rsa = pemBlock('RSA PRIVATE KEY', 1190);
  items.push(item('PEM RSA private key', `$ cat /etc/powernode/tls/server.key\n${rsa.block}`, ...rsa.body));
  const openssh = pemBlock('OPENSSH PRIVATE KEY', 300);
  items.push(item('OpenSSH private key', openssh.block, ...openssh.body));
  const pgpBody = base64Lines(900);
  const pgp = [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    'Comment: release signing key',
    '',
    ...pgpBody,
    `=${fake(4)}`,
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
  items.push(item('PGP private key block', pgp, ...pgpBody));
  const ecBody = base64Lines(120);
  items.push(
    item(
      'EC private key in an env file, one line',
      `TLS_KEY="-----BEGIN EC PRIVATE KEY-----\\n${ecBody.join('\\n')}\\n-----END EC PRIVATE KEY-----\\n"`,
      ...ecBody,
    ),
  );

  // URLs with credentials whose passwords hold "/" and "@".
  const slashPassword = `${fake(6)}/${fake(6)}`;
  items.push(item('URL password with a slash', `DATABASE_URL=postgres://powernode:${slashPassword}@db.internal:5432/powernode_production`, slashPassword));
  const atPassword = `${fake(5)}@${fake(7)}`;
  items.push(item('URL password with an at sign', `REDIS_URL=redis://default:${atPassword}@cache.internal:6379/1`, atPassword));
  const bothPassword = `${fake(4)}/${fake(4)}@${fake(6)}`;
  items.push(item('URL password with both', `amqp://svc-reports:${bothPassword}@mq.internal:5672/reports`, bothPassword));
  const plainUrlPassword = fake(18);
  items.push(item('URL password in a config line', `  url: "https://deploy:${plainUrlPassword}@git.internal/powernode.git"`, plainUrlPassword));

  // Authorization headers.
  const basic = `${fake(30, BASE64)}==`;
  items.push(item('Authorization Basic header', `curl -H "Authorization: Basic ${basic}" https://api.internal/health`, basic.slice(0, 30)));
  add('Authorization Token header', (value) => `Authorization: Token ${value}`, fake(40, HEX));
  add('Bearer token without a header', (value) => `retrying with Bearer ${value}`, fake(48, BASE64URL));

  // Passwords: quoted values with spaces, shell and config forms, mysql -p.
  const spaced = `corr3ct Horse ${fake(6)} staple`;
  items.push(item('password with spaces, double quotes', `password="${spaced}"`, spaced));
  const yamlPassword = `My ${fake(8)} pass phrase`;
  items.push(item('passwd with spaces, single quotes', `  passwd: '${yamlPassword}'`, yamlPassword));
  const pgPassword = fake(14);
  items.push(item('PGPASSWORD before psql', `PGPASSWORD=${pgPassword} psql -h db.internal -U powernode -c 'SELECT 1'`, pgPassword));
  const pgQuoted = `two ${fake(7)} words`;
  items.push(item('PGPASSWORD quoted with spaces', `export PGPASSWORD="${pgQuoted}"`, pgQuoted));
  const jsonPassword = `${fake(12)} ${fake(5)}`;
  items.push(item('password in JSON', `{"user":"reports","password": "${jsonPassword}","host":"db.internal"}`, jsonPassword));
  const configPassword = `correct ${fake(9)} battery staple`;
  items.push(item('password in a config line, unquoted with spaces', `password = ${configPassword}`, configPassword));
  const mysqlPassword = fake(12);
  items.push(item('mysql -p', `mysql -uroot -p${mysqlPassword} -h db.internal powernode`, mysqlPassword));
  const mysqlQuoted = `${fake(6)} ${fake(6)}`;
  items.push(item('mysqldump -p quoted', `mysqldump --single-transaction -u backup -p'${mysqlQuoted}' powernode > dump.sql`, mysqlQuoted));
  const redisPassword = fake(20);
  items.push(item('redis-cli -a', `redis-cli -h cache.internal -a ${redisPassword} --no-auth-warning INFO`, redisPassword));
  const flagPassword = fake(16);
  items.push(item('--password flag', `mongosh --username admin --password ${flagPassword} mongodb://db.internal:27017/reports`, flagPassword));

  // High-entropy values after secret / token / key labels.
  add('client_secret', (value) => `client_secret: ${value}`, fake(40, BASE64URL));
  add('secret_key_base', (value) => `SECRET_KEY_BASE=${value}`, fake(128, HEX));
  add('api_key in JSON', (value) => `{"api_key": "${value}", "region": "eu-west-1"}`, fake(32));
  add('X-Auth-Token header', (value) => `< X-Auth-Token: ${value}`, fake(44, BASE64));
  add('refresh_token cookie', (value) => `Set-Cookie: refresh_token=${value}; Path=/; HttpOnly; Secure`, fake(64, BASE64URL));
  add('webhook signing secret', (value) => `webhook.signing_key=${value}`, fake(32));

  return items;
}

export const SECRET_CORPUS: readonly CorpusItem[] = build();

/**
 * Ordinary output that looks a bit like secrets and must come through unchanged, or the
 * diagnostics would be useless.
 */
export const LOOK_ALIKES: readonly string[] = [
  'Mar 15 09:29:28 api-1 powernode-backend[4121]: Completed 200 OK in 12ms (Views: 3.1ms | ActiveRecord: 1.2ms)',
  'I, [2026-03-15T09:29:28.123456 #4121]  INFO -- : [7c9e6679-7425-40de-944b-e07fc1f90ae7] Started GET "/api/v1/health"',
  'request_id=7c9e6679-7425-40de-944b-e07fc1f90ae7 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 status=200',
  'commit 3f2a9c1b8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a',
  'a1b2c3d Merge pull request #4521 from powernode/fix-token-refresh',
  'HEAD is now at 3f2a9c1 deploy: bump reports worker to 2.14.0',
  'ETag: "33a64df551425fcc55e4d42a148795d9f25f89d4"',
  'Digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  '/var/lib/postgresql/15/main/base/16384/2619',
  '/opt/powernode/server/config/credentials.yml.enc',
  'Filesystem      Size  Used Avail Use% Mounted on',
  '/dev/nvme0n1p2  468G  402G   43G  91% /var/lib/postgresql',
  'psql: error: connection to server at "db.internal" (10.0.4.12), port 5432 failed: FATAL:  password authentication failed for user "powernode"',
  'fe_sendauth: no password supplied',
  'PasswordAuthentication no',
  'token_type: bearer',
  'expires_in: 3600',
  'secret_name: db-credentials',
  'secretName: tls-powernode-api',
  'tokens_used=1234 cache_key=reports:daily:2026-03-15',
  'db1:keys=42,expires=0,avg_ttl=0',
  'keyspace_hits:1234',
  '"Key": "backups/2026-03-15/powernode_production.dump"',
  'private_key: /etc/powernode/tls/server.key',
  'env PWD=/home/deploy OLDPWD=/tmp SHELL=/bin/bash',
  'WWW-Authenticate: Bearer realm="powernode", error="invalid_token"',
  'Supports Bearer authentication and API keys.',
  'http://localhost:8080/api/v1/users/bob@example.com',
  'git@github.com:powernode/platform.git',
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@laptop',
  '-----BEGIN CERTIFICATE-----',
  'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ',
  '-----END CERTIFICATE-----',
  '-----BEGIN PUBLIC KEY-----',
  'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
  'redis-cli -h 127.0.0.1 -p 6379 -n 1 PING',
  'psql -X -w -h db.internal -p 5432 -U powernode -d powernode_production -c SELECT now();',
  'mysql -p -h db.internal',
  'task-runner-7d9f8c6b5-x2x9z   1/1     Running   0          3d',
  ' count | state',
  '-------+--------',
  '     3 | idle in transaction',
  '(2 rows)',
  'PONG',
  'max_connections = 100',
  'Tue 2026-03-15 09:29:28 UTC',
];

export const WINDOW = 8;

/** Every WINDOW-character piece of every secret, to find partial leaks as well as whole ones. */
export function secretWindows(items: readonly CorpusItem[]): Map<string, string> {
  const windows = new Map<string, string>();
  for (const entry of items) {
    for (const secret of entry.secrets) {
      const size = Math.min(WINDOW, secret.length);
      for (let at = 0; at + size <= secret.length; at += 1) windows.set(secret.slice(at, at + size), entry.kind);
    }
  }
  return windows;
}

/**
 * Which secrets (by kind) have any WINDOW-character piece in `text`, in any letter case (a
 * full-text index lower-cases) and also with backslashes removed (JSON and Markdown escapes).
 */
export function leakedFragments(text: string, windows: Map<string, string>): string[] {
  const lowered = text.toLowerCase();
  const variants = lowered.includes('\\') ? [lowered, lowered.replaceAll('\\', '')] : [lowered];
  const leaks = new Set<string>();
  // Few windows in a short text: look each one up; else read the text once, window by window.
  if (windows.size * WINDOW < 4096 || text.length < 8192) {
    for (const [piece, kind] of windows) {
      if (variants.some((variant) => variant.includes(piece.toLowerCase()))) leaks.add(`${kind}: …${piece}…`);
    }
    return [...leaks];
  }
  const byLowered = new Map<string, string>();
  for (const [piece, kind] of windows) byLowered.set(piece.toLowerCase(), `${kind}: …${piece}…`);
  for (const variant of variants) {
    for (let at = 0; at + WINDOW <= variant.length; at += 1) {
      const leak = byLowered.get(variant.slice(at, at + WINDOW));
      if (leak) leaks.add(leak);
    }
  }
  return [...leaks];
}
