// Liveness (/health) and readiness (/ready: database reachable, migrations current).
import type { FastifyInstance } from 'fastify';
import { migrationStatus, ping, type Database, type MigrationSet } from '../db/index.ts';

export function registerHealth(app: FastifyInstance, database: Database, migrations: readonly MigrationSet[]): void {
  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/ready', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    if (!(await ping(database.db))) {
      return reply.code(503).send({ status: 'unavailable', database: database.dialect, reason: 'database unreachable' });
    }
    const { pending, applied } = await migrationStatus(database.db, database.dialect, migrations);
    if (pending.length > 0) {
      return reply.code(503).send({ status: 'unavailable', database: database.dialect, reason: 'migrations pending', pending });
    }
    return reply.send({ status: 'ready', database: database.dialect, migrations: applied });
  });
}
