// Writes packages/db/src/migrations/<timestamp>-<name>.ts with the DDL that brings a database
// migrated to the current head up to the entities, as TypeORM's schema builder computes it.
// Usage: npm run build && node scripts/generate-migration.js <kebab-name>
// Then add the class to packages/db/src/migrations/index.ts.
import { createDataSource } from '@intake/db';
import { freePort, startEmbeddedPostgres } from '@intake/launcher';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: node scripts/generate-migration.js <kebab-name>');
  process.exit(2);
}
const timestamp = Number(process.env.MIGRATION_TIMESTAMP ?? Date.now());
const dataDir = path.join(tmpdir(), `intake-migration-${timestamp}`);
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
try {
  await pg.createDatabaseIfMissing('migration_gen');
  const ds = createDataSource({ url: pg.url('migration_gen') });
  await ds.initialize();
  await ds.runMigrations();
  const sql = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (sql.upQueries.length === 0) {
    console.log('Entities and migrations agree: nothing to generate.');
  } else {
    const line = (q) =>
      `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`').replace(/\s+;?$/, '')}\`);`;
    const cls = name.replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase()) + timestamp;
    const file = `packages/db/src/migrations/${timestamp}-${name}.ts`;
    await writeFile(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(line).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(line).join('\n')}
  }
}
`,
    );
    console.log(
      `Wrote ${file} (${sql.upQueries.length} statements); add ${cls} to migrations/index.ts.`,
    );
  }
} finally {
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
