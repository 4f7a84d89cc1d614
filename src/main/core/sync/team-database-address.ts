import { isIP } from 'node:net';
import { ConsoleError } from '../../../shared/errors';

/** What the settings may show of the team database: never the user or password. */
export interface TeamDatabaseView {
  host: string;
  port: number;
  database: string;
  tls: boolean;
}

/** What `pg` is given to connect: the parsed parts, TLS decided here rather than by pg's own reading of sslmode. */
export interface TeamDatabaseAddress extends TeamDatabaseView {
  user: string;
  password: string | undefined;
}

/** sslmode values that make the connection use TLS (pg treats require as verify-full; so do we: the server's certificate is checked). */
const TLS_MODES = new Set(['require', 'verify-ca', 'verify-full']);
const PLAIN_MODES = new Set(['disable', 'allow', 'prefer']);

/** 127.0.0.0/8, ::1 and localhost: the only hosts a connection without TLS may go to. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Reads a `postgres://user:password@host:port/database?sslmode=…` string. A host that is not
 * loopback must say sslmode=require or verify-full: the entries of an incident do not cross a
 * network in clear text, and a string that would is refused with a message saying so.
 */
export function parseTeamDatabaseAddress(connectionString: string): TeamDatabaseAddress {
  let url: URL;
  try {
    url = new URL(connectionString.trim());
  } catch {
    throw invalid('It is not a URL. Give it as postgres://user:password@host:5432/database?sslmode=verify-full');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalid(`It starts with ${url.protocol}//; a PostgreSQL connection string starts with postgres://`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw invalid('It names no host.');
  const port = url.port ? Number(url.port) : 5432;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw invalid('It names no database (the part after the host, /incidents for example).');
  const user = decodeURIComponent(url.username);
  if (!user) throw invalid('It names no user (postgres://USER:password@host/database).');
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== null && !TLS_MODES.has(sslmode) && !PLAIN_MODES.has(sslmode)) {
    throw invalid(`sslmode=${sslmode} is not a PostgreSQL sslmode (use verify-full or require).`);
  }
  const tls = sslmode !== null && TLS_MODES.has(sslmode);
  if (!tls && !isLoopbackHost(host)) {
    throw new ConsoleError(
      'SYNC_TLS_REQUIRED',
      `${host} is not this machine, so the connection must use TLS: add ?sslmode=verify-full to the connection string (incident entries never cross a network in clear text).`,
    );
  }
  return { host, port, database, user, password: url.password ? decodeURIComponent(url.password) : undefined, tls };
}

export function teamDatabaseView(address: TeamDatabaseAddress): TeamDatabaseView {
  return { host: address.host, port: address.port, database: address.database, tls: address.tls };
}

function invalid(why: string): ConsoleError {
  return new ConsoleError('SYNC_CONNECTION_STRING_INVALID', `The team database connection string cannot be used: ${why}`);
}
