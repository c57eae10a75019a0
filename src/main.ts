// The `loket` command: serve | migrate | backup FILE | restore FILE | deadline.
import { buildApp, moduleCommands, prepareDatabase, seedDemoData } from './app.ts';
import { configDoc, loadConfig, type Config } from './platform/config/index.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import type { ModuleCommand } from './platform/module.ts';
import { systemClock } from './platform/time/index.ts';
import { backupDatabase, restoreDatabase } from './platform/db/backup.ts';
import { deadlineCommand, deadlineHelp } from './platform/time/cli.ts';

const help = `loket: de Loket-server en zijn beheeropdrachten.

Gebruik: loket <opdracht> [opties]

Opdrachten:
  serve            start de server (maakt de database aan of werkt die bij)
  migrate          werk het databaseschema bij en laad de referentiegegevens
  backup FILE      schrijf een volledige reservekopie van de database naar FILE
                   (één draagbaar bestand: terug te zetten op SQLite en PostgreSQL)
  restore FILE     zet een reservekopie terug in een lege database
  deadline ...     bereken de laatste dag van een wettelijke termijn (zie: loket deadline --help)
${Object.entries(moduleCommands)
  .map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`)
  .join('\n')}
  help             deze uitleg

Instellingen (omgevingsvariabelen):
${configDoc.map(([name, def, what]) => `  ${name}\n      ${what} (standaard: ${def})`).join('\n')}
`;

type Out = (line: string) => void;

function withConfig(err: Out): Config | undefined {
  const result = loadConfig();
  if (result.ok) return result.config;
  err('Loket kan niet starten: de instellingen kloppen niet.');
  for (const e of result.errors) err(`  - ${e}`);
  err('Zie "loket help" voor de instellingen.');
  return undefined;
}

async function serve(config: Config, out: Out, err: Out): Promise<number> {
  const database = openDatabase(config.database);
  try {
    await prepareDatabase(database, config);
    if (config.demo) await seedDemoData(database, config);
  } catch (e) {
    err(`De database kon niet worden voorbereid: ${e instanceof Error ? e.message : String(e)}`);
    await database.close();
    return 1;
  }
  const { app, dispatcher, scheduler } = await buildApp(config, database);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    void (async () => {
      await app.close();
      await scheduler.stop();
      await dispatcher.stop();
      await database.close();
      app.log.info('stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    err(`Loket kan niet luisteren op ${config.host}:${config.port}: ${e instanceof Error ? e.message : String(e)}`);
    await database.close();
    return 1;
  }
  dispatcher.start();
  scheduler.start();
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  out(
    `Loket draait op http://${shown}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.port} (database: ${config.database.dialect})`,
  );
  return new Promise<number>(() => undefined);
}

async function withDatabase(config: Config, work: (db: Database) => Promise<void>, err: Out): Promise<number> {
  const database = openDatabase(config.database);
  try {
    await work(database);
    return 0;
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await database.close();
  }
}

async function runModuleCommand(name: string, command: ModuleCommand, args: string[], out: Out, err: Out): Promise<number> {
  const result = loadConfig();
  // A command that needs no database (e.g. elections apportion) also runs without valid settings.
  let opened: Database | undefined;
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    return await command.run(args, {
      config: result.ok ? result.config : undefined,
      clock: systemClock,
      database: async () => {
        if (!result.ok) throw new Error(`De instellingen kloppen niet: ${result.errors.join('; ')}`);
        opened ??= openDatabase(result.config.database);
        await prepareDatabase(opened, result.config);
        return opened;
      },
      out,
      err,
      write: (text) => process.stderr.write(text),
      isTTY: process.stderr.isTTY,
      signal: abort.signal,
    });
  } catch (e) {
    err(`loket ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await opened?.close();
  }
}

export async function main(args: string[], out: Out = (l) => console.log(l), err: Out = (l) => console.error(l)): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(help);
      return command === undefined ? 2 : 0;
    case 'deadline': {
      if (rest.includes('--help') || rest.includes('-h')) {
        out(deadlineHelp);
        return 0;
      }
      const r = deadlineCommand(rest);
      if (r.stdout) out(r.stdout.replace(/\n$/, ''));
      if (r.stderr) err(r.stderr.replace(/\n$/, ''));
      return r.exitCode;
    }
    case 'serve': {
      const config = withConfig(err);
      return config ? serve(config, out, err) : 1;
    }
    case 'migrate': {
      const config = withConfig(err);
      if (!config) return 1;
      return withDatabase(
        config,
        async (database) => {
          const ran = await prepareDatabase(database, config);
          out(ran.length === 0 ? 'Het databaseschema is al bijgewerkt.' : `Uitgevoerd: ${ran.join(', ')}`);
        },
        err,
      );
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file || rest.length > 1) {
        err(`Gebruik: loket ${command} FILE`);
        return 2;
      }
      const config = withConfig(err);
      if (!config) return 1;
      return withDatabase(
        config,
        async (database) => {
          if (command === 'backup') {
            const r = await backupDatabase(database, file);
            out(`Reservekopie geschreven naar ${file}: ${r.tables} tabellen, ${r.rows} rijen.`);
          } else {
            await prepareDatabase(database, config);
            const r = await restoreDatabase(database, file);
            out(`Teruggezet uit ${file}: ${r.tables} tabellen, ${r.rows} rijen.`);
          }
        },
        err,
      );
    }
    default: {
      const moduleCommand = moduleCommands[command];
      if (!moduleCommand) {
        err(`Onbekende opdracht: ${command}. Zie "loket help".`);
        return 2;
      }
      return runModuleCommand(command, moduleCommand, rest, out, err);
    }
  }
}
