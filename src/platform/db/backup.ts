// Placeholder replaced by the backup implementation.
import type { Database } from './index.ts';

export function backupDatabase(_database: Database, _file: string): Promise<{ tables: number; rows: number }> {
  return Promise.reject(new Error('backup is not implemented yet'));
}

export function restoreDatabase(_database: Database, _file: string): Promise<{ tables: number; rows: number }> {
  return Promise.reject(new Error('restore is not implemented yet'));
}
