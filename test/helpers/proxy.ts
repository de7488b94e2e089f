// A tiny CONNECT proxy with Basic auth (what a corporate proxy looks like to the crawler); it records what it tunnels.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface ConnectProxy {
  port: number;
  /** Every CONNECT request, authorized or not. */
  seen: { target: string; auth: string | undefined }[];
  /** CONNECT requests that were authorized and tunnelled. */
  readonly tunnels: number;
  close(): Promise<void>;
}

export async function startConnectProxy(user: string, pass: string): Promise<ConnectProxy> {
  const seen: ConnectProxy['seen'] = [];
  let tunnels = 0;
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    seen.push({ target: req.url ?? '', auth });
    if (auth !== `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    get tunnels() {
      return tunnels;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
