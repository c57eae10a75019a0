// Stylesheets and scripts served from this server (no CDN): the NL Design System components, the
// EUPL example theme, Loket's own few rules, and small progressive-enhancement scripts (pages work
// without them). Read once at start, served with an ETag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const sources: Record<string, string> = {
  'utrecht.css': packageFile('@utrecht/component-library-css', 'dist/index.css'),
  'voorbeeld-theme.css': packageFile('@nl-design-system-unstable/voorbeeld-design-tokens', 'dist/theme.css'),
  'loket.css': path.join(path.dirname(new URL(import.meta.url).pathname), 'assets', 'loket.css'),
  'suggest.js': path.join(path.dirname(new URL(import.meta.url).pathname), 'assets', 'suggest.js'),
};

interface Asset {
  body: Buffer;
  etag: string;
  type: string;
}

function load(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, file] of Object.entries(sources)) {
    const body = fs.readFileSync(file);
    assets.set(name, {
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      type: name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
    });
  }
  return assets;
}

export function registerAssets(app: FastifyInstance): void {
  const assets = load();
  app.get(
    '/assets/:name',
    { config: { access: 'public' }, schema: { hide: true, params: z.object({ name: z.string().max(100) }) } },
    (request, reply) => {
      const { name } = request.params as { name: string };
      const asset = assets.get(name);
      if (!asset) {
        reply.callNotFound();
        return reply;
      }
      void reply.header('cache-control', 'public, max-age=3600').header('etag', asset.etag).type(asset.type);
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.send(asset.body);
    },
  );
}
