import { createDataSource } from '@intake/db';
import { describe, expect, it } from '@jest/globals';
import { testInfrastructure } from './support/test-stack.js';

describe('migrations', () => {
  it('produce exactly the schema the entities describe (no drift)', async () => {
    const dataSource = await createDataSource({
      url: testInfrastructure().databaseUrl,
      poolSize: 1,
    }).initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
