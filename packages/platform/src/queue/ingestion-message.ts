import { z } from 'zod';

/** The one message on the ingestion queue (api.md, "Queue message"). */
export const ingestionMessageSchema = z.object({
  jobId: z.uuid(),
  fileKey: z.string().regex(/^uploads\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.csv$/),
});

export type IngestionMessage = z.infer<typeof ingestionMessageSchema>;

export function uploadKey(userId: string, jobId: string): string {
  return `uploads/${userId}/${jobId}.csv`;
}
