import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { FinalContact } from './entities/final-contact.entity.js';
import { IssueResolutionRecord } from './entities/issue-resolution.entity.js';
import { Issue } from './entities/issue.entity.js';
import { Job } from './entities/job.entity.js';
import { RawRow } from './entities/raw-row.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { User } from './entities/user.entity.js';
import { MIGRATIONS } from './migrations/index.js';

export const ENTITIES = [
  User,
  RefreshToken,
  Job,
  RawRow,
  Issue,
  IssueResolutionRecord,
  FinalContact,
];

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  /** Shows in pg_stat_activity, so an operator can tell the API's connections from the worker's. */
  applicationName?: string;
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    // Listed, not globbed: the same list works compiled, under jest and in the CLI.
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'intake',
    },
  });
}

/** Applies pending migrations; each one runs in its own transaction. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
