import type { EntityManager } from 'typeorm';

/**
 * Spec §10: one final contact per email group of valid rows, in one set-based statement.
 * - a group whose DUPLICATE_EMAIL issue was resolved by `choose` takes the chosen row;
 * - by `merge`, each named field from the row named for it (unnamed fields as for no issue);
 * - by `exclude`, nothing;
 * - a group without such an issue (its identities agree, §7) takes its first row, each empty
 *   field filled from the next row of the group that has it.
 * Rows with a blocking row issue are invalid and never reach here. Returns the contact count.
 */
export async function insertFinalContacts(manager: EntityManager, jobId: string): Promise<number> {
  const rows: { count: string }[] = await manager.query(
    `
    WITH grp AS (
      SELECT r.email,
             min(r.row_number) AS row_number,
             count(*) AS size,
             coalesce((array_agg(r.first_name ORDER BY r.row_number) FILTER (WHERE r.first_name <> ''))[1], '') AS first_name,
             coalesce((array_agg(r.last_name  ORDER BY r.row_number) FILTER (WHERE r.last_name  <> ''))[1], '') AS last_name,
             coalesce((array_agg(r.company    ORDER BY r.row_number) FILTER (WHERE r.company    <> ''))[1], '') AS company,
             coalesce((array_agg(r.phone      ORDER BY r.row_number) FILTER (WHERE r.phone      <> ''))[1], '') AS phone,
             array_agg(r.data ORDER BY r.row_number) AS datas
        FROM raw_rows r
       WHERE r.job_id = $1 AND r.is_valid
       GROUP BY r.email
    ),
    decided AS (
      SELECT g.*, i.resolution
        FROM grp g
        LEFT JOIN issues i
          ON i.job_id = $1 AND i.type = 'DUPLICATE_EMAIL' AND i.key = g.email AND i.status = 'RESOLVED'
    ),
    inserted AS (
      INSERT INTO final_contacts (job_id, email, first_name, last_name, company, phone, data, row_number)
      SELECT $1, d.email,
             CASE WHEN chosen.row_number IS NOT NULL THEN chosen.first_name ELSE coalesce(mf.first_name, d.first_name) END,
             CASE WHEN chosen.row_number IS NOT NULL THEN chosen.last_name  ELSE coalesce(ml.last_name,  d.last_name)  END,
             CASE WHEN chosen.row_number IS NOT NULL THEN chosen.company    ELSE coalesce(mc.company,    d.company)    END,
             CASE WHEN chosen.row_number IS NOT NULL THEN chosen.phone      ELSE coalesce(mp.phone,      d.phone)      END,
             CASE
               WHEN chosen.row_number IS NOT NULL THEN chosen.data::jsonb
               WHEN d.size = 1 THEN d.datas[1]::jsonb
               -- Other columns of a multi-row group are filled like the contact fields: per
               -- column, the first non-empty value. From the group's own rows, gathered by
               -- the aggregate: looking them up again would scan the job once per group.
               ELSE (SELECT jsonb_object_agg(f.key, f.value)
                       FROM (SELECT DISTINCT ON (kv.key) kv.key, kv.value
                               FROM unnest(d.datas) WITH ORDINALITY AS u(data, n)
                               CROSS JOIN LATERAL json_each_text(u.data) kv
                              ORDER BY kv.key, (kv.value = ''), u.n) f)
             END,
             d.row_number
        FROM decided d
        -- Resolutions carry row numbers, so these joins use the primary key.
        LEFT JOIN raw_rows chosen
          ON d.resolution->>'action' = 'choose' AND chosen.job_id = $1 AND chosen.row_number = (d.resolution->>'rowNumber')::int
        LEFT JOIN raw_rows mf ON d.resolution->>'action' = 'merge' AND mf.job_id = $1 AND mf.row_number = (d.resolution->'fieldRowNumbers'->>'first_name')::int
        LEFT JOIN raw_rows ml ON d.resolution->>'action' = 'merge' AND ml.job_id = $1 AND ml.row_number = (d.resolution->'fieldRowNumbers'->>'last_name')::int
        LEFT JOIN raw_rows mc ON d.resolution->>'action' = 'merge' AND mc.job_id = $1 AND mc.row_number = (d.resolution->'fieldRowNumbers'->>'company')::int
        LEFT JOIN raw_rows mp ON d.resolution->>'action' = 'merge' AND mp.job_id = $1 AND mp.row_number = (d.resolution->'fieldRowNumbers'->>'phone')::int
       WHERE d.resolution IS NULL OR d.resolution->>'action' <> 'exclude'
      ON CONFLICT (job_id, email) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::text AS count FROM inserted
    `,
    [jobId],
  );
  return Number(rows[0]?.count ?? 0);
}
