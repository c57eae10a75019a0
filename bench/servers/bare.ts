// Child process: the baseline, bare node:http answering one fixed JSON body (BENCH_BODY) to every
// request; with BENCH_HEADERS (a JSON object), also those response headers.
import http from 'node:http';
import { reportFailure, serveParent } from '../lib/child.ts';

function main(): void {
  const body = Buffer.from(process.env['BENCH_BODY'] ?? '{}', 'utf8');
  const extra = JSON.parse(process.env['BENCH_HEADERS'] ?? '{}') as Record<string, string>;
  const headers = { ...extra, 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };
  const server = http.createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') return reportFailure(new Error('no TCP address'));
    serveParent(address.port, () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
  });
}

try {
  main();
} catch (e) {
  reportFailure(e);
}
