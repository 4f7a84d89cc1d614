import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, for faults a network really has: `pause()`
 * holds every byte both ways (a stalled link: nothing is lost, nothing arrives), `holdReplies()`
 * lets requests through but holds the server's answers (the server acts, the client never hears;
 * `holdRepliesAfter` from a chosen request on),
 * `cut()` drops every connection at once (a hang-up), and `refuse(true)` closes new ones as they come.
 */
export interface TcpProxy {
  port: number;
  /** Connections open through it now. */
  readonly connections: number;
  pause(): void;
  holdReplies(): void;
  /** Lets requests through and holds every answer from the moment a request carrying `marker` passes (that one's included). */
  holdRepliesAfter(marker: string): void;
  resume(): void;
  cut(): void;
  refuse(refusing: boolean): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  server: Socket;
  /** Bytes held while paused, in order, per direction. */
  toServer: Buffer[];
  toClient: Buffer[];
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const links = new Set<Link>();
  let paused = false;
  let repliesHeld = false;
  let refusing = false;
  let holdMarker: string | null = null;

  // Forwarded by hand rather than pipe(): pipe() resumes a paused source on the next drain.
  const flush = (link: Link) => {
    if (!paused) for (const chunk of link.toServer.splice(0)) link.server.write(chunk);
    if (!paused && !repliesHeld) for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const link: Link = { client, server: upstream, toServer: [], toClient: [] };
    links.add(link);
    const drop = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (holdMarker !== null && chunk.includes(holdMarker)) {
        holdMarker = null;
        repliesHeld = true;
      }
      link.toServer.push(chunk);
      flush(link);
    });
    upstream.on('data', (chunk) => {
      link.toClient.push(chunk);
      flush(link);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  function cut() {
    for (const link of [...links]) {
      link.client.destroy();
      link.server.destroy();
    }
    links.clear();
  }

  return {
    port,
    get connections() {
      return links.size;
    },
    pause() {
      paused = true;
    },
    holdReplies() {
      repliesHeld = true;
    },
    holdRepliesAfter(marker: string) {
      holdMarker = marker;
    },
    resume() {
      paused = false;
      repliesHeld = false;
      holdMarker = null;
      links.forEach(flush);
    },
    cut,
    refuse(value: boolean) {
      refusing = value;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
