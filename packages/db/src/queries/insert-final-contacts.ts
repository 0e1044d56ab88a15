import { MERGEABLE_FIELDS } from '@intake/domain';
import type { EntityManager } from 'typeorm';

/** The row number a merge resolution names for `field`, or null. */
const mergedRow = (field: string) =>
  `(i.resolution->'fieldRowNumbers'->>'${field}')::int AS merged_${field}`;

/**
 * A group's `field`: from the chosen row, else from the row the merge names for it, else the
 * first non-empty value in row order.
 */
const pickField = (field: string) =>
  `coalesce((array_agg(r.${field}) FILTER (WHERE r.row_number = d.chosen))[1],
                      (array_agg(r.${field}) FILTER (WHERE r.row_number = d.merged_${field}))[1],
                      (array_agg(r.${field} ORDER BY r.row_number) FILTER (WHERE r.${field} <> ''))[1], '') AS ${field}`;

/**
 * Spec §10: one final contact per email group of valid rows, in one set-based statement.
 * - a group whose DUPLICATE_EMAIL issue was resolved by `choose` takes the chosen row;
 * - by `merge`, each named field from the row named for it (unnamed fields as for no issue);
 * - by `exclude`, nothing;
 * - a group without such an issue (its identities agree, §7) takes its first row, each empty
 *   field filled from the next row of the group that has it.
 * Rows with a blocking row issue are invalid and never reach here. Grouping by email makes
 * each email once, and callers hold the job (finalize its lock, ingestion its claim), so a plain
 * INSERT suffices: ON CONFLICT would make each of a million inserts speculative. The unique
 * index on (job_id, email) still refuses a second set. Returns the contact count.
 */
export async function insertFinalContacts(manager: EntityManager, jobId: string): Promise<number> {
  // The aggregate sorts the job's valid rows by email: a million of them spill to disk under
  // the default work_mem. The caller's transaction ends soon after; the setting goes with it.
  await manager.query(`SET LOCAL work_mem = '512MB'`);
  const rows: { count: string }[] = await manager.query(
    `
    -- The decided groups, a few thousand, joined to the rows before the aggregate: each field
    -- is then picked inside it, where joining each named row afterwards would hash all the
    -- job's rows once per field.
    WITH decision AS (
      SELECT i.key AS email, i.resolution,
             CASE WHEN i.resolution->>'action' = 'choose' THEN (i.resolution->>'rowNumber')::int END AS chosen,
             ${MERGEABLE_FIELDS.map(mergedRow).join(',\n             ')}
        FROM issues i
       WHERE i.job_id = $1 AND i.type = 'DUPLICATE_EMAIL' AND i.status = 'RESOLVED'
    ),
    grp AS (
      SELECT r.email,
             min(r.row_number) AS row_number,
             count(*) AS size,
             d.resolution,
             (array_agg(r.row_number) FILTER (WHERE r.row_number = d.chosen))[1] AS chosen,
             ${MERGEABLE_FIELDS.map(pickField).join(',\n             ')},
             (array_agg(r.data) FILTER (WHERE r.row_number = d.chosen))[1] AS chosen_data,
             array_agg(r.data ORDER BY r.row_number) AS datas
        FROM raw_rows r
        LEFT JOIN decision d ON d.email = r.email
       WHERE r.job_id = $1 AND r.is_valid
       GROUP BY r.email, d.resolution
    ),
    inserted AS (
      INSERT INTO final_contacts (job_id, email, first_name, last_name, company, phone, data, row_number)
      SELECT $1, g.email, g.first_name, g.last_name, g.company, g.phone,
             CASE
               WHEN g.chosen IS NOT NULL THEN g.chosen_data
               WHEN g.size = 1 THEN g.datas[1]
               -- Other columns of a multi-row group are filled like the contact fields: per
               -- column (position in the data arrays), the first non-empty value, from the
               -- group's own rows.
               ELSE (SELECT json_agg(f.value ORDER BY f.i)
                       FROM (SELECT DISTINCT ON (v.i) v.i, v.value
                               FROM unnest(g.datas) WITH ORDINALITY AS u(data, n)
                               CROSS JOIN LATERAL json_array_elements_text(u.data) WITH ORDINALITY AS v(value, i)
                              ORDER BY v.i, (v.value = ''), u.n) f)
             END,
             g.row_number
        FROM grp g
       WHERE g.resolution IS NULL OR g.resolution->>'action' <> 'exclude'
      RETURNING 1
    )
    SELECT count(*)::text AS count FROM inserted
    `,
    [jobId],
  );
  return Number(rows[0]?.count ?? 0);
}
